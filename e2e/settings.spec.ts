// The Settings page end to end: a new path and stale threshold applied from the page (the shown webhook URL
// follows, the new URL captures, the old path answers 404), field validation, the data folder's size, a
// retention prune previewed and confirmed on a folder holding 40-day-old captures, and every setting
// still there after the headless shell restarts. Old captures cannot be posted (the server clock stamps
// them), so the folder is prepared before the shell starts: a real core receives a night, then the log's
// times are moved 40 days back (electron/core/test-support/seed-aged-folder.ts).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CaptureSummary } from '../shared/capture';
import { expect, test } from './support/fixtures';
import { postWebhook, REPO_ROOT, startHeadless, type HeadlessShell } from './support/headless';
import { newParticipant, v3Chunk } from './support/payloads';

const run = promisify(execFile);
const AGED_USER = 'p-aged-night';
const NEW_PATH = '/study-seven/hook';
let dataDir: string;
let shell: HeadlessShell;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(150_000);
  dataDir = await mkdtemp(join(tmpdir(), 'asleep-console-e2e-settings-'));
  const seeded = await run(process.execPath, ['--import', 'tsx', 'electron/core/test-support/seed-aged-folder.ts', dataDir, '40', AGED_USER, 'night-aged', '6'], { cwd: REPO_ROOT });
  expect(seeded.stdout).toContain('SEEDED 6 captures');
  shell = await startHeadless({ dataDir });
});
test.afterAll(async () => {
  await shell?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function api<T>(path: string): Promise<T> {
  const url = new URL(path, shell.uiOrigin);
  url.searchParams.set('token', shell.token);
  return (await (await fetch(url)).json()) as T;
}

async function openSettings(page: import('@playwright/test').Page): Promise<void> {
  await page.goto(shell.consoleUrl);
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('settings-view')).toBeVisible();
}

test('path and stale threshold from the page: the webhook URL follows, the new path captures, the old one is 404', async ({ page }) => {
  await openSettings(page);
  const port = new URL(shell.webhookUrl).port;
  await expect(page.getByTestId('settings-webhook-url')).toHaveText(shell.webhookUrl);
  await expect(page.getByTestId('settings-port')).toHaveValue(port);
  // The shell was started with --port 0: the page says which port is stored and which one this run uses.
  await expect(page.getByTestId('settings-port-override')).toContainText('--port 0');

  // Every field is checked as you type, with the core's own messages; nothing invalid can be applied.
  await page.getByTestId('settings-port').fill('80a');
  await expect(page.getByTestId('settings-listener')).toContainText('The port must be a number.');
  await expect(page.getByTestId('settings-listener-apply')).toBeDisabled();
  await page.getByTestId('settings-port').fill('70000');
  await expect(page.getByTestId('settings-listener')).toContainText('The port must be between 1 and 65535.');
  await page.getByTestId('settings-port').fill(port);
  await page.getByTestId('settings-path').fill('study-seven');
  await expect(page.getByTestId('settings-listener')).toContainText('The path must start with /.');
  await expect(page.getByTestId('settings-listener-apply')).toBeDisabled();

  // Keyboard only: type the path, Enter applies it.
  await page.getByTestId('settings-path').fill(NEW_PATH);
  const newUrl = `http://127.0.0.1:${port}${NEW_PATH}`;
  await expect(page.getByTestId('settings-webhook-preview')).toHaveText(newUrl);
  await page.getByTestId('settings-path').press('Enter');
  await expect(page.getByTestId('settings-webhook-url')).toHaveText(newUrl);
  await expect(page.getByTestId('listener-status')).toContainText(newUrl);
  await expect(page.getByTestId('settings-webhook-preview')).toHaveCount(0);

  const p = newParticipant();
  expect((await postWebhook(newUrl, shell.apiKey, v3Chunk(p, 0))).status).toBe(200);
  expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(p, 1))).status).toBe(404);
  await expect(page.getByTestId('session-row').filter({ hasText: p.userId })).toBeVisible();
  const health = await api<{ webhookUrl: string }>('/api/health');
  expect(health.webhookUrl).toBe(newUrl);

  await page.getByTestId('settings-stale').fill('0');
  await expect(page.getByTestId('settings-sessions')).toContainText('The stale threshold must be at least 1 minute.');
  await expect(page.getByTestId('settings-stale-save')).toBeDisabled();
  await page.getByTestId('settings-stale').fill('45');
  await page.getByTestId('settings-stale-save').click();
  await expect(page.getByTestId('settings-stale-save')).toBeDisabled(); // saved: nothing left to save
  await expect(page.getByTestId('settings-stale')).toHaveValue('45');
});

test('retention: the data folder size, a prune previewed, cancelled, then confirmed; the old night goes', async ({ page }) => {
  await openSettings(page);
  await expect(page.getByTestId('session-row').filter({ hasText: AGED_USER })).toBeVisible();
  await expect(page.getByTestId('settings-data-dir')).toHaveText(dataDir);
  await expect(page.getByTestId('data-usage-captures')).toContainText('bytes');
  const sizeBefore = await page.getByTestId('data-usage-captures').locator('td.num').innerText();
  // Retention is "never" by default.
  await expect(page.getByTestId('retention-never')).toBeChecked();

  await page.getByTestId('prune-days').fill('30');
  await page.getByTestId('prune-preview-button').click();
  const confirm = page.getByTestId('prune-confirm');
  await expect(confirm).toBeVisible();
  await expect(page.getByTestId('prune-preview')).toContainText('6 captures');
  await expect(page.getByTestId('prune-preview')).toContainText('1 rejected request');
  await expect(page.getByTestId('prune-preview')).toContainText('1 night');
  // Escape cancels: nothing is deleted.
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  expect((await api<{ items: CaptureSummary[] }>(`/api/captures?user=${AGED_USER}`)).items).toHaveLength(6);

  await page.getByTestId('prune-preview-button').click();
  await expect(page.getByTestId('prune-confirm-button')).toBeFocused();
  await page.getByTestId('prune-confirm-button').click();
  await expect(page.getByTestId('retention-note')).toContainText('Deleted 6 captures');
  await expect(page.getByTestId('retention-status')).toContainText('Last prune');
  await expect(page.getByTestId('session-row').filter({ hasText: AGED_USER })).toHaveCount(0);
  expect((await api<{ items: CaptureSummary[] }>(`/api/captures?user=${AGED_USER}`)).items).toEqual([]);
  await expect(page.getByTestId('data-usage-captures').locator('td.num')).not.toHaveText(sizeBefore);

  // Keeping 30 days from now on: nothing older is left, so it is saved without a prune to confirm.
  await page.getByTestId('retention-days-mode').check();
  await page.getByTestId('retention-days').fill('0');
  await expect(page.getByTestId('settings-retention')).toContainText('Retention must be at least 1 day.');
  await page.getByTestId('retention-days').fill('30');
  await page.getByTestId('retention-save').click();
  await expect(page.getByTestId('retention-note')).toContainText('Nothing is older than 30 days yet');

  await page.getByTestId('notify-participantStale').uncheck();
  await expect(page.getByTestId('notify-participantStale')).not.toBeChecked();
});

test('every setting survives a restart of the headless shell', async ({ page }) => {
  await shell.stop();
  shell = await startHeadless({ dataDir });
  expect(new URL(shell.webhookUrl).pathname).toBe(NEW_PATH);
  await openSettings(page);
  await expect(page.getByTestId('settings-path')).toHaveValue(NEW_PATH);
  await expect(page.getByTestId('settings-webhook-url')).toHaveText(shell.webhookUrl);
  await expect(page.getByTestId('settings-stale')).toHaveValue('45');
  await expect(page.getByTestId('retention-days-mode')).toBeChecked();
  await expect(page.getByTestId('retention-days')).toHaveValue('30');
  await expect(page.getByTestId('notify-participantStale')).not.toBeChecked();
  await expect(page.getByTestId('notify-nightCompleted')).toBeChecked();
  await expect(page.getByTestId('session-row').filter({ hasText: AGED_USER })).toHaveCount(0);
  expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(newParticipant(), 0))).status).toBe(200);

  // Logs: a browser cannot open a folder, so the page shows where it is.
  await page.getByTestId('open-logs-folder').click();
  await expect(page.getByTestId('logs-folder')).toContainText('a browser cannot open it');
  await expect(page.getByTestId('logs-folder')).toContainText(dataDir);

  // The same settings for scripts, on the local API (the API key is not in them).
  const settings = await api<Record<string, unknown>>('/api/settings');
  expect(settings).toMatchObject({ path: NEW_PATH, staleAfterMinutes: 45, retentionDays: 30, listener: { webhookUrl: shell.webhookUrl } });
  expect(JSON.stringify(settings)).not.toContain(shell.apiKey);
  const usage = await api<{ total: number; captures: number; other: number; dataDir: string }>('/api/data-usage');
  expect(usage.dataDir).toBe(dataDir);
  expect(usage.captures).toBeGreaterThan(0);
  expect(usage.total).toBeGreaterThanOrEqual(usage.captures + usage.other);
});
