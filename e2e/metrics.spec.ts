// Webhook metrics and JSON Schema export end to end: good, invalid and wrong-key webhooks posted over
// HTTP to the headless shell; the dashboard's counts, participants and causes; live refresh; a cause's
// "Show" link filtering the captures list; the schemas downloaded from the UI; and both through the
// token-checked local API.
import { readFile } from 'node:fs/promises';
import { expect, test } from './support/fixtures';
import type { WebhookMetrics } from '../shared/metrics';
import { postWebhook, startHeadless, type HeadlessShell } from './support/headless';
import { newParticipant, v3Chunk } from './support/payloads';

let shell: HeadlessShell;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  shell = await startHeadless();
});
test.afterAll(async () => {
  await shell?.stop();
});

async function api(path: string, token: string | null = shell.token): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, shell.uiOrigin);
  if (token !== null) url.searchParams.set('token', token);
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

test('dashboard: counts by answer, participants, causes, live refresh; schemas download; local API', async ({ page }) => {
  const good = newParticipant();
  const broken = newParticipant();
  const locked = newParticipant();
  const asUser = (p: { userId: string }) => ({ 'x-user-id': p.userId });
  expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(good, 0), asUser(good))).status).toBe(200);
  expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(good, 1), asUser(good))).status).toBe(200);
  const invalid = v3Chunk(broken, 0);
  (invalid.data as Record<string, unknown>).inference_seq_num = '0';
  const invalidAnswer = await postWebhook(shell.webhookUrl, shell.apiKey, invalid, asUser(broken));
  expect([invalidAnswer.status, invalidAnswer.json?.valid]).toEqual([200, false]);
  expect((await postWebhook(shell.webhookUrl, 'wrong-key-0000', v3Chunk(locked, 0), asUser(locked))).status).toBe(401);
  expect((await postWebhook(shell.webhookUrl, null, v3Chunk(locked, 1), asUser(locked))).status).toBe(401);

  await page.goto(shell.consoleUrl);
  await page.getByTestId('open-metrics').click();
  const view = page.getByTestId('metrics-view');
  await expect(view).toBeVisible();
  await page.getByTestId('metrics-window-hour').click();
  await expect(page.getByTestId('metrics-window-hour')).toHaveAttribute('aria-pressed', 'true');

  // Counts by answer class and validity.
  await expect(page.getByTestId('metrics-total-valid')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('metrics-total-invalid')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('metrics-total-clientError')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('metrics-total-serverError')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('metrics-total-all')).toContainText('5');
  await expect(page.getByTestId('metrics-chart')).toHaveAttribute('data-buckets', '60');
  await expect(page.getByTestId('metrics-answer-accepted')).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('metrics-answer-accepted').getByTestId('p50')).toHaveText(/^\d[\d.,]* ms$/);

  // Participants: the good one recording; the one with only an invalid chunk and the locked-out one stale.
  const row = (p: { userId: string }) => page.locator(`[data-testid="metrics-participant"][data-user-id="${p.userId}"]`);
  await expect(page.getByTestId('metrics-participant')).toHaveCount(3);
  await expect(row(good)).toHaveAttribute('data-state', 'recording');
  await expect(row(broken)).toHaveAttribute('data-state', 'stale');
  await expect(row(locked)).toHaveAttribute('data-state', 'stale');
  await expect(row(locked)).toContainText('401: x-api-key missing');
  await expect(row(broken)).toContainText('data.inference_seq_num');
  await expect(row(good).getByTestId('participant-last')).toContainText(/just now|s ago/);
  await expect(row(good).getByTestId('participant-counts')).toHaveText('2 / 0 / 0');
  // Stale rows come first.
  await expect(page.getByTestId('metrics-participant').last()).toHaveAttribute('data-user-id', good.userId);

  // Causes.
  const cause = (key: string) => page.locator(`[data-testid="metrics-rejection"][data-key="${key}"]`);
  await expect(page.getByTestId('metrics-rejection')).toHaveCount(3);
  await expect(cause('key-mismatch')).toHaveAttribute('data-count', '1');
  await expect(cause('key-missing')).toHaveAttribute('data-count', '1');
  await expect(cause('invalid:v3:INFERENCE_COMPLETE:data.inference_seq_num')).toHaveAttribute('data-count', '1');
  await expect(cause('key-mismatch')).toContainText('…0000');

  // Live: a new capture shows up without a reload.
  expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(good, 2), asUser(good))).status).toBe(200);
  await expect(page.getByTestId('metrics-total-valid')).toHaveAttribute('data-count', '3');
  await expect(row(good).getByTestId('participant-counts')).toHaveText('3 / 0 / 0');

  // "Show" filters the captures list below to that cause.
  const rows = page.getByTestId('capture-row');
  await expect(rows).toHaveCount(6);
  await cause('key-mismatch').getByTestId('rejection-show').click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('401');
  await cause('invalid:v3:INFERENCE_COMPLETE:data.inference_seq_num').getByTestId('rejection-show').click();
  await expect(rows).toHaveCount(1);

  // The JSON Schemas, downloaded from the captures bar.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-schemas').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('asleep-webhook-schemas.json');
  const bundle = JSON.parse(await readFile(await file.path(), 'utf8')) as Record<string, Record<string, unknown>>;
  expect(Object.keys(bundle)).toHaveLength(11);
  expect(bundle['index.json']).toMatchObject({ format: 'asleep-console-schemas/1', dialect: 'https://json-schema.org/draft/2020-12/schema' });
  for (const layout of ['v1', 'v2', 'v3', 'v3-callback', 'flat']) {
    for (const event of ['inference', 'session']) {
      const schema = bundle[`${layout}-${event}-complete.schema.json`]!;
      expect(schema, `${layout} ${event}`).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `urn:asleep-webhook-console:schema:${layout}-${event}-complete`,
        type: 'object',
      });
      expect(String(schema.title)).toContain(event === 'inference' ? 'INFERENCE_COMPLETE' : 'SESSION_COMPLETE');
    }
  }
  const v3 = bundle['v3-inference-complete.schema.json']!;
  expect((v3.properties as Record<string, unknown>).data).toMatchObject({ required: ['user_id', 'session_id', 'inference_seq_num'], anyOf: [{ required: ['sleep_stages'] }, { required: ['stage_list'] }] });

  // The local API, token-checked.
  const index = await api('/api/schemas');
  expect(index.status).toBe(200);
  const items = (index.body as { schemas: { file: string; url: string }[] }).schemas;
  expect(items).toHaveLength(10);
  const one = await api(items.find((s) => s.file === 'v3-inference-complete.schema.json')!.url);
  expect(one.body).toEqual(v3);
  const metrics = await api('/api/metrics?window=hour');
  expect(metrics.status).toBe(200);
  expect((metrics.body as WebhookMetrics).totals).toMatchObject({ all: 6, valid: 3, invalid: 1, clientError: 2 });
  expect((metrics.body as WebhookMetrics).participants.map((p) => p.userId).sort()).toEqual([good.userId, broken.userId, locked.userId].sort());
  expect((await api('/api/metrics?window=hour', null)).status).toBe(401);
  expect((await api('/api/schemas', 'wrong-token')).status).toBe(401);

  // Back out of the dashboard with the same top-bar button.
  await page.getByTestId('open-metrics').click();
  await expect(view).toHaveCount(0);
});
