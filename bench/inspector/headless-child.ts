// The headless shell (the real core, HTTP bridge and built UI) on a data folder, for the inspector
// benchmark. Same startHeadless() as `npm run serve`, with the UI built into a folder of the bench's
// own (so a bench never rewrites out/renderer under a running test).
// Prints `READY {"consoleUrl","webhookUrl","token","openMs","captures","rejected"}`; answers "stats" on
// stdin; SIGTERM or stdin closing closes the console as the CLI does (flush, release the lock).
// Usage: headless-child.ts DATA_DIR UI_DIR API_KEY
import { startHeadless } from '../../electron/headless/headless-server';
import { serveParentCommands } from '../child-io';

async function main(): Promise<void> {
  const [dataDir, uiDir, apiKey] = process.argv.slice(2);
  if (!dataDir || !uiDir || !apiKey) {
    console.error('usage: headless-child.ts DATA_DIR UI_DIR API_KEY');
    process.exit(2);
  }
  const started = performance.now();
  const app = await startHeadless({ dataDir, uiDir, apiKey, port: 0, uiPort: 0 });
  const status = app.core.status();
  if (status.listenError) {
    console.error(status.listenError);
    process.exit(1);
  }
  process.stdout.write(
    `READY ${JSON.stringify({
      consoleUrl: app.consoleUrl,
      webhookUrl: status.webhookUrl,
      token: app.token,
      openMs: performance.now() - started,
      captures: status.storage.captureCount,
      rejected: status.storage.rejectedCount,
    })}\n`,
  );

  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(1), 30_000);
    void app.close().then(() => {
      clearTimeout(force);
      process.stdout.write('CLOSED\n');
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  serveParentCommands(() => {
    const s = app.core.status().storage;
    return { captures: s.captureCount, rejected: s.rejectedCount };
  }, stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
