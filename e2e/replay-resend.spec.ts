// Replay a night and re-send a capture, end to end: three chunks posted, the replay scrubber moved
// from the last capture to the first (the hypnogram follows), then one capture re-sent to the
// console's own listener: the copy is byte for byte the original and carries x-console-replay.
import { expect, test } from './support/fixtures';
import type { CaptureDetail } from '../shared/capture';
import { postWebhook, startHeadless, type HeadlessShell } from './support/headless';
import { newParticipant, v3Chunk } from './support/payloads';

let shell: HeadlessShell;
const p = newParticipant();
const ids: string[] = [];
/** The first chunk as odd text no JSON serializer would produce. */
const firstBody = JSON.stringify(v3Chunk(p, 0), null, 3).replace(/\n/g, '\r\n').replace('{', '{ "note" : "caf\\u00e9 — 睡眠",') + ' \n';

test.beforeAll(async () => {
  shell = await startHeadless();
  for (const body of [firstBody, v3Chunk(p, 1), v3Chunk(p, 2)]) {
    const a = await postWebhook(shell.webhookUrl, shell.apiKey, body);
    expect(a.status, a.text).toBe(200);
    ids.push(a.json!.capture!);
  }
});
test.afterAll(async () => {
  await shell?.stop();
});

async function capture(id: string): Promise<CaptureDetail> {
  const url = new URL(`/api/captures/${id}`, shell.uiOrigin);
  url.searchParams.set('token', shell.token);
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return (await res.json()) as CaptureDetail;
}

test('the replay scrubber changes the hypnogram', async ({ page }) => {
  await page.goto(shell.consoleUrl);
  await page.locator(`[data-testid=session-row][data-session-id="${p.sessionId}"]`).click();
  await page.getByTestId('open-replay').click();
  const view = page.getByTestId('replay-view');
  await expect(view).toBeVisible();
  const hypnogram = view.getByTestId('hypnogram');
  await expect(page.getByTestId('replay-position')).toHaveText('3 / 3');
  await expect(hypnogram).toHaveAttribute('data-epochs', '30');
  await page.getByTestId('replay-scrubber').fill('1');
  await expect(page.getByTestId('replay-position')).toHaveText('1 / 3');
  await expect(hypnogram).toHaveAttribute('data-epochs', '10');
  await expect(page.getByTestId('replay-chunks')).toHaveText('1');
  await page.getByTestId('replay-step').click();
  await expect(hypnogram).toHaveAttribute('data-epochs', '20');
  // Play at max speed runs to the end.
  await page.getByTestId('replay-speed').selectOption('max');
  await page.getByTestId('replay-play').click();
  await expect(page.getByTestId('replay-position')).toHaveText('3 / 3');
  await expect(hypnogram).toHaveAttribute('data-epochs', '30');
  await page.getByTestId('replay-close').click();
  await expect(page.getByTestId('session-view')).toBeVisible();
});

test('re-send reproduces the body byte for byte, marked as a replay', async ({ page }) => {
  await page.goto(shell.consoleUrl);
  await page.locator(`[data-testid=capture-row][data-capture-id="${ids[0]}"]`).click();
  await page.getByTestId('capture-resend').click();
  await expect(page.getByTestId('resend-dialog')).toBeVisible();
  await page.getByTestId('resend-send').click();
  const result = page.getByTestId('resend-result');
  await expect(result).toHaveAttribute('data-status', '200');
  const newId = await result.getAttribute('data-new-capture');
  expect(newId).toBeTruthy();
  expect(newId).not.toBe(ids[0]);
  await expect(page.locator(`[data-testid=capture-row][data-capture-id="${newId}"]`)).toBeVisible();

  const [original, copy] = [await capture(ids[0]!), await capture(newId!)];
  expect(original.body).toBe(firstBody);
  expect(copy.body).toBe(original.body);
  expect(copy.headers['x-console-replay']).toBe(ids[0]);
  expect(copy.apiKey.matched).toBe(true);
  expect(copy.duplicate).toBe('same');

  // Edit before sending: live validation of the body.
  await page.getByTestId('resend-edit').check();
  await page.getByTestId('resend-body').fill('{"event": "INFERENCE_COMPLETE"');
  await expect(page.getByTestId('resend-validation')).toHaveAttribute('data-valid', 'false');
  await page.getByTestId('resend-body').fill(firstBody);
  await expect(page.getByTestId('resend-validation')).toHaveAttribute('data-valid', 'true');
});

test('a selection of captures is re-sent in arrival order', async ({ page }) => {
  await page.goto(shell.consoleUrl);
  const modifier = process.platform === 'darwin' ? 'Meta' : 'Control';
  await page.locator(`[data-testid=capture-row][data-capture-id="${ids[2]}"]`).click({ modifiers: [modifier] });
  await page.locator(`[data-testid=capture-row][data-capture-id="${ids[1]}"]`).click({ modifiers: [modifier] });
  await expect(page.locator('[data-testid=capture-row][data-marked=true]')).toHaveCount(2);
  await page.getByTestId('resend-marked').click();
  await page.getByTestId('resend-send').click();
  const results = page.getByTestId('resend-result');
  await expect(results).toHaveCount(2);
  const copies = [await results.nth(0).getAttribute('data-new-capture'), await results.nth(1).getAttribute('data-new-capture')];
  const replayed = await Promise.all(copies.map((id) => capture(id!)));
  expect(replayed.map((c) => c.headers['x-console-replay'])).toEqual([ids[1], ids[2]]);
  expect(replayed[0]!.body).toBe((await capture(ids[1]!)).body);
});

test('the simulator panel sends a night to the console itself, with progress', async ({ page }) => {
  await page.goto(shell.consoleUrl);
  await page.getByTestId('simulator-open').click();
  await expect(page.getByTestId('simulator-panel')).toBeVisible();
  await page.getByTestId('simulator-hours').fill('1');
  await page.getByTestId('simulator-start').click();
  const progress = page.getByTestId('simulator-progress');
  await expect(progress).toHaveAttribute('data-done', 'true');
  const total = await progress.getAttribute('data-total');
  await expect(progress).toHaveAttribute('data-sent', total!);
  await expect(progress).toContainText(`2xx ${total}`);

  // At real time nothing is due for minutes: Stop ends the run.
  await page.getByTestId('simulator-speed').selectOption('1');
  await page.getByTestId('simulator-start').click();
  await expect(page.getByTestId('simulator-stop')).toBeEnabled();
  await page.getByTestId('simulator-stop').click();
  await expect(progress).toHaveAttribute('data-done', 'true');
  await expect(progress).toContainText('stopped');
});
