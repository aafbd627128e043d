// Where a night's data came from, for the report's footer. Pure.
import type { SessionDetail } from '../../../../shared/session';

export interface ProvenanceItem {
  key: string;
  label: string;
  value: string;
}

const LAYOUT_TEXT: Record<string, string> = {
  v1: 'V1 (callback_event / callback_data)',
  v2: 'V2 (callback_version)',
  v3: 'V3 (event / version / data)',
  flat: 'flat (seed document)',
};

export function provenance(
  d: Pick<SessionDetail, 'layout' | 'version' | 'completeCaptureId' | 'chunkCount' | 'duplicateCount' | 'conflictCount' | 'firstEventAt' | 'lastEventAt' | 'statUnits'>,
  opts: { completeReceivedAt: string | null; formatDateTime: (iso: string) => string },
): ProvenanceItem[] {
  const items: ProvenanceItem[] = [];
  items.push({ key: 'layout', label: 'Layout', value: d.layout ? (LAYOUT_TEXT[d.layout] ?? d.layout) : 'unknown' });
  items.push({ key: 'version', label: 'Version', value: d.version ?? 'not declared' });
  items.push({
    key: 'received',
    label: 'Final report received',
    value: d.completeCaptureId
      ? opts.completeReceivedAt
        ? opts.formatDateTime(opts.completeReceivedAt)
        : `by ${opts.formatDateTime(d.lastEventAt)}`
      : 'not yet (live chunks only)',
  });
  items.push({ key: 'capture', label: 'SESSION_COMPLETE capture', value: d.completeCaptureId ?? '–' });
  const extra = [d.duplicateCount ? `${d.duplicateCount} repeated` : '', d.conflictCount ? `${d.conflictCount} conflicting` : ''].filter(Boolean);
  items.push({ key: 'chunks', label: 'INFERENCE chunks', value: `${d.chunkCount}${extra.length ? ` (${extra.join(', ')})` : ''}` });
  items.push({ key: 'events', label: 'Events received', value: `${opts.formatDateTime(d.firstEventAt)} – ${opts.formatDateTime(d.lastEventAt)}` });
  if (d.statUnits) items.push({ key: 'units', label: 'Stat units', value: d.statUnits === 'flat' ? 'flat (converted to official units)' : 'official (seconds, 0-1 ratios)' });
  return items;
}
