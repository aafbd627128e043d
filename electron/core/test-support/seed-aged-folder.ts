// Test-only: fill a data folder with one night of captures (and one refused request) received DAYS
// days ago, as a study laptop would hold it. Run before the console starts on that folder:
//   node --import tsx electron/core/test-support/seed-aged-folder.ts DATA_DIR DAYS USER_ID SESSION_ID CHUNKS
import { ConsoleCore } from '../console-core';
import { chunkBody, post, postNight } from '../retention/test-support/webhooks';
import { ageDataFolder } from './age-data-folder';

const [dataDir, days, userId, sessionId, chunks] = process.argv.slice(2);
if (!dataDir || !days || !userId || !sessionId || !chunks) {
  console.error('usage: seed-aged-folder.ts DATA_DIR DAYS USER_ID SESSION_ID CHUNKS');
  process.exit(2);
}
const KEY = 'seed-key-0123456789';

void (async () => {
  const core = await ConsoleCore.open({ dataDir, shell: 'headless', port: 0, apiKey: KEY });
  const answers = await postNight(core.webhookUrl, KEY, userId, sessionId, Number(chunks));
  if (answers.some((s) => s !== 200)) throw new Error(`seeding failed: ${answers.join(',')}`);
  await post(core.webhookUrl, chunkBody(userId, sessionId, 99), 'not-the-key-000');
  while (core.status().storage.rejectedCount < 1) await new Promise((r) => setTimeout(r, 10));
  await core.close();
  await ageDataFolder(dataDir, Number(days));
  console.log(`SEEDED ${answers.length} captures, 1 rejected, ${days} days old`);
})().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
