// Form text -> value for the settings fields; the checks themselves are the shared zod schemas.
import { fieldError } from '../../../../shared/settings';
import type { z } from 'zod';

/** "4848" -> 4848; anything that is not a plain decimal number -> NaN (the schema then says what is wrong). */
export function parseNumber(text: string): number {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** The field's value and the schema's message for it (null when valid). */
export function check<T>(schema: z.ZodType, value: T): { value: T; error: string | null } {
  return { value, error: fieldError(schema, value) };
}

/** The webhook URL a port and path would give (the listener is on 127.0.0.1 only). */
export function webhookUrlFor(port: number | string, path: string): string {
  return `http://127.0.0.1:${port}${path}`;
}

/** First letter up, for a schema message shown on its own ("the port must…" -> "The port must…"). */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');
}
