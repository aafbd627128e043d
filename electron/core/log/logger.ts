import { redactSecrets } from '../../../shared/redact';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/**
 * Every secret value this process has known (API keys, earlier keys, the headless UI token).
 * Process-wide on purpose: after a key change or a data folder move the old values must still be
 * scrubbed from anything logged later (a stack trace, a URL someone pasted, a forwarded error).
 */
const knownSecrets = new Set<string>();

export function rememberSecret(value: string | null | undefined): void {
  if (value) knownSecrets.add(value);
}

export function secretsKnown(): readonly string[] {
  return [...knownSecrets];
}

/**
 * One JSON object per line: `time` (ISO), `level`, `event` (a stable name to grep for), `msg`
 * (what an operator reads), then event-specific fields. The whole line is redacted after it is
 * serialized, so a secret cannot slip through a field nobody thought of.
 */
export class Logger {
  constructor(private readonly sink: (line: string) => void) {}

  info(event: string, msg: string, fields?: LogFields): void {
    this.write('info', event, msg, fields);
  }

  warn(event: string, msg: string, fields?: LogFields): void {
    this.write('warn', event, msg, fields);
  }

  error(event: string, msg: string, fields?: LogFields): void {
    this.write('error', event, msg, fields);
  }

  write(level: LogLevel, event: string, msg: string, fields: LogFields = {}): void {
    try {
      const line = JSON.stringify({ time: new Date().toISOString(), level, event, msg, ...fields });
      this.sink(redactSecrets(line, knownSecrets));
    } catch {
      // A field that cannot be serialized (a cycle) must not take anything down with it.
    }
  }
}
