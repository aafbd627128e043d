// What a prune removes, shown before anything is deleted; nothing happens without the confirm button.
import type { PrunePreview } from '../../../../shared/settings';
import { formatTime } from '../../lib/time';
import { formatBytes, formatCount } from '../../lib/units';

export function pruneSummary(p: PrunePreview): string {
  const parts = [`${formatCount(p.captures.count)} ${p.captures.count === 1 ? 'capture' : 'captures'} (${formatBytes(p.captures.bytes)})`];
  if (p.rejected.count > 0) parts.push(`${formatCount(p.rejected.count)} rejected ${p.rejected.count === 1 ? 'request' : 'requests'} (${formatBytes(p.rejected.bytes)})`);
  parts.push(`${formatCount(p.sessions)} ${p.sessions === 1 ? 'night' : 'nights'}`);
  return parts.join(', ');
}

export const pruneIsEmpty = (p: PrunePreview) => p.captures.files + p.rejected.files === 0;

export function PruneConfirm({
  preview,
  lead,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  preview: PrunePreview;
  lead: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-labelledby="prune-confirm-title"
      data-testid="prune-confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) onCancel();
      }}
    >
      <div id="prune-confirm-title">
        <strong>{lead}</strong>
      </div>
      <div data-testid="prune-preview">
        Received before {formatTime(preview.before, 'dateTime')}: <strong>{pruneSummary(preview)}</strong>.
      </div>
      <div className="small">
        Deleted from this data folder for good: the captures, their raw bodies and headers, and every night whose captures all go (its
        hypnogram and statistics). Nights with newer captures stay whole. Export what you need first.
        {preview.olderKept > 0
          ? ` ${formatCount(preview.olderKept)} older captures stay for now: they share a day's file with newer ones and go with it later.`
          : ''}
      </div>
      <div className="row">
        <button type="button" className="btn danger" onClick={onConfirm} disabled={busy} autoFocus data-testid="prune-confirm-button">
          {busy ? 'Deleting…' : confirmLabel}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
