// The simulator's command line, as a function (cli.ts runs it): parse flags, plan, send, report.
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { LAYOUTS, type Layout } from '../../../shared/asleep/model';
import { parseIsoDateTime } from '../../../shared/asleep/iso-time';
import { FAULT_DESCRIPTIONS, FAULT_KINDS, type FaultKind } from '../../../shared/simulator/faults';
import { describeSpeed, parseFaults, parseSpeed, type Speed } from '../../../shared/simulator/options';
import { PLANS, planSimulation, type Plan, type Simulation } from '../../../shared/simulator/traffic';
import { sendPlan, type SendResult, type SendSummary } from './send';

export const DEFAULT_URL = 'http://127.0.0.1:4848/webhook';

export const HELP = `Asleep webhook simulator: realistic nights sent as Asleep sends them.

Usage: npm run simulate -- [options]        (every option is optional)
  --url URL            webhook URL (default ${DEFAULT_URL})
  --api-key KEY        sent as x-api-key (default: $ASLEEP_API_KEY, else no key: the console answers 401)
  --participants N     participants, each with their own user id (default 1)
  --nights N           consecutive nights per participant (default 1)
  --start ISO          start of the first night, e.g. 2025-01-15T22:30:00+09:00
                       (default: now at real time or xN; at max, so that the night has just ended)
  --hours H            night length in hours, varied by up to ±20 min per night (default 8)
  --speed S            realtime, x60 (any xN) or max (default max)
  --layout L           v1, v2, v3 or flat (default v3)
  --plan M             minutes between INFERENCE_COMPLETE callbacks: 5, 20 or 40 (default 5)
  --stages N           4 (wake/light/deep/REM) or 2 (wake/sleep) (default 4)
  --breathing on|off   breathing analysis in the plan (default off)
  --faults LIST        any of ${FAULT_KINDS.join(',')} (or all), one of each per night:
${FAULT_KINDS.map((k) => `                         ${k.padEnd(9)}${FAULT_DESCRIPTIONS[k]}`).join('\n')}
  --seed N             seed of every random choice (default: random, printed); with the same
                       --start too, the same ids: a second run then shows up as duplicates
  -h, --help           this text

Prints one line per request (night time, participant/night, event, seq, fault, answer, capture id)
and a summary. Exit code: 0 when everything was sent (whatever the answers), 1 when a request could
not be sent (connection refused, no answer), 2 for bad options, 130 when interrupted.`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Aborts the run (Ctrl-C). */
  signal?: AbortSignal;
  now?: () => number;
  env?: Record<string, string | undefined>;
}

class UsageError extends Error {}

interface Parsed {
  url: string;
  apiKey: string | null;
  participants: number;
  nights: number;
  startMs: number | null;
  hours: number;
  speed: Speed;
  layout: Layout;
  plan: Plan;
  stages: 2 | 4;
  breathing: boolean;
  faults: FaultKind[];
  seed: number | null;
}

function intArg(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}".`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`--${name} must be from ${min} to ${max}, got ${n}.`);
  return n;
}

function oneOf<T extends string | number>(name: string, text: string | undefined, allowed: readonly T[], fallback: T): T {
  if (text === undefined) return fallback;
  const found = allowed.find((a) => String(a) === text.trim().toLowerCase());
  if (found === undefined) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${text}".`);
  return found;
}

export function parseCliArgs(argv: string[], env: Record<string, string | undefined>): Parsed | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        participants: { type: 'string' },
        nights: { type: 'string' },
        start: { type: 'string' },
        hours: { type: 'string' },
        speed: { type: 'string' },
        layout: { type: 'string' },
        plan: { type: 'string' },
        stages: { type: 'string' },
        breathing: { type: 'string' },
        faults: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values['help']) return 'help';
  const str = (k: string) => values[k] as string | undefined;

  const url = str('url') ?? DEFAULT_URL;
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new UsageError(`--url must be an http:// or https:// URL, got "${url}".`);
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') {
    throw new UsageError(`--url must be an http:// or https:// URL, got "${url}".`);
  }
  const apiKey = str('api-key') ?? env['ASLEEP_API_KEY'] ?? null;
  if (apiKey !== null && (apiKey === '' || /[\r\n]/.test(apiKey))) throw new UsageError('--api-key must be a non-empty single-line value.');

  const speedText = str('speed');
  const speed = speedText === undefined ? 'max' : parseSpeed(speedText);
  if (speed === null) throw new UsageError(`--speed must be realtime, x60 (any xN) or max, got "${speedText}".`);

  const startText = str('start');
  let startMs: number | null = null;
  if (startText !== undefined) {
    startMs = parseIsoDateTime(startText.trim());
    if (startMs === null) throw new UsageError(`--start must be an ISO 8601 date-time with an offset, e.g. 2025-01-15T22:30:00Z, got "${startText}".`);
  }

  const hoursText = str('hours');
  let hours = 8;
  if (hoursText !== undefined) {
    hours = Number(hoursText);
    if (!/^\d+(\.\d+)?$/.test(hoursText.trim()) || !(hours >= 0.1 && hours <= 24)) {
      throw new UsageError(`--hours must be a number from 0.1 to 24, got "${hoursText}".`);
    }
  }

  let faults: FaultKind[] = [];
  const faultText = str('faults');
  if (faultText !== undefined) {
    try {
      faults = parseFaults(faultText);
    } catch (err) {
      throw new UsageError(`--faults: ${err instanceof Error ? err.message : String(err)}.`);
    }
  }

  const seedText = str('seed');
  let seed: number | null = null;
  if (seedText !== undefined) {
    if (!/^\d+$/.test(seedText.trim()) || Number(seedText) > 0xffffffff) {
      throw new UsageError(`--seed must be a whole number from 0 to 4294967295, got "${seedText}".`);
    }
    seed = Number(seedText);
  }

  const breathing = oneOf('breathing', str('breathing'), ['on', 'off'] as const, 'off') === 'on';
  return {
    url,
    apiKey,
    participants: intArg('participants', str('participants'), 1, 1, 1000),
    nights: intArg('nights', str('nights'), 1, 1, 366),
    startMs,
    hours,
    speed,
    layout: oneOf('layout', str('layout'), LAYOUTS, 'v3'),
    plan: oneOf('plan', str('plan'), PLANS, 5),
    stages: oneOf('stages', str('stages'), [2, 4] as const, 4),
    breathing,
    faults,
    seed,
  };
}

// ---------------------------------------------------------------- output

const clock = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function requestLine(sim: Simulation, r: SendResult): string {
  const q = r.request;
  const label = `p${q.participant}/n${q.night}`;
  const seq = q.seq === null ? '-' : String(q.seq);
  const fault = q.fault?.kind ?? '-';
  const answer = r.status === null ? `unreachable (${r.error})` : String(r.status);
  const capture = r.captureId ?? '-';
  return [
    clock(sim.originMs + q.t),
    label.padEnd(9),
    q.event.padEnd(18),
    `seq ${seq.padEnd(4)}`,
    fault.padEnd(8),
    answer.padEnd(4),
    capture.padEnd(7),
    `${r.ms.toFixed(1)} ms`,
  ].join('  ');
}

export function summaryLine(s: SendSummary): string {
  const seconds = s.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(s.sent / seconds) : s.sent;
  const extra = [s.otherStatus > 0 ? `, other ${s.otherStatus}` : '', s.notSent > 0 ? `, not sent ${s.notSent}` : ''].join('');
  return `Summary: sent ${s.sent}, 2xx ${s.ok}, 4xx ${s.clientErrors}, 5xx ${s.serverErrors}, unreachable ${s.unreachable}${extra} in ${seconds.toFixed(2)} s (${rate} requests/s)`;
}

function header(sim: Simulation, p: Parsed, io: CliIo): void {
  const o = sim.options;
  io.out(`Asleep webhook simulator, seed ${o.seed} (repeat with --seed ${o.seed})`);
  io.out(
    `Target ${p.url}, layout ${o.layout}, ${o.plan}-minute plan, ${o.stages} stages, breathing ${o.breathing ? 'on' : 'off'}, speed ${describeSpeed(p.speed)}` +
      (o.faults.length > 0 ? `, faults ${o.faults.join(',')}` : ''),
  );
  if (p.apiKey === null) io.out('No --api-key (nor ASLEEP_API_KEY): requests carry no x-api-key, so the console will answer 401.');
  for (const s of sim.sessions) {
    io.out(`  p${s.participant}/n${s.night}  ${s.userId}  ${s.sessionId}  ${clock(s.startMs)} → ${clock(s.startMs + s.durationSeconds * 1000)}  ${s.epochs} epochs`);
    for (const f of s.faults) io.out(`      fault ${f.kind}: ${f.note}${f.path ? ` (${f.path})` : ''}`);
    for (const f of s.skippedFaults) io.out(`      fault ${f.kind} skipped: ${f.reason}`);
  }
  io.out(`${sim.requests.length} requests to send.`);
}

// ---------------------------------------------------------------- main

/** Runs the command line; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: Parsed | 'help';
  try {
    parsed = parseCliArgs(argv, io.env ?? {});
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`simulate: ${err.message}`);
    io.err('Run with --help for the options.');
    return 2;
  }
  if (parsed === 'help') {
    io.out(HELP);
    return 0;
  }
  const now = io.now?.() ?? Date.now();
  // At real time the night starts now; at max speed it has just ended (a night in the past).
  const startMs = parsed.startMs ?? (parsed.speed === 'max' ? now - Math.round(parsed.hours * 3600_000) - 30 * 60_000 : now);
  const seed = parsed.seed ?? randomInt(1, 2 ** 31 - 1);
  const sim = planSimulation({
    seed,
    startMs,
    participants: parsed.participants,
    nights: parsed.nights,
    hours: parsed.hours,
    layout: parsed.layout,
    plan: parsed.plan,
    stages: parsed.stages,
    breathing: parsed.breathing,
    faults: parsed.faults,
    apiKey: parsed.apiKey,
  });
  header(sim, parsed, io);
  const summary = await sendPlan(sim.requests, {
    url: parsed.url,
    speed: parsed.speed,
    ...(io.signal ? { signal: io.signal } : {}),
    onResult: (r) => io.out(requestLine(sim, r)),
  });
  io.out(summaryLine(summary));
  if (summary.stopReason) io.err(`simulate: stopped: ${summary.stopReason}`);
  if (summary.aborted) {
    io.err('simulate: interrupted.');
    return 130;
  }
  return summary.unreachable > 0 || summary.stopReason ? 1 : 0;
}
