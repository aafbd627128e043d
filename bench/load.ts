// Load generator, run as its own process so it does not share an event loop with the server.
// N keep-alive connections, one request loop each, posting V3 INFERENCE_COMPLETE webhooks.
// Participant p is always sent by loop p % connections, so each night's chunks go out in order and
// two requests of the same night are never in flight at once.
//
// Usage: load.ts '<LoadConfig as JSON>'
// Output: one line `RESULT {LoadResult as JSON}` on stdout. Exits when stdin closes (parent gone).
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { freshState, V3Generator, type GeneratorState } from './payload';
import { summarizeLatencies, type LatencySummary } from './stats';

export interface LoadConfig {
  port: number;
  path: string;
  apiKey: string;
  connections: number;
  participants: number;
  /** Duration mode: warm-up (not measured), then measure for durationMs. */
  warmupMs?: number;
  durationMs?: number;
  /** Count mode (instead of duration): send exactly this many requests, all measured... */
  count?: number;
  /** ...unless this much time has passed (then stop sending; the result says how many got through). */
  deadlineMs?: number;
  /** Continue the nights of an earlier run (GeneratorState JSON) and save where this one ended. */
  stateIn?: string;
  stateOut?: string;
}

export interface LoadResult {
  mode: 'duration' | 'count';
  seconds: number;
  /** 200 answers completed in the measured window, per second. */
  rps: number;
  ok: number;
  latency: LatencySummary;
  errors: number;
  non200: number;
  /** 200 answers whose body did not say {"status":"received","valid":true}. */
  unexpectedBody: number;
  /** Every request sent, warm-up included (each 200 is one stored capture on the console). */
  sentTotal: number;
  okTotal: number;
  statusCounts: Record<string, number>;
  firstError: string | null;
  /** CPU used by this load generator over the measured window, % of one core. */
  clientCpuPct: number;
}

function post(agent: Agent, cfg: LoadConfig, userId: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port: cfg.port,
        path: cfg.path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-api-key': cfg.apiKey,
          'x-user-id': userId,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out after 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}

async function run(cfg: LoadConfig): Promise<LoadResult> {
  if (cfg.participants < cfg.connections) throw new Error('need at least as many participants as connections');
  const state: GeneratorState = cfg.stateIn ? (JSON.parse(readFileSync(cfg.stateIn, 'utf8')) as GeneratorState) : freshState(cfg.participants);
  if (state.participants.length !== cfg.participants) throw new Error('stateIn has a different number of participants');
  const gen = new V3Generator(state);
  const agent = new Agent({ keepAlive: true, maxSockets: cfg.connections });

  const countMode = cfg.count !== undefined;
  const warmupMs = countMode ? 0 : (cfg.warmupMs ?? 1_000);
  const durationMs = cfg.durationMs ?? 8_000;
  const latencies: number[] = [];
  let errors = 0;
  let non200 = 0;
  let unexpectedBody = 0;
  let sentTotal = 0;
  let okTotal = 0;
  let okMeasured = 0;
  let firstError: string | null = null;
  const statusCounts: Record<string, number> = {};
  let remaining = cfg.count ?? Infinity;

  const t0 = performance.now();
  const measureFrom = t0 + warmupMs;
  const measureTo = countMode ? Infinity : measureFrom + durationMs;
  let cpuAtStart = countMode ? process.cpuUsage() : null;
  // MARK lines let the parent sample the server's CPU over exactly the measured window.
  let marked = 0;
  const mark = (upTo: number) => {
    if (countMode) return;
    if (marked < 1 && upTo >= 1) {
      cpuAtStart = process.cpuUsage();
      process.stdout.write('MARK start\n');
    }
    if (marked < 2 && upTo >= 2) process.stdout.write('MARK end\n');
    marked = Math.max(marked, upTo);
  };
  const timers = [setTimeout(() => mark(1), warmupMs), setTimeout(() => mark(2), warmupMs + durationMs)];

  const loop = async (i: number) => {
    const mine: number[] = [];
    for (let p = i; p < cfg.participants; p += cfg.connections) mine.push(p);
    let turn = 0;
    for (;;) {
      const now = performance.now();
      if (countMode ? remaining <= 0 || now - t0 >= (cfg.deadlineMs ?? Infinity) : now >= measureTo) return;
      remaining--;
      const w = gen.next(mine[turn++ % mine.length]!);
      sentTotal++;
      const started = performance.now();
      let status = 0;
      let text = '';
      try {
        ({ status, text } = await post(agent, cfg, w.userId, w.body));
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      const done = performance.now();
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      if (status === 200) {
        okTotal++;
        if (!/"status":"received"/.test(text) || !/"valid":true/.test(text)) unexpectedBody++;
      } else {
        non200++;
        firstError ??= `HTTP ${status}: ${text.slice(0, 200)}`;
      }
      if (done >= measureFrom && done <= measureTo) {
        latencies.push(done - started);
        if (status === 200) okMeasured++;
      }
    }
  };

  await Promise.all(Array.from({ length: cfg.connections }, (_, i) => loop(i)));
  const ended = performance.now();
  timers.forEach(clearTimeout);
  mark(2);
  agent.destroy();
  const windowMs = countMode ? ended - t0 : durationMs;
  const cpu = process.cpuUsage(cpuAtStart ?? undefined);
  if (cfg.stateOut) writeFileSync(cfg.stateOut, JSON.stringify(gen.state));
  return {
    mode: countMode ? 'count' : 'duration',
    seconds: windowMs / 1000,
    rps: okMeasured / (windowMs / 1000),
    ok: okMeasured,
    latency: summarizeLatencies(latencies),
    errors,
    non200,
    unexpectedBody,
    sentTotal,
    okTotal,
    statusCounts,
    firstError,
    clientCpuPct: (((cpu.user + cpu.system) / 1000) * 100) / (countMode ? ended - t0 : ended - measureFrom),
  };
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2] ?? '') as LoadConfig;
  process.stdin.on('end', () => process.exit(3));
  process.stdin.resume();
  const result = await run(cfg);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
