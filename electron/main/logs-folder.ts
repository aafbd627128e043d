// "Open logs folder": the core says where the logs are (and refuses in read-only review); the
// desktop shell opens that folder in the system's file manager. The headless shell cannot open a
// window on the user's desktop, so its answer keeps `opened: false` and the page shows the path.
import { mkdir } from 'node:fs/promises';
import { shell } from 'electron';
import type { CommandHandlers } from '../../shared/contract';
import { ok } from '../../shared/result';

export function openLogsFolder(core: { readonly handlers: CommandHandlers }): CommandHandlers['openLogsFolder'] {
  return async (args) => {
    const r = await core.handlers.openLogsFolder(args);
    if (!r.ok) return r;
    const { path } = r.value;
    await mkdir(path, { recursive: true }).catch(() => undefined);
    // openPath answers an error message, or '' when the folder was opened.
    const problem = await shell.openPath(path);
    return ok({ path, opened: problem === '' });
  };
}
