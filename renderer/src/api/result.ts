import { ERROR_CODES, fail, type ErrorCode, type Result } from '../../../shared/result';

/** Anything that claims to be a Result, checked; otherwise an INTERNAL error in plain words. */
export function asResult<T>(raw: unknown, what: string): Result<T> {
  if (raw && typeof raw === 'object' && 'ok' in raw) {
    const r = raw as { ok: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
    if (r.ok === true) return { ok: true, value: r.value as T };
    if (r.ok === false && r.error) {
      const code = ERROR_CODES.includes(r.error.code as ErrorCode) ? (r.error.code as ErrorCode) : 'INTERNAL';
      const message = typeof r.error.message === 'string' ? r.error.message : `${what} failed.`;
      return fail(code, message);
    }
  }
  // Refusals before the contract is reached (bad token, wrong host) come as `{ error: { code, message } }`.
  if (raw && typeof raw === 'object' && 'error' in raw) {
    const e = (raw as { error?: { code?: unknown; message?: unknown } }).error;
    if (e && typeof e.message === 'string') {
      const code = ERROR_CODES.includes(e.code as ErrorCode) ? (e.code as ErrorCode) : 'INTERNAL';
      return fail(code, e.message);
    }
  }
  return fail('INTERNAL', `${what}: the console answered with something unexpected.`);
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
