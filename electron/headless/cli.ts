// `npm run serve -- [--data DIR] [--port N] [--ui-port M] [--api-key KEY] [--read-only]`
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/data-dir';
import { DEFAULT_UI_PORT } from '../core/settings/settings';
import { startHeadless } from './headless-server';
// settings and data: the pointer a data folder move leaves, and what the terminal says about moves
import { locateDataDir, movedAwayWarning, reportMoves } from './data-folder-cli';

const HELP = `Asleep webhook console, headless: the same core as the desktop app, UI in your browser.

Usage: npm run serve -- [options]
  --data DIR       data folder (default: ${defaultDataDir()}, or where "Move data folder" put it)
  --port N         webhook listener port on 127.0.0.1 (default: the stored one, 4848)
  --ui-port M      console UI and local API port on 127.0.0.1 (default: ${DEFAULT_UI_PORT})
  --api-key KEY    the x-api-key Asleep must send (stored; default: the stored or a generated key)
  --tunnel         open a public tunnel to the webhook (localtunnel; stored: it reopens next time)
  --no-tunnel      keep the tunnel closed (stored)
  --tunnel-host URL  a self-hosted localtunnel server (stored; default https://localtunnel.me)
  --subdomain NAME   ask the tunnel server for this subdomain (stored, so the public URL stays the same)
  --read-only      review a data folder (e.g. a copy): no lock, nothing written, no webhook listener
  -h, --help       this text`;

const root = resolve(__dirname, '../..');

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        'ui-port': { type: 'string' },
        'api-key': { type: 'string' },
        tunnel: { type: 'boolean' },
        'no-tunnel': { type: 'boolean' },
        'tunnel-host': { type: 'string' },
        subdomain: { type: 'string' },
        'read-only': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
  }
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = values.port === undefined ? undefined : portArg('--port', values.port);
  const uiPort = values['ui-port'] === undefined ? DEFAULT_UI_PORT : portArg('--ui-port', values['ui-port']);
  const apiKey = values['api-key'];
  if (apiKey !== undefined && !/^[\x21-\x7e]{8,200}$/.test(apiKey)) fail('--api-key must be 8 to 200 printable characters without spaces.');
  const readOnly = values['read-only'] === true;
  if (readOnly && apiKey !== undefined) fail('--api-key cannot be stored in a folder opened with --read-only.');
  const tunnel = tunnelArgs(values.tunnel, values['no-tunnel'], values['tunnel-host'], values.subdomain);
  if (readOnly && tunnel) fail('The tunnel cannot be opened for a folder under --read-only review.');
  if (readOnly && values.data === undefined) fail('--read-only needs --data DIR: the folder to review (for example a copy).');

  const uiDir = resolve(root, 'out/renderer');
  if (!existsSync(resolve(uiDir, 'index.html'))) {
    console.log('Building the console UI (first run only)…');
    const { build } = await import('vite');
    const { rendererConfig } = await import('../../vite.renderer.config');
    await build({ ...rendererConfig, logLevel: 'warn' });
  }

  const located = locateDataDir(values.data);
  if (located.problem) fail(located.problem);
  const dataDir = located.dir;
  let app;
  try {
    app = await startHeadless({ dataDir, port, uiPort, apiKey, uiDir, readOnly, tunnel, dataPointer: located.pointer, startedWith: located.source });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`The UI port ${uiPort} is already in use; choose another with --ui-port.`);
    fail(err instanceof Error ? err.message : String(err));
  }
  const status = app.core.status();
  console.log(`Data folder: ${dataDir}${readOnly ? ' (read-only review: nothing is written)' : ''}${located.source === 'pointer' ? ` (where a data folder move put it; see ${located.pointer.file})` : ''}`);
  const moved = readOnly ? null : movedAwayWarning(dataDir);
  if (moved) console.log(moved);
  reportMoves(app.host, (line) => console.log(line));
  if (status.listenError) console.log(`Webhook listener NOT running: ${status.listenError}`);
  console.log(`Webhook URL: ${status.webhookUrl}`);
  if (status.tunnel.enabled) console.log(`Tunnel: opening through ${status.tunnel.host}…`);
  // The terminal is where a headless user looks: say when the tunnel's state or address changes.
  let lastTunnel = '';
  app.host.on((event, payload) => {
    if (event === 'statusChanged') {
      const t = (payload as typeof status).tunnel;
      const line = t.state === 'online' || t.state === 'degraded'
        ? `Tunnel ${t.state}: public webhook URL ${t.publicUrl}${status.path}`
        : `Tunnel ${t.state}${t.reason ? `: ${t.reason}` : ''}${t.nextRetryAt ? ` (next try ${t.nextRetryAt})` : ''}`;
      if (t.enabled && line !== lastTunnel) console.log((lastTunnel = line));
    }
    if (event === 'tunnelUrlChanged') {
      const { previous, webhookUrl } = payload as { previous: string | null; webhookUrl: string };
      console.log(`!! The public URL changed${previous ? ` (was ${previous})` : ''}. Asleep's callback URL must be updated to ${webhookUrl}`);
    }
  });
  console.log(`API key: ${status.apiKey}`);
  console.log(`Console: ${app.consoleUrl}`);
  for (const c of status.storage.corruptFiles) {
    console.log(c.movedTo ? `Moved aside: ${c.file} → ${c.movedTo} (${c.reason})` : `Not readable: ${c.file} (${c.reason})`);
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: stopping the listener and flushing the store…`);
    const timer = setTimeout(() => process.exit(1), 10_000);
    void app.close().then(() => {
      clearTimeout(timer);
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

function tunnelArgs(
  on: boolean | undefined,
  off: boolean | undefined,
  host: string | undefined,
  subdomain: string | undefined,
): { enabled?: boolean; host?: string; subdomain?: string } | undefined {
  if (on && off) fail('--tunnel and --no-tunnel contradict each other.');
  if (host !== undefined && !/^https?:\/\/[^\s/]+(\/.*)?$/.test(host)) fail(`--tunnel-host must be an http(s) URL, not "${host}".`);
  if (subdomain !== undefined && !/^[a-z0-9](?:[a-z0-9-]{2,61}[a-z0-9])$/.test(subdomain)) {
    fail('--subdomain must be 4 to 63 lowercase letters, digits or dashes.');
  }
  const out = {
    ...(on ? { enabled: true } : off ? { enabled: false } : {}),
    ...(host !== undefined ? { host } : {}),
    ...(subdomain !== undefined ? { subdomain } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

function portArg(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`${name} must be a port number from 0 to 65535, not "${value}".`);
  return n;
}

function fail(message: string): never {
  console.error(`Error: ${message}`);
  process.exit(2);
}

void main();
