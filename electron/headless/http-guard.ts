import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The UI bridge is a local server holding everything the console knows; guard it against other
 * pages in the user's browser (DNS rebinding, cross-site requests) and other local users.
 */
export function checkHostAndOrigin(req: IncomingMessage, port: number): string | null {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = req.headers.host ?? '';
  if (!allowedHosts.includes(host)) return `Host "${host}" is not allowed; open the console at http://127.0.0.1:${port}/.`;
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
    return `Requests from ${origin} are not allowed.`;
  }
  return null;
}

export function tokenFrom(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return url.searchParams.get('token');
}

export function tokenMatches(sent: string | null, expected: string): boolean {
  if (!sent) return false;
  const a = createHash('sha256').update(sent).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
