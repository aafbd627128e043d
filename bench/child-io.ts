// What every bench child process shares: answer "stats" on stdin with one `STATS {json}` line, and
// exit when the parent goes away (stdin closes), so no server outlives a crashed or killed run.
import { createInterface } from 'node:readline';

export interface ChildStats {
  rss: number;
  heapUsed: number;
  /** Memory outside the JS heap that V8 knows of (Buffers, typed arrays), and the ArrayBuffer part of it. */
  external: number;
  arrayBuffers: number;
  /** CPU time used by this process so far (user + system), in ms. */
  cpuMs: number;
  /** performance.now() when the stats were taken: CPU% = ΔcpuMs / ΔatMs. */
  atMs: number;
  [extra: string]: number;
}

export function serveParentCommands(extraStats: () => Record<string, number>, onParentGone: () => void): void {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const cmd = line.trim();
    // `stats gc`: collect garbage first (needs --expose-gc), so the heap figure is what is really kept.
    if (cmd === 'stats gc') (globalThis as { gc?: () => void }).gc?.();
    if (cmd === 'stats' || cmd === 'stats gc') {
      const mem = process.memoryUsage();
      const cpu = process.cpuUsage();
      const stats: ChildStats = {
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        external: mem.external,
        arrayBuffers: mem.arrayBuffers,
        cpuMs: (cpu.user + cpu.system) / 1000,
        atMs: performance.now(),
        ...extraStats(),
      };
      process.stdout.write(`STATS ${JSON.stringify(stats)}\n`);
    }
  });
  rl.on('close', onParentGone);
}
