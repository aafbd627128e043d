// A console core in a child process (for tests that SIGKILL it) and a client that survives the kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { request, type Agent } from 'node:http';

export interface ReadyChild {
  proc: ChildProcess;
  port: number;
  /** What the script printed after the port on its READY line. */
  rest: string;
  stderr: () => string;
}

/** Start `script` with tsx and wait for its `READY <port> …` line. */
export function startReadyChild(script: string, args: string[]): Promise<ReadyChild> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)(?: (.*))?\n/.exec(out);
      if (m) resolve({ proc, port: Number(m[1]), rest: m[2] ?? '', stderr: () => err });
    });
    proc.on('exit', (code) => reject(new Error(`the console exited before it was ready (code ${code}): ${err}`)));
  });
}

/** POST a webhook; a connection cut by a kill gives status 0 instead of an error. */
export function postWebhook(port: number, body: string, agent: Agent, key: string): Promise<{ status: number; capture?: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/webhook', method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-api-key': key } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, capture: (JSON.parse(text) as { capture?: string }).capture });
        } catch {
          resolve({ status: res.statusCode ?? 0 });
        }
      });
      res.on('error', () => resolve({ status: 0 }));
    });
    req.on('error', () => resolve({ status: 0 }));
    req.end(body);
  });
}
