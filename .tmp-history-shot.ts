import { writeFileSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startHeadless } from './electron/headless/headless-server';
import { tempDir } from './electron/core/test-support/temp-dir';
import { complete, chunk, night, post } from './electron/core/export/test-traffic';

function nightStages(seed: number, epochs: number): number[] {
  let x = seed * 9301 + 49297;
  const rnd = () => ((x = (x * 9301 + 49297) % 233280) / 233280);
  const out: number[] = [];
  const latency = 10 + Math.floor(rnd() * 50);
  for (let i = 0; i < latency; i++) out.push(0);
  while (out.length < epochs - 20) {
    for (const [stage, len] of [[1, 20], [2, 30 - seed % 10], [1, 15], [3, 15 + Math.floor(rnd() * 20)]] as const) {
      for (let i = 0; i < len; i++) out.push(rnd() < 0.03 ? 0 : stage);
    }
    if (rnd() < 0.4) for (let i = 0; i < 6; i++) out.push(0);
  }
  out.length = epochs - 20;
  for (let i = 0; i < 20; i++) out.push(0);
  return out;
}

async function main() {
const data = await tempDir('history-shot-');
const KEY = 'shot-key-0123456789';
const app = await startHeadless({ dataDir: data.path, port: 0, uiPort: 0, apiKey: KEY, uiDir: '/tmp/history-ui', token: 'tok' });
const user = 'G-participant-07';
for (let k = 0; k < 14; k++) {
  const startUtc = Date.UTC(2025, 0, 1 + k, 13, 0, 0) + ((k * 37) % 120) * 60_000; // 22:00-24:00 Seoul
  const n = night(user, new Date(startUtc), `n${String(k).padStart(3, '0')}`);
  const body = complete(n, nightStages(k + 1, 800 + ((k * 53) % 200))) as { data: Record<string, unknown> };
  if (k % 5 === 2) body.data.peculiarities = ['NO_BREATHING_STABILITY', 'TOO_MANY_DEFECTS_IN_SLEEP_STAGES'];
  else if (k % 4 === 1) body.data.peculiarities = [];
  await post(app.core.webhookUrl, KEY, body);
}
const tonight = night(user, new Date(Date.UTC(2025, 0, 15, 14, 0, 0)), 'live1');
for (let i = 0; i < 6; i++) await post(app.core.webhookUrl, KEY, chunk(tonight, i));
const other = night('G-other-participant', new Date(Date.UTC(2025, 0, 10, 15, 0, 0)), 'oth01');
await post(app.core.webhookUrl, KEY, complete(other, nightStages(99, 900)));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
const errors: string[] = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
await page.goto(app.consoleUrl);
await page.getByTestId('sessions-list').waitFor();
await page.locator(`[data-testid=open-history][data-user-id="${user}"]`).click();
await page.getByTestId('history-view').waitFor();
await page.locator('[data-testid=night-row]').first().waitFor();
console.log('night rows in DOM', await page.getByTestId('night-row').count(), 'count attr', await page.getByTestId('nights-table').getAttribute('data-count'));
await page.locator('[data-testid=night-row]').nth(3).click();
await page.screenshot({ path: '/tmp/history-1.png', fullPage: false });
await page.getByTestId('history-view').evaluate((el) => (el.scrollTop = 10_000));
await page.waitForTimeout(200);
await page.screenshot({ path: '/tmp/history-2.png', fullPage: false });

const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-nights-csv').click()]);
console.log('download', dl.suggestedFilename());
writeFileSync('/tmp/nights.csv', readFileSync((await dl.path())!));
const [dl2] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session-json').click()]);
console.log('download', dl2.suggestedFilename());
const jsonPath = '/tmp/' + dl2.suggestedFilename();
writeFileSync(jsonPath, readFileSync((await dl2.path())!));
const [dl3] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session-csv').click()]);
console.log('download', dl3.suggestedFilename());

// open the exported file offline
await page.getByTestId('open-export-input').setInputFiles(jsonPath);
await page.getByTestId('offline-badge').waitFor();
await page.waitForTimeout(300);
await page.screenshot({ path: '/tmp/history-offline.png', fullPage: false });
await page.getByTestId('open-export-input').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"nope"}') });
await page.getByTestId('open-export-error').waitFor();
console.log('error text:', await page.getByTestId('open-export-error').textContent());

// session view with history link
await page.getByTestId('close-history').click();
await page.getByTestId('session-row').first().click();
await page.getByTestId('participant-history-link').waitFor();
await page.screenshot({ path: '/tmp/history-link.png', fullPage: false });
console.log('errors', errors);
await browser.close();
await app.close();
await data.remove();
}
void main();
