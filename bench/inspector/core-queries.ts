// Core-side capture queries on a filled folder: the same ConsoleCore.queryCaptures the list, the local
// API and the exports use, opened read-only (no lock, nothing written) in this process. Mirrors the
// opt-in measurement in shared/capture-query/capture-query.test.ts (INSPECTOR_BENCH=1).
import { ConsoleCore } from '../../electron/core/console-core';
import { commands } from '../../shared/contract';
import type { CaptureSummary } from '../../shared/capture';
import { median } from '../stats';
import { OLDEST_NEEDLE } from './fill';

export interface QueryTiming {
  label: string;
  ms: number;
  items: number;
  partial: boolean;
}

export interface CoreTimings {
  openMs: number;
  heapMB: number;
  queries: QueryTiming[];
}

/** Ids the queries filter on, picked from the folder itself (a participant in the middle, one of its sessions). */
export interface QueryTargets {
  user: string;
  session: string;
}

export function targetsFrom(items: readonly CaptureSummary[]): QueryTargets {
  const users = [...new Set(items.filter((c) => c.userId && c.sessionId && c.status === 200).map((c) => c.userId!))].sort();
  const user = users[Math.floor(users.length / 2)];
  const one = items.find((c) => c.userId === user && c.sessionId);
  if (!user || !one) throw new Error('the filled folder has no participant to filter on');
  return { user, session: `${user}/${one.sessionId}` };
}

export async function measureCoreQueries(dataDir: string, runs: number): Promise<CoreTimings & { targets: QueryTargets }> {
  const heap0 = process.memoryUsage().heapUsed;
  const opened = performance.now();
  const core = await ConsoleCore.open({ dataDir, shell: 'headless', port: 0, readOnly: true });
  const openMs = performance.now() - opened;
  try {
    const all = (await core.queryCaptures(commands.listCaptures.args.parse({ limit: 10_000 }))).items;
    const targets = targetsFrom(all);
    const oldest = (await core.queryCaptures(commands.listCaptures.args.parse({ limit: 1, beforeSeq: 2 }))).items[0] ?? all.at(-1)!;
    const oldestMs = Date.parse(oldest.receivedAt);
    const cases: [string, Record<string, unknown>][] = [
      ['first page, no filter (300)', {}],
      ['status=4xx', { status: '4xx' }],
      ['valid=false', { valid: false }],
      ['duplicate=conflict', { duplicate: 'conflict' }],
      ['event=SESSION_COMPLETE', { event: 'SESSION_COMPLETE' }],
      ['layout=v1 & version=V1', { layout: 'v1', version: 'V1' }],
      ['participant (user=…)', { user: targets.user }],
      ['session (user/session)', { session: targets.session }],
      ['from/to: first 10 s of the folder (oldest end)', { from: new Date(oldestMs).toISOString(), to: new Date(oldestMs + 10_000).toISOString() }],
      ['last page (beforeSeq near the oldest)', { beforeSeq: oldest.seq + 301 }],
      ['q = participant id (summary text)', { q: targets.user.toLowerCase() }],
      ['q = "sleep_stages" (bodies, common)', { q: 'sleep_stages' }],
      [`q = needle in the oldest body (400 ms budget)`, { q: OLDEST_NEEDLE.toLowerCase() }],
    ];
    const queries: QueryTiming[] = [];
    for (const [label, q] of cases) {
      const times: number[] = [];
      let last = { items: 0, partial: false };
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const r = await core.queryCaptures(commands.listCaptures.args.parse({ limit: 300, ...q }));
        times.push(performance.now() - t);
        last = { items: r.items.length, partial: r.partial === true };
      }
      queries.push({ label, ms: median(times), ...last });
    }
    return { openMs, heapMB: (process.memoryUsage().heapUsed - heap0) / 1e6, queries, targets };
  } finally {
    await core.close();
  }
}
