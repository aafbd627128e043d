// Retention: keep captures forever (the default) or N days, and prune now. Anything that deletes
// shows what goes first (count, bytes, nights) and waits for a confirmation.
import { useEffect, useState } from 'react';
import { MAX_RETENTION_DAYS, retentionDaysSchema, type PrunePreview, type SettingsView } from '../../../../shared/settings';
import { getApi } from '../../api';
import { formatTime } from '../../lib/time';
import { check, parseNumber, sentence } from './fields';
import { PruneConfirm, pruneIsEmpty, pruneSummary } from './PruneConfirm';
import { useSettings } from './settingsStore';

type Pending = { kind: 'save'; days: number; preview: PrunePreview } | { kind: 'prune'; preview: PrunePreview };

export function RetentionControl({ view, onPruned }: { view: SettingsView; onPruned(): void }) {
  const [mode, setMode] = useState<'never' | 'days'>(view.retentionDays === null ? 'never' : 'days');
  const [daysText, setDaysText] = useState(String(view.retentionDays ?? 30));
  const [pruneText, setPruneText] = useState(String(view.retentionDays ?? 30));
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    setMode(view.retentionDays === null ? 'never' : 'days');
    if (view.retentionDays !== null) setDaysText(String(view.retentionDays));
  }, [view.retentionDays]);

  const days = check(retentionDaysSchema, parseNumber(daysText));
  const pruneDays = check(retentionDaysSchema, parseNumber(pruneText));
  const wanted = mode === 'never' ? null : days.value;
  const changed = wanted !== view.retentionDays;
  const canSave = !busy && !view.readOnly && changed && (mode === 'never' || days.error === null);
  const api = getApi();

  const run = async <T,>(what: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      return await what();
    } finally {
      setBusy(false);
    }
  };

  const preview = async (d: number): Promise<PrunePreview | null> => {
    const r = await api.call('previewPrune', { days: d });
    if (!r.ok) setError(`Could not work out what would be pruned: ${r.error.message}`);
    return r.ok ? r.value : null;
  };

  const prune = async (p: PrunePreview): Promise<boolean> => {
    const r = await api.call('pruneCaptures', { before: p.before });
    if (!r.ok) {
      setError(r.error.message);
      return false;
    }
    setNote(`Deleted ${pruneSummary(r.value)}.`);
    onPruned();
    return true;
  };

  const save = () =>
    run(async () => {
      if (wanted === null) {
        const r = await useSettings.getState().update({ retentionDays: null });
        if (!r.ok) setError(r.error.message);
        else setNote('Captures are kept until you delete them.');
        return;
      }
      // Saving N days means the daily prune will delete what is older: show that first.
      const p = await preview(wanted);
      if (!p) return;
      if (pruneIsEmpty(p)) {
        const r = await useSettings.getState().update({ retentionDays: wanted });
        if (!r.ok) setError(r.error.message);
        else setNote(`Saved. Nothing is older than ${wanted} days yet; from now on older captures are deleted once a day.`);
      } else setPending({ kind: 'save', days: wanted, preview: p });
    });

  const confirm = () =>
    run(async () => {
      const p = pending;
      if (!p) return;
      if (p.kind === 'save') {
        const r = await useSettings.getState().update({ retentionDays: p.days });
        if (!r.ok) {
          setError(r.error.message);
          return;
        }
      }
      if (await prune(p.preview)) setPending(null);
    });

  const previewNow = () =>
    run(async () => {
      if (pruneDays.error !== null) return;
      const p = await preview(pruneDays.value);
      if (!p) return;
      if (pruneIsEmpty(p)) setNote(`Nothing to prune: no log file holds only captures older than ${pruneDays.value} days.`);
      else setPending({ kind: 'prune', preview: p });
    });

  const status = view.retention;
  return (
    <div className="retention" data-testid="settings-retention">
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <span className="muted" id="retention-label">
          Keep captures
        </span>
        <div className="settings-control" role="radiogroup" aria-labelledby="retention-label">
          <label className="inline">
            <input type="radio" name="retention" checked={mode === 'never'} onChange={() => setMode('never')} data-testid="retention-never" /> forever
          </label>
          <label className="inline">
            <input type="radio" name="retention" checked={mode === 'days'} onChange={() => setMode('days')} data-testid="retention-days-mode" /> for
          </label>
          <input
            type="text"
            inputMode="numeric"
            className="input narrow"
            aria-label="Days to keep captures"
            value={daysText}
            disabled={mode === 'never'}
            onChange={(e) => setDaysText(e.target.value)}
            aria-invalid={mode === 'days' && days.error !== null}
            aria-describedby="retention-help"
            data-testid="retention-days"
          />
          <span className="muted">days</span>
          <button type="submit" className="btn" disabled={!canSave} data-testid="retention-save">
            Save
          </button>
        </div>
        <span />
        <span id="retention-help" className={mode === 'days' && days.error ? 'error-text small' : 'muted small'}>
          {mode === 'days' && days.error
            ? sentence(days.error)
            : `Never, by default. With a number (1–${MAX_RETENTION_DAYS}), captures older than that are deleted once a day, with the nights whose captures all go. The capture log is kept in one file per day and deleted a file at a time, so a capture goes when it is between N and N+1 days old.`}
        </span>
      </form>
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void previewNow();
        }}
      >
        <label htmlFor="prune-days">Prune now</label>
        <div className="settings-control">
          <span className="muted">older than</span>
          <input
            id="prune-days"
            type="text"
            inputMode="numeric"
            className="input narrow"
            value={pruneText}
            onChange={(e) => setPruneText(e.target.value)}
            aria-invalid={pruneDays.error !== null}
            data-testid="prune-days"
          />
          <span className="muted">days</span>
          <button type="submit" className="btn" disabled={busy || view.readOnly || pruneDays.error !== null || pending !== null} data-testid="prune-preview-button">
            Preview…
          </button>
          {pruneDays.error ? <span className="error-text small">{sentence(pruneDays.error)}</span> : null}
        </div>
      </form>
      {pending ? (
        <PruneConfirm
          preview={pending.preview}
          busy={busy}
          lead={
            pending.kind === 'save'
              ? `Keep ${pending.days} days? Saving deletes what is already older, and from now on once a day:`
              : `Delete captures older than ${pending.preview.days} days?`
          }
          confirmLabel={pending.kind === 'save' ? 'Save and delete now' : 'Delete now'}
          onConfirm={() => void confirm()}
          onCancel={() => setPending(null)}
        />
      ) : null}
      {error ? (
        <div className="error-text" role="alert" data-testid="retention-error">
          {error}
        </div>
      ) : null}
      {note ? (
        <div className="ok small" role="status" data-testid="retention-note">
          {note}
        </div>
      ) : null}
      <div className="muted small" data-testid="retention-status">
        {status.lastPrune
          ? `Last prune ${formatTime(status.lastPrune.at, 'dateTime')}${status.lastPrune.auto ? ' (automatic)' : ''}: ${pruneIsEmpty(status.lastPrune) ? 'nothing to delete' : pruneSummary(status.lastPrune)}.`
          : 'No prune since the console started.'}
        {status.nextCheckAt ? ` Next automatic check ${formatTime(status.nextCheckAt, 'dateTime')}.` : ''}
      </div>
      {status.lastError ? <div className="error-text small">{status.lastError}</div> : null}
    </div>
  );
}
