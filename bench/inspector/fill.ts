// A data folder holding exactly N captures for the inspector benchmark, made the way a study makes
// one: the simulator's realistic nights (every layout, all six faults: repeats, conflicts, reordering,
// drops, invalid chunks, wrong keys) posted over HTTP to the real headless console, which stores them
// through its own ingest path. Kept in a folder of its own (with a `fill.json` that says what is in
// it) and reused by later runs; made again when missing, incomplete or of another recipe.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendPlan } from '../../electron/core/simulator/send';
import { planSimulation, type PlannedRequest } from '../../shared/simulator';
import type { Layout } from '../../shared/asleep/model';
import { Child } from '../children';

/** Bump when the recipe changes: folders made by another recipe are made again. */
const RECIPE = 1;
const NIGHTS = 7;
const LAYOUTS: readonly Layout[] = ['v3', 'v2', 'v1', 'flat'];
/** Nights sent side by side: enough lanes to keep 32 connections busy. */
const SESSIONS_PER_BATCH = 200;
/** A body only the oldest capture holds: a search for it must read every capture. */
export const OLDEST_NEEDLE = 'BenchNeedleOldestCapture';

export interface FillInfo {
  recipe: number;
  captures: number;
  apiKey: string;
  sessions: number;
  participants: number;
  layouts: Record<string, number>;
  statuses: Record<string, number>;
  fillMs: number;
  madeAt: string;
}

export interface FilledFolder {
  dataDir: string;
  info: FillInfo;
  /** False when an earlier run's folder was reused. */
  made: boolean;
}

function readInfo(file: string): FillInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as FillInfo;
  } catch {
    return null;
  }
}

/**
 * The simulator's nights until `total` requests, in batches of about SESSIONS_PER_BATCH nights sent side
 * by side (one lane per night keeps each night in order), every layout in every batch.
 */
function* batches(total: number, apiKey: string, seed: number): Generator<{ layouts: Record<string, number>; requests: PlannedRequest[] }> {
  const perSession = 97; // 8 h at a 5-minute plan: 96 chunks and a SESSION_COMPLETE
  const sessions = Math.min(SESSIONS_PER_BATCH, Math.ceil(total / perSession));
  const participants = Math.max(1, Math.ceil(sessions / NIGHTS / LAYOUTS.length));
  let left = total;
  for (let b = 0; left > 0; b++) {
    let lanes = 0;
    const all: (PlannedRequest & { layout: Layout })[] = [];
    LAYOUTS.forEach((layout, i) => {
      const plan = planSimulation({
        seed: seed + b * LAYOUTS.length + i,
        startMs: Date.now() - (NIGHTS + 1) * 86_400_000,
        participants,
        nights: NIGHTS,
        layout,
        plan: 5,
        faults: ['dup', 'conflict', 'reorder', 'drop', 'invalid', 'badkey'],
        apiKey,
      });
      // `session` is the lane sendPlan keeps in order: unique across the plans of a batch.
      for (const r of plan.requests) all.push({ ...r, session: r.session + lanes, layout });
      lanes += plan.sessions.length;
    });
    all.sort((x, y) => x.t - y.t || x.session - y.session);
    const requests = all.slice(0, left);
    left -= requests.length;
    const layouts: Record<string, number> = {};
    for (const r of requests) layouts[r.layout] = (layouts[r.layout] ?? 0) + 1;
    yield { layouts, requests };
  }
}

export async function ensureFilled(root: string, captures: number, uiDir: string, log: (line: string) => void): Promise<FilledFolder> {
  const home = join(root, `captures-${captures}`);
  const dataDir = join(home, 'data');
  const infoFile = join(home, 'fill.json');
  const existing = readInfo(infoFile);
  if (existing && existing.recipe === RECIPE && existing.captures === captures && existsSync(dataDir)) {
    return { dataDir, info: existing, made: false };
  }
  rmSync(home, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  const apiKey = `bench-inspector-${captures}-key`;
  const child = new Child(`console ${captures}`, 'inspector/headless-child.ts', [dataDir, uiDir, apiKey]);
  const started = performance.now();
  const statuses: Record<string, number> = {};
  const layouts: Record<string, number> = {};
  const users = new Set<string>();
  const sessions = new Set<string>();
  try {
    const ready = JSON.parse(await child.waitFor('READY ', 120_000)) as { webhookUrl: string };
    // The oldest capture carries a marker no other capture has (JSON, but no Asleep layout).
    const needle = await fetch(ready.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ event: 'INFERENCE_COMPLETE', marker: OLDEST_NEEDLE }),
    });
    await needle.text();
    statuses[String(needle.status)] = 1;
    let sent = 1;
    let lastLog = performance.now();
    for (const batch of batches(captures - 1, apiKey, 7)) {
      const requests = batch.requests;
      for (const [k, v] of Object.entries(batch.layouts)) layouts[k] = (layouts[k] ?? 0) + v;
      for (const r of requests) {
        users.add(r.userId);
        sessions.add(`${r.userId}/${r.sessionId}`);
      }
      const summary = await sendPlan(requests, { url: ready.webhookUrl, speed: 'max', concurrency: 32, stopWhenFirstUnreachable: true });
      if (summary.unreachable > 0 || summary.notSent > 0) {
        throw new Error(`filling stopped: ${summary.unreachable} requests got no answer, ${summary.notSent} not sent (${summary.stopReason ?? 'no reason given'})`);
      }
      for (const res of summary.results) {
        statuses[String(res.status)] = (statuses[String(res.status)] ?? 0) + 1;
      }
      sent += requests.length;
      if (performance.now() - lastLog > 5_000) {
        lastLog = performance.now();
        log(`  filling ${captures.toLocaleString('en-US')}: ${sent.toLocaleString('en-US')} sent (${Math.round(sent / ((lastLog - started) / 1000))}/s)`);
      }
    }
    const stats = await child.stats<{ captures: number; rejected: number }>();
    if (stats.captures + stats.rejected !== captures) {
      throw new Error(`the console stored ${stats.captures} + ${stats.rejected} rejected captures, expected ${captures} in total`);
    }
  } finally {
    await child.stop('SIGTERM', 30_000);
  }
  const info: FillInfo = {
    recipe: RECIPE,
    captures,
    apiKey,
    sessions: sessions.size,
    participants: users.size,
    layouts,
    statuses,
    fillMs: performance.now() - started,
    madeAt: new Date().toISOString(),
  };
  writeFileSync(infoFile, JSON.stringify(info, null, 2));
  return { dataDir, info, made: true };
}
