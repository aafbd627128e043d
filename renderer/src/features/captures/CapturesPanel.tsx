// Every request received, newest first, live; select one to inspect it.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CaptureSummary } from '../../../../shared/capture';
import { isEmptyFilter } from '../../../../shared/capture-query';
import { formatCount } from '../../lib/units';
import { EmptyState } from '../../ui/EmptyState';
import { moveIndex, VirtualList, type VirtualListControl } from '../../ui/VirtualList';
import { ResendDialog } from '../resend/ResendDialog';
import { CaptureDetailView } from './CaptureDetail';
import { CaptureRow } from './CaptureRow';
import { MAX_IN_MEMORY, useCaptures } from './capturesStore';
import { CaptureFilters } from './filters/CaptureFilters';
import { countNewer } from './listMerge';
import { NewCapturesPill } from './NewCapturesPill';
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
  const capped = useCaptures((s) => s.capped);
  const filter = useCaptures((s) => s.filter);
  const setFilter = useCaptures((s) => s.setFilter);

  // "n new": while the user reads further down, or has a capture open, live captures are added above
  // without moving the view (the list holds its position) and counted here instead. At the top with
  // nothing selected they simply appear. The count is what is newer than the newest capture seen at the top.
  const listControl = useRef<VirtualListControl>(null);
  const [atTop, setAtTop] = useState(true);
  const [seenSeq, setSeenSeq] = useState<number | null>(null);
  const [seenFilter, setSeenFilter] = useState(filter);
  const newest = items[0]?.seq ?? null;
  const following = atTop && selectedId === null;
  if (seenFilter !== filter) {
    // Another filter is another list: nothing in it is "new" yet.
    setSeenFilter(filter);
    setSeenSeq(null);
  } else if ((following || seenSeq === null) && newest !== null && seenSeq !== newest) {
    setSeenSeq(newest);
  }
  const newCount = following ? 0 : countNewer(items, seenSeq);
  const onScrollTop = useCallback((top: number) => {
    const nowAtTop = top < 1;
    setAtTop(nowAtTop);
    if (nowAtTop) setSeenSeq(useCaptures.getState().items[0]?.seq ?? null);
  }, []);
  const toNewest = useCallback(() => listControl.current?.scrollToTop(), []);
  useEffect(() => {
    listControl.current?.scrollToTop();
  }, [filter]);

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
          j/k or ↑/↓ move · Home newest · / search · Esc closes · Ctrl/⌘-click marks
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
            <NewCapturesPill count={newCount} onClick={toNewest} />
            <VirtualList
              items={items}
              rowHeight={ROW_HEIGHT}
              overscan={12}
              getKey={keyOf}
              renderRow={renderRow}
              activeIndex={cursor}
              onKeyDown={onKeyDown}
              onEndReached={hasMore ? () => void loadOlder() : undefined}
              idPrefix="capture"
              label="Captures, newest first"
              testId="captures-list"
              holdPosition={selectedId !== null}
              onScrollTop={onScrollTop}
              controlRef={listControl}
              empty={
                error ? (
                  <EmptyState title="Could not load the captures">{error}</EmptyState>
                ) : !loaded ? (
                  <EmptyState title="Loading captures…" />
                ) : !isEmptyFilter(filter) ? (
                  <EmptyState title="No captures match these filters">
                    <button type="button" className="btn small" onClick={() => void setFilter({})}>
                      Clear the filters
                    </button>
                  </EmptyState>
                ) : (
                  <EmptyState title="No captures yet — send a sample or point Asleep at the webhook URL" />
                )
              }
              footer={
                loadingMore ? (
                  <div className="faint" style={{ padding: 8 }}>Loading older captures…</div>
                ) : capped ? (
                  <div className="faint" style={{ padding: 8 }} data-testid="captures-capped">
                    Showing the newest {formatCount(MAX_IN_MEMORY)} matching captures. To reach older ones, narrow the filters (participant, session
                    or time range).
                  </div>
                ) : null
              }
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
