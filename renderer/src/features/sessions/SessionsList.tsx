// Who is being recorded: live first, then stale, then complete. ↑/↓ to move, Enter to open.
import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import type { SessionSummary } from '../../../../shared/session';
import { EmptyState } from '../../ui/EmptyState';
import { useNow } from '../../ui/useNow';
import { moveIndex, VirtualList, type RowProps } from '../../ui/VirtualList';
import { useStatus } from '../status/statusStore';
import { useOpenSession } from './openSessionStore';
import { effectiveState, sessionKey, sortSessions } from './order';
import { SessionRow } from './SessionRow';
import { useSessions } from './sessionsStore';
import './sessions.css';

const ROW_HEIGHT = 62;

export function SessionsList({ onOpen }: { onOpen(s: SessionSummary): void }) {
  const byKey = useSessions((s) => s.byKey);
  const loaded = useSessions((s) => s.loaded);
  const error = useSessions((s) => s.error);
  const staleAfter = useStatus((s) => s.status?.staleAfterMinutes ?? 15);
  const openRef = useOpenSession((s) => s.ref);
  const now = useNow(15_000);
  const items = useMemo(() => sortSessions(Object.values(byKey), now, staleAfter), [byKey, now, staleAfter]);
  const [cursorKey, setCursorKey] = useState<string | null>(null);
  const openKey = openRef ? sessionKey(openRef) : null;
  // The cursor is an item, not a position: live re-sorting must not move it to another participant.
  const cursor = items.findIndex((s) => sessionKey(s) === (cursorKey ?? openKey));

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Enter' || e.key === ' ') {
      const s = items[cursor];
      if (s) onOpen(s);
      e.preventDefault();
      return;
    }
    const next = moveIndex(e.key, cursor, items.length);
    if (next === null) return;
    e.preventDefault();
    const s = items[next];
    if (s) setCursorKey(sessionKey(s));
  };

  const open = useCallback(
    (s: SessionSummary) => {
      setCursorKey(sessionKey(s));
      onOpen(s);
    },
    [onOpen],
  );

  const renderRow = useCallback(
    (s: SessionSummary, _i: number, row: RowProps) => (
      <SessionRow
        key={sessionKey(s)}
        session={s}
        state={effectiveState(s, now, staleAfter)}
        now={now}
        row={row}
        open={sessionKey(s) === openKey}
        onOpen={open}
      />
    ),
    [now, staleAfter, openKey, open],
  );

  return (
    <nav className="sessions" aria-label="Sessions">
      <div className="panel-head">
        <h3>
          Sessions <span className="faint num">{loaded ? items.length : ''}</span>
        </h3>
      </div>
      <div className="list-wrap">
        <VirtualList
          items={items}
          rowHeight={ROW_HEIGHT}
          getKey={sessionKey}
          renderRow={renderRow}
          activeIndex={cursor}
          onKeyDown={onKeyDown}
          idPrefix="session"
          label="Sessions: live first, then stale, then complete"
          testId="sessions-list"
          empty={
            error ? (
              <EmptyState title="Could not load the sessions">{error}</EmptyState>
            ) : loaded ? (
              <EmptyState title="No sessions yet">A session appears with its first chunk.</EmptyState>
            ) : (
              <EmptyState title="Loading sessions…" />
            )
          }
        />
      </div>
    </nav>
  );
}
