// In-page part of the hypnogram benchmark (bench/renderer/hypnogram-bench.ts builds and opens it).
// Times what the session page does, with performance.now(): the mapping (buildHypnogram) and the
// chart (first render: new Chart + applyModel; live update: applyModel + chart.update('none')).
// chart.js draws synchronously when animation is off, so the time includes drawing the canvas.
// Results are written as JSON into #result (no eval, no inline script: the page has the app's CSP).
import { EPOCH_SECONDS } from '../../../shared/asleep/model';
import type { EpochTracks } from '../../../shared/session';
import { computeStat } from '../../../shared/stats';
import { applyModel, createHypnogramChart } from '../features/hypnogram/applyModel';
import type { Chart } from '../features/hypnogram/chartSetup';
import { buildHypnogram, type HypnogramInput } from '../features/hypnogram/mapping';
import { SCREEN_PALETTE } from '../features/hypnogram/palette';
import { chartHeight, stageBottom } from '../features/hypnogram/tracks';

const params = new URLSearchParams(location.search);
const RUNS = Math.max(1, Number(params.get('runs') ?? 30));
const UPDATES = Math.max(1, Number(params.get('updates') ?? 60));
const WARMUP = Math.max(0, Number(params.get('warmup') ?? 5));
const START = '2025-03-01T22:00:00+09:00';

/** A deterministic night: 90-minute cycles (deep early, REM late), wake spikes, a few unknown epochs. */
function night(epochs: number, seed: number): EpochTracks {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const sleep: (number | null)[] = [];
  for (let i = 0; i < epochs; i++) {
    const pos = (i % 180) / 180;
    let v = pos < 0.15 ? 1 : pos < 0.5 ? (i < epochs / 2 ? 2 : 1) : pos < 0.75 ? 1 : 3;
    if (i < 30) v = 0;
    if (rnd() < 0.03) v = 0;
    sleep.push(rnd() < 0.01 ? -1 : v);
  }
  return {
    sleep,
    snoring: sleep.map((v, i) => (v === 2 && i % 40 < 12 ? 1 : 0)),
    breath: sleep.map((v, i) => (v === 3 && i % 25 < 5 ? 1 : 0)),
  };
}

/** What the session page gets: final report, live chunks that differ a little, recomputed stat (for the cycles). */
function detail(epochs: number, seed: number): HypnogramInput {
  const final = night(epochs, seed);
  const live: EpochTracks = { ...final, sleep: final.sleep.map((v, i) => (i % 97 === 0 ? 1 : v)) };
  const end = new Date(Date.parse(START) + epochs * EPOCH_SECONDS * 1000).toISOString();
  const computedStat = computeStat({ sleep: final.sleep, snoring: final.snoring, startTime: START, endTime: end });
  return { final, live, epochs: final, startTime: START, timezone: 'Asia/Seoul', serverStat: null, statUnits: null, computedStat };
}

/** Worst case for the line: the stage changes at every epoch (2,880 runs, every epoch a point). */
function fragmented(base: HypnogramInput): HypnogramInput {
  const tracks = base.final as EpochTracks;
  const sleep = tracks.sleep.map((_, i) => [0, 1, 2, 3][(i * 7 + (i >> 3)) % 4] ?? 0);
  const next = { ...tracks, sleep, snoring: sleep.map((_, i) => i % 2), breath: sleep.map((_, i) => (i >> 1) % 2) };
  return { ...base, final: next, epochs: next };
}

/** The same night with the last block changed: what a new or corrected chunk does. */
function nextChunk(base: HypnogramInput, k: number): HypnogramInput {
  const tracks = base.final as EpochTracks;
  const sleep = tracks.sleep.slice();
  for (let i = Math.max(0, sleep.length - 10); i < sleep.length; i++) sleep[i] = (k + i) % 4;
  const next = { ...tracks, sleep };
  return { ...base, final: next, epochs: next };
}

const stage = document.getElementById('stage') as HTMLDivElement;

function mount(model: ReturnType<typeof buildHypnogram>): { chart: Chart; box: HTMLDivElement } {
  const box = document.createElement('div');
  box.style.position = 'relative';
  box.style.width = '100%';
  box.style.height = `${chartHeight(model.tracks.length, undefined, stageBottom(model.twoStage))}px`;
  const canvas = document.createElement('canvas');
  box.append(canvas);
  stage.append(box);
  const chart = createHypnogramChart(canvas, { palette: SCREEN_PALETTE });
  return { chart, box };
}

/** Mapping + new Chart + first applyModel, `RUNS` times (after `WARMUP` untimed runs). */
function firstRender(input: HypnogramInput): number[] {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    const model = buildHypnogram(input);
    const { chart, box } = mount(model);
    applyModel(chart, model);
    const t1 = performance.now();
    chart.destroy();
    box.remove();
    if (i >= WARMUP) times.push(t1 - t0);
  }
  return times;
}

/** One chart; `UPDATES` times: mapping of a changed night + applyModel (chart.update('none')) in place. */
function updateInPlace(input: HypnogramInput): { times: number[]; sameChart: boolean } {
  const first = buildHypnogram(input);
  const { chart, box } = mount(first);
  applyModel(chart, first);
  const id = chart.id;
  const variants = [nextChunk(input, 1), nextChunk(input, 2)];
  const times: number[] = [];
  for (let i = 0; i < WARMUP + UPDATES; i++) {
    const next = variants[i % 2] as HypnogramInput;
    const t0 = performance.now();
    applyModel(chart, buildHypnogram(next));
    const t1 = performance.now();
    if (i >= WARMUP) times.push(t1 - t0);
  }
  const sameChart = chart.id === id;
  chart.destroy();
  box.remove();
  return { times, sameChart };
}

/** Mapping alone (buildHypnogram), to split the update time between mapping and chart.js. */
function mappingOnly(input: HypnogramInput): number[] {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + UPDATES; i++) {
    const t0 = performance.now();
    buildHypnogram(input);
    const t1 = performance.now();
    if (i >= WARMUP) times.push(t1 - t0);
  }
  return times;
}

function run(): void {
  const empty: HypnogramInput = {
    final: null,
    live: { sleep: [], snoring: [], breath: [] },
    epochs: { sleep: [], snoring: [], breath: [] },
    startTime: START,
    timezone: 'Asia/Seoul',
  };
  const hour = detail(120, 7);
  const day = detail(2880, 11);
  const dayModel = buildHypnogram(day);
  // Warm the JIT and chart.js' caches on every code path before the first timed case.
  firstRender(hour);
  updateInPlace(hour);
  const update24 = updateInPlace(day);
  const result = {
    userAgent: navigator.userAgent,
    devicePixelRatio: window.devicePixelRatio,
    width: stage.clientWidth,
    runs: RUNS,
    updates: UPDATES,
    warmup: WARMUP,
    night24: { epochs: dayModel.length, points: dayModel.stages.length, tracks: dayModel.tracks.map((t) => `${t.kind}:${t.runs.length}`) },
    cases: {
      emptyFirst: firstRender(empty),
      hourFirst: firstRender(hour),
      dayFirst: firstRender(day),
      hourUpdate: updateInPlace(hour).times,
      dayUpdate: update24.times,
      dayMapping: mappingOnly(day),
      dayWorstFirst: firstRender(fragmented(day)),
      dayWorstUpdate: updateInPlace(fragmented(day)).times,
    },
    sameChartOnUpdate: update24.sameChart,
  };
  const out = document.getElementById('result') as HTMLPreElement;
  out.textContent = JSON.stringify(result);
  out.dataset.done = '1';
}

try {
  run();
} catch (err) {
  const out = document.getElementById('result') as HTMLPreElement;
  out.textContent = JSON.stringify({ error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
  out.dataset.done = '1';
}
