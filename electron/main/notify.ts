import { Notification } from 'electron';
import type { Notice } from '../../shared/desktop/notifications';

// Electron notifications are garbage-collected once nothing refers to them, and their click handler
// goes with them: keep each one until it is clicked or closed.
const shown = new Set<Notification>();

/** Desktop notifications for what needs the user even when the window is hidden (decided in shared/desktop/notifications.ts). */
export function showNotice(notice: Pick<Notice, 'title' | 'body' | 'urgent'>, onClick?: () => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: notice.title, body: notice.body, urgency: notice.urgent ? 'critical' : 'normal' });
  const forget = () => shown.delete(n);
  n.on('click', () => {
    forget();
    onClick?.();
  });
  n.on('close', forget);
  n.on('failed', forget);
  shown.add(n);
  n.show();
}
