// Child processes for the bench orchestrator: spawned with tsx, read line by line, and always
// killed when the run ends or crashes.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const live = new Set<Child>();
let hooked = false;

/** Kill (SIGKILL) every child still running; safe to call more than once. */
export function killAllChildren(): void {
  for (const c of live) c.kill();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAllChildren);
}

export class Child {
  readonly proc: ChildProcess;
  readonly spawnedAt = performance.now();
  private readonly buffered: string[] = [];
  private readonly waiters: { prefix: string; resolve: (line: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  private exitCode: number | null | undefined = undefined;
  private readonly exited: Promise<number | null>;

  /** Run `bench/<script>` under tsx. `nodeArgs` go before the script (e.g. --cpu-prof). */
  constructor(
    readonly name: string,
    script: string,
    args: string[],
    nodeArgs: string[] = [],
  ) {
    hookExit();
    this.proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(__dirname, script), ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: join(__dirname, '..'),
    });
    live.add(this);
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': every stdout line has been read by then.
      this.proc.once('close', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        live.delete(this);
        for (const w of this.waiters.splice(0)) {
          clearTimeout(w.timer);
          w.reject(new Error(`${this.name} exited (code ${code}, signal ${signal}) while waiting for "${w.prefix}"`));
        }
        resolve(this.exitCode);
      });
    });
    this.proc.stdin!.on('error', () => undefined);
    createInterface({ input: this.proc.stdout! }).on('line', (line) => this.onLine(line));
    createInterface({ input: this.proc.stderr! }).on('line', (line) => {
      process.stderr.write(`    [${this.name}] ${line}\n`);
    });
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  private onLine(line: string): void {
    const i = this.waiters.findIndex((w) => line.startsWith(w.prefix));
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1);
      clearTimeout(w!.timer);
      w!.resolve(line);
    } else {
      this.buffered.push(line);
    }
  }

  /** The next stdout line starting with `prefix` (the prefix is stripped). */
  waitFor(prefix: string, timeoutMs: number): Promise<string> {
    const i = this.buffered.findIndex((l) => l.startsWith(prefix));
    if (i >= 0) return Promise.resolve(this.buffered.splice(i, 1)[0]!.slice(prefix.length));
    if (!this.running) return Promise.reject(new Error(`${this.name} is not running`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const j = this.waiters.findIndex((w) => w.timer === timer);
        if (j >= 0) this.waiters.splice(j, 1);
        reject(new Error(`${this.name}: no "${prefix}" line within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push({ prefix, resolve: (l) => resolve(l.slice(prefix.length)), reject, timer });
    });
  }

  send(line: string): void {
    if (this.running) this.proc.stdin!.write(line + '\n');
  }

  /** Ask the child for a `STATS` line. */
  async stats<T>(): Promise<T> {
    const reply = this.waitFor('STATS ', 5_000);
    this.send('stats');
    return JSON.parse(await reply) as T;
  }

  /** Signal the child and wait for it to exit; SIGKILL if it takes longer than `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<number | null> {
    if (this.running) {
      this.proc.kill(signal);
      const timer = setTimeout(() => this.kill(), timeoutMs);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exitCode ?? null;
  }

  wait(): Promise<number | null> {
    return this.exited;
  }

  kill(): void {
    if (this.running) this.proc.kill('SIGKILL');
  }
}

/** A port that was free a moment ago on 127.0.0.1 (for restarts, where we poll before READY). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
