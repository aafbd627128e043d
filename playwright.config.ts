import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/support/browser';

// End-to-end: the real renderer in a real Chromium, through the headless shell. Each test file starts
// its own shell (fresh data folder, free ports), so there is no webServer here. Browsers are never
// downloaded: the finder uses CHROMIUM_PATH, a system Chromium, or Playwright's own if installed.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: findChromium().path, args: CHROMIUM_ARGS },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
