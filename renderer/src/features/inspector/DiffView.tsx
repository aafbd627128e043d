// Two captures side by side: JSON-aware changes (stage arrays aligned by epoch) and a raw line diff.
import { useMemo, useState } from 'react';
import type { CaptureDetail } from '../../../../shared/capture';
import { alignStages, jsonDiff, type AlignedStages, type JsonChange } from '../../../../shared/diff/json-diff';
import { diffLines } from '../../../../shared/diff/text-diff';
import { base64ToBytes, hexdump } from '../../lib/hexdump';
import { parseBody } from './tree';
import './inspector.css';

const MAX_SHOWN = 2_000;

function text(v: unknown): string {
  if (v === undefined) return '∅';
  const s = JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

function rawText(c: CaptureDetail): string {
  if (c.bodyBase64 !== undefined) return hexdump(base64ToBytes(c.bodyBase64));
  return c.body ?? '';
}

function firstEpoch(c: CaptureDetail): number {
  return c.normalized?.kind === 'inference' ? c.normalized.firstEpoch : 0;
}

export function DiffView({ before, after }: { before: CaptureDetail; after: CaptureDetail }) {
  const a = useMemo(() => parseBody(before.bodyBase64 !== undefined ? undefined : before.body), [before]);
  const b = useMemo(() => parseBody(after.bodyBase64 !== undefined ? undefined : after.body), [after]);
  const jsonOk = a.ok && b.ok;
  const [view, setView] = useState<'json' | 'raw'>(jsonOk ? 'json' : 'raw');
  const changes = useMemo(() => (a.ok && b.ok ? jsonDiff(a.value, b.value) : []), [a, b]);
  const stages = useMemo(() => (a.ok && b.ok ? alignStages(a.value, b.value).filter((s) => s.changed.length > 0) : []), [a, b]);

  return (
    <div className="diff-view" data-testid="diff-view" data-before={before.id} data-after={after.id}>
      <div className="row-between">
        <span className="muted">
          <span className="mono">{before.id}</span> → <span className="mono">{after.id}</span>
        </span>
        <span className="jt-tabs" role="tablist">
          <button type="button" role="tab" className="btn small" aria-selected={view === 'json'} disabled={!jsonOk} data-testid="diff-tab-json" onClick={() => setView('json')}>
            JSON
          </button>
          <button type="button" role="tab" className="btn small" aria-selected={view === 'raw'} data-testid="diff-tab-raw" onClick={() => setView('raw')}>
            Raw text
          </button>
        </span>
      </div>
      {view === 'json' && jsonOk ? (
        <JsonChanges changes={changes} stages={stages} offsets={[firstEpoch(before), firstEpoch(after)]} />
      ) : (
        <>
          {!jsonOk ? <div className="note">{!a.ok ? 'The first' : 'The second'} body is not JSON: only the raw text diff is available.</div> : null}
          <RawDiff before={rawText(before)} after={rawText(after)} canFormat={jsonOk} />
        </>
      )}
    </div>
  );
}

function JsonChanges({ changes, stages, offsets }: { changes: JsonChange[]; stages: AlignedStages[]; offsets: [number, number] }) {
  if (changes.length === 0) return <div className="ok" data-testid="diff-identical">The two bodies hold the same JSON (the raw text may still differ).</div>;
  return (
    <>
      <div className="muted" data-testid="diff-count">
        {changes.length} {changes.length === 1 ? 'difference' : 'differences'}
      </div>
      {stages.map((s) => (
        <StageGrid key={s.path} stages={s} offsets={offsets} />
      ))}
      <table className="table diff-changes mono">
        <tbody>
          {changes.slice(0, MAX_SHOWN).map((c) => (
            <tr key={`${c.kind}:${c.path}`} className={`diff-${c.kind}`} data-testid="diff-change" data-path={c.path} data-kind={c.kind}>
              <td className="diff-kind">{c.kind === 'added' ? '+' : c.kind === 'removed' ? '−' : '~'}</td>
              <th>{c.path || '(body)'}</th>
              <td className="diff-before">{c.kind === 'added' ? '' : text(c.before)}</td>
              <td className="diff-after">{c.kind === 'removed' ? '' : text(c.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {changes.length > MAX_SHOWN ? <div className="note">Showing the first {MAX_SHOWN} of {changes.length} differences.</div> : null}
    </>
  );
}

function StageGrid({ stages: s, offsets }: { stages: AlignedStages; offsets: [number, number] }) {
  const changed = new Set(s.changed);
  return (
    <div className="diff-stages" data-testid="diff-stages" data-path={s.path}>
      <div className="muted">
        <code>{s.path}</code> by epoch ({s.changed.length} changed)
      </div>
      <div className="diff-stage-grid mono">
        <div className="diff-stage-col head">
          <span>epoch</span>
          <span>before</span>
          <span>after</span>
        </div>
        {s.before.map((v, i) => (
          <div key={i} className={`diff-stage-col${changed.has(i) ? ' changed' : ''}`} data-testid="diff-epoch" data-changed={changed.has(i) ? 'true' : 'false'}>
            <span className="faint" title={offsets[0] !== offsets[1] ? `epoch ${offsets[0] + i} → ${offsets[1] + i}` : undefined}>
              {offsets[0] + i}
            </span>
            <span>{v === null ? '·' : text(v)}</span>
            <span>{s.after[i] === null ? '·' : text(s.after[i])}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

function pretty(s: string): string {
  try {
    return `${JSON.stringify(JSON.parse(s), null, 2)}\n`;
  } catch {
    return s;
  }
}

function RawDiff({ before, after, canFormat }: { before: string; after: string; canFormat: boolean }) {
  const [formatted, setFormatted] = useState(false);
  const lines = useMemo(() => (formatted ? diffLines(pretty(before), pretty(after)) : diffLines(before, after)), [before, after, formatted]);
  const edits = lines.filter((l) => l.op !== 'same').length;
  return (
    <div data-testid="diff-raw" data-edits={edits}>
      <div className="row-between">
        <span className="muted">{edits === 0 ? 'The texts are identical.' : `${edits} changed ${edits === 1 ? 'line' : 'lines'}`}</span>
        {canFormat ? (
          <button type="button" className="btn small" aria-pressed={formatted} data-testid="diff-raw-format" onClick={() => setFormatted(!formatted)}>
            {formatted ? 'Exact text' : 'Format JSON first'}
          </button>
        ) : null}
      </div>
      <pre className="raw diff-raw">
        {lines.slice(0, MAX_SHOWN * 5).map((l, i) => (
          <span key={i} className={`diff-line ${l.op}`}>
            <span className="diff-ln">{l.oldLine ?? ''}</span>
            <span className="diff-ln">{l.newLine ?? ''}</span>
            <span className="diff-op">{l.op === 'added' ? '+' : l.op === 'removed' ? '-' : ' '}</span>
            {l.text.replace(/\r$/, '␍')}
          </span>
        ))}
      </pre>
    </div>
  );
}
