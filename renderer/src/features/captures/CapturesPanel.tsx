// Every request received, newest first, live; select one to inspect it.
import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { CaptureSummary } from '../../../../shared/capture';
import { formatCount } from '../../lib/units';
import { EmptyState } from '../../ui/EmptyState';
import { moveIndex, VirtualList } from '../../ui/VirtualList';
import { ResendDialog } from '../resend/ResendDialog';
import { CaptureDetailView } from './CaptureDetail';
import { CaptureRow } from './CaptureRow';
import { useCaptures } from './capturesStore';
import { CaptureFilters } from './filters/CaptureFilters';
import './captures.css';

const ROW_HEIGHT = 28;
const keyOf = (c: CaptureSummary) => c.id;

export function CapturesPanel({ expanded, onToggleExpand }: { expanded: boolean; onToggleExpand(): void }) {
  const items = useCaptures((s) => s.items);
  const loaded = useCaptures((s) => s.loaded);
  const error = useCaptures((s) => s.error);
  const hasMore = useCaptures((s) => s.hasMore);
  const loadingMore = useCaptures((s) => s.loadingMore);
  const selectedId = useCaptures((s) => s.selectedId);
  const select = useCaptures((s) => s.select);
  const loadOlder = useCaptures((s) => s.loadOlder);

  const [cursorId, setCursorId] = useState<string | null>(null);
  // The cursor is an item (it stays on it while new captures arrive above) and follows the selection.
  useEffect(() => {
    if (selectedId) setCursorId(selectedId);
  }, [selectedId]);
  const cursor = cursorId ? items.findIndex((c) => c.id === cursorId) : -1;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Escape' && selectedId) {
      select(null);
      e.preventDefault();
      return;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      const c = items[cursor];
      if (c) select(c.id);
      e.preventDefault();
      return;
    }
    const next = moveIndex(e.key, cursor, items.length);
    if (next === null) return;
    e.preventDefault();
    const c = items[next];
    if (c) {
      setCursorId(c.id);
      select(c.id);
    }
  };

  const onSelect = useCallback((id: string) => select(id), [select]);
  // Marked captures, for re-sending a selection (Ctrl/⌘-click a row).
  const [marked, setMarked] = useState<ReadonlySet<string>>(new Set());
  const [resending, setResending] = useState(false);
  const onMark = useCallback(
    (id: string) =>
      setMarked((m) => {
        const next = new Set(m);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const renderRow = useCallback(
    (c: CaptureSummary, _i: number, row: Parameters<typeof CaptureRow>[0]['row']) => (
      <CaptureRow key={c.id} capture={c} row={row} selected={c.id === selectedId} marked={marked.has(c.id)} onSelect={onSelect} onMark={onMark} />
    ),
    [selectedId, onSelect, marked, onMark],
  );
  // Arrival order: the list is newest first, a re-send goes oldest first.
  const markedInOrder = items.filter((c) => marked.has(c.id)).reverse().map((c) => c.id);

  return (
    <div className="captures" aria-label="Captures">
      <div className="panel-head">
        <h3>
          Captures <span className="faint num">{loaded ? formatCount(items.length) + (hasMore ? '+' : '') : ''}</span>
        </h3>
        <span className="faint" style={{ fontSize: 'var(--fs-tiny)' }}>
          j/k or ↑/↓ move · Esc closes · Ctrl/⌘-click marks
        </span>
        {markedInOrder.length > 0 ? (
          <>
            <button type="button" className="btn small" onClick={() => setResending(true)} data-testid="resend-marked">
              Re-send {markedInOrder.length} marked…
            </button>
            <button type="button" className="btn ghost small" onClick={() => setMarked(new Set())}>
              Clear marks
            </button>
          </>
        ) : null}
        <button type="button" className="btn ghost small" onClick={onToggleExpand} aria-pressed={expanded}>
          {expanded ? 'Shrink' : 'Expand'}
        </button>
      </div>
      <CaptureFilters />
      <div className="captures-body">
        <div className="captures-list">
          <div className="capture-head capture-cols" aria-hidden>
            <span>Time</span>
            <span>HTTP</span>
            <span>Event</span>
            <span>Layout</span>
            <span>Valid</span>
            <span>Repeat</span>
            <span>Participant / session</span>
            <span>Reason</span>
          </div>
          <div className="list-wrap">
            <VirtualList
              items={items}
              rowHeight={ROW_HEIGHT}
              getKey={keyOf}
              renderRow={renderRow}
              activeIndex={cursor}
              onKeyDown={onKeyDown}
              onEndReached={hasMore ? () => void loadOlder() : undefined}
              idPrefix="capture"
              label="Captures, newest first"
              testId="captures-list"
              empty={
                error ? (
                  <EmptyState title="Could not load the captures">{error}</EmptyState>
                ) : loaded ? (
                  <EmptyState title="No captures yet — send a sample or point Asleep at the webhook URL" />
                ) : (
                  <EmptyState title="Loading captures…" />
                )
              }
              footer={loadingMore ? <div className="faint" style={{ padding: 8 }}>Loading older captures…</div> : null}
            />
          </div>
        </div>
        {resending && markedInOrder.length > 0 ? (
          <ResendDialog target={{ kind: 'selection', captureIds: markedInOrder }} onClose={() => setResending(false)} />
        ) : selectedId ? (
          <CaptureDetailView />
        ) : null}
      </div>
    </div>
  );
}
