// The renderer's security, proven in a real Chromium through the headless shell: the same built page
// and the same Content-Security-Policy the desktop window loads (meta tag; the headless shell also
// sends it as a header). The Electron-only half (sandbox, bridge, IPC) is in e2e/electron.spec.ts and
// electron/main/*.test.ts.
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { postWebhook, startHeadless, type HeadlessShell } from './support/headless';
import { newParticipant, v3Chunk } from './support/payloads';

let shell: HeadlessShell;

// The page-side code below runs in Chromium; the e2e type-check has no DOM library (it is Node code),
// so the few DOM names used here are declared for this file only.
interface PageElement {
  textContent: string | null;
  src: string;
  setAttribute(name: string, value: string): void;
  appendChild(child: PageElement): PageElement;
  remove(): void;
}
declare const document: {
  head: PageElement;
  body: PageElement;
  createElement(tag: string): PageElement;
  addEventListener(type: 'securitypolicyviolation', listener: (e: { effectiveDirective: string; blockedURI: string; sample: string }) => void): void;
};
declare function getComputedStyle(element: PageElement): { visibility: string };

test.beforeAll(async () => {
  test.setTimeout(120_000);
  shell = await startHeadless();
  // One capture first, so the first-run setup panel does not cover the lists.
  expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(newParticipant(), 0))).status).toBe(200);
});

test.afterAll(async () => {
  await shell?.stop();
});

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** Record every CSP violation from the very first script on (init scripts run before the page's own). */
async function watchViolations(page: Page): Promise<() => Promise<Violation[]>> {
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string; sample: string }[] = [];
    (globalThis as unknown as { __csp: typeof seen }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }));
  });
  return () => page.evaluate(() => [...(globalThis as unknown as { __csp: Violation[] }).__csp]);
}

async function openConsole(page: Page): Promise<void> {
  await page.goto(shell.consoleUrl);
  await expect(page.getByTestId('status-bar')).toBeVisible();
  await expect(page.getByTestId('captures-list')).toBeVisible();
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

test('the page reaches no Node or Electron API', async ({ page }) => {
  await openConsole(page);
  const reach = await page.evaluate(() => {
    const g = globalThis as Record<string, unknown>;
    return Object.fromEntries(['require', 'process', 'module', 'exports', 'ipcRenderer', 'electron', 'Buffer', '__dirname', 'global', 'setImmediate'].map((k) => [k, typeof g[k]]));
  });
  expect(reach).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    exports: 'undefined',
    ipcRenderer: 'undefined',
    electron: 'undefined',
    Buffer: 'undefined',
    __dirname: 'undefined',
    global: 'undefined',
    setImmediate: 'undefined',
  });
});

test('the CSP (meta and header, identical) allows scripts from the app only: no inline, no eval', async () => {
  const res = await fetch(new URL('/', shell.uiOrigin));
  const header = res.headers.get('content-security-policy');
  const html = await res.text();
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];
  expect(meta, 'renderer/index.html has a CSP meta tag').toBeTruthy();
  expect(header).toBe(meta);

  const d = directives(meta!);
  expect(d.get('default-src')).toEqual(["'self'"]);
  expect(d.get('script-src')).toEqual(["'self'"]);
  expect(d.get('object-src')).toEqual(["'none'"]);
  expect(d.get('base-uri')).toEqual(["'none'"]);
  expect(d.get('form-action')).toEqual(["'none'"]);
  expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  // Nothing inline at all, scripts or styles (a payload can neither run code nor restyle the page).
  expect(d.get('style-src')).toEqual(["'self'"]);
  for (const [name, values] of d) {
    expect(values, name).not.toContain("'unsafe-eval'");
    expect(values, name).not.toContain("'unsafe-inline'");
    expect(values, name).not.toContain('*');
    if (name.startsWith('script') || name === 'default-src') expect(values, name).not.toContain('data:');
  }
  // The bundle the page loads is served under the same policy, never sniffed.
  const script = /<script[^>]+src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  const js = await fetch(new URL(`/${script}`, shell.uiOrigin));
  expect(js.headers.get('content-security-policy')).toBe(meta);
  expect(js.headers.get('x-content-type-options')).toBe('nosniff');
});

test('an injected inline script, inline handler, data: script, eval, string timer and inline style are all blocked', async ({ page }) => {
  const violations = await watchViolations(page);
  await openConsole(page);
  const outcome = await page.evaluate(async () => {
    const w = globalThis as unknown as Record<string, unknown>;
    const inline = document.createElement('script');
    inline.textContent = 'window.__inlineRan = true;';
    document.head.appendChild(inline);

    const handler = document.createElement('img');
    handler.setAttribute('onerror', 'window.__handlerRan = true');
    handler.src = '/no-such-image.png';
    document.body.appendChild(handler);

    const style = document.createElement('style');
    style.textContent = 'body { visibility: hidden !important; }';
    document.head.appendChild(style);

    const dataScript = document.createElement('script');
    dataScript.src = 'data:text/javascript,window.__dataRan=true';
    document.head.appendChild(dataScript);

    // eval and new Function are tried from a timer callback, i.e. as the page's own code: code that the
    // test driver evaluates directly is exempt from the page's eval rule (a DevTools privilege).
    const tries = await new Promise<{ evalError: string; functionError: string }>((resolve) =>
      setTimeout(() => {
        let evalError = '';
        try {
          (0, eval)('window.__evalRan = true');
        } catch (err) {
          evalError = (err as Error).name;
        }
        let functionError = '';
        try {
          new Function('window.__functionRan = true')();
        } catch (err) {
          functionError = (err as Error).name;
        }
        (setTimeout as unknown as (code: string, ms: number) => void)('window.__timerRan = true', 0);
        resolve({ evalError, functionError });
      }, 0),
    );

    await new Promise((r) => setTimeout(r, 500));
    handler.remove();
    return {
      ran: ['__inlineRan', '__handlerRan', '__dataRan', '__evalRan', '__functionRan', '__timerRan'].filter((k) => w[k] !== undefined),
      ...tries,
      bodyVisibility: getComputedStyle(document.body).visibility,
    };
  });
  expect(outcome).toEqual({ ran: [], evalError: 'EvalError', functionError: 'EvalError', bodyVisibility: 'visible' });

  // Chromium reported each block as a CSP violation (the policy has no 'report-sample', so no samples).
  const seen = new Set((await violations()).map((v) => `${v.directive} ${v.blocked}`));
  expect(seen).toContain('script-src-elem inline'); // the injected <script>
  expect(seen).toContain('script-src-attr inline'); // the onerror attribute
  expect(seen).toContain('script-src-elem data'); // the data: script
  expect(seen).toContain('script-src eval'); // eval, new Function, the string timer
  expect(seen).toContain('style-src-elem inline'); // the injected <style>
});

test('the app itself needs nothing the policy forbids (no violation in any view)', async ({ page }) => {
  test.setTimeout(120_000);
  const violations = await watchViolations(page);
  const found: string[] = [];
  // Each view from a fresh load, so one view's overlay cannot hide the next one's button.
  const views: [string, (() => Promise<void>)[]][] = [
    ['capture detail', [() => page.getByTestId('capture-row').first().click()]],
    ['session and hypnogram', [() => page.getByTestId('session-row').first().click(), () => expect(page.getByTestId('hypnogram')).toBeVisible()]],
    ['report', [() => page.getByTestId('session-row').first().click(), () => page.getByTestId('open-report').click()]],
    ['replay', [() => page.getByTestId('session-row').first().click(), () => page.getByTestId('open-replay').click()]],
    ['participant history', [() => page.getByTestId('open-history').first().click()]],
    ['metrics', [() => page.getByTestId('open-metrics').click()]],
    ['settings', [() => page.getByTestId('open-settings').click()]],
    ['setup', [() => page.getByRole('button', { name: 'Setup', exact: true }).click()]],
  ];
  for (const [name, steps] of views) {
    await openConsole(page);
    for (const step of steps) await step();
    await page.waitForTimeout(400);
    // Libraries may probe whether eval is allowed (zod does, then takes its non-eval path): that probe
    // is the only violation tolerated.
    for (const v of await violations()) if (v.blocked !== 'eval') found.push(`${name}: ${v.directive} blocked ${v.blocked}`);
  }
  expect(found).toEqual([]);
});

test('HTML inside a payload is shown as text and never runs', async ({ page }) => {
  const p = newParticipant();
  const chunk = v3Chunk(p, 0) as Record<string, unknown>;
  const attack = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><a href="javascript:window.__pwned=3">x</a>';
  const answer = await postWebhook(shell.webhookUrl, shell.apiKey, { ...chunk, note: attack });
  expect(answer.status).toBe(200);
  await openConsole(page);
  await page.locator(`[data-testid="capture-row"][data-capture-id="${answer.json?.capture}"]`).click();
  const shown = page.getByTestId('capture-body').or(page.getByTestId('capture-body-formatted')).first();
  await expect(shown).toContainText('window.__pwned=2');
  await expect(page.locator('img[src="x"], a[href^="javascript:"]')).toHaveCount(0);
  expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
});
