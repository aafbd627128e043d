import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/** Sent with every request we make, so servers (and loca.lt's reminder page) never mistake us for a browser. */
export const USER_AGENT = 'asleep-webhook-console-tunnel/1 (node)';

/**
 * `*.localhost` names are loopback by definition (RFC 6761 §6.3) but many resolvers do not know
 * that; a self-hosted tunnel server on this machine hands out `http://<id>.localhost:<port>` URLs.
 * Every other name goes to the system resolver unchanged.
 */
export const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) {
    const family = options.family === 6 || options.family === 'IPv6' ? 6 : 4;
    const address = family === 6 ? '::1' : '127.0.0.1';
    if (options.all) callback(null, [{ address, family }] satisfies LookupAddress[]);
    else callback(null, address, family);
    return;
  }
  dnsLookup(hostname, options, callback);
};

export type HttpFailureKind = 'timeout' | 'aborted' | 'network' | 'too-large';

export class HttpFailure extends Error {
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** From sending the request to the end of the answer. */
  ms: number;
}

export interface GetOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  maxBytes?: number;
}

/**
 * One GET with a hard deadline for the whole exchange (connect, TLS, headers, body). Settles only
 * once the socket is closed, so a caller that awaits it after aborting knows nothing of ours is left.
 * Never keeps connections alive or pooled.
 */
export function getText(url: string, options: GetOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : null;
    if (!request) {
      reject(new HttpFailure('network', `unsupported protocol ${target.protocol}`));
      return;
    }
    const started = performance.now();
    let outcome: { ok: true; answer: HttpAnswer } | { ok: false; error: HttpFailure } | null = null;
    const settle = (value: NonNullable<typeof outcome>) => {
      outcome ??= value;
    };
    const req = request(target, {
      method: 'GET',
      agent: false,
      lookup: loopbackLookup,
      headers: { 'user-agent': USER_AGENT, accept: 'application/json', ...options.headers },
    });
    const fail = (error: HttpFailure) => {
      settle({ ok: false, error });
      req.destroy();
    };
    const timer = setTimeout(
      () => fail(new HttpFailure('timeout', `no answer within ${seconds(options.timeoutMs)}`)),
      options.timeoutMs,
    );
    const onAbort = () => fail(new HttpFailure('aborted', 'stopped'));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    req.on('error', (err: NodeJS.ErrnoException) => {
      settle({ ok: false, error: new HttpFailure('network', describeNetworkError(err), err.code ?? null) });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const max = options.maxBytes ?? 64 * 1024;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) return fail(new HttpFailure('too-large', `the answer is larger than ${max} bytes`));
        chunks.push(chunk);
      });
      res.on('error', () => undefined); // reported through req 'error' / 'close'
      res.on('end', () => {
        settle({
          ok: true,
          answer: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started },
        });
        req.destroy(); // never reuse the connection: nothing of ours stays open between probes
      });
    });
    req.on('close', () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const done = outcome ?? { ok: false as const, error: new HttpFailure('network', 'the connection closed before an answer arrived') };
      if (done.ok) resolve(done.answer);
      else reject(done.error);
    });
    req.end();
  });
}

/** Plain words for the usual socket errors. */
export function describeNetworkError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused (ECONNREFUSED)';
    case 'ECONNRESET':
      return 'the connection was reset (ECONNRESET)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the name could not be resolved (${err.code}; is this computer online?)`;
    case 'ETIMEDOUT':
      return 'the connection timed out (ETIMEDOUT)';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return `the network is unreachable (${err.code}; is this computer online?)`;
    case 'EPIPE':
      return 'the connection was closed while sending (EPIPE)';
    default:
      return err.code ? `${err.message} (${err.code})` : err.message;
  }
}

export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
