// "Move data folder…": a path, a confirmation that says what will happen, then live progress (phase,
// files, MiB) from the core's dataMoveProgress events, and the result: where the data is now and what
// the next start needs. A move started from another window shows here too.
import { useEffect, useState } from 'react';
import type { DataMovePhase, DataMoveProgress, DataMoveResult } from '../../../../shared/contract';
import { getApi } from '../../api';
import { formatCount } from '../../lib/units';
import { CopyButton } from '../../ui/CopyButton';
import { useSettings } from './settingsStore';
import './data-move.css';

const PHASE_TEXT: Record<DataMovePhase, string> = {
  checking: 'Checking the new folder (empty, writable, enough free space)…',
  copying: 'Copying; webhooks are still received and stored meanwhile…',
  verifying: 'Checking every copy against its checksum…',
  switching: 'Switching to the new folder; webhooks wait a moment at the port…',
  done: 'Moved.',
  failed: 'The move failed.',
};

const ABSOLUTE = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;
/** MiB throughout (a move is measured in them), with enough decimals that a small folder does not read 0.0. */
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 2 : 1);

export function DataFolderMove({ currentDir, readOnly }: { currentDir: string; readOnly: boolean }) {
  const [to, setTo] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<DataMoveProgress | null>(null);
  const [result, setResult] = useState<DataMoveResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () =>
      getApi().on('dataMoveProgress', (p) => {
        setProgress(p);
        setRunning(p.phase !== 'done' && p.phase !== 'failed');
        // The folder shown above (and its size) changed.
        if (p.phase === 'done') void useSettings.getState().load();
      }),
    [],
  );

  const target = to.trim();
  const problem = target === '' ? null : !ABSOLUTE.test(target) ? 'Give the full path, starting with / (or a drive letter on Windows).' : target === currentDir ? 'That is the folder in use now.' : null;

  const start = async () => {
    setConfirming(false);
    setRunning(true);
    setResult(null);
    setError(null);
    setProgress(null);
    const r = await getApi().call('moveDataFolder', { to: target });
    setRunning(false);
    if (r.ok) {
      setResult(r.value);
      setTo('');
    } else setError(r.error.message);
  };

  const shown = running || progress?.phase === 'done' || progress?.phase === 'failed' ? progress : null;
  return (
    <div className="data-move" data-testid="data-move">
      <h4>Move to another folder</h4>
      <div className="settings-control">
        <input
          className="input"
          type="text"
          value={to}
          onChange={(e) => {
            setTo(e.target.value);
            setConfirming(false);
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || !target || problem || running) return;
            // The same key press must not also reach the confirm button that takes the focus next.
            e.preventDefault();
            setConfirming(true);
          }}
          placeholder="/full/path/to/new-folder (empty or not there yet)"
          aria-label="New data folder (absolute path)"
          aria-invalid={problem ? true : undefined}
          spellCheck={false}
          disabled={readOnly || running}
          data-testid="data-move-path"
        />
        <button type="button" className="btn" disabled={readOnly || running || !target || problem !== null} onClick={() => setConfirming(true)} data-testid="data-move-start">
          Move data folder…
        </button>
      </div>
      {problem ? <div className="error-text small">{problem}</div> : null}
      {readOnly ? <div className="muted small">A folder open for read-only review cannot be moved.</div> : null}
      {confirming ? (
        <div
          className="confirm"
          role="alertdialog"
          aria-labelledby="data-move-confirm-title"
          data-testid="data-move-confirm"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setConfirming(false);
          }}
        >
          <div id="data-move-confirm-title">
            <strong>Move the data folder to {target}?</strong>
          </div>
          <div className="small">
            Every file is copied and checked (sizes and checksums) while webhooks keep being received; then the console switches to the new
            folder in a moment, during which webhooks wait at the port and none is refused. The old folder is left in place with a
            MOVED-TO.txt note: nothing is deleted.
          </div>
          <div className="row">
            <button type="button" className="btn primary" onClick={() => void start()} autoFocus data-testid="data-move-confirm-button">
              Move
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {shown ? <MoveProgress progress={shown} /> : null}
      {result ? (
        <div className="data-move-result" role="status" data-testid="data-move-result">
          <div>
            Moved to <code className="value">{result.to}</code> <CopyButton text={result.to} what="new data folder path" /> ({formatCount(result.files)} files,{' '}
            {mib(result.bytes)} MiB). The old folder {result.from} is left in place with MOVED-TO.txt.
          </div>
          <div className="small">
            <strong>Next start:</strong> {result.nextStart}
          </div>
        </div>
      ) : null}
      {error ? (
        <div className="error-text" role="alert" data-testid="data-move-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}

function MoveProgress({ progress: p }: { progress: DataMoveProgress }) {
  const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytes / p.bytesTotal) : p.phase === 'done' ? 1 : 0;
  return (
    <div className="data-move-progress" data-testid="data-move-progress" data-phase={p.phase}>
      <div className="small">{PHASE_TEXT[p.phase]}</div>
      <progress value={Math.round(fraction * 1000)} max={1000} aria-label="Data folder move progress" />
      <div className="muted small num">
        {formatCount(p.files)} / {formatCount(p.filesTotal)} files · {mib(p.bytes)} / {mib(p.bytesTotal)} MiB
      </div>
    </div>
  );
}
