import { isIP } from 'node:net';

/**
 * Who sent a request, for counting failed API-key attempts. Requests through the tunnel reach the
 * listener from this machine (the tunnel client relays them), so for a loopback connection the last
 * `X-Forwarded-For` entry is used: the one the tunnel server's proxy appended (loca.lt's does), which
 * the remote client cannot choose. Anything earlier in the header is the client's own claim and is
 * ignored. A local process could claim any address, but local processes are trusted anyway.
 */
export function senderAddress(remote: string | null | undefined, forwardedFor: string | string[] | undefined): string {
  const socket = remote ?? 'unknown';
  if (!isLoopback(socket) || forwardedFor === undefined) return socket;
  const header = Array.isArray(forwardedFor) ? forwardedFor[forwardedFor.length - 1] : forwardedFor;
  const last = header?.split(',').pop()?.trim() ?? '';
  return isIP(last) ? last : socket;
}

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
