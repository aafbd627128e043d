// GET /api/metrics and /api/schemas, and the exportSchemas / getMetrics commands, against a real
// headless shell on loopback with real files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../../shared/asleep/examples/v3-inference-complete.json';
import type { WebhookMetrics } from '../../shared/metrics';
import { schemaFile, schemaIndex, type SchemaIndex } from '../../shared/schema-export';
import { tempDir } from '../core/test-support/temp-dir';
import { startHeadless, type HeadlessConsole } from './headless-server';

const KEY = 'test-key-metrics-api-0123';
const TOKEN = 'metrics-api-token';
let data: Awaited<ReturnType<typeof tempDir>>;
let ui: Awaited<ReturnType<typeof tempDir>>;
let app: HeadlessConsole | null = null;

async function get(path: string, token: string | null = TOKEN): Promise<{ status: number; headers: Headers; json: unknown }> {
  const res = await fetch(`http://127.0.0.1:${app!.uiPort}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

async function call(name: string, args: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const res = await fetch(`http://127.0.0.1:${app!.uiPort}/bridge/call/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return (await res.json()) as never;
}

const send = (key: string) =>
  fetch(app!.core.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(v3Inference) });

beforeEach(async () => {
  data = await tempDir('asleep-metrics-api-');
  ui = await tempDir('asleep-metrics-ui-');
  app = await startHeadless({ dataDir: data.path, port: 0, uiPort: 0, apiKey: KEY, uiDir: ui.path, token: TOKEN });
});

afterEach(async () => {
  await app?.close();
  app = null;
  await data.remove();
  await ui.remove();
});

describe('GET /api/metrics', () => {
  it('answers the window asked for, night by default', async () => {
    expect((await send(KEY)).status).toBe(200);
    expect((await send('wrong-key-123456')).status).toBe(401);
    const hour = await get('/api/metrics?window=hour&offset=540');
    expect(hour.status).toBe(200);
    const m = hour.json as WebhookMetrics;
    expect(m).toMatchObject({ window: 'hour', bucketMinutes: 1, totals: { all: 2, valid: 1, clientError: 1 } });
    expect(m.buckets).toHaveLength(60);
    expect(m.rejections.map((g) => g.key)).toEqual(['key-mismatch']);
    expect(((await get('/api/metrics')).json as WebhookMetrics).window).toBe('night');
    expect(((await get('/api/metrics?window=week')).json as WebhookMetrics).buckets).toHaveLength(168);
  });

  it('refuses a bad window or offset with a message that says what is allowed', async () => {
    const bad = await get('/api/metrics?window=month');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('window must be hour, night, week');
    expect((await get('/api/metrics?offset=9.5')).status).toBe(400);
    expect((await get('/api/metrics?offset=900')).status).toBe(400);
  });

  it('needs the token', async () => {
    expect((await get('/api/metrics', null)).status).toBe(401);
    expect((await get('/api/schemas', null)).status).toBe(401);
  });

  it('is the same as the getMetrics command', async () => {
    await send(KEY);
    const viaCall = await call('getMetrics', { window: 'week' });
    const viaApi = (await get('/api/metrics?window=week')).json as WebhookMetrics;
    expect(viaCall.ok).toBe(true);
    expect({ ...(viaCall.value as WebhookMetrics), generatedAt: '' }).toEqual({ ...viaApi, generatedAt: '' });
    expect((await call('getMetrics', { window: 'year' })).ok).toBe(false);
  });
});

describe('GET /api/schemas', () => {
  it('lists every schema with its URL; each URL answers that schema', async () => {
    const r = await get('/api/schemas');
    expect(r.status).toBe(200);
    const index = r.json as SchemaIndex & { schemas: { url: string }[] };
    expect(index.schemas).toHaveLength(10);
    for (const s of index.schemas) {
      expect(s.url).toBe(`/api/schemas/${s.file}`);
      const one = await get(s.url);
      expect(one.status).toBe(200);
      expect(one.headers.get('content-type')).toMatch(/^application\/json/);
      expect(one.json).toEqual(schemaFile(s.file));
    }
    expect((await get('/api/schemas/index.json')).json).toEqual(schemaIndex());
  });

  it('404 for an unknown file, naming the known ones', async () => {
    const r = await get('/api/schemas/v4-inference-complete.schema.json');
    expect(r.status).toBe(404);
    expect(JSON.stringify(r.json)).toContain('v3-inference-complete.schema.json');
  });

  it('the exportSchemas command answers one combined file', async () => {
    const r = await call('exportSchemas', {});
    expect(r.ok).toBe(true);
    const file = r.value as { fileName: string; mimeType: string; content: string };
    expect(file.fileName).toBe('asleep-webhook-schemas.json');
    const bundle = JSON.parse(file.content) as Record<string, unknown>;
    expect(bundle['v3-session-complete.schema.json']).toEqual(schemaFile('v3-session-complete.schema.json'));
    expect(Object.keys(bundle)).toHaveLength(11);
  });
});
