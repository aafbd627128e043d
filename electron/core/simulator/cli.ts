// `npm run simulate -- [--url URL] [--api-key KEY] [--participants N] [--nights N] [--speed max|x60|realtime]
//   [--layout v1|v2|v3|flat] [--faults dup,conflict,reorder,drop,invalid,badkey] [--seed N] ...` (see --help)
// tsx runs this package as CommonJS: no top-level await.
import { runCli } from './run-cli';

async function main(): Promise<void> {
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    process.exitCode = await runCli(process.argv.slice(2), {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      signal: controller.signal,
      env: process.env,
    });
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

main().catch((err: unknown) => {
  console.error(`simulate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
