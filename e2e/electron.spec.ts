// Smoke test of the desktop shell with Playwright's Electron driver, where an Electron binary exists.
// Never `require('electron')` here: on first require the package tries to DOWNLOAD the binary. We read
// node_modules/electron/path.txt and look for the file ourselves instead.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { REPO_ROOT } from './support/headless';

// The page-side code below runs in the Electron window; the e2e type-check has no DOM library (it is
// Node code), so the few DOM names used here are declared for this file only.
interface PageElement {
  textContent: string | null;
  appendChild(child: PageElement): PageElement;
}
declare const document: { head: PageElement; body: PageElement; createElement(tag: string): PageElement };
declare function getComputedStyle(element: PageElement): { visibility: string };
declare const window: { open(url: string): unknown; location: { href: string } };
declare const Notification: { requestPermission(): Promise<string> };

const SKIP_REASON =
  'Electron binary not installed (it downloads on the first `npm start`); the desktop shell was not launched. The headless shell tests cover the UI and core.';

function electronBinary(): string | null {
  const pkg = join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const rel = readFileSync(pathFile, 'utf8').trim();
  if (!rel) return null;
  const binary = join(pkg, 'dist', rel);
  return existsSync(binary) ? binary : null;
}

// Runs everywhere: the desktop shell must at least build the way `npm start` builds it.
test('desktop shell builds: CommonJS main with lowdb bundled, CommonJS preload that uses only electron', () => {
  test.setTimeout(180_000);
  execFileSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 170_000 });
  const main = readFileSync(join(REPO_ROOT, 'out', 'main', 'index.js'), 'utf8');
  const preload = readFileSync(join(REPO_ROOT, 'out', 'preload', 'index.js'), 'utf8');
  const requires = (code: string) => [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();
  // ESM-only lowdb/steno must be bundled, not required; nothing else outside Node and the runtime deps.
  expect(requires(main).filter((r) => !r!.startsWith('node:'))).toEqual(['electron', 'zod']);
  expect(main).not.toMatch(/import\.meta/);
  // A sandboxed preload is CommonJS and may require nothing but electron.
  expect(requires(preload)).toEqual(['electron']);
  expect(preload).not.toMatch(/^\s*import\s/m);
  expect(preload).toContain('exposeInMainWorld("asleepConsole"');
});

test('desktop shell: window, bridge with exactly call/on, no Node in the page, getStatus answers, CSP, navigation, new windows and permissions locked', async () => {
  const binary = electronBinary();
  if (binary === null) console.log(`[electron.spec] skipped: ${SKIP_REASON}`); // visible in the list reporter
  test.skip(binary === null, SKIP_REASON);
  test.setTimeout(240_000);

  // Build main, preload and renderer into out/ (what `npm start` runs).
  execFileSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 180_000 });
  expect(existsSync(join(REPO_ROOT, 'out', 'main', 'index.js'))).toBe(true);

  const dataDir = await mkdtemp(join(tmpdir(), 'asleep-console-electron-'));
  // executablePath given, so Playwright does not `require('electron')` either. (On Linux Playwright
  // adds --no-sandbox to Electron itself unless chromiumSandbox is set.)
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.'],
    cwd: REPO_ROOT,
    env: { ...process.env, ASLEEP_CONSOLE_DATA_DIR: dataDir, ASLEEP_CONSOLE_TEST: '1' } as Record<string, string>,
  });
  try {
    const win = await app.firstWindow();
    await win.waitForLoadState('domcontentloaded');
    await expect(win).toHaveTitle('Asleep Webhook Console');

    const page = await win.evaluate(() => {
      const w = globalThis as unknown as { asleepConsole?: Record<string, unknown> };
      const bridge = w.asleepConsole;
      return {
        bridgeType: typeof bridge,
        keys: bridge ? Object.keys(bridge).sort() : null,
        callType: typeof bridge?.call,
        onType: typeof bridge?.on,
        requireType: typeof (globalThis as { require?: unknown }).require,
        processType: typeof (globalThis as { process?: unknown }).process,
        moduleType: typeof (globalThis as { module?: unknown }).module,
      };
    });
    expect(page).toEqual({
      bridgeType: 'object',
      keys: ['call', 'on'],
      callType: 'function',
      onType: 'function',
      requireType: 'undefined',
      processType: 'undefined',
      moduleType: 'undefined',
    });

    const status = await win.evaluate(async () => {
      const bridge = (globalThis as unknown as { asleepConsole: { call(name: string, args: unknown): Promise<{ ok: boolean; value?: { shell?: string } }> } })
        .asleepConsole;
      return bridge.call('getStatus', {});
    });
    expect(status.ok).toBe(true);
    expect(status.value?.shell).toBe('desktop');

    // Arguments are validated in the main process: a bad one comes back as data, not as a throw.
    const bad = await win.evaluate(async () => {
      const bridge = (globalThis as unknown as { asleepConsole: { call(name: string, args: unknown): Promise<{ ok: boolean }> } }).asleepConsole;
      return bridge.call('getCapture', { id: 42 });
    });
    expect(bad.ok).toBe(false);
    expect(bad).toMatchObject({ error: { code: 'BAD_ARGS' } });
    const unknown = await win.evaluate(async () =>
      (globalThis as unknown as { asleepConsole: { call(name: string, args: unknown): Promise<unknown> } }).asleepConsole.call('__proto__', {}),
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });

    // The page is the packaged file, not a remote or dev-server URL.
    expect(win.url()).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html/);

    // The CSP in the real window: an injected inline script, eval and inline style do nothing.
    const blocked = await win.evaluate(async () => {
      const w = globalThis as unknown as Record<string, unknown>;
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.head.appendChild(script);
      const style = document.createElement('style');
      style.textContent = 'body { visibility: hidden !important; }';
      document.head.appendChild(style);
      // As the page's own code (a timer), not as the driver's evaluation, which is exempt from the eval rule.
      const evalError = await new Promise<string>((resolve) =>
        setTimeout(() => {
          try {
            (0, eval)('window.__evalRan = true');
            resolve('');
          } catch (err) {
            resolve((err as Error).name);
          }
        }, 0),
      );
      await new Promise((r) => setTimeout(r, 300));
      return { inlineRan: w.__inlineRan ?? null, evalRan: w.__evalRan ?? null, evalError, visibility: getComputedStyle(document.body).visibility };
    });
    expect(blocked).toEqual({ inlineRan: null, evalRan: null, evalError: 'EvalError', visibility: 'visible' });

    // No new windows, no navigation away, no permission.
    const opened = await win.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    const before = win.url();
    await win.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await win.waitForTimeout(500);
    expect(win.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
    expect(await win.evaluate(() => Notification.requestPermission())).toBe('denied');
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
