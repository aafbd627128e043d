// Ways into the diff: the previous chunk of the session, the original of a repeat, or any capture id.
import { useEffect, useId, useState } from 'react';
import type { CaptureDetail } from '../../../../shared/capture';
import { getApi } from '../../api';
import { useCaptures } from '../captures/capturesStore';
import { DiffView } from './DiffView';
import { useInspector } from './inspectorStore';

/** The capture of the same session with the next lower inference_seq_num (null when there is none). */
export async function findPreviousChunk(c: CaptureDetail): Promise<string | null> {
  const n = c.normalized;
  if (!n || n.kind !== 'inference') return null;
  const api = getApi();
  // The session's placements name the capture that holds each block.
  const s = await api.call('getSession', { userId: n.userId, sessionId: n.sessionId });
  if (s.ok) {
    let best: { seq: number; id: string } | null = null;
    for (const p of s.value.chunks) {
      if (p.captureId !== c.id && p.inferenceSeqNum < n.inferenceSeqNum && (!best || p.inferenceSeqNum > best.seq)) best = { seq: p.inferenceSeqNum, id: p.captureId };
    }
    if (best) return best.id;
  }
  // Otherwise look through the session's captures (newest first, a bounded number of them).
  const list = await api.call('listCaptures', { limit: 200, session: `${n.userId}/${n.sessionId}`, event: 'INFERENCE_COMPLETE' });
  if (!list.ok) throw new Error(list.error.message);
  let best: { seq: number; id: string } | null = null;
  let looked = 0;
  for (const item of list.value.items) {
    if (item.id === c.id) continue;
    if (++looked > 60) break;
    const d = await api.call('getCapture', { id: item.id });
    const dn = d.ok ? d.value.normalized : null;
    if (dn?.kind === 'inference' && dn.inferenceSeqNum < n.inferenceSeqNum && (!best || dn.inferenceSeqNum > best.seq)) {
      best = { seq: dn.inferenceSeqNum, id: item.id };
      if (best.seq === n.inferenceSeqNum - 1) break;
    }
  }
  return best?.id ?? null;
}

export function ShowDiffButton({ capture: c }: { capture: CaptureDetail }) {
  const openDiff = useInspector((s) => s.openDiff);
  if (c.duplicate === 'no' || !c.duplicateOf) return null;
  const original = c.duplicateOf;
  return (
    <button
      type="button"
      className="btn small"
      data-testid={c.duplicate === 'conflict' ? 'show-diff' : 'compare-original'}
      onClick={() => openDiff({ forId: c.id, beforeId: original, afterId: c.id, title: 'Original → this repeat' })}
    >
      {c.duplicate === 'conflict' ? 'Show diff' : 'Compare with original'}
    </button>
  );
}

export function CompareActions({ capture: c }: { capture: CaptureDetail }) {
  const openDiff = useInspector((s) => s.openDiff);
  const items = useCaptures((s) => s.items);
  const [open, setOpen] = useState(false);
  const [other, setOther] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const listId = useId();
  const isChunk = c.normalized?.kind === 'inference';

  useEffect(() => {
    setNote(null);
    setOpen(false);
    setOther('');
  }, [c.id]);

  const previous = async () => {
    setBusy(true);
    setNote(null);
    try {
      const id = await findPreviousChunk(c);
      if (id) openDiff({ forId: c.id, beforeId: id, afterId: c.id, title: 'Previous chunk → this chunk' });
      else setNote('No earlier chunk of this session was found.');
    } catch (err) {
      setNote(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const compareWith = () => {
    const id = other.trim();
    if (!id) return;
    if (id === c.id) {
      setNote('Pick another capture than this one.');
      return;
    }
    setNote(null);
    openDiff({ forId: c.id, beforeId: id, afterId: c.id, title: 'Chosen capture → this capture' });
  };

  return (
    <span className="compare-actions">
      {isChunk ? (
        <button type="button" className="btn small" data-testid="compare-previous" disabled={busy} onClick={() => void previous()} title="Diff with the chunk before this one in the same session">
          Compare with previous chunk
        </button>
      ) : null}
      <button type="button" className="btn small" data-testid="compare-with" aria-expanded={open} onClick={() => setOpen(!open)}>
        Compare…
      </button>
      {open ? (
        <form
          className="compare-form"
          onSubmit={(e) => {
            e.preventDefault();
            compareWith();
          }}
        >
          <input
            className="mono"
            list={listId}
            value={other}
            placeholder="capture id"
            aria-label="Capture id to compare with"
            data-testid="compare-with-input"
            onChange={(e) => setOther(e.target.value)}
          />
          <datalist id={listId}>
            {items
              .filter((i) => i.id !== c.id)
              .slice(0, 200)
              .map((i) => (
                <option key={i.id} value={i.id}>
                  {`#${i.seq} ${i.event ?? i.path} ${i.sessionId ?? ''}`}
                </option>
              ))}
          </datalist>
          <button type="submit" className="btn small" data-testid="compare-with-go" disabled={!other.trim()}>
            Diff
          </button>
        </form>
      ) : null}
      {note ? (
        <span className="muted" data-testid="compare-note">
          {note}
        </span>
      ) : null}
    </span>
  );
}

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; before: CaptureDetail; after: CaptureDetail };

/** The open diff of the selected capture (nothing when none is open for it). */
export function DiffPanel({ capture: c }: { capture: CaptureDetail }) {
  const diff = useInspector((s) => s.diff);
  const close = useInspector((s) => s.closeDiff);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const active = diff && diff.forId === c.id ? diff : null;
  const beforeId = active?.beforeId ?? null;
  const afterId = active?.afterId ?? null;

  useEffect(() => {
    if (!beforeId || !afterId) return;
    let live = true;
    setLoaded({ state: 'loading' });
    const api = getApi();
    void Promise.all([api.call('getCapture', { id: beforeId }), api.call('getCapture', { id: afterId })]).then(([a, b]) => {
      if (!live) return;
      if (!a.ok) setLoaded({ state: 'error', message: `${beforeId}: ${a.error.message}` });
      else if (!b.ok) setLoaded({ state: 'error', message: `${afterId}: ${b.error.message}` });
      else setLoaded({ state: 'ready', before: a.value, after: b.value });
    });
    return () => {
      live = false;
    };
  }, [beforeId, afterId]);

  if (!active) return null;
  return (
    <section className="diff-panel" aria-label="Diff">
      <div className="row-between">
        <h3>{active.title}</h3>
        <button type="button" className="btn ghost small" data-testid="diff-close" onClick={close}>
          Close diff ✕
        </button>
      </div>
      {loaded.state === 'loading' ? (
        <div className="faint">Loading…</div>
      ) : loaded.state === 'error' ? (
        <div className="bad" data-testid="diff-error">
          Could not load {loaded.message}
        </div>
      ) : (
        <DiffView key={`${loaded.before.id}|${loaded.after.id}`} before={loaded.before} after={loaded.after} />
      )}
    </section>
  );
}
