// The real console core (headless) on a data folder, for the ingest and restart benchmarks.
// Prints `READY <port> {"path","startMs","openMs"}` where startMs is the time from process start
// (performance.timeOrigin) to listening and openMs the time ConsoleCore.open took. Answers "stats"
// on stdin (RSS, CPU, captures stored). SIGTERM (or stdin closing) closes the core as the shells do
// (ConsoleCore.close with its default time limit), prints `CLOSED {"ms"}` and exits 0, so
// `--cpu-prof` profiles are written.
// Usage: console-server.ts DATA_DIR API_KEY [PORT]
import { ConsoleCore } from '../electron/core/console-core';
import { serveParentCommands } from './child-io';

async function main(): Promise<void> {
  const [dataDir, apiKey, portArg] = process.argv.slice(2);
  if (!dataDir || !apiKey) {
    console.error('usage: console-server.ts DATA_DIR API_KEY [PORT]');
    process.exit(2);
  }
  const openStarted = performance.now();
  const core = await ConsoleCore.open({ dataDir, shell: 'headless', port: Number(portArg ?? 0), apiKey });
  const listening = performance.now();
  const status = core.status();
  if (status.listenError) {
    console.error(status.listenError);
    process.exit(1);
  }
  process.stdout.write(
    `READY ${status.port} ${JSON.stringify({ path: status.path, startMs: listening, openMs: listening - openStarted, captures: status.storage.captureCount })}\n`,
  );

  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    const started = performance.now();
    const force = setTimeout(() => process.exit(1), 30_000);
    void core.close().then(() => {
      clearTimeout(force);
      process.stdout.write(`CLOSED ${JSON.stringify({ ms: performance.now() - started })}\n`);
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  serveParentCommands(() => {
    const s = core.status().storage;
    return { captures: s.captureCount, rejected: s.rejectedCount, ...core.memoryFootprint() };
  }, stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
