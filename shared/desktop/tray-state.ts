// What the tray icon says at a glance at 3 a.m.: green = everything is being recorded, amber = look
// when you can, red = webhooks are being lost right now.
import type { ConsoleStatus } from '../contract';
import type { SessionSummary } from '../session';

export type TrayLevel = 'ok' | 'attention' | 'down';

export interface TrayState {
  level: TrayLevel;
  /** One short plain-language line per problem, worst first (empty when all is well). */
  reasons: string[];
  /** A one-line headline for the tray menu. */
  headline: string;
  /** The hover text; Windows cuts tray tooltips at 127 characters, so it is kept within that. */
  tooltip: string;
}

export const TRAY_TOOLTIP_MAX = 127;
const PRODUCT = 'Asleep Webhook Console';

export function trayState(status: ConsoleStatus, sessions: readonly SessionSummary[]): TrayState {
  const down: string[] = [];
  const attention: string[] = [];
  const { storage, tunnel } = status;

  // Red: a webhook sent now would be lost or refused.
  if (!status.listening && !storage.readOnly) down.push(`Listener not running: ${status.listenError ?? 'unknown error'}`);
  if (!storage.ok) down.push(`Cannot save captures (webhooks get 503): ${storage.error ?? 'unknown error'}`);
  if (tunnel.enabled && tunnel.state === 'offline') down.push(`Tunnel offline${tunnel.reason ? `: ${tunnel.reason}` : ''}`);

  // Amber: recording goes on, but someone should look.
  if (tunnel.enabled && tunnel.state === 'degraded') attention.push(`Tunnel degraded${tunnel.reason ? `: ${tunnel.reason}` : ''}`);
  if (tunnel.enabled && tunnel.state === 'connecting') attention.push('Tunnel connecting');
  const stale = sessions.filter((s) => s.state === 'stale');
  if (stale.length > 0) attention.push(`${plural(stale.length, 'participant')} stale: ${names(stale.map((s) => s.userId))}`);
  if (storage.corruptFiles.length > 0) attention.push(`${plural(storage.corruptFiles.length, 'damaged file')} moved aside`);
  const dead = status.forwarding?.dead.length ?? 0;
  if (status.forwarding?.enabled && dead > 0) attention.push(`${plural(dead, 'forward')} failed (dead letters)`);
  if (status.answerMode && status.answerMode.status !== null && status.answerMode.status !== 200) {
    attention.push(`Answer mode on: webhooks get ${status.answerMode.status}`);
  }

  const level: TrayLevel = down.length > 0 ? 'down' : attention.length > 0 ? 'attention' : 'ok';
  const reasons = [...down, ...attention];
  const live = sessions.filter((s) => s.state === 'live').length;
  const headline =
    level === 'ok'
      ? storage.readOnly
        ? 'Read-only review'
        : `All good · ${live === 0 ? 'no night in progress' : `recording ${plural(live, 'participant')}`}`
      : level === 'down'
        ? 'Webhooks are being lost'
        : 'Needs attention';
  return { level, reasons, headline, tooltip: tooltipFor(headline, reasons) };
}

function tooltipFor(headline: string, reasons: string[]): string {
  const lines = [`${PRODUCT}: ${headline}`];
  for (const r of reasons) {
    const candidate = [...lines, r].join('\n');
    if (candidate.length > TRAY_TOOLTIP_MAX && lines.length === 1) {
      // The worst problem is always shown, cut to fit, even if the others then do not fit.
      lines.push(r.slice(0, Math.max(0, TRAY_TOOLTIP_MAX - lines[0]!.length - 2)) + '…');
      continue;
    }
    if (candidate.length > TRAY_TOOLTIP_MAX) {
      const more = `+${reasons.length - (lines.length - 1)} more`;
      const withMore = [...lines, more].join('\n');
      if (withMore.length <= TRAY_TOOLTIP_MAX) lines.push(more);
      break;
    }
    lines.push(r);
  }
  const text = lines.join('\n');
  return text.length <= TRAY_TOOLTIP_MAX ? text : `${text.slice(0, TRAY_TOOLTIP_MAX - 1)}…`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** At most three names, then "+N". */
function names(ids: string[]): string {
  const unique = [...new Set(ids)];
  return unique.length <= 3 ? unique.join(', ') : `${unique.slice(0, 3).join(', ')} +${unique.length - 3}`;
}
