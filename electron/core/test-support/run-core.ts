// A console core in a child process, for crash tests: prints "READY <port>" and runs until killed.
import { ConsoleCore } from '../console-core';

const [dataDir, apiKey] = process.argv.slice(2);
if (!dataDir || !apiKey) {
  console.error('usage: run-core.ts DATA_DIR API_KEY');
  process.exit(2);
}
void ConsoleCore.open({ dataDir, shell: 'headless', port: 0, apiKey }).then((core) => {
  console.log(`READY ${core.status().port}`);
});
