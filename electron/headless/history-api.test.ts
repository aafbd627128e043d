// History and export over real HTTP: the local API routes and the bridge, against a real headless
// shell on loopback with real files (and the same folder reopened read-only).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/export/csv';
import { NIGHTS_CSV_HEADER } from '../../shared/export/nights-csv';
import { SESSION_CSV_HEADER } from '../../shared/export/session-csv';
import { parseSessionExport } from '../../shared/export/session-export-schema';
import type { NightRow } from '../../shared/export/night-rows';
import { twoNights, type Night } from '../core/export/test-traffic';
import { tempDir } from '../core/test-support/temp-dir';
import { startHeadless, type HeadlessConsole } from './headless-server';

const KEY = 'test-key-history-api-0123';
const TOKEN = 'history-api-token';
let data: Awaited<ReturnType<typeof tempDir>>;
let ui: Awaited<ReturnType<typeof tempDir>>;
let app: HeadlessConsole | null = null;
let nights: [Night, Night];

async function get(path: string): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`http://127.0.0.1:${app!.uiPort}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function call(name: string, args: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const res = await fetch(`http://127.0.0.1:${app!.uiPort}/bridge/call/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return (await res.json()) as never;
}

beforeEach(async () => {
  data = await tempDir('asleep-history-api-');
  ui = await tempDir('asleep-history-ui-');
  app = await startHeadless({ dataDir: data.path, port: 0, uiPort: 0, apiKey: KEY, uiDir: ui.path, token: TOKEN });
  nights = await twoNights(app.core.webhookUrl, KEY);
});

afterEach(async () => {
  await app?.close();
  app = null;
  await data.remove();
  await ui.remove();
});

const enc = encodeURIComponent;

describe('local API: history and export', () => {
  it('GET /api/participants/:userId/nights lists every night, oldest first, with computed stats', async () => {
    const r = await get(`/api/participants/${enc(nights[0].userId)}/nights`);
    expect(r.status).toBe(200);
    const { items } = JSON.parse(r.text) as { items: NightRow[] };
    expect(items.map((n) => [n.sessionId, n.state])).toEqual([
      [nights[0].sessionId, 'complete'],
      [nights[1].sessionId, expect.stringMatching(/live|stale/)],
    ]);
    expect(items[0]).toMatchObject({ date: '2025-01-15', timezone: 'Asia/Seoul', startMinute: 22 * 60 + 50, tst: 24 * 30 });
    expect(items[0]?.stages).toHaveLength(30);
    expect((await get('/api/participants/nobody/nights')).status).toBe(404);
  });

  it('?format=csv answers the nights CSV as a download', async () => {
    const r = await get(`/api/participants/${enc(nights[0].userId)}/nights?format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="G-history_nights.csv"; filename*=UTF-8''G-history_nights.csv`);
    const rows = parseCsv(r.text);
    expect(rows[0]).toEqual([...NIGHTS_CSV_HEADER]);
    expect(rows.slice(1).map((row) => row[3])).toEqual(nights.map((n) => n.sessionId));
  });

  it('GET /api/sessions/:userId/:sessionId/export answers CSV and JSON files', async () => {
    const base = `/api/sessions/${enc(nights[0].userId)}/${enc(nights[0].sessionId)}/export`;
    const csv = await get(`${base}?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain(`filename="G-history_${nights[0].sessionId}.csv"`);
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual([...SESSION_CSV_HEADER]);
    expect(rows[1]).toEqual(['0', '2025-01-15T13:50:00Z', '0', 'Wake', '0', '', '2025-01-15T22:50:00+09:00']);
    expect(rows).toHaveLength(31);

    const json = await get(base);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const opened = parseSessionExport(json.text);
    expect(opened.ok).toBe(true);
    if (opened.ok) {
      expect(opened.value.session.sessionId).toBe(nights[0].sessionId);
      expect(opened.value.session.computedStat).not.toBeNull();
      expect(opened.value.captures.map((c) => c.event)).toEqual(['INFERENCE_COMPLETE', 'INFERENCE_COMPLETE', 'INFERENCE_COMPLETE', 'SESSION_COMPLETE']);
      expect(JSON.stringify(opened.value.captures)).not.toContain(KEY);
    }

    expect((await get(`${base}?format=xml`)).status).toBe(400);
    expect((await get(`/api/sessions/${enc(nights[0].userId)}/nope/export?format=csv`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${app!.uiPort}${base}?format=csv`)).status).toBe(401);
  });

  it('the bridge exports and opens an exported file again (a 401 is refused before parsing: not part of the night)', async () => {
    const file = await call('exportSession', { ...nights[1], format: 'json' });
    expect(file.ok).toBe(true);
    const content = (file.value as { content: string }).content;
    const opened = await call('openExport', { content });
    expect(opened.ok).toBe(true);
    expect(opened.value).toMatchObject({ session: { sessionId: nights[1].sessionId }, captureCount: 2 });
    expect((await call('openExport', { content: '{"format":"x"}' })).error?.code).toBe('BAD_ARGS');
    const nightsCsv = await call('exportNights', { userId: nights[0].userId });
    expect(nightsCsv.value).toMatchObject({ fileName: 'G-history_nights.csv', mimeType: 'text/csv; charset=utf-8' });
  });

  it('a folder served with readOnly refuses writes and says why the listener is off', async () => {
    await app!.close();
    app = await startHeadless({ dataDir: data.path, port: 0, uiPort: 0, uiDir: ui.path, token: TOKEN, readOnly: true });
    const health = JSON.parse((await get('/api/health')).text);
    expect(health).toMatchObject({ ok: false, listening: false, listenError: 'Read-only review: the listener is off.' });
    expect(await call('sendSamples', {})).toEqual({ ok: false, error: { code: 'READ_ONLY', message: 'This folder is open read-only for review.' } });
    expect((await call('setApiKey', {})).error?.code).toBe('READ_ONLY');
    const r = await get(`/api/participants/${enc(nights[0].userId)}/nights`);
    expect(JSON.parse(r.text).items).toHaveLength(2);
  });
});
