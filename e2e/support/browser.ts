// Find a Chromium to drive without ever downloading one (`npx playwright install` cannot run here).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const nodeRequire = createRequire(__filename);

/** The machine's network is closed: without these Chromium keeps trying (and failing) to phone home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Playwright's own Chromium, only if it was installed earlier (the path is computed, not downloaded). */
function playwrightChromium(): string | null {
  for (const pkg of ['playwright-core', '@playwright/test']) {
    try {
      const mod = nodeRequire(pkg) as { chromium?: { executablePath(): string } };
      const path = mod.chromium?.executablePath();
      if (path && existsSync(path)) return path;
    } catch {
      // not installed, or it does not know a path for this platform: try the next one
    }
  }
  return null;
}

export interface FoundBrowser {
  path: string;
  source: string;
}

export function findChromium(): FoundBrowser {
  const tried: string[] = [];
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return { path: fromEnv, source: 'CHROMIUM_PATH' };
    tried.push(`CHROMIUM_PATH=${fromEnv} (does not exist)`);
  }
  for (const path of SYSTEM_CANDIDATES) {
    if (existsSync(path)) return { path, source: 'system' };
    tried.push(path);
  }
  const own = playwrightChromium();
  if (own) return { path: own, source: 'playwright' };
  tried.push("Playwright's own Chromium (not installed)");
  throw new Error(
    [
      'No Chromium found for the end-to-end tests (they never download a browser).',
      `Tried: ${tried.join(', ')}.`,
      'Install one with:  apt-get install -y chromium',
      'or point CHROMIUM_PATH at an existing Chromium or Chrome binary.',
    ].join('\n'),
  );
}
