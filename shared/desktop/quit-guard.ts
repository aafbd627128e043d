// Quitting stops the webhook listener. During a study night that loses data for good (Asleep gives up
// on a chunk after its retries), so an explicit Quit asks first while any night is in progress.
import type { SessionSummary } from '../session';

export interface QuitQuestion {
  message: string;
  detail: string;
  quitLabel: string;
  stayLabel: string;
}

export function quitQuestion(sessions: readonly SessionSummary[]): QuitQuestion | null {
  const open = sessions.filter((s) => s.state === 'live' || s.state === 'stale');
  if (open.length === 0) return null;
  const users = [...new Set(open.map((s) => s.userId))];
  const who = users.length <= 3 ? users.join(', ') : `${users.slice(0, 3).join(', ')} and ${users.length - 3} more`;
  const count = `${open.length} night${open.length === 1 ? ' is' : 's are'} still being recorded (${who})`;
  return {
    message: `${count}. Quit anyway?`,
    detail:
      "Quitting stops the webhook listener: Asleep's next webhooks for these nights will fail until the console runs again. " +
      'To keep recording without the window, close the window instead: the console keeps running in the tray.',
    quitLabel: 'Quit and Stop Recording',
    stayLabel: 'Keep Recording',
  };
}
