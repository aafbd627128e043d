// Test-only: open a core on DATA_DIR, prune everything older than DAYS days, and SIGKILL this very
// process right after STEP (intent | index | segments | sessions) - a real crash in the middle of a prune.
import { ConsoleCore } from '../../console-core';
import type { PruneStep } from '../retention-service';

const [dataDir, step, days] = process.argv.slice(2);
if (!dataDir || !step || !days) {
  console.error('usage: prune-and-die.ts DATA_DIR STEP DAYS');
  process.exit(2);
}
void (async () => {
  const core = await ConsoleCore.open({
    dataDir,
    shell: 'headless',
    port: 0,
    retentionTiming: {
      firstCheckMs: 3_600_000,
      afterStep: (s: PruneStep) => {
        if (s === step) process.kill(process.pid, 'SIGKILL');
      },
    },
  });
  const preview = await core.handlers.previewPrune({ days: Number(days) });
  if (!preview.ok) throw new Error(preview.error.message);
  console.log(`PREVIEW ${JSON.stringify(preview.value)}`);
  await core.handlers.pruneCaptures({ before: preview.value.before });
  console.log('PRUNED (the step was never reached)');
  process.exit(3);
})();
