// A data folder on a disk that turns read-only while the console runs: the real headless shell on a
// small tmpfs, remounted read-only and back (needs root, as on CI and the dev machines; skipped with
// the reason otherwise). What a researcher sees: the red storage banner while webhooks get 503, and
// the banner gone once the next webhook is stored again, with no restart and no click.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mountTmpfs, remount, unmount } from '../electron/core/test-support/tmpfs';
import { expect, test } from './support/fixtures';
import { postWebhook, startHeadless, type HeadlessShell } from './support/headless';
import { newParticipant, v3Chunk } from './support/payloads';

let mountPoint = '';
let skipReason: string | null = null;
let shell: HeadlessShell | null = null;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  mountPoint = await mkdtemp(join(tmpdir(), 'asleep-console-e2e-disk-'));
  skipReason = mountTmpfs(mountPoint, '16m');
  if (skipReason !== null) return;
  shell = await startHeadless({ dataDir: join(mountPoint, 'data') });
});

test.afterAll(async () => {
  await shell?.stop();
  if (skipReason === null && mountPoint) unmount(mountPoint);
  if (mountPoint) await rm(mountPoint, { recursive: true, force: true });
});

const remountData = (mode: 'ro' | 'rw') => remount(mountPoint, mode, 20_000);

test('a read-only data folder: 503 to the sender, a red storage banner, and recovery by itself', async ({ page }) => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(90_000);
  const s = shell!;
  const p = newParticipant();
  expect((await postWebhook(s.webhookUrl, s.apiKey, v3Chunk(p, 0))).status).toBe(200);
  await page.goto(s.consoleUrl);
  await expect(page.getByTestId('status-bar')).toBeVisible();
  await expect(page.getByTestId('storage-banner')).toHaveCount(0);

  await remountData('ro');
  const refused = await postWebhook(s.webhookUrl, s.apiKey, v3Chunk(p, 1));
  expect(refused.status).toBe(503);
  const banner = page.getByTestId('storage-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Storage failing — webhooks are being answered 503 so Asleep retries.');
  await expect(banner).toContainText(/read-only/);
  await expect(banner).toContainText(join(mountPoint, 'data'));

  await remountData('rw');
  // Asleep retries: the same chunk is now stored, and the banner goes without a restart or a click.
  expect((await postWebhook(s.webhookUrl, s.apiKey, v3Chunk(p, 1))).status).toBe(200);
  await expect(banner).toHaveCount(0);
  // The refusal is still in the captures list with its reason.
  const refusedRow = page.locator('[data-testid="capture-row"]').filter({ hasText: '503' });
  await expect(refusedRow.first()).toBeVisible();
});

test('a damaged night file: set aside, named in an amber notice that can be dismissed, and the night rebuilt', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'asleep-console-e2e-damaged-'));
  try {
    const p = newParticipant();
    const first = await startHeadless({ dataDir });
    for (let n = 0; n < 3; n++) expect((await postWebhook(first.webhookUrl, first.apiKey, v3Chunk(p, n))).status).toBe(200);
    await first.stop();
    // A crash or a bad disk sector: the night's file is now NUL bytes.
    const sessionsDir = join(dataDir, 'sessions');
    const nightFile = (await readdir(sessionsDir)).find((n) => n.startsWith(p.userId) && n.endsWith('.json'))!;
    await writeFile(join(sessionsDir, nightFile), '\u0000'.repeat(4096));

    const again = await startHeadless({ dataDir });
    try {
      await page.goto(again.consoleUrl);
      // Start-up reads the night index, not every night's file: the damage is found when the night is read.
      const row = page.locator(`[data-testid="session-row"][data-session-id="${p.sessionId}"]`);
      await row.click();
      await expect(page.getByTestId('session-view')).toContainText('30 epochs');
      const notice = page.getByTestId('corrupt-notice');
      await expect(notice).toBeVisible();
      await expect(notice).toContainText('A damaged file does not read');
      await expect(notice).toContainText(nightFile);
      await expect(notice).toContainText('moved aside to');
      await page.getByTestId('corrupt-notice-dismiss').click();
      await expect(notice).toHaveCount(0);
    } finally {
      await again.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
