// `npm run schemas -- [--out DIR]` (see --help). npm runs scripts from the package folder; INIT_CWD is
// where the user typed the command, so a relative --out lands where they expect.
import { runCli } from './run-cli';

runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  cwd: process.env.INIT_CWD ?? process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`schemas: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
