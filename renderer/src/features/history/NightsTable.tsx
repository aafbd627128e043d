// Every night of the participant, one row each, oldest first. Rows are windowed (only those in view
// are in the DOM), so years of nights stay fast. ↑/↓ move the selection.
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { NightRow } from '../../../../shared/export/night-rows';
import { formatDuration, formatPercent } from '../../../../shared/stats/format';
import { formatTime } from '../../lib/time';
import { Badge } from '../../ui/Badge';
import { moveIndex } from '../../ui/VirtualList';

const ROW_HEIGHT = 30;
const OVERSCAN = 6;
const MAX_VISIBLE_ROWS = 12;

export const COLUMNS = [
  { key: 'date', label: 'Night of', title: 'The evening the night began, in the session’s time zone' },
  { key: 'start', label: 'Start', title: 'Start time in the session’s time zone' },
  { key: 'tst', label: 'TST', title: 'Total sleep time (h:mm)' },
  { key: 'eff', label: 'Efficiency', title: 'Sleep efficiency: sleep time / time in bed' },
  { key: 'lat', label: 'Latency', title: 'Sleep latency (h:mm)' },
  { key: 'waso', label: 'WASO', title: 'Wake after sleep onset (h:mm)' },
  { key: 'rem', label: 'REM', title: 'REM share of the sleep period (Asleep’s rem_ratio)' },
  { key: 'notes', label: 'Peculiarities', title: 'Peculiarities reported by Asleep' },
  { key: 'state', label: 'State', title: 'live, stale or complete' },
] as const;

const STATE_TONE = { live: 'green', stale: 'amber', complete: 'blue' } as const;

export function NightsTable({ nights, selected, onSelect }: { nights: NightRow[]; selected: string | null; onSelect(id: string): void }) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const viewport = Math.min(nights.length, MAX_VISIBLE_ROWS) * ROW_HEIGHT;
  const index = nights.findIndex((n) => n.sessionId === selected);

  // Keep the selected night in view when it is picked elsewhere (charts, mini-hypnograms).
  useLayoutEffect(() => {
    const el = bodyRef.current;
    if (!el || index < 0) return;
    const top = index * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [index]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = moveIndex(e.key, index, nights.length);
    if (next === null) return;
    e.preventDefault();
    const n = nights[next];
    if (n) onSelect(n.sessionId);
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(nights.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i++) {
    const n = nights[i]!;
    rows.push(<Row key={n.sessionId} night={n} top={i * ROW_HEIGHT} selected={n.sessionId === selected} onSelect={onSelect} />);
  }

  return (
    <div className="nights-table" role="grid" aria-label="Nights" aria-rowcount={nights.length + 1} data-testid="nights-table" data-count={nights.length}>
      <div className="nights-head" role="row">
        {COLUMNS.map((c) => (
          <div key={c.key} role="columnheader" className={`c-${c.key}`} title={c.title}>
            {c.label}
          </div>
        ))}
      </div>
      <div
        ref={bodyRef}
        className="nights-body"
        style={{ height: viewport }}
        tabIndex={0}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
        aria-activedescendant={index >= 0 ? `night-${nights[index]!.sessionId}` : undefined}
      >
        <div style={{ position: 'relative', height: nights.length * ROW_HEIGHT }}>{rows}</div>
      </div>
    </div>
  );
}

function Row({ night: n, top, selected, onSelect }: { night: NightRow; top: number; selected: boolean; onSelect(id: string): void }) {
  return (
    <div
      id={`night-${n.sessionId}`}
      role="row"
      aria-selected={selected}
      className={`nights-row num ${selected ? 'selected' : ''}`}
      style={{ top, height: ROW_HEIGHT }}
      data-testid="night-row"
      data-session-id={n.sessionId}
      onClick={() => onSelect(n.sessionId)}
    >
      <div role="gridcell" className="c-date" title={n.sessionId}>
        {n.date ?? <span className="faint">unknown</span>}
      </div>
      <div role="gridcell" className="c-start" title={n.startTime ?? undefined}>
        {n.startTime ? formatTime(n.startTime, 'clock', n.timezone) : '–'}
        {(n.startTimeSource && n.startTimeSource !== 'report') || n.timezoneAssumed ? (
          <span className="faint" title={n.timezoneAssumed ? `estimated; time zone assumed from other nights (${n.timezone})` : 'estimated'}>
            {' '}
            ~
          </span>
        ) : null}
      </div>
      <div role="gridcell" className="c-tst">{formatDuration(n.tst)}</div>
      <div role="gridcell" className="c-eff">{formatPercent(n.efficiency)}</div>
      <div role="gridcell" className="c-lat">{formatDuration(n.sleepLatency)}</div>
      <div role="gridcell" className="c-waso">{formatDuration(n.waso)}</div>
      <div role="gridcell" className="c-rem">{n.twoStage ? <span className="faint">2-stage</span> : formatPercent(n.remRatio)}</div>
      <div role="gridcell" className="c-notes">
        {n.peculiarities.map((p) => (
          <Badge key={p} tone="amber">
            {p}
          </Badge>
        ))}
        {n.discrepancyCount > 0 ? (
          <Badge tone="red" title={`${n.discrepancyCount} statistic(s) differ between Asleep and the console`}>
            {n.discrepancyCount} Δ
          </Badge>
        ) : null}
      </div>
      <div role="gridcell" className="c-state">
        <Badge tone={STATE_TONE[n.state]}>{n.state}</Badge>
      </div>
    </div>
  );
}
