import { Notification } from 'electron';
import type { EventPayloads } from '../../shared/contract';

/** Desktop notifications for what needs the user even when the window is hidden. */
export function notifyTunnelUrlChanged(change: EventPayloads['tunnelUrlChanged']): void {
  if (!Notification.isSupported()) return;
  new Notification({
    title: 'Tunnel URL changed',
    body: `Asleep's callback URL must be updated to ${change.webhookUrl}`,
    urgency: 'critical',
  }).show();
}
