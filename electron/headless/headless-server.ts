import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { dispatch } from '../../shared/dispatch';
import type { ExportFile } from '../../shared/export';
import type { ConsoleCore } from '../core/console-core';
// settings and data: the host swaps the core when the data folder moves; the UI token is scrubbed from logs
import { CoreHost, type HostOptions } from '../core/core-host';
import { rememberSecret } from '../core/log/logger';
import { routeApi } from './api-routes';
import { checkHostAndOrigin, tokenFrom, tokenMatches } from './http-guard';

export interface HeadlessOptions extends Omit<HostOptions, 'shell'> {
  uiPort?: number;
  /** Folder with the built renderer (index.html). */
  uiDir: string;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
}

export interface HeadlessConsole {
  /** The live core (a new one after a data folder move). */
  readonly core: ConsoleCore;
  host: CoreHost;
  token: string;
  uiPort: number;
  consoleUrl: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The headless shell: the same core as the desktop app, with the contract bridged over HTTP
 * (commands) and Server-Sent Events (push events), and the built UI served on 127.0.0.1 only.
 */
export async function startHeadless(options: HeadlessOptions): Promise<HeadlessConsole> {
  const host = await CoreHost.open({ ...options, shell: 'headless' });
  const token = options.token ?? randomBytes(24).toString('base64url');
  rememberSecret(token);
  const streams = new Set<ServerResponse>();
  let uiPort = 0;

  const unsubscribe = host.on((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      json(res, 500, { error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = checkHostAndOrigin(req, uiPort);
    if (refused) return json(res, 403, { error: { code: 'UNAUTHORIZED', message: refused } });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${uiPort}`);
    const isBridge = url.pathname.startsWith('/bridge/');
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    if (!isBridge && !isApi) return serveStatic(options.uiDir, url.pathname, res);
    if (!tokenMatches(tokenFrom(req, url), token)) {
      return json(res, 401, { error: { code: 'UNAUTHORIZED', message: 'Missing or wrong token: use the Console URL printed at start-up.' } });
    }
    if (isApi) {
      const answer = await routeApi(host.core, host.handlers, req.method ?? 'GET', url);
      if (answer.file) return download(res, answer.file);
      return json(res, answer.status, answer.body);
    }
    if (url.pathname === '/bridge/events' && req.method === 'GET') return openStream(res);
    const call = /^\/bridge\/call\/([A-Za-z]+)$/.exec(url.pathname);
    if (call && req.method === 'POST') {
      // An exported session opened offline travels in the body: allow files, not just arguments.
      const args = await readJson(req, call[1] === 'openExport' ? OPEN_EXPORT_MAX_BYTES : undefined);
      if (args === INVALID) return json(res, 400, { ok: false, error: { code: 'BAD_ARGS', message: 'The request body is not JSON.' } });
      return json(res, 200, await dispatch(host.handlers, call[1]!, args));
    }
    return json(res, 404, { error: { code: 'NOT_FOUND', message: `No bridge route ${url.pathname}.` } });
  }

  function openStream(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 1000\nevent: statusChanged\ndata: ${JSON.stringify(host.core.status())}\n\n`);
    streams.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(keepAlive);
      streams.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.uiPort ?? 0, '127.0.0.1', () => resolve());
  });
  uiPort = (server.address() as AddressInfo).port;

  return {
    get core() {
      return host.core;
    },
    host,
    token,
    uiPort,
    consoleUrl: `http://127.0.0.1:${uiPort}/?token=${token}`,
    async close() {
      unsubscribe();
      for (const res of streams) res.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await host.close();
    },
  };
}

async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<void> {
  const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = normalize(join(root, rel));
  if (!file.startsWith(normalize(root) + sep)) return json(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found.' } });
  try {
    const data = await readFile(file);
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': extname(file) === '.html' ? 'no-store' : 'max-age=3600',
    });
    res.end(data);
  } catch {
    json(res, 404, { error: { code: 'NOT_FOUND', message: `No file ${pathname}.` } });
  }
}

const INVALID = Symbol('invalid');
/** JSON-escaped file text can take up to ~6 bytes per character of the largest file the contract takes. */
const OPEN_EXPORT_MAX_BYTES = 128 * 1024 * 1024;

async function readJson(req: IncomingMessage, maxBytes = 2 * 1024 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return INVALID;
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

/** An export as a download; the name is already safe (exportFileName), quoted for old clients too. */
function download(res: ServerResponse, file: ExportFile): void {
  if (res.headersSent) return;
  res.writeHead(200, {
    'content-type': file.mimeType,
    'content-disposition': `attachment; filename="${file.fileName.replace(/["\\\r\n]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(file.content);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}
