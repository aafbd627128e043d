// Captures list end to end: every filter of the bar narrows the list and lives in the URL hash (a
// reload keeps it), the time range with quick ranges, the keyboard, and the "n new" pill (live captures
// never move what the user is looking at).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import type { CaptureSummary } from '../shared/capture';
import { postWebhook, REPO_ROOT, startHeadless, type HeadlessShell } from './support/headless';
import { newParticipant, stagesFor, v3Chunk, v3SessionComplete, type Participant } from './support/payloads';

const ROW = 28;
let shell: HeadlessShell;
let a: Participant;
let b: Participant;
/** Every capture posted in beforeAll, by what the test needs to count. */
let total = 0;
const A_CHUNKS = 40;

const example = (name: string) => readFileSync(join(REPO_ROOT, 'shared/asleep/examples', name), 'utf8');

async function post(body: unknown, key: string | null = shell.apiKey): Promise<void> {
  const r = await postWebhook(shell.webhookUrl, key, body);
  expect(r.status, r.text).toBeLessThan(500);
  total++;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  shell = await startHeadless();
  a = newParticipant();
  b = newParticipant(new Date(Date.UTC(2025, 0, 16, 1, 0, 0)));
  for (let i = 0; i < A_CHUNKS; i++) await post(v3Chunk(a, i));
  await post(v3SessionComplete(b, stagesFor(0).concat(stagesFor(1))));
  await post(example('v1-inference-complete.json'));
  await post(example('v2-inference-complete.json'));
  await post(example('flat-inference-complete.json'));
  await post({ event: 'INFERENCE_COMPLETE', note: 'not an Asleep layout' });
  await post(v3Chunk(b, 5), 'wrong-key-123456');
});
test.afterAll(async () => {
  await shell?.stop();
});

async function api<T>(path: string): Promise<T> {
  const url = new URL(path, shell.uiOrigin);
  url.searchParams.set('token', shell.token);
  return (await (await fetch(url)).json()) as T;
}

async function newestIds(n: number): Promise<string[]> {
  return (await api<{ items: CaptureSummary[] }>(`/api/captures?limit=${n}`)).items.map((c) => c.id);
}

/** A datetime-local value in the browser's zone, `offsetMs` from now. */
function localInput(page: Page, offsetMs: number): Promise<string> {
  return page.evaluate((off) => {
    const d = new Date(Date.now() + off);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, offsetMs);
}

const list = (page: Page) => page.getByTestId('captures-list');
const rows = (page: Page) => page.getByTestId('capture-row');
const row = (page: Page, id: string) => page.locator(`[data-testid="capture-row"][data-capture-id="${id}"]`);
const scrollTop = (page: Page) => list(page).evaluate((el) => el.scrollTop);
/** Rows are virtualized: the list's data-count is how many match, not how many are in the DOM. */
const expectCount = (page: Page, n: number) => expect(list(page)).toHaveAttribute('data-count', String(n));

async function openConsole(page: Page, hash = ''): Promise<void> {
  await page.goto(shell.consoleUrl + hash);
  await expect(list(page)).toBeVisible();
}

/** Top of `inner` relative to the top of `outer`'s visible box. */
async function offsetIn(inner: Locator, outer: Locator): Promise<number> {
  const [i, o] = await Promise.all([inner.boundingBox(), outer.boundingBox()]);
  if (!i || !o) throw new Error('not rendered');
  return i.y - o.y;
}

test('every select narrows the list, is kept in the URL hash and survives a reload', async ({ page }) => {
  await openConsole(page);
  await expectCount(page, total);

  await page.getByTestId('filter-event').selectOption('SESSION_COMPLETE');
  await expectCount(page, 1);
  await expect(page).toHaveURL(/#captures\?event=SESSION_COMPLETE$/);
  await expect(page.getByTestId('filters-active')).toContainText('1 filter active');
  await page.getByTestId('filter-event').selectOption('');
  await expectCount(page, total);

  await page.getByTestId('filter-layout').selectOption('v1');
  await expectCount(page, 1);
  await page.getByTestId('filter-version').selectOption('V1');
  await expectCount(page, 1);
  await expect(page).toHaveURL(/#captures\?layout=v1&version=V1$/);
  await page.getByTestId('filter-layout').selectOption('flat');
  await expectCount(page, 0);
  await expect(page.getByText('No captures match these filters')).toBeVisible();
  await page.getByTestId('filter-version').selectOption('V3');
  await expectCount(page, 1);
  await page.reload();
  await expect(page.getByTestId('filter-layout')).toHaveValue('flat');
  await expect(page.getByTestId('filter-version')).toHaveValue('V3');
  await expectCount(page, 1);
  await expect(page.getByTestId('filters-active')).toContainText('2 filters active');
  await page.getByTestId('filters-clear').click();
  await expectCount(page, total);
  await expect(page.getByTestId('filters-active')).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe('');

  // Participant: suggested from the known sessions, applied on Enter.
  await expect(page.locator(`datalist option[value="${a.userId}"]`)).toHaveCount(1);
  await page.getByTestId('filter-user').fill(a.userId);
  await page.getByTestId('filter-user').press('Enter');
  await expectCount(page, A_CHUNKS);
  await expect(page).toHaveURL(new RegExp(`#captures\\?user=${a.userId}$`));
  // Session: only this participant's sessions are suggested; picking one applies it at once.
  await expect(page.locator(`datalist option[value="${a.userId}/${a.sessionId}"]`)).toHaveCount(1);
  await expect(page.locator(`datalist option[value="${b.userId}/${b.sessionId}"]`)).toHaveCount(0);
  await page.getByTestId('filter-session').fill(`${a.userId}/${a.sessionId}`);
  await expectCount(page, A_CHUNKS);
  await expect(page).toHaveURL(new RegExp(`session=${encodeURIComponent(`${a.userId}/${a.sessionId}`)}.*user=${a.userId}`));
  await page.reload();
  await expect(page.getByTestId('filter-user')).toHaveValue(a.userId);
  await expect(page.getByTestId('filter-session')).toHaveValue(`${a.userId}/${a.sessionId}`);
  await expectCount(page, A_CHUNKS);
  // Another participant: the first one's session no longer applies.
  await page.getByTestId('filter-user').fill(b.userId);
  await page.getByTestId('filter-user').press('Enter');
  await expect(page.getByTestId('filter-session')).toHaveValue('');
  await expectCount(page, 1);

  // Status and validity, combined with the participant.
  await page.getByTestId('filter-user').fill('');
  await page.getByTestId('filter-user').press('Enter');
  await page.getByTestId('filter-status').selectOption('4xx');
  await expectCount(page, 1);
  await page.getByTestId('filter-status').selectOption('2xx');
  await page.getByTestId('filter-valid').selectOption('false');
  await expectCount(page, 1);
  await expect(rows(page).first()).toHaveAttribute('data-valid', 'false');
  await page.getByTestId('filters-clear').click();
  await expectCount(page, total);
});

test('time range: from/to in local time, quick ranges, kept in the URL', async ({ page }) => {
  await openConsole(page);
  await expectCount(page, total);
  // Everything was received in the last few minutes.
  await page.getByTestId('filter-from').fill(await localInput(page, 3_600_000));
  await expectCount(page, 0);
  await expect(page).toHaveURL(/#captures\?from=/);
  await page.getByTestId('range-hour').click();
  await expectCount(page, total);
  const from = await page.getByTestId('filter-from').inputValue();
  // An hour ago on a whole minute (the clock may tick between the click and this line).
  const expected = Date.parse(await localInput(page, -3_600_000));
  expect(Math.abs(Date.parse(from) - expected)).toBeLessThanOrEqual(60_000);
  await page.getByTestId('filter-to').fill(await localInput(page, -1_800_000));
  await expectCount(page, 0);
  await page.reload();
  await expect(page.getByTestId('filter-from')).toHaveValue(from);
  await expectCount(page, 0);
  await expect(page.getByTestId('filters-active')).toContainText('2 filters active');
  await page.getByTestId('range-night').click();
  await expect(page.getByTestId('filter-to')).toHaveValue('');
  await expect(page.getByTestId('filter-from')).toHaveValue(/T18:00$/);
  await expectCount(page, total);
  await page.getByTestId('range-day').click();
  await expectCount(page, total);
  await page.getByTestId('filters-clear').click();
  await expect(page.getByTestId('filter-from')).toHaveValue('');
});

test('keyboard: / focuses the search, Esc clears it', async ({ page }) => {
  await openConsole(page);
  await list(page).focus();
  await page.keyboard.press('/');
  await expect(page.getByTestId('capture-search')).toBeFocused();
  await page.keyboard.type('not an asleep layout');
  await expectCount(page, 1);
  await expect(page).toHaveURL(/q=not%20an%20asleep%20layout/);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('capture-search')).toHaveValue('');
  await expectCount(page, total);
  expect(new URL(page.url()).hash).toBe('');
});

test('"n new" pill: a selected row and a scrolled view stay put while captures arrive; the pill goes to the top', async ({ page }) => {
  await openConsole(page);
  await expectCount(page, total);
  const c = newParticipant();
  let chunk = 0;

  // 1. A capture is selected: three arrive, the selected row does not move, the pill counts them.
  const [, , third] = await newestIds(3);
  await row(page, third!).click();
  await expect(row(page, third!)).toHaveAttribute('aria-selected', 'true');
  const before = await offsetIn(row(page, third!), list(page));
  for (let i = 0; i < 3; i++) await post(v3Chunk(c, chunk++));
  await expectCount(page, total);
  await expect(page.getByTestId('new-captures-pill')).toHaveText('3 new ↑');
  await expect(row(page, third!)).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, third!)).toBeInViewport();
  expect(Math.abs((await offsetIn(row(page, third!), list(page))) - before)).toBeLessThan(1);
  expect(await scrollTop(page)).toBe(3 * ROW);
  await page.getByTestId('new-captures-pill').click();
  await expect(page.getByTestId('new-captures-pill')).toHaveCount(0);
  expect(await scrollTop(page)).toBe(0);
  const [newest] = await newestIds(1);
  await expect(rows(page).first()).toHaveAttribute('data-capture-id', newest!);
  await expect(row(page, third!)).toHaveAttribute('aria-selected', 'true');

  // 2. Nothing selected, scrolled down: the row at the top of the view stays there.
  await page.getByRole('button', { name: 'Close capture detail (Esc)' }).click();
  await expect(page.getByTestId('capture-detail')).toHaveCount(0);
  await list(page).evaluate((el) => (el.scrollTop = 10 * 28));
  await expect.poll(() => scrollTop(page)).toBe(10 * ROW);
  const topId = (await newestIds(11))[10]!;
  for (let i = 0; i < 2; i++) await post(v3Chunk(c, chunk++));
  await expect(page.getByTestId('new-captures-pill')).toHaveText('2 new ↑');
  expect(await scrollTop(page)).toBe(12 * ROW);
  expect(await offsetIn(row(page, topId), list(page))).toBeLessThan(1);

  // 3. Captures that do not match the filter are not counted; Home goes to the newest and clears the count.
  await page.getByTestId('filter-status').selectOption('2xx');
  await expectCount(page, total - 1);
  await expect(page.getByTestId('new-captures-pill')).toHaveCount(0);
  await list(page).evaluate((el) => (el.scrollTop = 5 * 28));
  await expect.poll(() => scrollTop(page)).toBe(5 * ROW);
  await post(v3Chunk(c, chunk++), 'wrong-key-123456');
  await post(v3Chunk(c, chunk++));
  await expect(page.getByTestId('new-captures-pill')).toHaveText('1 new ↑');
  await expectCount(page, total - 2);
  await list(page).focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('new-captures-pill')).toHaveCount(0);
  await expect.poll(() => scrollTop(page)).toBe(0);

  // 4. At the top with nothing selected, new captures simply appear.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('capture-detail')).toHaveCount(0);
  await post(v3Chunk(c, chunk++));
  const [latest] = await newestIds(1);
  await expect(rows(page).first()).toHaveAttribute('data-capture-id', latest!);
  expect(await scrollTop(page)).toBe(0);
  await expect(page.getByTestId('new-captures-pill')).toHaveCount(0);
});
