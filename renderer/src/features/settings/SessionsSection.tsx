// Sessions: after how long without a chunk a live night is shown as stale.
import { useEffect, useState } from 'react';
import { MAX_STALE_MINUTES, staleMinutesSchema, type SettingsView } from '../../../../shared/settings';
import { check, parseNumber, sentence } from './fields';
import { useSettings } from './settingsStore';

export function SessionsSection({ view }: { view: SettingsView }) {
  const [text, setText] = useState(String(view.staleAfterMinutes));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(String(view.staleAfterMinutes)), [view.staleAfterMinutes]);
  const minutes = check(staleMinutesSchema, parseNumber(text));
  const changed = minutes.value !== view.staleAfterMinutes;
  const canSave = minutes.error === null && changed && !busy && !view.readOnly;

  const save = async () => {
    if (!canSave) return;
    setBusy(true);
    setError(null);
    const r = await useSettings.getState().update({ staleAfterMinutes: minutes.value });
    setBusy(false);
    if (!r.ok) setError(r.error.message);
  };

  return (
    <section aria-labelledby="settings-sessions-title" data-testid="settings-sessions">
      <h3 id="settings-sessions-title">Sessions</h3>
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor="settings-stale">Stale after</label>
        <div className="settings-control">
          <input
            id="settings-stale"
            type="text"
            inputMode="numeric"
            className="input narrow"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={minutes.error !== null}
            aria-describedby="settings-stale-help"
            data-testid="settings-stale"
          />
          <span className="muted">minutes without a new chunk</span>
          <button type="submit" className="btn" disabled={!canSave} data-testid="settings-stale-save">
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
        <span />
        <span id="settings-stale-help" className={minutes.error ? 'error-text small' : 'muted small'}>
          {minutes.error
            ? sentence(minutes.error)
            : `1–${MAX_STALE_MINUTES} minutes. A live night is shown as stale when no chunk came for this long (on 20- and 40-minute plans, for one and a half plan intervals if that is longer). It changes how nights are shown, never what is stored.`}
        </span>
      </form>
      {error ? (
        <div className="error-text" role="alert">
          {error}
        </div>
      ) : null}
    </section>
  );
}
