// A console core with forwarding on, in a child process, for the forwarding crash test:
// prints "READY <port>" and runs until killed. Short back-off so the test does not wait minutes.
import { ConsoleCore } from '../../console-core';

const [dataDir, apiKey, url] = process.argv.slice(2);
if (!dataDir || !apiKey || !url) {
  console.error('usage: run-forwarding-core.ts DATA_DIR API_KEY BACKEND_URL');
  process.exit(2);
}
void (async () => {
  const core = await ConsoleCore.open({ dataDir, shell: 'headless', port: 0, apiKey, forwardingTiming: { baseMs: 100, maxDelayMs: 400, timeoutMs: 2_000 } });
  const r = await core.handlers.configureForwarding({ enabled: true, url });
  if (!r.ok) throw new Error(r.error.message);
  console.log(`READY ${core.status().port}`);
})();
