// `npm run bench`: webhook ingest and restart benchmarks, each figure next to a baseline measured in
// the same run. A report, not a test: it exits 0 whether or not the targets are met.
//
//   a. bare node:http server (reads the body, answers 200)      → baseline throughput
//   b. the console core on an empty store                       → durable throughput, p99, ratio to bare
//   c. the store filled to --fill captures, same load again     → grown throughput, grown/empty
//   d. restart-to-serving on that store, vs an empty folder and the bare server
//   e. RSS of the console after the grown run
//
// Every server and the load generator run in their own process (tsx). Options:
//   --duration S (8)  --warmup S (1)  --connections N (32)  --participants N (64)  --fill N (20000)
//   --restarts N (3)  --restart-limit S (30: give up on a start that takes longer)
//   --data-root DIR (os tmpdir)  --cpu-prof DIR (profile the console child)  --keep (the data folder)
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Child, freePort, killAllChildren } from './children';
import type { ChildStats } from './child-io';
import type { LoadConfig, LoadResult } from './load';
import { freshState, V3Generator } from './payload';
import { median } from './stats';

const TARGET_RATIO_TO_BARE = 0.25;
const TARGET_P99_MS = 50;
const TARGET_GROWN_RATIO = 0.8;

interface Ready {
  port: number;
  path: string;
  startMs: number;
  openMs?: number;
  captures?: number;
}

interface Options {
  durationMs: number;
  warmupMs: number;
  connections: number;
  participants: number;
  fill: number;
  restarts: number;
  restartLimitMs: number;
  dataRoot: string;
  cpuProf: string | null;
  keep: boolean;
}

interface Measured {
  load: LoadResult;
  serverCpuPct: number;
}

type Row = { figure: string; value: string; target: string; result: 'PASS' | 'FAIL' | '' };

const apiKey = `bench_${randomBytes(16).toString('hex')}`;
/** The time limit ConsoleCore.close() has by default (electron/core/console-core.ts), as the shells use it. */
const CORE_CLOSE_LIMIT_MS = 5_000;
const FILL_DEADLINE_MS = 75_000;

function options(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '1' },
      connections: { type: 'string', default: '32' },
      participants: { type: 'string', default: '64' },
      fill: { type: 'string', default: '20000' },
      restarts: { type: 'string', default: '3' },
      'restart-limit': { type: 'string', default: '30' },
      'data-root': { type: 'string', default: tmpdir() },
      'cpu-prof': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const num = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`);
    return n;
  };
  return {
    durationMs: num('duration', values.duration, 0.5) * 1000,
    warmupMs: num('warmup', values.warmup, 0) * 1000,
    connections: Math.floor(num('connections', values.connections, 1)),
    participants: Math.floor(num('participants', values.participants, 1)),
    fill: Math.floor(num('fill', values.fill, 0)),
    restarts: Math.floor(num('restarts', values.restarts, 1)),
    restartLimitMs: num('restart-limit', values['restart-limit'], 1) * 1000,
    dataRoot: resolve(values['data-root']),
    cpuProf: values['cpu-prof'] ? resolve(values['cpu-prof']) : null,
    keep: values.keep,
  };
}

// ------------------------------------------------------------------------------------ children

async function startBare(port = 0): Promise<{ child: Child; ready: Ready }> {
  const child = new Child('bare', 'bare-server.ts', [String(port)]);
  return { child, ready: parseReady(await child.waitFor('READY ', 30_000)) };
}

async function startConsole(dataDir: string, port = 0, nodeArgs: string[] = []): Promise<{ child: Child; ready: Ready }> {
  const child = new Child('console', 'console-server.ts', [dataDir, apiKey, String(port)], nodeArgs);
  return { child, ready: parseReady(await child.waitFor('READY ', 60_000)) };
}

function parseReady(rest: string): Ready {
  const space = rest.indexOf(' ');
  return { port: Number(rest.slice(0, space)), ...(JSON.parse(rest.slice(space + 1)) as Omit<Ready, 'port'>) };
}

/** Run the load generator against a server; sample the server's CPU over the measured window. */
async function measure(server: Child, ready: Ready, cfg: Omit<LoadConfig, 'port' | 'path' | 'apiKey'>): Promise<Measured> {
  const full: LoadConfig = { ...cfg, port: ready.port, path: ready.path, apiKey };
  const load = new Child('load', 'load.ts', [JSON.stringify(full)]);
  const budget = (cfg.count !== undefined ? (cfg.deadlineMs ?? 120_000) : (cfg.warmupMs ?? 0) + (cfg.durationMs ?? 0)) + 60_000;
  try {
    let serverCpuPct = Number.NaN;
    const result = load.waitFor('RESULT ', budget);
    if (cfg.count === undefined) {
      await load.waitFor('MARK start', budget);
      const before = await server.stats<ChildStats>();
      await load.waitFor('MARK end', budget);
      const after = await server.stats<ChildStats>();
      serverCpuPct = ((after.cpuMs - before.cpuMs) / (after.atMs - before.atMs)) * 100;
    }
    const parsed = JSON.parse(await result) as LoadResult;
    await load.wait();
    return { load: parsed, serverCpuPct };
  } finally {
    load.kill();
  }
}

/**
 * Wall time from spawn to the first 200 answer to a real webhook, polling with a POST every 10 ms.
 * The port is chosen beforehand so polling can start before the child says READY. Gives up after
 * `limitMs` (ms = null; the child is killed) so one slow start cannot make the run unbounded.
 */
async function timeToServe(
  kind: 'bare' | 'console',
  dataDir: string | null,
  probe: V3Generator,
  limitMs: number,
): Promise<{ ms: number | null; ready: Ready | null; child: Child }> {
  const port = await freePort();
  const spawned = performance.now();
  const child =
    kind === 'bare'
      ? new Child('bare', 'bare-server.ts', [String(port)])
      : new Child('console', 'console-server.ts', [dataDir!, apiKey, String(port)]);
  const readyLine = child.waitFor('READY ', limitMs + 1_000);
  readyLine.catch(() => undefined);
  for (;;) {
    if (!child.running) throw new Error(`${kind} exited before it answered`);
    if (performance.now() - spawned > limitMs) {
      child.kill();
      await child.wait();
      return { ms: null, ready: null, child };
    }
    const w = probe.next(0);
    const status = await probePost(port, w.userId, w.body);
    if (status === 200) break;
    await sleep(10);
  }
  const ms = performance.now() - spawned;
  return { ms, ready: parseReady(await readyLine), child };
}

function probePost(port: number, userId: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/webhook',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-api-key': apiKey, 'x-user-id': userId },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.setTimeout(5_000, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

// ------------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  const opt = options();
  mkdirSync(opt.dataRoot, { recursive: true });
  const root = mkdtempSync(join(opt.dataRoot, 'asleep-bench-'));
  const store = join(root, 'store');
  const genState = join(root, 'generator-state.json');
  const stop = (code: number) => {
    killAllChildren();
    if (!opt.keep) rmSync(root, { recursive: true, force: true });
    process.exit(code);
  };
  process.once('SIGINT', () => stop(130));
  process.once('SIGTERM', () => stop(143));

  const began = performance.now();
  const secs = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const duration = { warmupMs: opt.warmupMs, durationMs: opt.durationMs };
  const common = { connections: opt.connections, participants: opt.participants };
  const loadDesc = `${secs(opt.durationMs)} at ${opt.connections} connections (after ${secs(opt.warmupMs)} warm-up)`;
  const rows: Row[] = [];
  const info: string[] = [];
  let consoleChild: Child | null = null;

  console.log(`bench: data in ${root} (${fsType(root)}), node ${process.version}, ${opt.participants} participants`);
  try {
    // a. bare node:http
    console.log(`bare server: ${loadDesc}…`);
    const bare = await startBare();
    const bareRun = await measure(bare.child, bare.ready, { ...common, ...duration });
    await bare.child.stop();
    console.log(`  ${line(bareRun)}`);

    // b. console core, empty store
    console.log(`console, empty store: ${loadDesc}…`);
    const nodeArgs = opt.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${opt.cpuProf}`] : [];
    const con = await startConsole(store, 0, nodeArgs);
    consoleChild = con.child;
    const emptyRun = await measure(con.child, con.ready, { ...common, ...duration, stateOut: genState });
    console.log(`  ${line(emptyRun)}`);

    // c. fill to opt.fill captures, then the same load on the grown store
    let stored = (await con.child.stats<ChildStats>()).captures!;
    const fill = Math.max(0, opt.fill - stored);
    let fillRun: Measured | null = null;
    if (fill > 0) {
      console.log(`filling the store: ${stored} → ${opt.fill} captures (${fill} more, as fast as it takes them)…`);
      fillRun = await measure(con.child, con.ready, { ...common, count: fill, deadlineMs: FILL_DEADLINE_MS, stateIn: genState, stateOut: genState });
      stored = (await con.child.stats<ChildStats>()).captures!;
      console.log(`  ${fillRun.load.okTotal} stored in ${secs(fillRun.load.seconds * 1000)} (${fillRun.load.rps.toFixed(0)}/s); store now ${stored} captures`);
      if (stored < opt.fill) {
        console.log(`  WARNING: the fill stopped after ${secs(FILL_DEADLINE_MS)} to keep the run bounded; "grown" is ${stored} captures, not ${opt.fill}`);
        info.push(`the fill stopped at ${stored} captures (time limit ${secs(FILL_DEADLINE_MS)}), short of ${opt.fill}`);
      }
    } else {
      console.log(`store already holds ${stored} captures (≥ ${opt.fill}): no fill needed`);
    }
    console.log(`console, grown store (${stored} captures): ${loadDesc}…`);
    const grownRun = await measure(con.child, con.ready, { ...common, ...duration, stateIn: genState, stateOut: genState });
    console.log(`  ${line(grownRun)}`);

    // e. memory after the grown run
    const afterGrown = await con.child.stats<ChildStats>();
    const storedBeforeStop = afterGrown.captures!;

    // d. restart-to-serving
    console.log(`stopping the console (SIGTERM, store of ${storedBeforeStop} captures)…`);
    const stopStarted = performance.now();
    const code = await con.child.stop('SIGTERM', 40_000);
    const stopMs = performance.now() - stopStarted;
    consoleChild = null;
    const closeMs = await con.child
      .waitFor('CLOSED ', 1)
      .then((l) => (JSON.parse(l) as { ms: number }).ms)
      .catch(() => Number.NaN);
    const closeTimedOut = closeMs >= CORE_CLOSE_LIMIT_MS;
    console.log(
      `  exited with code ${code} after ${stopMs.toFixed(0)} ms (ConsoleCore.close ${closeMs.toFixed(0)} ms` +
        (closeTimedOut ? `: hit its ${CORE_CLOSE_LIMIT_MS} ms limit, so the written-behind files were not all flushed)` : ')'),
    );
    if (opt.cpuProf) console.log(`  CPU profile of the console child written to ${opt.cpuProf}`);

    console.log(
      `restart-to-serving, ${opt.restarts}× each (limit ${secs(opt.restartLimitMs)}): bare server, console on an empty folder, console on the grown store…`,
    );
    const probe = new V3Generator(freshState(1));
    const t = { bare: [] as number[], empty: [] as number[], emptyOpen: [] as number[], grown: [] as number[], grownOpen: [] as number[] };
    let capturesAfterRestart: number | null = null;
    let grownGaveUp = false;
    let storeAtEnd = storedBeforeStop;
    for (let r = 0; r < opt.restarts; r++) {
      const b = await timeToServe('bare', null, probe, opt.restartLimitMs);
      if (b.ms !== null) t.bare.push(b.ms);
      await b.child.stop();
      const e = await timeToServe('console', join(root, `empty-${r}`), probe, opt.restartLimitMs);
      if (e.ms !== null) t.empty.push(e.ms);
      if (e.ready?.openMs !== undefined) t.emptyOpen.push(e.ready.openMs);
      await e.child.stop();
      let grown = 'skipped (an earlier try took too long)';
      if (!grownGaveUp) {
        const g = await timeToServe('console', store, probe, opt.restartLimitMs);
        if (g.ms === null || !g.ready) {
          grownGaveUp = true;
          grown = `no 200 within ${secs(opt.restartLimitMs)}: killed, not tried again`;
        } else {
          t.grown.push(g.ms);
          if (g.ready.openMs !== undefined) t.grownOpen.push(g.ready.openMs);
          if (r === 0) capturesAfterRestart = g.ready.captures ?? null;
          storeAtEnd = (await g.child.stats<ChildStats>()).captures!;
          await g.child.stop();
          grown = `${fmt(g.ms)} (open ${fmt(g.ready.openMs)}, ${g.ready.captures} captures)`;
        }
      }
      console.log(`  #${r + 1}: bare ${fmt(b.ms)}, empty ${fmt(e.ms)} (open ${fmt(e.ready?.openMs)}), grown ${grown}`);
    }

    // f. report
    const ratio = emptyRun.load.rps / bareRun.load.rps;
    const grownRatio = grownRun.load.rps / emptyRun.load.rps;
    const badAnswers = [bareRun, emptyRun, fillRun, grownRun].reduce((n, m) => n + (m ? m.load.errors + m.load.non200 + m.load.unexpectedBody : 0), 0);
    const firstErr = [bareRun, emptyRun, fillRun, grownRun].map((m) => m?.load.firstError).find((e) => e);
    const pass = (ok: boolean): Row['result'] => (ok ? 'PASS' : 'FAIL');
    rows.push(
      { figure: 'bare node:http throughput', value: `${bareRun.load.rps.toFixed(0)} req/s`, target: 'baseline', result: '' },
      { figure: 'bare p50 / p99 latency', value: `${ms2(bareRun.load.latency.p50)} / ${ms2(bareRun.load.latency.p99)} ms`, target: '', result: '' },
      { figure: 'durable throughput, empty store', value: `${emptyRun.load.rps.toFixed(0)} req/s`, target: '', result: '' },
      { figure: '  ratio to bare', value: pct(ratio), target: `≥ ${pct(TARGET_RATIO_TO_BARE)}`, result: pass(ratio >= TARGET_RATIO_TO_BARE) },
      { figure: '  p50 / p90 latency', value: `${ms2(emptyRun.load.latency.p50)} / ${ms2(emptyRun.load.latency.p90)} ms`, target: '', result: '' },
      { figure: '  p99 latency', value: `${ms2(emptyRun.load.latency.p99)} ms`, target: `≤ ${TARGET_P99_MS} ms`, result: pass(emptyRun.load.latency.p99 <= TARGET_P99_MS) },
      { figure: '  max latency', value: `${ms2(emptyRun.load.latency.max)} ms`, target: '', result: '' },
      { figure: `durable throughput, grown store`, value: `${grownRun.load.rps.toFixed(0)} req/s`, target: '', result: '' },
      { figure: '  grown / empty', value: grownRatio.toFixed(2), target: `≥ ${TARGET_GROWN_RATIO}`, result: pass(grownRatio >= TARGET_GROWN_RATIO) },
      { figure: '  ratio to bare', value: pct(grownRun.load.rps / bareRun.load.rps), target: '', result: '' },
      { figure: '  p50 / p90 latency', value: `${ms2(grownRun.load.latency.p50)} / ${ms2(grownRun.load.latency.p90)} ms`, target: '', result: '' },
      { figure: '  p99 latency', value: `${ms2(grownRun.load.latency.p99)} ms`, target: `≤ ${TARGET_P99_MS} ms`, result: pass(grownRun.load.latency.p99 <= TARGET_P99_MS) },
      { figure: '  max latency', value: `${ms2(grownRun.load.latency.max)} ms`, target: '', result: '' },
      {
        figure: 'errors + non-200 + odd bodies, all runs',
        value: String(badAnswers),
        target: '0',
        result: pass(badAnswers === 0),
      },
      {
        figure: `restart-to-serving, grown store (${grownGaveUp && t.grown.length === 0 ? 'first try' : `median of ${t.grown.length}`})`,
        value: t.grown.length > 0 ? `${median(t.grown).toFixed(0)} ms` : `> ${secs(opt.restartLimitMs)} (gave up)`,
        target: '',
        result: '',
      },
      { figure: '  of which ConsoleCore.open', value: t.grownOpen.length > 0 ? `${median(t.grownOpen).toFixed(0)} ms` : 'n/a', target: '', result: '' },
      { figure: '  console, empty folder', value: `${medianMs(t.empty)} (open ${medianMs(t.emptyOpen)})`, target: 'baseline', result: '' },
      { figure: '  bare node:http server', value: medianMs(t.bare), target: 'baseline', result: '' },
      {
        figure: '  captures seen after restart',
        value: `${capturesAfterRestart ?? 'n/a'} of ${storedBeforeStop}`,
        target: 'all',
        result: pass(capturesAfterRestart === storedBeforeStop),
      },
      {
        figure: 'console shutdown after load (SIGTERM → exit)',
        value: `${stopMs.toFixed(0)} ms${closeTimedOut ? ' (close timed out)' : ''}`,
        target: '',
        result: '',
      },
      { figure: 'console RSS after grown run', value: `${mib(afterGrown.rss)} (heap ${mib(afterGrown.heapUsed)})`, target: '', result: '' },
    );
    info.push(
      `server CPU over the measured window (% of one core): bare ${pct0(bareRun.serverCpuPct)}, console empty ${pct0(emptyRun.serverCpuPct)}, grown ${pct0(grownRun.serverCpuPct)}`,
      `load generator CPU (% of one core): bare ${pct0(bareRun.load.clientCpuPct)}, empty ${pct0(emptyRun.load.clientCpuPct)}, grown ${pct0(grownRun.load.clientCpuPct)}` +
        ` — near 100% means the client, not the server, set the pace`,
      `requests measured: bare ${bareRun.load.ok}, empty ${emptyRun.load.ok}, grown ${grownRun.load.ok}; store at the end ${storeAtEnd} captures`,
    );
    if (firstErr) info.push(`first error: ${firstErr}`);
    printTable(rows);
    for (const i of info) console.log(`  ${i}`);
    const targets = rows.filter((r) => r.result !== '');
    const met = targets.filter((r) => r.result === 'PASS').length;
    console.log(`bench: ${met} of ${targets.length} targets met (${secs(performance.now() - began)})`);
  } finally {
    if (consoleChild) await consoleChild.stop('SIGTERM', 5_000).catch(() => undefined);
    killAllChildren();
    if (opt.keep) console.log(`bench: kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

function line(m: Measured): string {
  const l = m.load;
  return (
    `${l.rps.toFixed(0)} req/s, p50 ${ms2(l.latency.p50)} ms, p90 ${ms2(l.latency.p90)} ms, p99 ${ms2(l.latency.p99)} ms, max ${ms2(l.latency.max)} ms, ` +
    `errors ${l.errors}, non-200 ${l.non200}; CPU server ${pct0(m.serverCpuPct)}, client ${pct0(l.clientCpuPct)}`
  );
}

function printTable(rows: Row[]): void {
  const head: Row = { figure: 'figure', value: 'value', target: 'target', result: '' };
  const w = (k: keyof Row) => Math.max(...[head, ...rows].map((r) => r[k].length));
  const [a, b, c] = [w('figure'), w('value'), w('target')];
  const fmtRow = (r: Row) => `${r.figure.padEnd(a)}  ${r.value.padStart(b)}  ${r.target.padEnd(c)}  ${r.result}`.trimEnd();
  console.log('');
  console.log(fmtRow({ ...head, result: 'result' as Row['result'] }));
  console.log('-'.repeat(a + b + c + 12));
  for (const r of rows) console.log(fmtRow(r));
  console.log('');
}

function fsType(dir: string): string {
  try {
    const t = statfsSync(dir).type;
    const names: Record<number, string> = { 0xef53: 'ext4', 0x01021994: 'tmpfs — fsync is free here, figures are optimistic', 0x58465342: 'xfs', 0x9123683e: 'btrfs', 0x794c7630: 'overlayfs' };
    return names[t] ?? `filesystem 0x${t.toString(16)}`;
  } catch {
    return 'filesystem unknown';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms2 = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : 'n/a');
const fmt = (v: number | null | undefined) => (v === undefined || v === null ? 'n/a' : `${v.toFixed(0)} ms`);
const medianMs = (v: number[]) => (v.length > 0 ? `${median(v).toFixed(0)} ms` : 'n/a');
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const pct0 = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)}%` : 'n/a');
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('bench: failed:', err instanceof Error ? (err.stack ?? err.message) : err);
    killAllChildren();
    process.exit(1);
  },
);
