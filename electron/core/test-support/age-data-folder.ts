// Test-only: make a closed data folder look as if its captures arrived `days` earlier. The received
// time comes from the server clock, so old captures cannot be posted; instead the capture log's
// lines are rewritten with earlier times, and what is derived from them (the capture index and the
// cold summary files, the session files) is removed so that the next start rebuilds it from the log, as after a crash.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function ageDataFolder(dataDir: string, days: number): Promise<void> {
  for (const folder of ['captures', 'rejected']) {
    const dir = join(dataDir, folder);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => /^seg-\d+\.jsonl$/.test(n))) {
      const file = join(dir, name);
      const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
      const aged = lines.map((line) => {
        const record = JSON.parse(line) as { receivedAt: string };
        record.receivedAt = new Date(Date.parse(record.receivedAt) - days * DAY_MS).toISOString();
        return JSON.stringify(record);
      });
      await writeFile(file, aged.map((l) => l + '\n').join(''));
    }
    await rm(join(dir, 'index.jsonl'), { force: true });
    for (const name of names.filter((n) => /^seg-\d+\.index\.jsonl$/.test(n))) await rm(join(dir, name), { force: true });
  }
  await rm(join(dataDir, 'sessions'), { recursive: true, force: true });
}
