import type { CorruptFileReport } from './contract';

/** One damaged-file report's identity across status snapshots (a file can be damaged again later, with a new time). */
export const corruptFileKey = (r: Pick<CorruptFileReport, 'file' | 'at'>) => `${r.file}@${r.at}`;
