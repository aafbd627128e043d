// How a capture's verdicts read in one short cell.
import type { ApiKeyVerdict, CaptureStage, CaptureSummary } from '../../../../shared/capture';

export type StatusTone = 'ok' | 'warn' | 'bad' | 'muted';

/** 2xx green, 4xx amber, 5xx red. */
export function statusTone(status: number): StatusTone {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 400 && status < 500) return 'warn';
  if (status >= 500) return 'bad';
  return 'muted';
}

/** "v3 · V3", "flat · V3", "—". */
export function layoutLabel(c: Pick<CaptureSummary, 'layout' | 'version'>): string {
  if (!c.layout && !c.version) return '—';
  return [c.layout ?? '?', c.version ?? '?'].join(' · ');
}

export function apiKeyText(k: ApiKeyVerdict): string {
  if (!k.present) return 'not sent';
  const tail = k.last4 ? ` (…${k.last4})` : '';
  return k.matched ? `matched${tail}` : `did not match${tail}`;
}

export function participantText(c: Pick<CaptureSummary, 'userId' | 'sessionId'>): string {
  if (!c.userId && !c.sessionId) return '';
  return `${c.userId ?? '?'} / ${c.sessionId ?? '?'}`;
}

/** The steps of the ingest path, in order; a capture records the one it stopped at (`done` = on disk). */
export const STAGE_TEXT: Record<CaptureStage, string> = {
  http: 'HTTP',
  path: 'path',
  method: 'method',
  size: 'size limit',
  auth: 'API key',
  parse: 'JSON',
  store: 'disk write',
  done: 'stored',
};

export const STAGES = Object.keys(STAGE_TEXT) as CaptureStage[];
