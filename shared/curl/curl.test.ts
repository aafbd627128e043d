// Copy as curl, for real: build the command, run it with bash against a real ConsoleCore, compare bytes.
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../asleep/examples/v3-inference-complete.json';
import { ConsoleCore } from '../../electron/core/console-core';
import { tempDir } from '../../electron/core/test-support/temp-dir';
import { base64Latin1, toBase64, utf8Bytes } from './bytes';
import { bodyBase64, curlCommand, shellQuote } from './index';

const run = promisify(execFile);
const KEY = 'curl-test-key-0123456789';
let dir: Awaited<ReturnType<typeof tempDir>>;
let core: ConsoleCore;

beforeEach(async () => {
  dir = await tempDir();
  core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
});
afterEach(async () => {
  await core.close();
  await dir.remove();
});

function post(body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(core.webhookUrl, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const odd = {
  ...v3Inference,
  note: `unicode ü 日本 🛌 "double" 'single' $HOME \`whoami\` $(id) \\ back\\slash % %s !! \t tab`,
};
const BODIES: [string, Buffer, number][] = [
  ['valid JSON with every odd character', Buffer.from(JSON.stringify(odd), 'utf8'), 200],
  ['CRLF-formatted valid JSON', Buffer.from(JSON.stringify(odd, null, 2).replace(/\n/g, '\r\n'), 'utf8'), 200],
  ['not JSON, quotes and dollars', Buffer.from(`{"a": '$x' \`y\` "\r\n EOF\n'`, 'utf8'), 400],
  ['not UTF-8 (bodyBase64)', Buffer.from([0x7b, 0xff, 0xfe, 0x22, 0x24, 0x27, 0x60, 0x0d, 0x0a, 0x80, 0x7d]), 400],
];

describe('copy as curl (bash + curl against the real listener)', () => {
  it.each(BODIES)('%s is re-sent byte for byte', async (_name, bytes, status) => {
    const first = await post(bytes, { 'content-type': 'application/json; charset=utf-8', 'x-api-key': KEY, 'x-custom': `it's "odd" $1` });
    expect(first.status).toBe(status);
    const [original] = await core.listCaptures({ limit: 1 });
    const detail = (await core.getCapture(original!.id))!;
    expect(Buffer.from(bodyBase64(detail), 'base64').equals(bytes)).toBe(true);

    const cmd = curlCommand(detail, { url: core.webhookUrl });
    expect(cmd).not.toContain(KEY);
    expect(cmd).toContain('$ASLEEP_API_KEY');
    const out = await run('bash', ['-c', cmd], { env: { ...process.env, ASLEEP_API_KEY: KEY } });
    if (status === 200) expect(out.stdout).toContain('"capture"');
    else expect(out.stdout).toBe(first.body);

    const again = (await core.listCaptures({ limit: 1 }))[0]!;
    expect(again.id).not.toBe(original!.id);
    expect(again.status).toBe(status);
    expect(again.apiKey.matched).toBe(true);
    const copy = (await core.getCapture(again.id))!;
    expect(copy.body).toBe(detail.body);
    expect(copy.bodyBase64).toBe(detail.bodyBase64);
    expect(Buffer.from(bodyBase64(copy), 'base64').equals(bytes)).toBe(true);
    expect(copy.headers['x-custom']).toBe(`it's "odd" $1`);
    expect(copy.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('embeds the real key only when asked', async () => {
    await post(Buffer.from('{}'), { 'content-type': 'application/json', 'x-api-key': KEY });
    const detail = (await core.getCapture((await core.listCaptures({ limit: 1 }))[0]!.id))!;
    const cmd = curlCommand(detail, { url: core.webhookUrl, apiKey: KEY });
    expect(cmd).toContain(`x-api-key: ${KEY}`);
    const out = await run('bash', ['-c', cmd], { env: { ...process.env, ASLEEP_API_KEY: '' } });
    expect(out.stdout).toContain('"capture"');
    expect((await core.listCaptures({ limit: 1 }))[0]!.apiKey.matched).toBe(true);
  });
});

describe('bytes and quoting', () => {
  it('base64 and UTF-8 match Node', () => {
    for (const s of ['', 'a', 'ab', 'abc', 'ü日本🛌\r\n', '\ud800x']) {
      expect(Buffer.from(utf8Bytes(s)).equals(Buffer.from(s, 'utf8'))).toBe(true);
      expect(toBase64(utf8Bytes(s))).toBe(Buffer.from(s, 'utf8').toString('base64'));
    }
    const raw = Buffer.from([0, 1, 0xff, 0x80, 0x7f]);
    expect(base64Latin1(raw.toString('base64'))).toBe(raw.toString('latin1'));
  });

  it('single-quotes anything', async () => {
    const s = `a'b"c$d\`e\\f\ng`;
    const out = await run('bash', ['-c', `printf %s ${shellQuote(s)}`]);
    expect(out.stdout).toBe(s);
  });
});
