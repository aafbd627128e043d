// Payload inspector, parts 2 and 3: the JSON tree marks the validation issue's node; a conflicting
// repeat opens a diff that lists exactly the changed epochs; "compare with previous chunk" finds the
// session's chunk before; the raw text diff is there as a second view.
import { expect, test } from './support/fixtures';
import type { CaptureDetail } from '../shared/capture';
import { postWebhook, startHeadless, type HeadlessShell } from './support/headless';
import { newParticipant, v3Chunk } from './support/payloads';

let shell: HeadlessShell;
const p = newParticipant();
let original = '';
let conflict = '';
let second = '';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  shell = await startHeadless();
  const first = v3Chunk(p, 0);
  const a = await postWebhook(shell.webhookUrl, shell.apiKey, first);
  expect(a.status, a.text).toBe(200);
  original = a.json!.capture!;
  // Same key (session + inference_seq_num), two epochs changed, nothing else.
  const changed = structuredClone(first) as { data: { sleep_stages: number[] } };
  changed.data.sleep_stages[3] = 1;
  changed.data.sleep_stages[7] = 0;
  const b = await postWebhook(shell.webhookUrl, shell.apiKey, changed);
  expect(b.status, b.text).toBe(200);
  conflict = b.json!.capture!;
  const c = await postWebhook(shell.webhookUrl, shell.apiKey, v3Chunk(p, 1));
  expect(c.status, c.text).toBe(200);
  second = c.json!.capture!;
});
test.afterAll(async () => {
  await shell?.stop();
});

async function capture(id: string): Promise<CaptureDetail> {
  const url = new URL(`/api/captures/${id}`, shell.uiOrigin);
  url.searchParams.set('token', shell.token);
  return (await (await fetch(url)).json()) as CaptureDetail;
}

test('a conflicting repeat: link to the original, Show diff lists exactly the changed epochs', async ({ page }) => {
  expect((await capture(conflict)).duplicate).toBe('conflict');
  await page.goto(shell.consoleUrl);
  await page.locator(`[data-testid="capture-row"][data-capture-id="${conflict}"]`).click();
  await page.getByTestId('show-diff').click();
  const view = page.getByTestId('diff-view');
  await expect(view).toBeVisible();
  await expect(view).toHaveAttribute('data-before', original);
  await expect(view).toHaveAttribute('data-after', conflict);
  const changes = view.getByTestId('diff-change');
  await expect(changes).toHaveCount(2);
  expect(await changes.evaluateAll((els) => els.map((e) => [e.getAttribute('data-path'), e.getAttribute('data-kind')]))).toEqual([
    ['data.sleep_stages.3', 'changed'],
    ['data.sleep_stages.7', 'changed'],
  ]);
  // The stage array aligned by epoch, the two changed ones highlighted.
  const stages = view.locator('[data-testid="diff-stages"][data-path="data.sleep_stages"]');
  await expect(stages.locator('[data-testid="diff-epoch"][data-changed="true"]')).toHaveCount(2);
  // The raw text diff as a second view (the bodies are one JSON line each).
  await view.getByTestId('diff-tab-raw').click();
  await expect(view.getByTestId('diff-raw')).toHaveAttribute('data-edits', '2');
  await view.getByTestId('diff-raw-format').click();
  await expect(view.getByTestId('diff-raw')).toHaveAttribute('data-edits', '4');

  // The repeat links to the original: it selects it.
  await page.getByTestId('capture-detail').getByRole('button', { name: original }).click();
  await expect(page.getByTestId('capture-detail')).toContainText(original);
  await expect(page.getByTestId('diff-view')).toHaveCount(0);
  // What the console understood: where the chunk went, with clock times (the session start is known).
  await expect(page.getByTestId('understood-epochs')).toContainText(/epochs 0…9 .*\d\d:\d\d:\d\d – \d\d:\d\d:\d\d/);
});

test('compare with the previous chunk of the session, and with a typed capture id', async ({ page }) => {
  await page.goto(shell.consoleUrl);
  await page.locator(`[data-testid="capture-row"][data-capture-id="${second}"]`).click();
  await page.getByTestId('compare-previous').click();
  const view = page.getByTestId('diff-view');
  await expect(view).toHaveAttribute('data-before', original);
  await expect(view).toHaveAttribute('data-after', second);
  await expect(view.locator('[data-testid="diff-change"][data-path="data.inference_seq_num"]')).toHaveAttribute('data-kind', 'changed');
  await page.getByTestId('diff-close').click();
  await expect(view).toHaveCount(0);

  await page.getByTestId('compare-with').click();
  await page.getByTestId('compare-with-input').fill(conflict);
  await page.getByTestId('compare-with-go').click();
  await expect(view).toHaveAttribute('data-before', conflict);
  await expect(view).toHaveAttribute('data-after', second);
});

test('the tree marks the node of a validation issue; the issue list reveals it', async ({ page }) => {
  const q = newParticipant();
  const bad = v3Chunk(q, 0) as { data: { sleep_stages: number[] } };
  bad.data.sleep_stages[3] = 9;
  const a = await postWebhook(shell.webhookUrl, shell.apiKey, bad);
  expect(a.status, a.text).toBeLessThan(500);
  const id = a.json!.capture!;
  const detail = await capture(id);
  expect(detail.issues.length).toBeGreaterThan(0);
  const issue = detail.issues.find((i) => i.path === 'data.sleep_stages.3')!;
  expect(issue, JSON.stringify(detail.issues)).toBeTruthy();

  await page.goto(shell.consoleUrl);
  await page.locator(`[data-testid="capture-row"][data-capture-id="${id}"]`).click();
  // The raw tab is still the default, bytes as received.
  await expect(page.getByTestId('capture-body')).toHaveText(JSON.stringify(bad));
  await page.getByTestId('body-tab-tree').click();
  const tree = page.getByTestId('json-tree');
  await expect(tree).toBeVisible();
  const node = tree.locator(`[data-testid="json-node"][data-path="${issue.path}"]`);
  await expect(node).toHaveClass(/has-issue/);
  await expect(node.getByTestId('json-node-issue').first()).toContainText(issue.message);
  await expect(page.getByTestId('understood')).toContainText('not valid');

  // Fold all hides the node; the issue link unfolds and reveals it.
  await tree.getByTestId('json-fold-all').click();
  await expect(node).toHaveCount(0);
  await page.getByTestId('body-tab-raw').click();
  await page.locator(`[data-testid="issue-link"][data-path="${issue.path}"]`).first().click();
  await expect(node).toBeVisible();
});
