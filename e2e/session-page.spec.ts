// A night as a researcher or clinician reads it, end to end: post the official example night, open
// it, check the statistics table against the known values, export its epochs as CSV and check the
// rows, and save the one-page report (the browser's print path: the page printed to PDF).
import { readFile } from 'node:fs/promises';
import { expect, test } from './support/fixtures';
import v3Session from '../shared/asleep/examples/v3-session-complete.json';
import { parseCsv } from '../shared/export/csv';
import { SESSION_CSV_HEADER } from '../shared/export/session-csv';
import { postWebhook, startHeadless, type HeadlessShell } from './support/headless';

let shell: HeadlessShell;
const userId = v3Session.data.user_id;
const sessionId = v3Session.data.session.id;

test.beforeAll(async () => {
  shell = await startHeadless();
  expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3Session)).status).toBe(200);
});
test.afterAll(async () => {
  await shell?.stop();
});

const cell = (page: import('@playwright/test').Page, field: string, col: 'server' | 'computed' | 'diff') =>
  page.locator(`[data-testid=stat-row][data-field="${field}"] [data-col="${col}"]`);

test('statistics table, epoch CSV and the one-page report of the official example night', async ({ page }) => {
  await page.goto(shell.consoleUrl);
  await page.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`).click();
  await expect(page.getByTestId('session-state')).toContainText(/complete/i);

  // Known values of Asleep's official example (reference.md), server and our recomputation alike.
  const known: [string, string][] = [
    ['time_in_bed', '1:00'],
    ['sleep_latency', '0:15'],
    ['wakeup_latency', '0:24'],
    ['time_in_sleep', '0:18'],
    ['time_in_wake', '0:03'],
    ['sleep_efficiency', '30 %'],
    ['light_ratio', '86 %'],
    ['waso_count', '1'],
    ['longest_waso', '0:03'],
    ['sleep_cycle_count', '0'],
  ];
  for (const [field, text] of known) {
    await expect(cell(page, field, 'server'), field).toHaveText(text);
    await expect(cell(page, field, 'computed'), field).toHaveText(text);
  }
  await expect(page.getByTestId('stats-table')).toHaveAttribute('data-differing', '0');
  await expect(page.locator('[data-testid=stage-segment][data-stage="light"]')).toHaveAttribute('data-epochs', '36');

  // Export: one row per epoch.
  await page.locator(`[data-testid=open-history][data-user-id="${userId}"]`).click();
  await page.locator(`[data-testid=night-row][data-session-id="${sessionId}"]`).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-session-csv').click();
  const rows = parseCsv(await readFile((await (await download).path())!, 'utf8'));
  expect(rows[0]).toEqual([...SESSION_CSV_HEADER]);
  expect(rows).toHaveLength(1 + 120);
  expect(rows[1]!.slice(0, 3)).toEqual(['0', '2025-01-15T02:50:29Z', '0']);
  expect(rows[31]!.slice(0, 3)).toEqual(['30', '2025-01-15T03:05:29Z', '1']);

  // The report, saved the way a browser saves it: print to PDF with the print stylesheet.
  await page.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`).click();
  await page.getByTestId('open-report').click();
  const report = page.getByTestId('report');
  await expect(report).toBeVisible();
  await expect(page.getByTestId('report-provenance')).toContainText('V3 (event / version / data)');
  await expect(page.getByTestId('report-peculiarities')).toContainText('NO_BREATHING_STABILITY');
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
  expect(pages).toHaveLength(1);
});
