import { execFileSync } from 'node:child_process';
import { mkdir, open, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { RotatingFile } from './rotating-file';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir('asleep-log-');
});
afterEach(async () => {
  await dir.remove();
});

const line = (i: number) => JSON.stringify({ n: i, pad: 'x'.repeat(40) });

describe('RotatingFile', () => {
  it('rotates at the size limit and keeps exactly `keep` files, newest lines in console.log', async () => {
    const logs = join(dir.path, 'logs');
    const file = new RotatingFile({ dir: logs, maxBytes: 1_000, keep: 3 });
    for (let i = 0; i < 200; i++) file.write(line(i));
    await file.close();

    expect((await readdir(logs)).sort()).toEqual(['console.1.log', 'console.2.log', 'console.log']);
    const texts = await Promise.all(['console.2.log', 'console.1.log', 'console.log'].map((n) => readFile(join(logs, n), 'utf8')));
    for (const [i, t] of texts.entries()) {
      expect(Buffer.byteLength(t), `file ${i}`).toBeLessThanOrEqual(1_000);
      expect(t.endsWith('\n')).toBe(true);
    }
    // Oldest to newest, the kept files are one unbroken run of whole lines ending with the last one written.
    const numbers = texts.join('').trimEnd().split('\n').map((l) => (JSON.parse(l) as { n: number }).n);
    expect(numbers.at(-1)).toBe(199);
    expect(numbers).toEqual(numbers.map((_, k) => numbers[0]! + k));
    expect(numbers[0]).toBeGreaterThan(0); // the oldest fell off the end
  });

  it('appends to an existing console.log after a restart and counts its size toward the limit', async () => {
    const logs = join(dir.path, 'logs');
    await mkdir(logs);
    await writeFile(join(logs, 'console.log'), `${'y'.repeat(950)}\n`);
    const file = new RotatingFile({ dir: logs, maxBytes: 1_000, keep: 2 });
    file.write(line(1));
    await file.close();
    expect((await readFile(join(logs, 'console.1.log'), 'utf8')).startsWith('yyy')).toBe(true);
    expect(await readFile(join(logs, 'console.log'), 'utf8')).toBe(`${line(1)}\n`);
  });

  it('keeps its file readable by the user only', async () => {
    const file = new RotatingFile({ dir: join(dir.path, 'logs') });
    file.write('one');
    await file.close();
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
  });

  it('never throws when the folder cannot be written: one note, lines dropped, then resumes and says how many were lost', async () => {
    const blocker = join(dir.path, 'not-a-folder');
    await writeFile(blocker, 'a file where the log folder should be');
    const notes: string[] = [];
    const file = new RotatingFile({ dir: join(blocker, 'logs'), note: (m) => notes.push(m) });
    for (let i = 0; i < 5; i++) {
      expect(() => file.write(line(i))).not.toThrow();
      await file.flush();
    }
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/cannot be written .*Webhooks are not affected/);

    await unlink(blocker);
    file.write(line(99));
    await file.close();
    const text = await readFile(join(blocker, 'logs', 'console.log'), 'utf8');
    expect(text).toContain('"event":"log.resumed"');
    expect(text).toContain('5 lines were lost');
    expect(text).toContain('"n":99');
    expect(notes).toHaveLength(1);
  });

  it('on a full disk: writes never throw or block, and logging resumes once there is room', async (ctx) => {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir.path], { stdio: 'ignore' });
    } catch {
      ctx.skip(); // printed as skipped: mounting a tmpfs needs root
    }
    try {
      const filler = join(dir.path, 'filler');
      const handle = await open(filler, 'w');
      try {
        for (;;) await handle.write(Buffer.alloc(16 * 1024, 1));
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
      } finally {
        await handle.close();
      }
      const notes: string[] = [];
      const file = new RotatingFile({ dir: join(dir.path, 'logs'), note: (m) => notes.push(m) });
      for (let i = 0; i < 100; i++) file.write(line(i));
      await file.flush();
      expect(notes.length).toBeLessThanOrEqual(1);
      await unlink(filler);
      file.write(line(1000));
      await file.close();
      expect(await readFile(file.path, 'utf8')).toContain('"n":1000');
    } finally {
      execFileSync('umount', ['-l', dir.path]);
    }
  });
});
