// `npm run serve -- [--data DIR] [--port N] [--ui-port M] [--api-key KEY]`
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/data-dir';
import { DEFAULT_UI_PORT } from '../core/settings/settings';
import { startHeadless } from './headless-server';

const HELP = `Asleep webhook console, headless: the same core as the desktop app, UI in your browser.

Usage: npm run serve -- [options]
  --data DIR       data folder (default: ${defaultDataDir()})
  --port N         webhook listener port on 127.0.0.1 (default: the stored one, 4848)
  --ui-port M      console UI and local API port on 127.0.0.1 (default: ${DEFAULT_UI_PORT})
  --api-key KEY    the x-api-key Asleep must send (stored; default: the stored or a generated key)
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

  const uiDir = resolve(root, 'out/renderer');
  if (!existsSync(resolve(uiDir, 'index.html'))) {
    console.log('Building the console UI (first run only)…');
    const { build } = await import('vite');
    const { rendererConfig } = await import('../../vite.renderer.config');
    await build({ ...rendererConfig, logLevel: 'warn' });
  }

  const dataDir = resolve(values.data ?? defaultDataDir());
  let app;
  try {
    app = await startHeadless({ dataDir, port, uiPort, apiKey, uiDir });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`The UI port ${uiPort} is already in use; choose another with --ui-port.`);
    fail(err instanceof Error ? err.message : String(err));
  }
  const status = app.core.status();
  console.log(`Data folder: ${dataDir}`);
  if (status.listenError) console.log(`Webhook listener NOT running: ${status.listenError}`);
  console.log(`Webhook URL: ${status.webhookUrl}`);
  console.log(`API key: ${status.apiKey}`);
  console.log(`Console: ${app.consoleUrl}`);
  for (const c of status.storage.corruptFiles) console.log(`Moved aside: ${c.file} → ${c.movedTo} (${c.reason})`);

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
