// Participants of this data folder (from the sessions list), each with its history, and the
// "Open exported session…" file picker. Sits under the sessions list.
import { useMemo, useRef } from 'react';
import { useOpenSession } from '../sessions/openSessionStore';
import { useSessions } from '../sessions/sessionsStore';
import { openExportFile } from './files';
import { useHistory } from './historyStore';

interface Participant {
  userId: string;
  nights: number;
  live: boolean;
}

export function ParticipantsPanel() {
  const byKey = useSessions((s) => s.byKey);
  const source = useHistory((s) => s.source);
  const openError = useHistory((s) => s.openError);
  const inputRef = useRef<HTMLInputElement>(null);
  const participants = useMemo(() => {
    const map = new Map<string, Participant>();
    for (const s of Object.values(byKey)) {
      const p = map.get(s.userId) ?? { userId: s.userId, nights: 0, live: false };
      p.nights++;
      if (s.state === 'live') p.live = true;
      map.set(s.userId, p);
    }
    return [...map.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  }, [byKey]);
  const openUser = source?.kind === 'participant' ? source.userId : null;

  return (
    <section className="participants" aria-label="Participants">
      <div className="panel-head">
        <h3>
          Participants <span className="faint num">{participants.length || ''}</span>
        </h3>
        <button type="button" className="btn small" data-testid="open-export" title="Open a session exported as JSON, read-only" onClick={() => inputRef.current?.click()}>
          Open exported session…
        </button>
        <input
          ref={inputRef}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="open-export-input"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void openExportFile(file);
          }}
        />
      </div>
      {openError ? (
        <div className="error-text small" data-testid="open-export-error" role="alert">
          {openError}
        </div>
      ) : null}
      <ul className="participant-list" data-testid="participants">
        {participants.map((p) => (
          <li key={p.userId} className={p.userId === openUser ? 'open' : undefined}>
            <span className={`dot ${p.live ? 'live' : 'complete'}`} aria-hidden />
            <span className="who" title={p.userId}>
              {p.userId}
            </span>
            <span className="faint num">{p.nights}</span>
            <button
              type="button"
              className="btn small ghost"
              data-testid="open-history"
              data-user-id={p.userId}
              aria-pressed={p.userId === openUser}
              onClick={() => useHistory.getState().openParticipant(p.userId)}
            >
              History
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Above the open session: a way to its participant's history (the session header belongs to the session page). */
export function HistoryLink() {
  const ref = useOpenSession((s) => s.ref);
  if (!ref) return null;
  return (
    <div className="history-link">
      <span className="faint">Participant</span>
      <button type="button" className="link" data-testid="participant-history-link" onClick={() => useHistory.getState().openParticipant(ref.userId)}>
        {ref.userId}: all nights →
      </button>
    </div>
  );
}
