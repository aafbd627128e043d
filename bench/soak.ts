// `npm run soak`: the console under the simulator at maximum speed for a long time (30 minutes by
// default). A report, not a test (not part of `npm test`): it shows whether the console's memory stays
// flat and whether anything acknowledged is lost.
//
//   1. the console core runs in its own process (bench/console-server.ts) on a fresh data folder;
//   2. the simulator's own sender (electron/core/simulator/send.ts) plays realistic nights at maximum
//      speed, in every layout, with duplicates, conflicts, reordering, invalid bodies and wrong keys,
//      many participants, night after night until the time is up;
//   3. every --sample seconds the console reports its RSS and heap (process.memoryUsage over stdout,
//      right after a garbage collection, so the heap is what it really keeps);
//   4. then the console is stopped, the folder opened again, and every acknowledged capture looked up.
//
// Options: --minutes N (30)  --participants N (40)  --loops N (2: sets of nights sent side by side)
//   --concurrency N (32)  --sample S (10)  --warmup S (20% of the run, 20 s to 5 min)
//   --tolerance P (20: "flat" = the median RSS of the last third of the run after warm-up at most P% above
//   that of the first third)  --seed N (1)
//   --data DIR (a fresh temp folder, removed afterwards unless --keep)  --keep
// Exit code 0 when memory stayed flat and nothing acknowledged was lost, else 1.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Layout } from '../shared/asleep/model';
import { planSimulation } from '../shared/simulator';
import { ConsoleCore } from '../electron/core/console-core';
import { sendPlan } from '../electron/core/simulator/send';
import { Child, killAllChildren } from './children';
import type { ChildStats } from './child-io';

const USAGE = `npm run soak -- [--minutes N] [--participants N] [--loops N] [--concurrency N] [--sample S]
                   [--warmup S] [--tolerance P] [--seed N] [--data DIR] [--keep]
The console under the simulator at maximum speed for N minutes (30): RSS sampled every S seconds (10),
every acknowledged capture looked up after a restart. Exit 0 when memory stayed flat and nothing was lost.`;

const LAYOUT_CYCLE: Layout[] = ['v3', 'v2', 'v1', 'flat'];
const DAY_MS = 24 * 3600 * 1000;
const MB = 1024 * 1024;

interface Options {
  minutes: number;
  participants: number;
  loops: number;
  concurrency: number;
  sampleMs: number;
  warmupMs: number;
  tolerancePct: number;
  seed: number;
  dataDir: string | null;
  keep: boolean;
}

interface Sample {
  atMs: number;
  rss: number;
  heapUsed: number;
  external: number;
  captures: number;
  rejected: number;
  sent: number;
}

interface Counts {
  sent: number;
  ok: number;
  clientErrors: number;
  serverErrors: number;
  unreachable: number;
  other: number;
  nights: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '30' },
      participants: { type: 'string', default: '40' },
      loops: { type: 'string', default: '2' },
      concurrency: { type: 'string', default: '32' },
      sample: { type: 'string', default: '10' },
      warmup: { type: 'string' },
      tolerance: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      data: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const num = (name: string, text: string | undefined, min: number): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < min) {
      console.error(`--${name} must be a number of at least ${min} (got ${text})`);
      process.exit(2);
    }
    return n;
  };
  const minutes = num('minutes', values.minutes, 0.1);
  const runMs = minutes * 60_000;
  return {
    minutes,
    participants: Math.round(num('participants', values.participants, 1)),
    loops: Math.round(num('loops', values.loops, 1)),
    concurrency: Math.round(num('concurrency', values.concurrency, 1)),
    sampleMs: num('sample', values.sample, 1) * 1000,
    warmupMs: values.warmup !== undefined ? num('warmup', values.warmup, 0) * 1000 : Math.min(300_000, Math.max(20_000, runMs * 0.2)),
    tolerancePct: num('tolerance', values.tolerance, 0),
    seed: Math.round(num('seed', values.seed, 0)),
    dataDir: values.data ? resolve(values.data) : null,
    keep: values.keep === true,
  };
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const int = (n: number) => n.toLocaleString('en-US');
const clock = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;
const pct = (a: number, b: number) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)}%`;

/** Capture ids come back as `c<seq>`: kept as numbers, a few bytes each even after millions. */
const seqOf = (captureId: string) => Number(captureId.slice(1));

async function main(): Promise<void> {
  const o = options();
  const apiKey = `soak_${randomBytes(16).toString('hex')}`;
  const ownFolder = o.dataDir === null;
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'asleep-soak-'));
  if (!ownFolder && existsSync(join(dataDir, 'captures'))) console.log(`note: ${dataDir} already holds captures; they are counted in the figures below`);
  console.log(
    `soak: ${o.minutes} min at maximum speed, ${o.loops} × ${o.participants} participants, seed ${o.seed}, data folder ${dataDir}\n` +
      `      RSS sampled every ${o.sampleMs / 1000} s; warm-up ${Math.round(o.warmupMs / 1000)} s; "flat" = median RSS of the last third after warm-up within +${o.tolerancePct}% of the first third`,
  );

  // --expose-gc: each sample collects garbage first, so the heap figure is what the console keeps.
  const child = new Child('console', 'console-server.ts', [dataDir, apiKey], ['--expose-gc']);
  const readyLine = await child.waitFor('READY ', 60_000);
  const port = Number(readyLine.slice(0, readyLine.indexOf(' ')));
  const { path } = JSON.parse(readyLine.slice(readyLine.indexOf(' ') + 1)) as { path: string };
  const url = `http://127.0.0.1:${port}${path}`;

  const counts: Counts = { sent: 0, ok: 0, clientErrors: 0, serverErrors: 0, unreachable: 0, other: 0, nights: 0 };
  const acked: number[] = [];
  const stop = new AbortController();
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const samples: Sample[] = [];

  const sample = async (): Promise<Sample> => {
    const reply = child.waitFor('STATS ', 30_000);
    child.send('stats gc');
    const s = JSON.parse(await reply) as ChildStats & { captures: number; rejected: number; capturesInMemory: number; sessionsInMemory: number };
    const row: Sample = { atMs: elapsed(), rss: s.rss, heapUsed: s.heapUsed, external: s.external, captures: s.captures, rejected: s.rejected, sent: counts.sent };
    samples.push(row);
    const prev = samples.at(-2);
    const rate = prev ? ((row.sent - prev.sent) * 1000) / Math.max(1, row.atMs - prev.atMs) : 0;
    console.log(
      `  ${clock(row.atMs).padStart(6)}  rss ${mb(row.rss).padStart(9)}  heap ${mb(row.heapUsed).padStart(9)}  external ${mb(row.external).padStart(8)}  captures ${int(row.captures).padStart(10)}  rejected ${int(row.rejected).padStart(7)}  ${int(Math.round(rate)).padStart(6)} req/s  in memory: ${int(s.capturesInMemory).padStart(7)} summaries, ${int(s.sessionsInMemory).padStart(5)} nights`,
    );
    return row;
  };

  // One loop plays a set of nights, then the next set (the following day, the next layout), until stopped.
  const loop = async (index: number): Promise<void> => {
    for (let round = 0; !stop.signal.aborted; round++) {
      const sim = planSimulation({
        seed: o.seed * 1_000 + index * 100_003 + round,
        startMs: Date.UTC(2025, 0, 1, 22) + (round * o.loops + index) * DAY_MS,
        participants: o.participants,
        nights: 1,
        layout: LAYOUT_CYCLE[(round + index) % LAYOUT_CYCLE.length]!,
        plan: 5,
        breathing: round % 2 === 0,
        faults: ['dup', 'conflict', 'reorder', 'invalid', 'badkey'],
        apiKey,
      });
      const summary = await sendPlan(sim.requests, {
        url,
        speed: 'max',
        signal: stop.signal,
        concurrency: Math.max(1, Math.round(o.concurrency / o.loops)),
        stopWhenFirstUnreachable: false,
        onResult: (r) => {
          counts.sent++;
          if (r.status === null) counts.unreachable++;
          else if (r.status >= 200 && r.status < 300) {
            counts.ok++;
            if (r.captureId) acked.push(seqOf(r.captureId));
          } else if (r.status >= 500) counts.serverErrors++;
          else if (r.status >= 400) counts.clientErrors++;
          else counts.other++;
        },
      });
      if (!summary.aborted) counts.nights += sim.sessions.length;
    }
  };

  const first = await sample();
  const loops = Array.from({ length: o.loops }, (_, i) => loop(i));
  const runMs = o.minutes * 60_000;
  let warm: Sample | null = null;
  let died: string | null = null;
  while (elapsed() < runMs) {
    await new Promise((r) => setTimeout(r, Math.min(o.sampleMs, Math.max(0, runMs - elapsed()))));
    try {
      const s = await sample();
      if (!warm && s.atMs >= o.warmupMs) warm = s;
    } catch (err) {
      // Out of memory, for instance: report what was measured, then check what a restart finds.
      died = `${err instanceof Error ? err.message : String(err)} at ${clock(elapsed())}`;
      console.log(`  the console process died: ${died}`);
      break;
    }
  }
  const end = samples.at(-1)!;
  stop.abort();
  await Promise.all(loops);

  // Stop the console as the shells do, then open the folder again and look up every acknowledgement.
  console.log(died ? 'opening the folder again after the crash…' : 'stopping the console and opening the folder again…');
  await child.stop('SIGTERM', 60_000);
  const openStarted = performance.now();
  const core = await ConsoleCore.open({ dataDir, shell: 'headless', port: 0 });
  const openMs = performance.now() - openStarted;
  let found = 0;
  let sessions = 0;
  let corrupt = 0;
  try {
    const stored = new Set<number>();
    // Page by page (as the inspector does): the store may hold millions of captures, most of them cold.
    for (let beforeSeq: number | undefined; ; ) {
      const page = await core.listCaptures({ limit: 10_000, ...(beforeSeq === undefined ? {} : { beforeSeq }) });
      for (const c of page) if (c.status >= 200 && c.status < 300) stored.add(c.seq);
      if (page.length < 10_000) break;
      beforeSeq = page.at(-1)!.seq;
    }
    for (const seq of acked) if (stored.has(seq)) found++;
    sessions = await listCount(core);
    corrupt = core.status().storage.corruptFiles.length;
  } finally {
    await core.close();
  }

  const maxRss = Math.max(...samples.map((s) => s.rss));
  const baseline = warm ?? end;
  // RSS swings by tens of MB from one sample to the next (garbage, file buffers, segments going cold):
  // compare the median of the first and the last third after warm-up, not two single samples.
  const steady = samples.filter((s) => s.atMs >= baseline.atMs);
  const third = Math.max(1, Math.floor(steady.length / 3));
  const early = { rss: median(steady.slice(0, third).map((s) => s.rss)), heap: median(steady.slice(0, third).map((s) => s.heapUsed)) };
  const late = { rss: median(steady.slice(-third).map((s) => s.rss)), heap: median(steady.slice(-third).map((s) => s.heapUsed)) };
  const slope = slopePer10Min(steady.map((s) => [s.atMs, s.rss]));
  const heapSlope = slopePer10Min(steady.map((s) => [s.atMs, s.heapUsed]));
  const externalSlope = slopePer10Min(steady.map((s) => [s.atMs, s.external]));
  const flat = late.rss <= early.rss * (1 + o.tolerancePct / 100);
  const lost = acked.length - found;
  const grownCaptures = end.captures - baseline.captures;
  const perCapture = grownCaptures > 0 ? (end.rss - baseline.rss) / grownCaptures : 0;
  const heapPerCapture = grownCaptures > 0 ? (end.heapUsed - baseline.heapUsed) / grownCaptures : 0;
  const rows: [string, string][] = [
    ['run', `${clock(end.atMs)} of load, ${int(counts.nights)} nights completed`],
    ['requests sent', int(counts.sent)],
    ['2xx acknowledged', int(counts.ok)],
    ['other answers', `${int(counts.clientErrors)} 4xx (wrong keys, by design), ${int(counts.serverErrors)} 5xx, ${int(counts.unreachable)} unanswered, ${int(counts.other)} other`],
    ['RSS at start', `${mb(first.rss)} (heap ${mb(first.heapUsed)})`],
    ['RSS after warm-up', `${mb(baseline.rss)} at ${clock(baseline.atMs)} (heap ${mb(baseline.heapUsed)}, ${int(baseline.captures)} captures)`],
    ['RSS at end', `${mb(end.rss)} at ${clock(end.atMs)} (heap ${mb(end.heapUsed)}, ${int(end.captures)} captures), ${pct(end.rss, baseline.rss)} vs warm-up`],
    ['RSS max', mb(maxRss)],
    ['steady state', `median RSS ${mb(early.rss)} → ${mb(late.rss)} (${pct(late.rss, early.rss)}), heap ${mb(early.heap)} → ${mb(late.heap)}; first vs last third after warm-up`],
    ['trend', `RSS ${mb(slope)}, heap ${mb(heapSlope)}, external ${mb(externalSlope)} per 10 min (least squares after warm-up)`],
    ['growth per capture', `${perCapture.toFixed(0)} B RSS, ${heapPerCapture.toFixed(0)} B heap (after warm-up)`],
    ['restart', `folder opened again in ${(openMs / 1000).toFixed(2)} s, ${int(sessions)} sessions, ${corrupt} corrupt-file reports`],
    ['captures after restart', `${int(found)} of ${int(acked.length)} acknowledged found (${int(lost)} missing)`],
  ];
  if (died) rows.push(['console process', `DIED: ${died}`]);
  console.log('');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(24)} ${v}`);
  const memory = died
    ? 'THE CONSOLE DIED'
    : `${flat ? 'FLAT' : 'GROWING'} (median RSS of the last third ${pct(late.rss, early.rss)} vs the first third after warm-up; tolerance +${o.tolerancePct}%)`;
  const verdict = `${memory}, ${lost === 0 ? 'nothing lost' : `${int(lost)} ACKNOWLEDGED CAPTURES LOST`}`;
  console.log(`\n  verdict: ${verdict}`);

  if (ownFolder && !o.keep) rmSync(dataDir, { recursive: true, force: true });
  else console.log(`  data folder kept: ${dataDir}`);
  process.exitCode = flat && lost === 0 && !died ? 0 : 1;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Least-squares slope of [ms, bytes] points, in bytes per 10 minutes. */
function slopePer10Min(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 600_000;
}

async function listCount(core: ConsoleCore): Promise<number> {
  const r = await core.handlers.listSessions({});
  return r.ok ? r.value.items.length : 0;
}

main().catch((err: unknown) => {
  killAllChildren();
  console.error(err);
  process.exit(1);
});
