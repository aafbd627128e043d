// A console core in a child process, for crash tests: prints "READY <port> {pid, storage}" and runs until killed.
import { ConsoleCore } from '../console-core';

const [dataDir, apiKey] = process.argv.slice(2);
if (!dataDir || !apiKey) {
  console.error('usage: run-core.ts DATA_DIR API_KEY');
  process.exit(2);
}
void ConsoleCore.open({ dataDir, shell: 'headless', port: 0, apiKey }).then((core) => {
  // The storage part of the status tells a crash test what the start-up had to recover from.
  const { port, storage } = core.status();
  console.log(`READY ${port} ${JSON.stringify({ pid: process.pid, storage })}`);
});
