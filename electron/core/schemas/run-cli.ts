// `npm run schemas`: write the JSON Schema of every accepted webhook layout, plus index.json, into a folder.
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { schemaFiles } from '../../../shared/schema-export';

export const DEFAULT_OUT = 'asleep-webhook-schemas';

export const HELP = `Write the JSON Schemas (draft 2020-12) of every Asleep webhook layout the console accepts.

Usage: npm run schemas -- [--out DIR]
  --out DIR     folder to write into, created if missing (default ./${DEFAULT_OUT});
                existing files of the same names are replaced
  -h, --help    this text

Writes index.json (which schema the console uses for which body) and one <layout>-<event>.schema.json
per layout: v1, v2, v3 (event/version/data), v3-callback (callback_* keys) and flat, each for
INFERENCE_COMPLETE and SESSION_COMPLETE. The same files are served by a running console at
GET /api/schemas and GET /api/schemas/<file>.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Where relative paths start: the folder the user ran npm in. */
  cwd: string;
}

/** Exit code: 0 written, 1 could not write, 2 bad options. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let values: { out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    io.err(`schemas: ${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (values.out !== undefined && values.out.trim() === '') {
    io.err('schemas: --out needs a folder, e.g. --out ./schemas');
    return 2;
  }
  const out = values.out ?? DEFAULT_OUT;
  const dir = isAbsolute(out) ? out : resolve(io.cwd, out);
  try {
    await mkdir(dir, { recursive: true });
    const files = schemaFiles();
    for (const f of files) await writeFile(join(dir, f.file), f.content);
    io.out(`Wrote ${files.length} files to ${dir}:`);
    for (const f of files) io.out(`  ${f.file}`);
    return 0;
  } catch (err) {
    io.err(`schemas: could not write to ${dir}: ${err instanceof Error ? err.message : String(err)}. Choose a folder you can write to with --out DIR.`);
    return 1;
  }
}
