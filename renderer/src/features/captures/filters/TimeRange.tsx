// Received between… and…: two datetime-local fields in this machine's zone, plus quick ranges.
import { useEffect, useState } from 'react';
import { fromLocalInput, localZoneName, QUICK_RANGES, quickRangeFrom, toLocalInput, type QuickRange } from './timeRange';

const COMMIT_DELAY_MS = 500;

interface Props {
  from: string | undefined;
  to: string | undefined;
  onChange(range: { from: string | undefined; to: string | undefined }): void;
}

/**
 * One datetime-local field, applied shortly after the user stops editing it (every segment typed fires
 * input). An emptied field is applied on leaving it: half-way through retyping a segment it is empty too.
 */
function TimeField({ label, value, testId, onCommit }: { label: string; value: string | undefined; testId: string; onCommit(iso: string | undefined): void }) {
  const [text, setText] = useState(toLocalInput(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(toLocalInput(value));
  }
  const parsed = fromLocalInput(text);
  const pending = (text === '' ? undefined : parsed) !== value && (text === '' || parsed !== undefined);
  useEffect(() => {
    if (!pending || text === '') return;
    const t = setTimeout(() => onCommit(parsed), COMMIT_DELAY_MS);
    return () => clearTimeout(t);
  }, [pending, text, parsed, onCommit]);

  return (
    <label className="cf-field">
      <span className="cf-label">{label}</span>
      <input
        type="datetime-local"
        className="cf-time"
        data-testid={testId}
        value={text}
        step={toLocalInput(value).length > 16 ? 1 : 60}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          if (pending) onCommit(text === '' ? undefined : parsed);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && pending) onCommit(text === '' ? undefined : parsed);
        }}
      />
    </label>
  );
}

export function TimeRange({ from, to, onChange }: Props) {
  const zone = localZoneName();
  const inverted = from !== undefined && to !== undefined && Date.parse(from) > Date.parse(to);
  return (
    <div className="cf-group" role="group" aria-label={`Received time range (local time, ${zone})`} title={`Received time, local time (${zone}); both ends included`}>
      <TimeField label="From" value={from} testId="filter-from" onCommit={(v) => onChange({ from: v, to })} />
      <TimeField label="To" value={to} testId="filter-to" onCommit={(v) => onChange({ from, to: v })} />
      <span className="cf-label" aria-hidden>
        last
      </span>
      {QUICK_RANGES.map((r) => (
        <button
          key={r.id}
          type="button"
          className="btn ghost small"
          data-testid={`range-${r.id}`}
          onClick={() => onChange({ from: quickRangeFrom(r.id as QuickRange, new Date()), to: undefined })}
          aria-label={r.label}
          title={r.label}
        >
          {r.short}
        </button>
      ))}
      {inverted ? <span className="warn small">“From” is after “To”: nothing can match</span> : null}
    </div>
  );
}
