// The foundation's end-to-end acceptance: the real renderer in Chromium, through the real headless
// shell (child process, fresh data folder), with webhooks posted over HTTP by the test.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import type { CaptureDetail, CaptureSummary } from '../shared/capture';
import { REDACTED_KEY } from '../shared/capture';
import type { SessionDetail, SessionSummary } from '../shared/session';
import { SAMPLES } from '../electron/core/samples/samples';
import { postWebhook, rawGet, REPO_ROOT, startHeadless, type HeadlessShell } from './support/headless';
import { newParticipant, stagesFor, v3Chunk, v3SessionComplete } from './support/payloads';

let shell: HeadlessShell;


test.beforeAll(async () => {
  test.setTimeout(120_000);
  shell = await startHeadless();
});

test.afterAll(async () => {
  await shell?.stop();
});

// ---------------------------------------------------------------------------------------------------
// helpers

async function api<T>(path: string, init: { token?: string | null; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T }> {
  const url = new URL(path, shell.uiOrigin);
  const token = init.token === undefined ? shell.token : init.token;
  if (token !== null) url.searchParams.set('token', token);
  const res = await fetch(url, { headers: init.headers });
  return { status: res.status, body: (await res.json()) as T };
}

async function newestCapture(): Promise<CaptureSummary> {
  const r = await api<{ items: CaptureSummary[] }>('/api/captures?limit=1');
  expect(r.status).toBe(200);
  const c = r.body.items[0];
  if (!c) throw new Error('no capture stored');
  return c;
}

/** Open the console as a user would: the URL the shell printed, token included. */
async function openConsole(page: Page): Promise<void> {
  await page.goto(shell.consoleUrl);
  await expect(page.getByTestId('status-bar')).toBeVisible();
  await expect(page.getByTestId('sessions-list')).toBeVisible();
  await expect(page.getByTestId('captures-list')).toBeVisible();
}

const captureRow = (page: Page, id: string) => page.locator(`[data-testid="capture-row"][data-capture-id="${id}"]`);
const sessionRow = (page: Page, sessionId: string) => page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);

// ---------------------------------------------------------------------------------------------------

test('first run shows the webhook URL and API key; "Send sample events" goes through the real listener', async ({ page }) => {
  // First in this file, so the data folder is still empty.
  expect((await api<{ items: CaptureSummary[] }>('/api/captures?limit=10')).body.items).toEqual([]);
  await openConsole(page);

  await expect(page.getByTestId('webhook-url')).toHaveText(shell.webhookUrl);
  await expect(page.getByTestId('api-key')).toHaveText(shell.apiKey);
  await expect(page.getByTestId('capture-row')).toHaveCount(0);

  await page.getByTestId('send-samples').click();

  // Every sample reached the listener over HTTP and was stored...
  await expect.poll(async () => (await api<{ items: CaptureSummary[] }>('/api/captures?limit=100')).body.items.length).toBe(SAMPLES.length);
  const stored = (await api<{ items: CaptureSummary[] }>('/api/captures?limit=100')).body.items;
  expect(stored.map((c) => c.status)).toEqual(SAMPLES.map(() => 200));
  expect(stored.every((c) => c.apiKey.matched)).toBe(true);

  // ...and the captures list shows each of them, live.
  await expect(page.getByTestId('capture-row')).toHaveCount(SAMPLES.length);
  for (const c of stored) await expect(captureRow(page, c.id)).toHaveAttribute('data-status', '200');
  await expect(page.getByTestId('session-row').first()).toBeVisible();

  if (process.env.SAVE_SCREENSHOT === '1') {
    const dir = join(REPO_ROOT, 'e2e', 'artifacts');
    mkdirSync(dir, { recursive: true });
    // The status bar's counts catch up within a couple of seconds; wait so the picture is current.
    await expect(page.getByTestId('storage-status')).toContainText(`${SAMPLES.length} captures`);
    await page.screenshot({ path: join(dir, 'console-setup.png') });
    // The main screen: setup closed, the sample V3 night open with its hypnogram.
    await page.getByRole('button', { name: 'Setup', exact: true }).click();
    await expect(page.getByTestId('setup-panel')).toHaveCount(0);
    // The longest night among the samples (the V3 example: a full hour with its final report).
    const sessions = (await api<{ items: SessionSummary[] }>('/api/sessions')).body.items;
    const longest = [...sessions].sort((a, b) => b.epochCount - a.epochCount)[0];
    if (longest) {
      await sessionRow(page, longest.sessionId).click();
      await expect(page.getByTestId('hypnogram')).toHaveAttribute('data-epochs', String(longest.epochCount));
    }
    await page.screenshot({ path: join(dir, 'console-main.png') });
  }
});

test('live chunks: a new participant appears without reload, the hypnogram grows in place, SESSION_COMPLETE completes it', async ({ page }) => {
  const p = newParticipant();
  await openConsole(page);
  await expect(sessionRow(page, p.sessionId)).toHaveCount(0);

  // The first chunk makes the session appear in the list (pushed, no reload).
  const first = await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(p, 0));
  expect(first.status, first.text).toBe(200);
  await expect(sessionRow(page, p.sessionId)).toHaveCount(1);
  await expect(sessionRow(page, p.sessionId)).toHaveAttribute('data-state', 'live');

  for (const n of [1, 2]) {
    const r = await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(p, n));
    expect(r.status, r.text).toBe(200);
  }

  await sessionRow(page, p.sessionId).click();
  const hypnogram = page.getByTestId('hypnogram');
  await expect(hypnogram).toHaveAttribute('data-epochs', '30');
  await expect(hypnogram).toHaveAttribute('data-chart-id', /^\d+$/);
  const chartId = await hypnogram.getAttribute('data-chart-id');

  // Another chunk while the night is open: more epochs, the same chart instance (updated in place).
  const fourth = await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(p, 3));
  expect(fourth.status, fourth.text).toBe(200);
  await expect(hypnogram).toHaveAttribute('data-epochs', '40');
  await expect(hypnogram).toHaveAttribute('data-chart-id', chartId!);
  await expect(sessionRow(page, p.sessionId)).toHaveCount(1);

  // The final report for the same night: the session is complete, in the list and in the open view.
  const allStages = [0, 1, 2, 3].flatMap((n) => stagesFor(n));
  const done = await postWebhook(shell.webhookUrl, shell.apiKey, v3SessionComplete(p, allStages));
  expect(done.status, done.text).toBe(200);
  expect(done.json?.valid, `SESSION_COMPLETE should validate: ${done.text}`).toBe(true);
  await expect(sessionRow(page, p.sessionId)).toHaveAttribute('data-state', 'complete');
  await expect(sessionRow(page, p.sessionId)).toContainText(/complete/i);
  await expect(page.getByTestId('session-state')).toContainText(/complete/i);
  // The report holds the same 40 epochs; the chart is still the one created when the night was opened.
  await expect(hypnogram).toHaveAttribute('data-epochs', '40');
  await expect(hypnogram).toHaveAttribute('data-chart-id', chartId!);

  const viaApi = await api<SessionDetail>(`/api/sessions/${encodeURIComponent(p.userId)}/${encodeURIComponent(p.sessionId)}`);
  expect(viaApi.status).toBe(200);
  expect(viaApi.body.state).toBe('complete');
  expect(viaApi.body.chunkCount).toBe(4);
});

test('captures: rejected requests show their status; the inspector shows headers (key redacted) and the exact body', async ({ page }) => {
  // Something stored before the page opens, so the console does not open on the first-run setup
  // panel (which shows the key on purpose).
  const baseline = await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(newParticipant(), 0));
  expect(baseline.status).toBe(200);
  await openConsole(page);

  const wrongKey = `wrong-${shell.apiKey.split('').reverse().join('')}`;
  const unauthorized = await postWebhook(shell.webhookUrl, wrongKey, v3Chunk(newParticipant(), 0));
  expect(unauthorized.status, unauthorized.text).toBe(401);
  const c401 = await newestCapture();
  expect(c401.status).toBe(401);

  const notJson = 'not json 😴 é\t <b>bold</b> <img src=x onerror="window.__pwned=1">\r\n  trailing  \n';
  const badRequest = await postWebhook(shell.webhookUrl, shell.apiKey, notJson);
  expect(badRequest.status, badRequest.text).toBe(400);
  const c400 = await newestCapture();
  expect(c400.status).toBe(400);

  // A valid webhook written by hand: odd whitespace (tabs, CRLF, blank lines, trailing spaces) and unicode.
  const p = newParticipant();
  const chunk = v3Chunk(p, 0) as { data: Record<string, unknown> };
  const exact =
    '\t{ "event" :\t"INFERENCE_COMPLETE" ,\r\n' +
    '   "version":"V3",\r\n\r\n' +
    `  "note": "😴 é  ünïcødé\u00a0nbsp, \u202ertl\u202c and \\u00e9 escaped",\n` +
    `  "data" : ${JSON.stringify(chunk.data, null, 3)}   \n` +
    '}  \n\n';
  const accepted = await postWebhook(shell.webhookUrl, shell.apiKey, exact, { 'x-trace': 'e2e-trace-42' });
  expect(accepted.status, accepted.text).toBe(200);
  const cExact = accepted.json?.capture;
  expect(cExact).toBeTruthy();

  // Each one appears in the list, live, with its status.
  await expect(captureRow(page, c401.id)).toHaveAttribute('data-status', '401');
  await expect(captureRow(page, c400.id)).toHaveAttribute('data-status', '400');
  await expect(captureRow(page, cExact!)).toHaveAttribute('data-status', '200');

  // The rejected non-JSON body: shown exactly, as text (no element is created from it).
  await captureRow(page, c400.id).click();
  const body = page.getByTestId('capture-body');
  await expect(body).toHaveJSProperty('textContent', notJson);
  await expect(body.locator('b, img')).toHaveCount(0);
  expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();

  // The 401: its headers, with the key that was sent redacted.
  await captureRow(page, c401.id).click();
  const headers = page.getByTestId('capture-headers');
  await expect(headers).toContainText('x-api-key');
  await expect(headers).toContainText(REDACTED_KEY);
  await expect(headers).not.toContainText(wrongKey);

  // The accepted one: headers with the real key redacted, body byte for byte as posted.
  await captureRow(page, cExact!).click();
  await expect(headers).toContainText('x-api-key');
  await expect(headers).toContainText(REDACTED_KEY);
  await expect(headers).toContainText('e2e-trace-42');
  await expect(body).toHaveJSProperty('textContent', exact);

  // Neither key appears anywhere in the page (markup, attributes or visible text).
  await expect(page.getByTestId('setup-panel')).toHaveCount(0);
  const html = await page.content();
  expect(html.includes(shell.apiKey), 'the real API key is in the page').toBe(false);
  expect(html.includes(wrongKey), 'the wrong key that was sent is in the page').toBe(false);
  const text = await page.locator('body').innerText();
  expect(text.includes(shell.apiKey)).toBe(false);
});

test('local JSON API: token, Origin and Host are checked; bodies come back exactly as sent', async () => {
  const p = newParticipant();
  const exact = ' {"event":"INFERENCE_COMPLETE",\t"version":"V3", "data":' + JSON.stringify((v3Chunk(p, 0) as { data: unknown }).data) + ', "note":"😴 é"}\r\n';
  const posted = await postWebhook(shell.webhookUrl, shell.apiKey, exact);
  expect(posted.status, posted.text).toBe(200);
  const id = posted.json?.capture;
  expect(id).toBeTruthy();
  for (const n of [1, 2]) expect((await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(p, n))).status).toBe(200);

  const health = await api<{ ok: boolean; webhookUrl: string; listening: boolean }>('/api/health');
  expect(health.status).toBe(200);
  expect(health.body).toMatchObject({ ok: true, listening: true, webhookUrl: shell.webhookUrl });

  const two = await api<{ items: CaptureSummary[] }>('/api/captures?limit=2');
  expect(two.status).toBe(200);
  expect(two.body.items).toHaveLength(2);
  const ten = await api<{ items: CaptureSummary[] }>('/api/captures?limit=10');
  expect(ten.body.items.map((c) => c.id)).toContain(id);
  expect((await api('/api/captures?limit=0')).status).toBe(400);

  const detail = await api<CaptureDetail>(`/api/captures/${id}`);
  expect(detail.status).toBe(200);
  expect(detail.body.body).toBe(exact);
  expect(detail.body.headers['x-api-key']).toBe(REDACTED_KEY);
  expect(JSON.stringify(detail.body)).not.toContain(shell.apiKey);
  expect((await api(`/api/captures/c999999999`)).status).toBe(404);

  const sessions = await api<{ items: SessionSummary[] }>('/api/sessions');
  expect(sessions.status).toBe(200);
  expect(sessions.body.items).toContainEqual(expect.objectContaining({ userId: p.userId, sessionId: p.sessionId, chunkCount: 3, epochCount: 30 }));
  const one = await api<SessionDetail>(`/api/sessions/${encodeURIComponent(p.userId)}/${encodeURIComponent(p.sessionId)}`);
  expect(one.status).toBe(200);
  expect(one.body).toMatchObject({ userId: p.userId, sessionId: p.sessionId, state: 'live', chunkCount: 3 });

  // Bearer works as well as ?token=.
  const bearer = await fetch(new URL('/api/health', shell.uiOrigin), { headers: { authorization: `Bearer ${shell.token}` } });
  expect(bearer.status).toBe(200);

  // No token, or a wrong one: 401 on every route.
  const routes = ['/api/health', '/api/captures?limit=5', `/api/captures/${id}`, '/api/sessions', `/api/sessions/${p.userId}/${p.sessionId}`];
  for (const route of routes) {
    expect((await api(route, { token: null })).status, `${route} without a token`).toBe(401);
    expect((await api(route, { token: `${shell.token}x` })).status, `${route} with a wrong token`).toBe(401);
  }

  // A page on another site calling the API with a stolen token: refused by Origin.
  for (const origin of ['http://evil.example', 'http://127.0.0.1.evil.example', `http://localhost:1`, 'null']) {
    expect((await api('/api/health', { headers: { origin } })).status, `Origin ${origin}`).toBe(403);
  }
  expect((await api('/api/health', { headers: { origin: shell.uiOrigin } })).status).toBe(200);

  // DNS rebinding: the right address, another name in Host. fetch cannot set Host, node:http can.
  const port = new URL(shell.uiOrigin).port;
  const withToken = `${shell.uiOrigin}/api/health?token=${encodeURIComponent(shell.token)}`;
  expect((await rawGet(withToken, { host: `127.0.0.1:${port}` })).status, 'control: same request, right Host').toBe(200);
  for (const host of [`evil.example:${port}`, `evil.example`, `127.0.0.1.nip.io:${port}`, `localhost.evil.example:${port}`]) {
    const r = await rawGet(withToken, { host });
    expect(r.status, `Host ${host}`).toBe(403);
    expect(r.text).not.toContain(shell.apiKey);
  }
  // The UI itself is not served under a foreign name either.
  expect((await rawGet(`${shell.uiOrigin}/`, { host: `evil.example:${port}` })).status).toBe(403);
});
