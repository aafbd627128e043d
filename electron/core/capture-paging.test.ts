// Paging the captures list back with beforeSeq, against a real core (real HTTP, real files): accepted and
// rejected captures interleave, each page starts exactly below the last one, with and without a filter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../../shared/asleep/examples/v3-inference-complete.json';
import { commands } from '../../shared/contract';
import type { CaptureSummary } from '../../shared/capture';
import { ConsoleCore } from './console-core';
import { tempDir } from './test-support/temp-dir';

const KEY = 'paging-test-key-0123456789';
let dir: Awaited<ReturnType<typeof tempDir>>;
let core: ConsoleCore;

beforeEach(async () => {
  dir = await tempDir();
  core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
});
afterEach(async () => {
  await core.close();
  await dir.remove();
});

const send = async (i: number) => {
  const body = JSON.stringify({ ...v3Inference, data: { ...v3Inference.data, inference_seq_num: i, seq_num: i * 10 + 9 } });
  const key = i % 4 === 3 ? 'wrong-key-abcdef' : KEY; // every fourth is refused (the rejected journal)
  const res = await fetch(core.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body });
  await res.text();
};

async function pages(query: Record<string, unknown>, limit: number): Promise<CaptureSummary[][]> {
  const out: CaptureSummary[][] = [];
  let beforeSeq: number | undefined;
  for (;;) {
    const page = await core.listCaptures(commands.listCaptures.args.parse({ ...query, limit, ...(beforeSeq ? { beforeSeq } : {}) }));
    if (page.length === 0) return out;
    out.push(page);
    beforeSeq = page.at(-1)!.seq;
  }
}

describe('captures list paging', () => {
  it('pages through accepted and rejected captures, newest first, without gaps or repeats', async () => {
    for (let i = 0; i < 23; i++) await send(i);
    const all = await core.listCaptures(commands.listCaptures.args.parse({ limit: 1000 }));
    expect(all).toHaveLength(23);
    expect(all.map((c) => c.seq)).toEqual([...all.map((c) => c.seq)].sort((a, b) => b - a));
    const paged = await pages({}, 5);
    expect(paged.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    expect(paged.flat().map((c) => c.id)).toEqual(all.map((c) => c.id));

    const refused = await pages({ status: '4xx' }, 2);
    expect(refused.flat().map((c) => c.id)).toEqual(all.filter((c) => c.status === 401).map((c) => c.id));
    expect(await core.listCaptures(commands.listCaptures.args.parse({ limit: 10, beforeSeq: all.at(-1)!.seq }))).toEqual([]);
    expect((await core.listCaptures(commands.listCaptures.args.parse({ limit: 3, beforeSeq: 1_000_000 }))).map((c) => c.id)).toEqual(all.slice(0, 3).map((c) => c.id));
  });
});
