import type { CommandHandlers } from '../../shared/contract';
import { captureQuerySchema } from '../../shared/contract';
import type { ExportFile } from '../../shared/export';
import type { ConsoleCore } from '../core/console-core';
// webhook metrics and JSON Schema export
import { routeMetricsAndSchemas } from './metrics-schema-routes';

export interface ApiAnswer {
  status: number;
  body: unknown;
  /** Sent as a download (content-disposition: attachment) instead of `body`. */
  file?: ExportFile;
}

const notFound = (message: string): ApiAnswer => ({ status: 404, body: { error: { code: 'NOT_FOUND', message } } });
const badRequest = (message: string): ApiAnswer => ({ status: 400, body: { error: { code: 'BAD_ARGS', message } } });

/**
 * The local JSON API for scripts and QA automation (documented in the README). It reads through
 * the same handlers as the UI, so both always agree.
 */
export async function routeApi(core: ConsoleCore, handlers: CommandHandlers, method: string, url: URL): Promise<ApiAnswer> {
  if (method !== 'GET') return { status: 405, body: { error: { code: 'BAD_ARGS', message: 'The local API is read-only: use GET.' } } };
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [, resource, a, b] = parts;

  if (resource === 'health' && parts.length === 2) {
    const s = core.status();
    return {
      status: 200,
      body: {
        ok: s.listening && s.storage.ok,
        webhookUrl: s.webhookUrl,
        listening: s.listening,
        listenError: s.listenError,
        storage: { ok: s.storage.ok, error: s.storage.error, dataDir: s.storage.dataDir },
        tunnel: s.tunnel,
      },
    };
  }

  if (resource === 'captures' && parts.length === 2) {
    const q = url.searchParams;
    const raw = {
      limit: q.has('limit') ? Number(q.get('limit')) : undefined,
      beforeSeq: q.has('before') ? Number(q.get('before')) : undefined,
      event: q.get('event') ?? undefined,
      valid: q.has('valid') ? parseBool(q.get('valid')) : undefined,
      session: q.get('session') ?? undefined,
      // inspector: filters, search, exports
      status: q.get('status') ?? undefined,
      layout: q.get('layout') ?? undefined,
      version: q.get('version') ?? undefined,
      duplicate: q.get('duplicate') ?? undefined,
      user: q.get('user') ?? undefined,
      from: q.get('from') ?? undefined,
      to: q.get('to') ?? undefined,
      q: q.get('q') ?? undefined,
    };
    if (raw.valid === null) return badRequest('valid must be true or false');
    const parsed = captureQuerySchema.safeParse(raw);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return badRequest(`${i?.path.join('.') || 'query'}: ${i?.message}`);
    }
    return { status: 200, body: await core.queryCaptures(parsed.data) };
  }

  if (resource === 'captures' && parts.length === 3 && a) {
    const c = await core.getCapture(a);
    return c ? { status: 200, body: c } : notFound(`No capture ${a}.`);
  }

  if (resource === 'sessions' && parts.length === 2) {
    const r = await handlers.listSessions({});
    return r.ok ? { status: 200, body: r.value } : { status: 500, body: { error: r.error } };
  }

  if (resource === 'sessions' && parts.length === 4 && a && b) {
    const r = await handlers.getSession({ userId: a, sessionId: b });
    return r.ok ? { status: 200, body: r.value } : notFound(r.error.message);
  }

  // history and export
  if (resource === 'sessions' && parts.length === 5 && a && b && parts[4] === 'export') {
    const format = url.searchParams.get('format') ?? 'json';
    if (format !== 'json' && format !== 'csv') return badRequest('format must be json or csv');
    const r = await handlers.exportSession({ userId: a, sessionId: b, format });
    return r.ok ? { status: 200, body: null, file: r.value } : notFound(r.error.message);
  }

  if (resource === 'participants' && parts.length === 4 && a && b === 'nights') {
    const format = url.searchParams.get('format') ?? 'json';
    if (format !== 'json' && format !== 'csv') return badRequest('format must be json or csv');
    if (format === 'csv') {
      const r = await handlers.exportNights({ userId: a });
      return r.ok ? { status: 200, body: null, file: r.value } : notFound(r.error.message);
    }
    const r = await handlers.listNights({ userId: a });
    return r.ok ? { status: 200, body: r.value } : notFound(r.error.message);
  }

  // settings page: the settings (no API key) and the data folder's size, for scripts
  if (resource === 'settings' && parts.length === 2) {
    const r = await handlers.getSettings({});
    return r.ok ? { status: 200, body: r.value } : notFound(r.error.message);
  }
  if (resource === 'data-usage' && parts.length === 2) {
    const r = await handlers.getDataUsage({});
    return r.ok ? { status: 200, body: r.value } : { status: 500, body: { error: r.error } };
  }

  // webhook metrics and JSON Schema export
  const extra = await routeMetricsAndSchemas(handlers, resource, parts, url);
  if (extra) return extra;

  return notFound(`No API route ${url.pathname}. See the README for the local API.`);
}

function parseBool(v: string | null): boolean | null {
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return null;
}
