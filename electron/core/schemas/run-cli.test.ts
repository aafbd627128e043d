// The schemas CLI: real files in a temp folder, and the real script run as a child process.
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schemaFile, schemaFiles, schemaIndex } from '../../../shared/schema-export';
import { tempDir } from '../test-support/temp-dir';
import { runCli } from './run-cli';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..', '..');
let dir: Awaited<ReturnType<typeof tempDir>>;
let lines: string[];
const io = () => ({ out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`), cwd: dir.path });

beforeEach(async () => {
  dir = await tempDir('asleep-schemas-cli-');
  lines = [];
});
afterEach(async () => {
  await dir.remove();
});

describe('npm run schemas', () => {
  it('writes index.json and one file per schema into --out (relative to where it was run)', async () => {
    expect(await runCli(['--out', 'out/schemas'], io())).toBe(0);
    const folder = join(dir.path, 'out', 'schemas');
    const names = (await readdir(folder)).sort();
    expect(names).toEqual(schemaFiles().map((f) => f.file).sort());
    expect(JSON.parse(await readFile(join(folder, 'index.json'), 'utf8'))).toEqual(schemaIndex());
    expect(JSON.parse(await readFile(join(folder, 'flat-session-complete.schema.json'), 'utf8'))).toEqual(schemaFile('flat-session-complete.schema.json'));
    expect(lines[0]).toBe(`Wrote 11 files to ${folder}:`);
  });

  it('replaces files of the same name and leaves other files alone', async () => {
    await writeFile(join(dir.path, 'v3-inference-complete.schema.json'), 'old');
    await writeFile(join(dir.path, 'mine.txt'), 'keep');
    expect(await runCli(['--out', dir.path], io())).toBe(0);
    expect(await readFile(join(dir.path, 'v3-inference-complete.schema.json'), 'utf8')).toContain('"$id"');
    expect(await readFile(join(dir.path, 'mine.txt'), 'utf8')).toBe('keep');
  });

  it('says plainly when the folder cannot be written, and rejects bad options', async () => {
    // A folder inside a regular file cannot be created (a read-only folder would not stop root).
    await writeFile(join(dir.path, 'a-file'), 'x');
    expect(await runCli(['--out', 'a-file/schemas'], io())).toBe(1);
    expect(lines.at(-1)).toMatch(/^ERR schemas: could not write to .*a-file\/schemas: .*Choose a folder you can write to with --out DIR\.$/);
    expect(await runCli(['--bogus'], io())).toBe(2);
    expect(await runCli(['--out', ''], io())).toBe(2);
    lines = [];
    expect(await runCli(['--help'], io())).toBe(0);
    expect(lines.join('\n')).toContain('GET /api/schemas');
  });

  it('runs as a script (tsx), resolving --out against INIT_CWD', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'electron/core/schemas/cli.ts', '--out', 'from-npm'], {
      cwd: ROOT,
      env: { ...process.env, INIT_CWD: dir.path },
    });
    expect(stdout).toContain(join(dir.path, 'from-npm'));
    expect((await readdir(join(dir.path, 'from-npm'))).length).toBe(11);
  });
});
