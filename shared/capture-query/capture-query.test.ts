// Inspector filters, search and exports against a real ConsoleCore (real HTTP, real files).
import { writeFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../asleep/examples/v3-inference-complete.json';
import { ConsoleCore } from '../../electron/core/console-core';
import { tempDir } from '../../electron/core/test-support/temp-dir';
import { segmentName } from '../../electron/core/store/append-log';
import { summarize, type CaptureRecord } from '../../electron/core/store/capture-journal';
import { routeApi } from '../../electron/headless/api-routes';
import { commands } from '../contract';
import { harProblems } from '../har';
import { filterFromQueryString, filterToQueryString, statusMatches } from './index';

const KEY = 'query-test-key-0123456789';
let dir: Awaited<ReturnType<typeof tempDir>>;
let core: ConsoleCore;

const send = (body: string, key: string | null = KEY) =>
  fetch(core.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) }, body });

describe('filters, search and exports', () => {
  beforeEach(async () => {
    dir = await tempDir();
    core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
    await send(JSON.stringify(v3Inference)); // 200 valid
    await send(JSON.stringify(v3Inference)); // 200 duplicate same
    await send(JSON.stringify({ event: 'INFERENCE_COMPLETE', marker: 'ZebraCrossing' })); // 200 invalid? or 400
    await send(JSON.stringify(v3Inference), 'wrong-key-xxxx'); // 401
    await send('{not json'); // 400
  });
  afterEach(async () => {
    await core.close();
    await dir.remove();
  });

  // A generous search budget: what is found must not depend on how loaded the machine is (the budget
  // itself is tested below with an expired one).
  const list = async (q: Record<string, unknown>) => {
    const r = await core.queryCaptures(commands.listCaptures.args.parse({ limit: 100, ...q }), 60_000);
    expect(r.partial).toBeUndefined();
    return r.items;
  };

  it('filters by status (exact and class), validity, duplicate, time range', async () => {
    const all = await list({});
    expect(all).toHaveLength(5);
    expect((await list({ status: '401' })).map((c) => c.status)).toEqual([401]);
    expect((await list({ status: '4xx' })).every((c) => c.status >= 400 && c.status < 500)).toBe(true);
    expect((await list({ status: '2xx' })).every((c) => c.status === 200)).toBe(true);
    expect((await list({ valid: true })).every((c) => c.valid)).toBe(true);
    expect((await list({ duplicate: 'same' })).map((c) => c.duplicate)).toEqual(['same']);
    expect(await list({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await list({ to: new Date(Date.now() + 60_000).toISOString() })).toHaveLength(5);
    const v = all.find((c) => c.layout)!;
    expect((await list({ layout: v.layout, version: v.version! })).length).toBeGreaterThan(0);
    expect(await list({ user: v.userId! })).toHaveLength((await list({ session: `${v.userId}/${v.sessionId}` })).length);
  });

  it('search: case-insensitive over bodies and header values; partial when out of time', async () => {
    const hits = await list({ q: 'zebracrossing' });
    expect(hits).toHaveLength(1);
    const d = await core.getCapture(hits[0]!.id);
    expect(d?.body).toContain('ZebraCrossing');
    expect(await list({ q: 'APPLICATION/JSON' })).toHaveLength(5);
    expect(await list({ q: 'nowhere-to-be-found' })).toEqual([]);
    const r = await core.queryCaptures(commands.listCaptures.args.parse({ limit: 100, q: 'nowhere' }), -1);
    expect(r.partial).toBe(true);
  });

  it('the local API takes the same params', async () => {
    const api = (qs: string) => routeApi(core, core.handlers, 'GET', new URL(`http://x/api/captures?${qs}`));
    const r = await api('status=4xx&q=not%20json');
    expect(r.status).toBe(200);
    expect((r.body as { items: { status: number }[] }).items.map((c) => c.status)).toEqual([400]);
    expect((await api('status=abc')).status).toBe(400);
    expect((await api('duplicate=maybe')).status).toBe(400);
  });

  it('exports NDJSON (one CaptureDetail per line) and valid HAR 1.2', async () => {
    const nd = await core.handlers.exportCaptures(commands.exportCaptures.args.parse({ query: { status: '2xx' }, format: 'ndjson' }));
    if (!nd.ok) throw new Error(nd.error.message);
    const lines = nd.value.content.trimEnd().split('\n').map((l) => JSON.parse(l) as { status: number; body: string });
    expect(lines.length).toBe(3);
    expect(lines.every((l) => l.status === 200 && typeof l.body === 'string')).toBe(true);
    expect(nd.value.fileName).toMatch(/\.ndjson$/);

    const har = await core.handlers.exportCaptures(commands.exportCaptures.args.parse({ query: {}, format: 'har' }));
    if (!har.ok) throw new Error(har.error.message);
    const doc = JSON.parse(har.value.content);
    expect(harProblems(doc)).toEqual([]);
    expect(doc.log.entries).toHaveLength(5);
    expect(doc.log.entries[0].request.postData.text).toBe('{not json');
    expect(harProblems({ log: { version: '1.1', entries: [{}] } }).length).toBeGreaterThan(3);
  });
});

describe('pure helpers', () => {
  it('status patterns', () => {
    expect(statusMatches('4xx', 401)).toBe(true);
    expect(statusMatches('4xx', 500)).toBe(false);
    expect(statusMatches('200', 200)).toBe(true);
  });
  it('URL hash round trip', () => {
    const f = { status: '4xx', valid: false, q: 'a b&c=d', duplicate: 'conflict' as const };
    expect(filterFromQueryString(filterToQueryString(f))).toEqual(f);
    expect(filterFromQueryString('status=abc&valid=maybe&duplicate=x')).toEqual({});
  });
});

// Measurement (opt-in: INSPECTOR_BENCH=1): 100k captures written straight into a data folder.
describe.runIf(process.env.INSPECTOR_BENCH === '1')('100k captures', () => {
  it('filter and search times', { timeout: 600_000 }, async () => {
    const bench = await tempDir();
    const capDir = join(bench.path, 'captures');
    await mkdir(capDir, { recursive: true });
    const N = 100_000;
    const seg: string[] = [];
    const index: string[] = [];
    let offset = 0;
    const base = Date.parse('2025-01-01T00:00:00Z');
    for (let i = 1; i <= N; i++) {
      const body = JSON.stringify({ ...v3Inference, data: { ...v3Inference.data, user_id: `G-${i % 50}`, marker: i === 10 ? 'NeedleInHaystack' : `m${i}` } });
      const record: CaptureRecord = {
        id: `c${i}`, seq: i, receivedAt: new Date(base + i * 1000).toISOString(), method: 'POST', path: '/webhook',
        status: i % 10 === 0 ? 401 : 200, stage: i % 10 === 0 ? 'auth' : 'done', reason: null, event: 'INFERENCE_COMPLETE', layout: 'v3', version: 'V3',
        valid: i % 7 !== 0, issues: [], warnings: [], duplicate: 'no', duplicateOf: null, userId: `G-${i % 50}`, sessionId: 's', size: body.length,
        remoteAddress: '127.0.0.1', apiKey: { present: true, matched: true, last4: 'abcd' }, answerMs: 1, headers: { 'content-type': 'application/json' },
        body, bodyTruncated: false, response: { status: 200, body: '{}' }, rawHeaders: [],
      };
      const line = JSON.stringify(record) + '\n';
      const loc = { segment: 1, offset, length: Buffer.byteLength(line) };
      offset += loc.length;
      seg.push(line);
      index.push(JSON.stringify({ ...summarize(record), loc }) + '\n');
    }
    await writeFile(join(capDir, segmentName(1)), seg.join(''));
    await writeFile(join(capDir, 'index.jsonl'), index.join(''));
    const big = await ConsoleCore.open({ dataDir: bench.path, shell: 'headless', port: 0, apiKey: KEY, readOnly: true });
    const heap0 = process.memoryUsage().heapUsed;
    const time = async (label: string, q: Record<string, unknown>, budget?: number) => {
      const t = performance.now();
      const r = await big.queryCaptures(commands.listCaptures.args.parse({ limit: 200, ...q }), budget);
      console.log(`${label}: ${(performance.now() - t).toFixed(1)} ms, ${r.items.length} items${r.partial ? ' (partial)' : ''}`);
      return r;
    };
    await time('no filter', {});
    await time('status=4xx', { status: '4xx' });
    await time('valid=false&user=G-7 (sparse)', { valid: false, user: 'G-7' });
    await time('from/to (1h window at the oldest end)', { from: new Date(base).toISOString(), to: new Date(base + 3_600_000).toISOString() });
    await time('q in summaries (user id)', { q: 'g-7' });
    const r = await time('q body, needle at the oldest end (budget 400 ms)', { q: 'needleinhaystack' });
    await time('q body, needle at the oldest end (budget 20 s)', { q: 'needleinhaystack' }, 20_000);
    console.log(`heap delta ${(process.memoryUsage().heapUsed - heap0) / 1e6} MB`);
    expect(r.items.length + (r.partial ? 1 : 0)).toBeGreaterThan(0);
    await big.close();
    await bench.remove();
  });
});
