// The IPC gate as the main process runs it (ipc.ts passes the sender frame's URL straight in).
// No Electron here: handleIpcCall and the window policy do not import it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, type CommandHandlers } from '../../shared/contract';
import { ok } from '../../shared/result';
import { handleIpcCall } from './ipc-handler';
import { isOwnPage, type OwnPage } from './window-policy';

const PAGE: OwnPage = { url: 'file:///opt/Asleep%20Webhook%20Console/resources/app.asar/out/renderer/index.html', devServer: false };
const OWN = `${PAGE.url}#captures`;
const own = (url: string) => isOwnPage(PAGE, url);

function recordingHandlers() {
  const calls: { name: string; args: unknown }[] = [];
  const handlers = Object.fromEntries(
    COMMAND_NAMES.map((name) => [
      name,
      async (args: unknown) => {
        calls.push({ name, args });
        return ok({ ran: name });
      },
    ]),
  ) as unknown as CommandHandlers;
  return { handlers, calls };
}

describe('handleIpcCall', () => {
  it('runs a valid call from the console page with the parsed arguments (defaults applied)', async () => {
    const { handlers, calls } = recordingHandlers();
    expect(await handleIpcCall(handlers, own, OWN, 'listCaptures', { event: 'SESSION_COMPLETE' })).toEqual({ ok: true, value: { ran: 'listCaptures' } });
    expect(calls).toEqual([{ name: 'listCaptures', args: { event: 'SESSION_COMPLETE', limit: 200 } }]);
    // Commands without arguments accept a missing argument object.
    expect((await handleIpcCall(handlers, own, OWN, 'getStatus', undefined)).ok).toBe(true);
  });

  it('refuses arguments that fail the contract schema with BAD_ARGS, before any handler runs', async () => {
    const { handlers, calls } = recordingHandlers();
    const bad: [string, unknown][] = [
      ['getCapture', { id: 42 }],
      ['getCapture', {}],
      ['getCapture', { id: 'x'.repeat(101) }],
      ['setApiKey', { apiKey: 'short' }],
      ['setApiKey', { apiKey: 'has spaces in it' }],
      ['configureTunnel', { host: 'javascript:alert(1)' }],
      ['configureTunnel', { host: 'file:///etc/passwd' }],
      ['configureTunnel', { subdomain: '../../x' }],
      ['configureForwarding', { url: 'ftp://backend.example' }],
      ['listCaptures', { limit: 1e9 }],
      ['listCaptures', { status: '200; rm -rf /' }],
      ['resend', { captureIds: [] }],
      ['setAnswerMode', { status: 700 }],
      ['startSimulation', { participants: 10_000 }],
      ['openExport', { content: 7 }],
    ];
    for (const [name, args] of bad) {
      const r = await handleIpcCall(handlers, own, OWN, name, args);
      expect(r, `${name} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
      if (!r.ok) expect(r.error.message.startsWith(`${name}: `)).toBe(true);
    }
    expect(calls).toEqual([]);
  });

  it('refuses a non-object argument for every command in the contract', async () => {
    const { handlers, calls } = recordingHandlers();
    for (const name of COMMAND_NAMES) {
      for (const args of ['x', 42, true, [1, 2]]) {
        expect(await handleIpcCall(handlers, own, OWN, name, args), `${name} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
      }
    }
    expect(calls).toEqual([]);
  });

  it('drops unknown keys: a handler only sees what the contract declares', async () => {
    const { handlers, calls } = recordingHandlers();
    const args = JSON.parse('{"id":"c1","__proto__":{"polluted":true},"extra":"x"}') as unknown;
    expect((await handleIpcCall(handlers, own, OWN, 'getCapture', args)).ok).toBe(true);
    expect(calls[0]!.args).toEqual({ id: 'c1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses unknown commands, including inherited object keys', async () => {
    const { handlers, calls } = recordingHandlers();
    for (const name of ['deleteEverything', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'getstatus']) {
      expect(await handleIpcCall(handlers, own, OWN, name, {}), name).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    }
    for (const name of [42, null, undefined, { toString: () => 'getStatus' }, ['getStatus']]) {
      expect(await handleIpcCall(handlers, own, OWN, name, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses calls from any other sender: other sites, other local files, no frame', async () => {
    const { handlers, calls } = recordingHandlers();
    const foreign = [
      'https://evil.example/',
      'http://127.0.0.1:4849/',
      'file:///tmp/payload.html',
      'file:///opt/Asleep%20Webhook%20Console/resources/app.asar/out/renderer/other.html',
      'file://remote-host/opt/Asleep%20Webhook%20Console/resources/app.asar/out/renderer/index.html',
      'data:text/html,<script>1</script>',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      '',
      'not a url',
    ];
    for (const url of foreign) {
      expect(await handleIpcCall(handlers, own, url, 'getStatus', {}), url).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    for (const url of [null, undefined]) {
      expect(await handleIpcCall(handlers, own, url, 'getStatus', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(calls).toEqual([]);
  });

  it('checks the sender before the command: a foreign page cannot even probe command names', async () => {
    const { handlers } = recordingHandlers();
    expect(await handleIpcCall(handlers, own, 'https://evil.example/', 'noSuchCommand', 'garbage')).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('never runs a handler for any sender other than the page (property)', async () => {
    const { handlers, calls } = recordingHandlers();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.webUrl(), fc.string()), fc.constantFrom(...COMMAND_NAMES), fc.jsonValue(), async (url, name, args) => {
        fc.pre(!own(url));
        const r = await handleIpcCall(handlers, own, url, name, args);
        return !r.ok && r.error.code === 'UNAUTHORIZED';
      }),
      { numRuns: 300 },
    );
    expect(calls).toEqual([]);
  });

  it('turns a handler that throws into an INTERNAL error (the page never sees a rejected promise)', async () => {
    const { handlers } = recordingHandlers();
    const throwing = { ...handlers, getStatus: async () => Promise.reject(new Error('disk gone')) } as CommandHandlers;
    expect(await handleIpcCall(throwing, own, OWN, 'getStatus', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'getStatus failed: disk gone' } });
  });
});
