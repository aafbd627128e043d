// Errors cross every process boundary as data with a code, never as thrown strings.

export const ERROR_CODES = [
  'BAD_ARGS',
  'NOT_FOUND',
  'UNKNOWN_COMMAND',
  'STORAGE_FAILED',
  'READ_ONLY',
  'UNAUTHORIZED',
  'INTERNAL',
  // settings and data: why a data folder move was refused or undone
  'TARGET_NOT_EMPTY',
  'TARGET_INSIDE_SOURCE',
  'TARGET_UNWRITABLE',
  'NO_SPACE',
  'BUSY',
  'MOVE_FAILED',
  // settings: the webhook listener could not move to the port asked for (it keeps the old one)
  'PORT_IN_USE',
  'LISTEN_FAILED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): { ok: false; error: AppError } => ({
  ok: false,
  error: { code, message },
});
