// Settings → Data → "Move data folder…" end to end, on the real headless shell: a refused target says
// why and changes nothing; a real move shows its phases and counts, then the page, the terminal and the
// files all agree on the new folder, and webhooks keep landing on the same URL. "Open logs folder"
// then points into the new folder.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { postWebhook, startHeadless, type HeadlessShell } from './support/headless';
import { newParticipant, v3Chunk } from './support/payloads';

let shell: HeadlessShell;
let elsewhere: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(150_000);
  elsewhere = await mkdtemp(join(tmpdir(), 'asleep-console-e2e-move-'));
  shell = await startHeadless();
});
test.afterAll(async () => {
  await shell?.stop();
  await rm(elsewhere, { recursive: true, force: true });
});

async function openData(page: import('@playwright/test').Page): Promise<void> {
  await page.goto(shell.consoleUrl);
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('settings-data')).toBeVisible();
}

test('a folder that is not empty is refused with the reason, and nothing changes', async ({ page }) => {
  const full = join(elsewhere, 'full');
  await mkdir(full);
  await writeFile(join(full, 'notes.txt'), 'mine');
  await openData(page);
  await page.getByTestId('data-move-path').fill('relative/path');
  await expect(page.getByTestId('data-move')).toContainText('Give the full path');
  await expect(page.getByTestId('data-move-start')).toBeDisabled();

  await page.getByTestId('data-move-path').fill(full);
  await page.getByTestId('data-move-start').click();
  await page.getByTestId('data-move-confirm-button').click();
  await expect(page.getByTestId('data-move-error')).toContainText(`${full} is not empty`);
  await expect(page.getByTestId('settings-data-dir')).toHaveText(shell.dataDir);
  expect(await readdir(full)).toEqual(['notes.txt']);
});

test('moves the folder with progress; the page, the terminal and the files agree; webhooks keep landing', async ({ page }) => {
  const p = newParticipant();
  for (let i = 0; i < 4; i++) expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(p, i))).status).toBe(200);
  const to = join(elsewhere, 'study', 'data');
  await openData(page);
  await expect(page.getByTestId('session-row').filter({ hasText: p.userId })).toHaveCount(1);

  // Keyboard: type the path, Enter asks, Enter on the focused "Move" button confirms.
  await page.getByTestId('data-move-path').fill(to);
  await page.getByTestId('data-move-path').press('Enter');
  await expect(page.getByTestId('data-move-confirm')).toContainText('MOVED-TO.txt');
  await page.getByTestId('data-move-confirm-button').press('Enter');

  await expect(page.getByTestId('data-move-result')).toContainText(`Moved to ${to}`);
  await expect(page.getByTestId('data-move-result')).toContainText(`--data "${to}"`);
  await expect(page.getByTestId('data-move-progress')).toHaveAttribute('data-phase', 'done');
  await expect(page.getByTestId('data-move-progress')).toContainText(/\d+ \/ \d+ files · [\d.]+ \/ [\d.]+ MiB/);
  await expect(page.getByTestId('settings-data-dir')).toHaveText(to);

  // Same webhook URL, new folder.
  expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(p, 4))).status).toBe(200);
  const status = (await (await fetch(`${shell.uiOrigin}/api/health?token=${shell.token}`)).json()) as { storage: { dataDir: string; ok: boolean } };
  expect(status.storage).toMatchObject({ dataDir: to, ok: true });
  expect(await readFile(join(shell.dataDir, 'MOVED-TO.txt'), 'utf8')).toContain(to);
  expect((await stat(join(to, 'captures'))).isDirectory()).toBe(true);
  await expect.poll(() => shell.output()).toContain(`Data folder moved: ${shell.dataDir} → ${to}`);
  expect(shell.output()).toContain(`!! Start the console with --data "${to}"`);

  // The logs moved with the folder.
  await page.getByTestId('open-logs-folder').click();
  await expect(page.getByTestId('logs-folder')).toContainText(join(to, 'logs'));
  const log = await readFile(join(to, 'logs', 'console.log'), 'utf8');
  expect(log).toContain('"event":"data.moved"');
  expect(log).not.toContain(shell.apiKey);
  expect(log).not.toContain(shell.token);
});
