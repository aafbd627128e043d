// The tunnel as a user sees it: state in the top bar, the public webhook URL in Setup, a webhook
// through the public side captured with its URL, a changed URL announced loudly, and off on request.
// The tunnel server is the localtunnel-compatible one on loopback from the core's tests.
import { request } from 'node:http';
import { expect, test } from './support/fixtures';
import { FakeLocaltunnelServer } from '../electron/core/tunnel/test-support/fake-localtunnel-server';
import { loopbackLookup } from '../electron/core/tunnel/tunnel-http';
import { startHeadless, type HeadlessShell } from './support/headless';
import { v3Chunk } from './support/payloads';

let server: FakeLocaltunnelServer;
let shell: HeadlessShell;

test.beforeAll(async () => {
  server = new FakeLocaltunnelServer();
  await server.start();
  shell = await startHeadless({ extraArgs: ['--tunnel', '--tunnel-host', server.host, '--subdomain', 'ward-seven'] });
});
test.afterAll(async () => {
  await shell?.stop();
  await server?.stop();
});

function postPublic(url: string, key: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', lookup: loopbackLookup, agent: false, headers: { 'x-api-key': key, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('tunnel online, webhook through it captured, URL change announced, closed on request', async ({ page }) => {
  const publicUrl = server.urlFor('ward-seven');
  await page.goto(shell.consoleUrl);
  await expect(page.getByTestId('tunnel-status')).toContainText('online');
  await expect(page.getByTestId('tunnel-status')).toContainText(`${publicUrl}/webhook`);

  const body = JSON.stringify(v3Chunk({ userId: 'tunnel-participant', sessionId: '20260101220000_tunnl', start: new Date('2026-01-01T22:00:00Z') }, 0));
  expect(await postPublic(`${publicUrl}/webhook`, shell.apiKey, body)).toBe(200);
  await expect(page.getByTestId('session-row').filter({ hasText: 'tunnel-participant' })).toBeVisible();

  // Setup opens by itself on a first run; otherwise open it.
  if (!(await page.getByTestId('setup-panel').isVisible())) await page.getByRole('button', { name: 'Setup' }).click();
  await expect(page.getByTestId('tunnel-public-url')).toHaveText(`${publicUrl}/webhook`);
  await expect(page.getByTestId('tunnel-history')).toContainText(publicUrl);
  await expect(page.getByTestId('tunnel-history').locator('tbody tr').first()).toContainText('1');

  await page.getByTestId('tunnel-subdomain').fill('ward-eight');
  await page.getByTestId('tunnel-settings').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('tunnel-url-banner')).toBeVisible();
  await expect(page.getByTestId('tunnel-new-url')).toHaveText(`${server.urlFor('ward-eight')}/webhook`);
  await expect(page.getByTestId('tunnel-state')).toHaveAttribute('data-state', 'online');

  await page.getByTestId('tunnel-toggle').click();
  await expect(page.getByTestId('tunnel-state')).toHaveAttribute('data-state', 'off');
  await expect(page.getByTestId('tunnel-status')).toContainText('off');
  await expect.poll(() => server.socketCount()).toBe(0);
});
