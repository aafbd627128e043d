// Captures list at 100,000 captures: `npm run bench:inspector` (also part of `npm run bench`).
//
// A report, not a test: it prints figures and the ratio to a baseline measured in the same run (the same
// list on a folder of 1,000 captures), and exits 0 whether or not the targets are met (non-zero only
// when it could not measure).
//
//   1. Data folders with exactly N and B captures (bench/inspector/fill.ts): the simulator's nights in
//      every layout with all six faults, posted over HTTP to the real headless console. Made once in
//      --data-root and reused by later runs (--refill makes them again).
//   2. Core side, in this process (ConsoleCore opened read-only): the query behind every filter, median
//      of --runs runs, at B and N.
//   3. UI side: the headless shell (child process) on each folder, the real UI (built by this run into a
//      temporary folder) in Chromium, measured in the page with performance.now() / requestAnimationFrame:
//        - first list render: navigation start → first capture row in the DOM (fresh browser context)
//        - scrolling: --frames animation frames at --step px per frame, paging older captures in as the
//          list asks for them; frame-to-frame deltas (median, p95, frames over 50 ms)
//        - filters: the change event → the reloaded list showing only matching rows (and the frame that
//          paints them): status=4xx, valid=false, a participant
//        - search: the keystroke → results (includes the 300 ms typing debounce), and whether the core
//          stopped early (partial) for a needle only the oldest capture holds
//
// Options: --captures N (100000)  --baseline B (1000)  --runs R (5)  --frames F (600)  --step PX (140: 5 rows a frame, a fast scroll)
//          --data-root DIR (os tmpdir/asleep-console-bench-inspector)  --refill  --only-core
// Chromium: CHROMIUM_PATH, else the system's (never downloaded).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/support/browser';
import { Child, killAllChildren } from '../children';
import { median, percentile } from '../stats';
import { measureCoreQueries, type CoreTimings, type QueryTargets } from './core-queries';
import { ensureFilled, OLDEST_NEEDLE, type FilledFolder } from './fill';
import { PAGE_PROBE, type Action, type Expectation, type FirstRender, type ScrollResult, type SettleResult } from './page-probe';

const FRAME_BUDGET_MS = 50;
const TARGET_FILTER_MS = 500;
const TARGET_FIRST_RENDER_MS = 2_000;
const SETTLE_TIMEOUT_MS = 60_000;

function options() {
  const { values } = parseArgs({
    options: {
      captures: { type: 'string', default: '100000' },
      baseline: { type: 'string', default: '1000' },
      runs: { type: 'string', default: '5' },
      frames: { type: 'string', default: '600' },
      step: { type: 'string', default: '140' },
      'data-root': { type: 'string', default: join(tmpdir(), 'asleep-console-bench-inspector') },
      refill: { type: 'boolean', default: false },
      'only-core': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
    return n;
  };
  return {
    captures: int('captures', values.captures, 10),
    baseline: int('baseline', values.baseline, 10),
    runs: int('runs', values.runs, 1),
    frames: int('frames', values.frames, 10),
    step: int('step', values.step, 1),
    dataRoot: resolve(values['data-root']),
    refill: values.refill,
    onlyCore: values['only-core'],
  };
}

interface UiFigures {
  openMs: number;
  firstRender: FirstRender[];
  scroll: ScrollResult;
  filters: { label: string; times: SettleResult[] }[];
  searches: { label: string; times: SettleResult[] }[];
}

async function buildUi(outDir: string): Promise<void> {
  // Loaded the way electron/headless/cli.ts loads it (a static import resolves vite's own helpers wrongly under tsx).
  const { build } = await import('vite');
  const { rendererConfig } = await import('../../vite.renderer.config');
  await build({ ...rendererConfig, logLevel: 'warn', build: { ...rendererConfig.build, outDir, emptyOutDir: true } });
}

async function measureUi(browser: Browser, folder: FilledFolder, uiDir: string, targets: QueryTargets, o: ReturnType<typeof options>): Promise<UiFigures> {
  const child = new Child(`console ${folder.info.captures}`, 'inspector/headless-child.ts', [folder.dataDir, uiDir, folder.info.apiKey]);
  try {
    const ready = JSON.parse(await child.waitFor('READY ', 180_000)) as { consoleUrl: string; openMs: number };
    const newPage = async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
      await context.addInitScript({ content: PAGE_PROBE });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(ready.consoleUrl);
      await page.waitForSelector('[data-testid="capture-row"]', { timeout: 60_000 });
      return { context, page, errors };
    };

    const firstRender: FirstRender[] = [];
    // One load not counted: the first one after the console starts also pays for cold caches in the shell.
    for (let i = 0; i <= o.runs; i++) {
      const { context, page, errors } = await newPage();
      const parts = (await page.evaluate('window.__bench.firstRenderParts()')) as FirstRender;
      if (i > 0) firstRender.push(parts);
      await context.close();
      if (errors.length) throw new Error(`the page failed: ${errors.join('\n')}`);
    }

    const { context, page, errors } = await newPage();
    try {
      // Let the start-up requests (sessions, status) settle before timing frames.
      await page.waitForTimeout(500);
      const scroll = (await page.evaluate(`window.__bench.scroll(${o.frames}, ${o.step})`)) as ScrollResult;

      const settle = async (action: Action, expect: Expectation): Promise<SettleResult> =>
        (await page.evaluate(`window.__bench.applyAndWait(${JSON.stringify(action)}, ${JSON.stringify(expect)}, ${SETTLE_TIMEOUT_MS})`)) as SettleResult;
      const clear = () => settle({ kind: 'click', testId: 'filters-clear' }, {});
      const cases: { label: string; action: Action; expect: Expectation }[] = [
        { label: 'status = 4xx', action: { kind: 'select', testId: 'filter-status', value: '4xx' }, expect: { attr: 'data-status', prefix: '4' } },
        { label: 'valid = false', action: { kind: 'select', testId: 'filter-valid', value: 'false' }, expect: { attr: 'data-valid', equals: 'false' } },
        {
          label: 'participant',
          action: { kind: 'input', testId: 'filter-user', value: targets.user, enter: true },
          expect: { attr: 'data-user', equals: targets.user },
        },
      ];
      const searches: { label: string; action: Action; expect: Expectation }[] = [
        { label: 'search "sleep_stages" (in most bodies)', action: { kind: 'input', testId: 'capture-search', value: 'sleep_stages' }, expect: {} },
        {
          label: 'search a needle only the oldest body holds',
          action: { kind: 'input', testId: 'capture-search', value: OLDEST_NEEDLE },
          expect: { allowEmpty: true },
        },
      ];
      const filters: UiFigures['filters'] = [];
      for (const c of cases) {
        const times: SettleResult[] = [];
        for (let i = 0; i < o.runs; i++) {
          times.push(await settle(c.action, c.expect));
          await clear();
        }
        filters.push({ label: c.label, times });
      }
      const searchFigures: UiFigures['searches'] = [];
      for (const c of searches) {
        const times: SettleResult[] = [];
        for (let i = 0; i < o.runs; i++) {
          times.push(await settle(c.action, c.expect));
          await clear();
        }
        searchFigures.push({ label: c.label, times });
      }
      if (errors.length) throw new Error(`the page failed: ${errors.join('\n')}`);
      return { openMs: ready.openMs, firstRender, scroll, filters, searches: searchFigures };
    } finally {
      await context.close();
    }
  } finally {
    await child.stop('SIGTERM', 30_000);
  }
}

// ---------------------------------------------------------------- printing

const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`) : '–');
const ratio = (big: number, small: number) => (Number.isFinite(big / small) && small > 0 ? `${(big / small).toFixed(2)}x` : '–');
const count = (n: number) => n.toLocaleString('en-US');

function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}

function frameStats(deltas: number[]) {
  const sorted = Float64Array.from(deltas).sort();
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] ?? NaN, over: deltas.filter((d) => d > FRAME_BUDGET_MS).length };
}

function printCore(small: CoreTimings, big: CoreTimings, o: ReturnType<typeof options>): void {
  console.log(`\nCore: ConsoleCore.queryCaptures (limit 300, as the list pages), median of ${o.runs} runs, opened read-only in this process`);
  const rows = big.queries.map((q, i) => {
    const s = small.queries[i]!;
    const note = (x: typeof q) => `${x.items}${x.partial ? ' partial' : ''}`;
    return [q.label, ms(s.ms), note(s), ms(q.ms), note(q), ratio(q.ms, s.ms)];
  });
  rows.unshift(['open the folder (read the indexes)', ms(small.openMs), '', ms(big.openMs), '', ratio(big.openMs, small.openMs)]);
  table(['query', `${count(o.baseline)}`, 'items', `${count(o.captures)}`, 'items', 'ratio'], rows);
}

function printUi(small: UiFigures, big: UiFigures, o: ReturnType<typeof options>): void {
  console.log(`\nUI in Chromium (1440×900), timed in the page; ${o.runs} runs per figure (median; worst in brackets)`);
  const worst = (v: number[]) => Math.max(...v);
  const rows: string[][] = [];
  const target = (v: number, t: number) => (v <= t ? 'PASS' : 'FAIL');
  rows.push(['console start (open folder, serve)', ms(small.openMs), ms(big.openMs), ratio(big.openMs, small.openMs), '', '']);
  const rowAt = (f: FirstRender[]) => f.map((x) => x.rowAt);
  const fr = [median(rowAt(small.firstRender)), median(rowAt(big.firstRender))] as const;
  rows.push([
    'first list render (navigation → first row)',
    `${ms(fr[0])} [${ms(worst(rowAt(small.firstRender)))}]`,
    `${ms(fr[1])} [${ms(worst(rowAt(big.firstRender)))}]`,
    ratio(fr[1], fr[0]),
    `< ${ms(TARGET_FIRST_RENDER_MS)}`,
    target(fr[1], TARGET_FIRST_RENDER_MS),
  ]);
  const part = (f: FirstRender[], pick: (x: FirstRender) => number | null) => median(f.map(pick).filter((v): v is number => v !== null));
  const parts: [string, (x: FirstRender) => number | null][] = [
    ['  of which: app script ready (DOMContentLoaded)', (x) => x.domReady],
    ['  of which: first page of captures (listCaptures, 300)', (x) => (x.listEnd !== null && x.listStart !== null ? x.listEnd - x.listStart : null)],
    ['  of which: answer → rows in the DOM', (x) => (x.listEnd !== null ? x.rowAt - x.listEnd : null)],
  ];
  for (const [label, pick] of parts) {
    const a = part(small.firstRender, pick);
    const b = part(big.firstRender, pick);
    rows.push([label, ms(a), ms(b), ratio(b, a), '', '']);
  }
  for (let i = 0; i < big.filters.length; i++) {
    const b = big.filters[i]!;
    const s = small.filters[i]!;
    const bm = median(b.times.map((t) => t.frameMs));
    const sm = median(s.times.map((t) => t.frameMs));
    rows.push([
      `filter ${b.label} → rows painted (${count(b.times[0]!.count)} / ${count(s.times[0]!.count)} shown)`,
      `${ms(sm)} [${ms(worst(s.times.map((t) => t.frameMs)))}]`,
      `${ms(bm)} [${ms(worst(b.times.map((t) => t.frameMs)))}]`,
      ratio(bm, sm),
      `< ${ms(TARGET_FILTER_MS)}`,
      target(bm, TARGET_FILTER_MS),
    ]);
  }
  for (let i = 0; i < big.searches.length; i++) {
    const b = big.searches[i]!;
    const s = small.searches[i]!;
    const bm = median(b.times.map((t) => t.frameMs));
    const sm = median(s.times.map((t) => t.frameMs));
    const partial = (x: SettleResult[]) => (x.some((t) => t.partial) ? 'partial' : 'complete');
    rows.push([
      `${b.label}: ${count(s.times[0]!.count)} ${partial(s.times)} / ${count(b.times[0]!.count)} ${partial(b.times)}`,
      `${ms(sm)} [${ms(worst(s.times.map((t) => t.frameMs)))}]`,
      `${ms(bm)} [${ms(worst(b.times.map((t) => t.frameMs)))}]`,
      ratio(bm, sm),
      '',
      '',
    ]);
  }
  table(['figure', count(o.baseline), count(o.captures), 'ratio', 'target', 'result'], rows);
  console.log('  (search figures include the 300 ms typing debounce; the core stops a body search after 400 ms and says "partial")');

  const fs = frameStats(small.scroll.deltas);
  const fb = frameStats(big.scroll.deltas);
  console.log(`\nScrolling: ${o.frames} frames at ${o.step} px (${(o.step / 28).toFixed(0)} rows) per frame, paging older captures in on the way`);
  table(
    ['', count(o.baseline), count(o.captures), 'ratio', 'target', 'result'],
    [
      ['frame time, median', ms(fs.median), ms(fb.median), ratio(fb.median, fs.median), '', ''],
      ['frame time, p95', ms(fs.p95), ms(fb.p95), ratio(fb.p95, fs.p95), `< ${ms(FRAME_BUDGET_MS)}`, fb.p95 < FRAME_BUDGET_MS ? 'PASS' : 'FAIL'],
      ['frame time, max', ms(fs.max), ms(fb.max), ratio(fb.max, fs.max), '', ''],
      [`frames over ${FRAME_BUDGET_MS} ms (dropped)`, String(fs.over), String(fb.over), '', '', ''],
      ['  of which while a page of older captures came in', String(small.scroll.slowWithPage), String(big.scroll.slowWithPage), '', '', ''],
      ['rows scrolled past', count(Math.round(small.scroll.distance / 28)), count(Math.round(big.scroll.distance / 28)), '', '', ''],
      ['rows in the list (start → end)', `${count(small.scroll.countStart)} → ${count(small.scroll.countEnd)}`, `${count(big.scroll.countStart)} → ${count(big.scroll.countEnd)}`, '', '', ''],
      [
        'page JS heap after scrolling',
        small.scroll.heap === null ? '–' : `${(small.scroll.heap / 1e6).toFixed(1)} MB`,
        big.scroll.heap === null ? '–' : `${(big.scroll.heap / 1e6).toFixed(1)} MB`,
        small.scroll.heap && big.scroll.heap ? ratio(big.scroll.heap, small.scroll.heap) : '',
        '',
        '',
      ],
    ],
  );
}

async function main(): Promise<number> {
  const o = options();
  const started = performance.now();
  const uiDir = mkdtempSync(join(tmpdir(), 'inspector-bench-ui-'));
  let browser: Browser | null = null;
  try {
    await buildUi(uiDir);
    const log = (l: string) => console.log(l);
    if (o.refill) rmSync(o.dataRoot, { recursive: true, force: true });
    const folders: FilledFolder[] = [];
    for (const n of [o.baseline, o.captures]) {
      const f = await ensureFilled(o.dataRoot, n, uiDir, log);
      folders.push(f);
      const st = Object.entries(f.info.statuses).map(([k, v]) => `${k}: ${count(v)}`).join(', ');
      const ly = Object.entries(f.info.layouts).map(([k, v]) => `${k}: ${count(v)}`).join(', ');
      console.log(
        `${count(n)} captures in ${f.dataDir} (${f.made ? `made now in ${(f.info.fillMs / 1000).toFixed(1)} s, ${Math.round(n / (f.info.fillMs / 1000))}/s` : `reused, made ${f.info.madeAt}`}): ` +
          `${count(f.info.participants)} participants, ${count(f.info.sessions)} nights; status ${st}; layouts ${ly}`,
      );
    }
    const [small, big] = folders as [FilledFolder, FilledFolder];

    const coreSmall = await measureCoreQueries(small.dataDir, o.runs);
    const coreBig = await measureCoreQueries(big.dataDir, o.runs);
    printCore(coreSmall, coreBig, o);
    if (o.onlyCore) return 0;

    const found = findChromium();
    browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
    console.log(`\nChromium ${browser.version()} (${found.source})`);
    const uiSmall = await measureUi(browser, small, uiDir, coreSmall.targets, o);
    const uiBig = await measureUi(browser, big, uiDir, coreBig.targets, o);
    printUi(uiSmall, uiBig, o);
    console.log(`\nPASS: p95 frame under ${FRAME_BUDGET_MS} ms, filters painted under ${TARGET_FILTER_MS} ms, first rows under ${TARGET_FIRST_RENDER_MS} ms (at ${count(o.captures)}).`);
    console.log(`Total ${((performance.now() - started) / 1000).toFixed(1)} s. Folders kept for the next run in ${o.dataRoot} (--refill to make them again).`);
    return 0;
  } finally {
    await browser?.close().catch(() => undefined);
    killAllChildren();
    rmSync(uiDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
