// Payload inspector end to end: filters, search, the filter in the URL hash, copy as curl (run in Node), HAR export.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect, test } from './support/fixtures';
import type { CaptureDetail, CaptureSummary } from '../shared/capture';
import { harProblems } from '../shared/har';
import { postWebhook, startHeadless, type HeadlessShell } from './support/headless';
import { newParticipant, v3Chunk } from './support/payloads';

const run = promisify(execFile);
let shell: HeadlessShell;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  shell = await startHeadless();
});
test.afterAll(async () => {
  await shell?.stop();
});

async function api<T>(path: string): Promise<T> {
  const url = new URL(path, shell.uiOrigin);
  url.searchParams.set('token', shell.token);
  return (await (await fetch(url)).json()) as T;
}

test('filters, search, hash, copy as curl, HAR export', async ({ page }) => {
  const p = newParticipant();
  expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(p, 0))).status).toBe(200);
  expect((await postWebhook(shell.webhookUrl, shell.apiKey, { event: 'INFERENCE_COMPLETE', note: 'PurpleOctopus' })).status).toBeLessThan(500);
  expect((await postWebhook(shell.webhookUrl, 'wrong-key-abcdef', v3Chunk(p, 1))).status).toBe(401);
  const odd = `{"x": "it's $HOME \`id\` ü"}\r\n`;
  expect((await postWebhook(shell.webhookUrl, shell.apiKey, odd)).status).toBeLessThan(500);

  await page.goto(shell.consoleUrl);
  const rows = page.getByTestId('capture-row');
  await expect(rows).toHaveCount(4);
  await page.getByTestId('filter-status').selectOption('401');
  await expect(rows).toHaveCount(1);
  await page.getByTestId('filter-status').selectOption('');
  await page.getByTestId('filter-valid').selectOption('true');
  await expect(rows).toHaveCount(1);
  await page.getByTestId('filter-valid').selectOption('');
  await page.getByTestId('capture-search').fill('purpleoctopus');
  await expect(rows).toHaveCount(1);
  await expect(page).toHaveURL(/#captures\?q=purpleoctopus/);
  await page.reload();
  await expect(page.getByTestId('capture-search')).toHaveValue('purpleoctopus');
  await expect(rows).toHaveCount(1);

  // HAR export of the current filter.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-har').click();
  const har = JSON.parse(await readFile(await (await download).path(), 'utf8'));
  expect(harProblems(har)).toEqual([]);
  expect(har.log.entries).toHaveLength(1);
  expect(har.log.entries[0].request.postData.text).toContain('PurpleOctopus');

  // Copy as curl for the odd body, run in Node with bash.
  await page.getByTestId('capture-search').fill('');
  await expect(rows).toHaveCount(4);
  const oddSummary = (await api<{ items: CaptureSummary[] }>('/api/captures?q=%60id%60')).items[0]!;
  await page.locator(`[data-testid="capture-row"][data-capture-id="${oddSummary.id}"]`).click();
  await page.getByTestId('copy-curl').click();
  const cmd = await page.getByTestId('curl-command').textContent();
  expect(cmd).toContain('$ASLEEP_API_KEY');
  await run('bash', ['-c', cmd!], { env: { ...process.env, ASLEEP_API_KEY: shell.apiKey } });
  const newest = (await api<{ items: CaptureSummary[] }>('/api/captures?limit=1')).items[0]!;
  expect(newest.id).not.toBe(oddSummary.id);
  const copy = await api<CaptureDetail>(`/api/captures/${newest.id}`);
  expect(copy.body).toBe(odd);
});
