// Webhook metrics at 100,000 captures: `npx tsx bench/metrics-bench.ts` (part of `npm run bench`).
//
// Builds capture index entries in memory as the journals hold them (a week of traffic from 40
// participants: mostly valid chunks, some invalid ones, repeats, refused requests with each kind of
// cause), then times the getMetrics computation (MetricsService, the code behind the command and
// GET /api/metrics) for each window against a baseline measured in the same run: one bare pass over
// the same entries that only parses each time and counts by status (the least any implementation
// must do for a week's view).
//
// Target: the week's view (every capture read) within 2× the bare pass, i.e. no cost per capture
// beyond reading its time and a few counters (absolute times depend on the machine and its load, so
// the target is the ratio; the week's live refresh runs at most every 10 s, the others every 2 s).
// A report, not a test: exits 0 whether or not the target is met.
//   --captures N (100000)  --runs N (30)  --warmup N (5)
import { parseArgs } from 'node:util';
import type { CaptureSummary } from '../shared/capture';
import type { MetricsWindow } from '../shared/metrics';
import { MetricsService } from '../electron/core/metrics/metrics-service';
import type { IndexEntry } from '../electron/core/store/capture-journal';
import { createRng } from '../shared/simulator/rng';
import { percentile } from './stats';

const TARGET_WEEK_RATIO = 2;
const WEEK_MS = 7 * 24 * 3600_000;

const { values } = parseArgs({
  options: { captures: { type: 'string', default: '100000' }, runs: { type: 'string', default: '30' }, warmup: { type: 'string', default: '5' } },
});
const total = Number(values.captures);
const runs = Number(values.runs);
const warmup = Number(values.warmup);

function build(n: number, now: number): { accepted: IndexEntry[]; refused: IndexEntry[] } {
  const rng = createRng(42);
  const accepted: IndexEntry[] = [];
  const refused: IndexEntry[] = [];
  const step = WEEK_MS / n;
  for (let i = 0; i < n; i++) {
    const seq = i + 1;
    const at = now - WEEK_MS + i * step + rng.next() * step * 0.5;
    const user = `G-bench-${String(Math.floor(rng.next() * 40)).padStart(2, '0')}`;
    const roll = rng.next();
    const base: CaptureSummary = {
      id: `c${seq}`,
      seq,
      receivedAt: new Date(at).toISOString(),
      method: 'POST',
      path: '/webhook',
      status: 200,
      stage: 'done',
      reason: null,
      event: roll < 0.02 ? 'SESSION_COMPLETE' : 'INFERENCE_COMPLETE',
      layout: 'v3',
      version: 'V3',
      valid: true,
      issues: [],
      warnings: [],
      duplicate: roll < 0.05 ? 'same' : roll < 0.06 ? 'conflict' : 'no',
      duplicateOf: null,
      userId: user,
      sessionId: `s-${user}-${Math.floor(i / 2000)}`,
      size: 900,
      remoteAddress: '127.0.0.1',
      apiKey: { present: true, matched: true, last4: 'abcd' },
      answerMs: 0.5 + rng.next() * 4,
    };
    const loc = { segment: 0, offset: i * 1000, length: 900 };
    if (roll > 0.97) {
      const kind = Math.floor(rng.next() * 4);
      const refusal = [
        { status: 401, stage: 'auth' as const, reason: 'The x-api-key header does not match this console’s key (it ended in …zzzz).', apiKey: { present: true, matched: false, last4: 'zzzz' } },
        { status: 401, stage: 'auth' as const, reason: 'The x-api-key header is missing.', apiKey: { present: false, matched: false, last4: null } },
        { status: 400, stage: 'parse' as const, reason: 'The body is not JSON: Unexpected end of JSON input', apiKey: base.apiKey },
        { status: 404, stage: 'path' as const, reason: 'Nothing is served at /x; webhooks go to POST /webhook.', apiKey: base.apiKey },
      ][kind]!;
      refused.push({ summary: { ...base, ...refusal, valid: false, event: null, layout: null, version: null, answerMs: 0.2 + rng.next() }, loc } as IndexEntry);
    } else if (roll > 0.94) {
      accepted.push({ summary: { ...base, valid: false, issues: [{ path: `data.sleep_stages.${Math.floor(rng.next() * 10)}`, message: 'expected one of -1, 0, 1, 2, 3, got 7' }] }, loc } as IndexEntry);
    } else accepted.push({ summary: base, loc } as IndexEntry);
  }
  return { accepted, refused };
}

async function time(fn: () => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b);
}

/** The baseline: parse every time and count by status class, nothing else. */
function barePass(lists: readonly (readonly IndexEntry[])[]): number {
  const counts = [0, 0, 0, 0, 0, 0];
  for (const list of lists) {
    for (let i = list.length - 1; i >= 0; i--) {
      const s = list[i]!.summary;
      if (Date.parse(s.receivedAt) > 0) counts[Math.floor(s.status / 100)]!++;
    }
  }
  return counts[2]!;
}

const now = Date.now();
const { accepted, refused } = build(total, now);
const service = new MetricsService({
  accepted: async function* () {
    yield accepted;
  },
  refused: () => refused,
  pending: () => [],
  staleAfterMinutes: () => 15,
  refusedLimit: 10_000,
});
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

console.log(`Webhook metrics: ${total.toLocaleString('en-US')} captures over 7 days (${accepted.length.toLocaleString('en-US')} accepted, ${refused.length.toLocaleString('en-US')} refused), ${runs} runs after ${warmup} warm-up`);
const base = await time(() => barePass([accepted, refused]));
const baseP50 = percentile(base, 50);
console.log(`  baseline  bare pass (parse + count)      p50 ${fmt(baseP50)}  p90 ${fmt(percentile(base, 90))}`);
let weekP50 = Number.NaN;
for (const window of ['hour', 'night', 'week'] as MetricsWindow[]) {
  let size = 0;
  const s = await time(async () => {
    size = JSON.stringify(await service.compute({ window, offsetMinutes: 0 }, now)).length;
  });
  const p50 = percentile(s, 50);
  if (window === 'week') weekP50 = p50;
  console.log(
    `  getMetrics ${window.padEnd(5)} (incl. JSON)           p50 ${fmt(p50)}  p90 ${fmt(percentile(s, 90))}  ${(p50 / baseP50).toFixed(2)}× baseline  answer ${(size / 1024).toFixed(1)} KiB`,
  );
}
const ratio = weekP50 / baseP50;
console.log(`  target: week within ${TARGET_WEEK_RATIO}× the bare pass → ${ratio <= TARGET_WEEK_RATIO ? 'PASS' : 'FAIL'} (${ratio.toFixed(2)}×, ${fmt(weekP50)})`);
