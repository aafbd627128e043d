// The tray's quick actions as data, so what the menu offers in each state is tested without Electron.
import type { ConsoleStatus } from '../contract';
import type { TrayState } from './tray-state';

export type TrayAction = 'open' | 'copy' | 'toggleTunnel' | 'quit';

export type TrayMenuItem =
  | { kind: 'info'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean; /** For 'copy': the text to put on the clipboard. */ text?: string };

/** At most this many problem lines in the menu; the rest are counted. */
const MAX_REASON_LINES = 5;

/** The public webhook URL when the tunnel has one, else null. */
export function publicWebhookUrl(status: ConsoleStatus): string | null {
  const { tunnel } = status;
  if (!tunnel.enabled || !tunnel.publicUrl) return null;
  return `${tunnel.publicUrl.replace(/\/+$/, '')}${status.path}`;
}

export function trayMenu(status: ConsoleStatus, state: TrayState, windowVisible: boolean): TrayMenuItem[] {
  const items: TrayMenuItem[] = [{ kind: 'info', label: state.headline }];
  for (const reason of state.reasons.slice(0, MAX_REASON_LINES)) items.push({ kind: 'info', label: `• ${reason}` });
  if (state.reasons.length > MAX_REASON_LINES) items.push({ kind: 'info', label: `• and ${state.reasons.length - MAX_REASON_LINES} more (open the console)` });
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', action: 'open', label: windowVisible ? 'Show Console' : 'Open Console', enabled: true });

  const publicUrl = publicWebhookUrl(status);
  const readOnly = status.storage.readOnly;
  if (publicUrl) {
    items.push({ kind: 'action', action: 'copy', label: 'Copy Public Webhook URL', enabled: true, text: publicUrl });
    items.push({ kind: 'action', action: 'copy', label: 'Copy Local Webhook URL', enabled: !readOnly, text: status.webhookUrl });
  } else {
    items.push({ kind: 'action', action: 'copy', label: 'Copy Webhook URL', enabled: !readOnly, text: status.webhookUrl });
  }

  items.push({ kind: 'separator' });
  const tunnelLabel = status.tunnel.enabled ? 'Pause Tunnel' : status.tunnelHistory.length > 0 ? 'Resume Tunnel' : 'Open Tunnel';
  items.push({ kind: 'action', action: 'toggleTunnel', label: tunnelLabel, enabled: !readOnly });
  items.push({ kind: 'separator' });
  // Closing the window keeps recording; quitting is the only way to stop, so it says so.
  items.push({ kind: 'action', action: 'quit', label: 'Quit (Stops Recording)…', enabled: true });
  return items;
}
