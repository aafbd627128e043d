import { memo } from 'react';
import type { CaptureSummary } from '../../../../shared/capture';
import { formatTime } from '../../lib/time';
import { Badge } from '../../ui/Badge';
import type { RowProps } from '../../ui/VirtualList';
import { layoutLabel, participantText, statusTone } from './format';

interface Props {
  capture: CaptureSummary;
  row: RowProps;
  selected: boolean;
  /** Marked for a group action (Ctrl/⌘-click or Space with Ctrl). */
  marked: boolean;
  onSelect(id: string): void;
  onMark(id: string): void;
}

export const CaptureRow = memo(function CaptureRow({ capture: c, row, selected, marked, onSelect, onMark }: Props) {
  const issueTitle = c.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
  return (
    <div
      id={row.id}
      role="option"
      aria-selected={selected}
      className={`capture-row capture-cols ${row.active ? 'active' : ''} ${selected ? 'selected' : ''} ${marked ? 'marked' : ''}`}
      style={row.style}
      data-testid="capture-row"
      data-capture-id={c.id}
      data-status={c.status}
      data-valid={c.valid ? 'true' : 'false'}
      data-user={c.userId ?? undefined}
      data-marked={marked ? 'true' : undefined}
      onClick={(e) => (e.ctrlKey || e.metaKey ? onMark(c.id) : onSelect(c.id))}
    >
      <span className="mono num" title={formatTime(c.receivedAt, 'dateTimeSeconds')}>
        {formatTime(c.receivedAt, 'clockMillis')}
      </span>
      <span className={`mono num ${statusTone(c.status)}`}>{c.status}</span>
      <span title={c.event ?? undefined}>{c.event ?? <span className="faint">—</span>}</span>
      <span className="muted">{layoutLabel(c)}</span>
      <span title={issueTitle || undefined}>
        {c.valid ? <span className="ok">✓</span> : <span className="bad">✗{c.issues.length ? ` ${c.issues.length}` : ''}</span>}
      </span>
      <span>
        {c.duplicate === 'same' ? (
          <Badge tone="blue" title={`Same content as ${c.duplicateOf ?? 'an earlier capture'}`}>
            same
          </Badge>
        ) : c.duplicate === 'conflict' ? (
          <Badge tone="amber" title={`Different content from ${c.duplicateOf ?? 'an earlier capture'}`}>
            conflict
          </Badge>
        ) : null}
      </span>
      <span className="mono" title={participantText(c)}>
        {participantText(c)}
      </span>
      <span className="reason" title={c.reason ?? undefined}>
        {c.reason ?? ''}
      </span>
    </div>
  );
});
