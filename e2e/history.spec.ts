// Participant history and export, end to end: the real renderer in Chromium through the real
// headless shell, nights posted over HTTP, files saved through the browser's download and an
// exported file opened again offline.
import { readFile } from 'node:fs/promises';
import { expect, test } from './support/fixtures';
import { parseCsv } from '../shared/export/csv';
import { NIGHTS_CSV_HEADER } from '../shared/export/nights-csv';
import { SESSION_CSV_HEADER } from '../shared/export/session-csv';
import { postWebhook, startHeadless, type HeadlessShell } from './support/headless';
import { newParticipant, stagesFor, v3Chunk, v3SessionComplete, type Participant } from './support/payloads';

let shell: HeadlessShell;
let nights: Participant[];


test.beforeAll(async () => {
  test.setTimeout(60_000);
  shell = await startHeadless();
  const first = newParticipant(new Date(Date.UTC(2025, 0, 13, 22, 10, 0)));
  nights = [0, 1, 2].map((k) => ({ ...first, sessionId: first.sessionId.replace(/^\d{8}/, `202501${13 + k}`), start: new Date(first.start.getTime() + k * 86_400_000 + k * 600_000) }));
  const stages = Array.from({ length: 6 }, (_, i) => stagesFor(i)).flat();
  for (const n of nights.slice(0, 2)) expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3SessionComplete(n, stages))).status).toBe(200);
  for (let i = 0; i < 2; i++) expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(nights[2]!, i))).status).toBe(200);
});

test.afterAll(async () => {
  await shell?.stop();
});

test('a participant’s nights: table, trends, mini-hypnograms, exports, and an exported file opened offline', async ({ page }) => {
  const userId = nights[0]!.userId;
  await page.goto(shell.consoleUrl);
  await page.locator(`[data-testid=open-history][data-user-id="${userId}"]`).click();

  const view = page.getByTestId('history-view');
  await expect(view).toHaveAttribute('data-user-id', userId);
  await expect(page.getByTestId('nights-table')).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('night-row')).toHaveCount(3);
  await expect(page.getByTestId('night-row').first()).toHaveAttribute('data-session-id', nights[0]!.sessionId);
  await expect(page.getByTestId('trend-chart')).toHaveCount(4);
  await expect(page.getByTestId('trend-chart').first()).toHaveAttribute('data-points', '2'); // the live night is left out
  await expect(page.getByTestId('mini-hypnograms')).toHaveAttribute('data-rows', '3');

  const nightsDownload = page.waitForEvent('download');
  await page.getByTestId('export-nights-csv').click();
  const nightsFile = await nightsDownload;
  const nightsCsv = parseCsv(await readFile((await nightsFile.path())!, 'utf8'));
  expect(nightsCsv[0]).toEqual([...NIGHTS_CSV_HEADER]);
  expect(nightsCsv.slice(1).map((r) => r[3])).toEqual(nights.map((n) => n.sessionId));

  await page.locator(`[data-testid=night-row][data-session-id="${nights[1]!.sessionId}"]`).click();
  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('export-session-csv').click();
  const sessionCsv = parseCsv(await readFile((await (await csvDownload).path())!, 'utf8'));
  expect(sessionCsv[0]).toEqual([...SESSION_CSV_HEADER]);
  expect(sessionCsv).toHaveLength(61);

  const jsonDownload = page.waitForEvent('download');
  await page.getByTestId('export-session-json').click();
  const jsonFile = await jsonDownload;
  expect(jsonFile.suggestedFilename()).toBe(`${userId}_${nights[1]!.sessionId}.json`);

  await page.getByTestId('open-export-input').setInputFiles((await jsonFile.path())!);
  await expect(page.getByTestId('offline-badge')).toContainText('Offline file');
  await expect(view).toHaveAttribute('data-offline', 'true');
  await expect(page.getByTestId('night-row')).toHaveCount(1);
  await expect(page.getByTestId('offline-hypnogram')).toBeVisible();

  await page.getByTestId('open-export-input').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
  await expect(page.getByTestId('open-export-error')).toContainText('not an exported session');
});
