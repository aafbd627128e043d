// Start the real headless shell as a child process (fresh data folder each time), read the URLs it
// prints, and stop it the way a user would (SIGTERM), escalating to SIGKILL if it hangs.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface HeadlessShell {
  webhookUrl: string;
  /** `http://127.0.0.1:M/?token=T`, exactly as printed. */
  consoleUrl: string;
  /** `http://127.0.0.1:M` */
  uiOrigin: string;
  token: string;
  apiKey: string;
  dataDir: string;
  /** Everything the shell printed so far (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  apiKey?: string;
  /** How long to wait for the start-up lines (the first run may build the UI). */
  timeoutMs?: number;
  /** More `npm run serve` flags (e.g. the tunnel's). */
  extraArgs?: string[];
  /** Use this (prepared, or earlier) data folder instead of a fresh one; the caller removes it, `stop` leaves it. */
  dataDir?: string;
}

/** A printable key that never appears by accident in a page or a payload. */
export function randomApiKey(): string {
  return `e2e-key-${randomBytes(12).toString('hex')}`;
}

export async function startHeadless(options: StartOptions = {}): Promise<HeadlessShell> {
  const apiKey = options.apiKey ?? randomApiKey();
  const timeoutMs = options.timeoutMs ?? 90_000;
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'asleep-console-e2e-')));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/headless/cli.ts', '--data', dataDir, '--port', '0', '--ui-port', '0', '--api-key', apiKey, ...(options.extraArgs ?? [])],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ASLEEP_CONSOLE_TEST: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );

  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => (out += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => res({ code, signal })),
  );

  let printed: Record<'webhook' | 'key' | 'console', string>;
  try {
    printed = await new Promise((res, rej) => {
      const found: Partial<Record<'webhook' | 'key' | 'console', string>> = {};
      const timer = setTimeout(() => rej(new Error(`The headless shell did not print its URLs within ${timeoutMs} ms.\n${out}`)), timeoutMs);
      child.stdout?.on('data', (s: string) => {
        out += s;
        for (const line of out.split(/\r?\n/)) {
          const m = /^(Webhook URL|API key|Console): (\S+)\s*$/.exec(line);
          if (!m) continue;
          found[m[1] === 'Webhook URL' ? 'webhook' : m[1] === 'API key' ? 'key' : 'console'] = m[2]!;
        }
        if (found.webhook && found.key && found.console) {
          clearTimeout(timer);
          res(found as Record<'webhook' | 'key' | 'console', string>);
        }
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        rej(new Error(`Could not start the headless shell: ${err.message}`));
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        rej(new Error(`The headless shell exited (code ${code}, signal ${signal}) before printing its URLs.\n${out}`));
      });
    });
  } catch (err) {
    await kill(child, exited);
    if (ownsDir) await rm(dataDir, { recursive: true, force: true });
    throw err;
  }

  const consoleUrl = new URL(printed.console);
  const token = consoleUrl.searchParams.get('token');
  if (!token) throw new Error(`The printed console URL has no token: ${printed.console}`);

  let stopped: Promise<void> | null = null;
  return {
    webhookUrl: printed.webhook,
    consoleUrl: printed.console,
    uiOrigin: consoleUrl.origin,
    token,
    apiKey: printed.key,
    dataDir,
    output: () => out,
    stop() {
      stopped ??= (async () => {
        await kill(child, exited);
        if (ownsDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
      })();
      return stopped;
    },
  };
}

async function kill(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<'hung'>((res) => (timer = setTimeout(() => res('hung'), 5_000)));
  const how = await Promise.race([exited.then(() => 'exited' as const), hung]);
  clearTimeout(timer);
  if (how === 'hung') {
    child.kill('SIGKILL');
    await exited;
  }
}

export interface WebhookAnswer {
  status: number;
  text: string;
  /** Parsed answer body (null when it is not JSON). */
  json: { capture?: string; status?: string; valid?: boolean; error?: string; message?: string } | null;
}

/** POST a webhook exactly as a sender would. A string body is sent byte for byte; anything else as JSON. */
export async function postWebhook(url: string, key: string | null, body: unknown, headers: Record<string, string> = {}): Promise<WebhookAnswer> {
  const h: Record<string, string> = { 'content-type': 'application/json', ...headers };
  if (key !== null) h['x-api-key'] = key;
  const res = await fetch(url, { method: 'POST', headers: h, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: WebhookAnswer['json'] = null;
  try {
    json = JSON.parse(text) as WebhookAnswer['json'];
  } catch {
    json = null;
  }
  return { status: res.status, text, json };
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A GET with full control of the headers, `Host` included (fetch forbids setting it). */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((res, rej) => {
    const req = request(url, { method: 'GET', headers }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode ?? 0, headers: r.headers, text: Buffer.concat(chunks).toString('utf8') }));
      r.on('error', rej);
    });
    req.on('error', rej);
    req.end();
  });
}
