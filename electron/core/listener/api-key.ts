import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyVerdict } from '../../../shared/capture';

export function generateApiKey(): string {
  return `ask_${randomBytes(24).toString('base64url')}`;
}

/**
 * Compare in constant time. Hashing both sides first gives equal-length buffers, so neither the
 * content nor the length of the expected key leaks through timing.
 */
export function checkApiKey(sent: string | string[] | undefined, expected: string): ApiKeyVerdict {
  const value = Array.isArray(sent) ? sent[0] : sent;
  if (value === undefined || value === '') return { present: false, matched: false, last4: null };
  const a = createHash('sha256').update(value).digest();
  const b = createHash('sha256').update(expected).digest();
  return { present: true, matched: timingSafeEqual(a, b), last4: value.slice(-4) };
}
