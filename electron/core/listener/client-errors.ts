import { STATUS_CODES } from 'node:http';
import { kib, seconds, type ListenerLimits } from './listener-limits';

/** Where in a request Node's parser or time-outs stopped it. */
export type ErrorPhase =
  /** before our handler ran: request line and headers not (completely) received */
  | 'head'
  /** our handler is reading the body */
  | 'body';

export interface ClientErrorVerdict {
  /** Status to answer, or null when there is nobody left to answer (the connection is gone). */
  status: number | null;
  reason: string;
  /** Keep a rejected capture: false for a connection that never sent a byte (nothing was received). */
  capture: boolean;
}

/** The error objects Node hands to the server's `clientError` event. */
export interface ClientErrorLike {
  code?: string;
  message: string;
}

/**
 * What to answer and record for a `clientError`. Node emits it for bytes that are not HTTP, headers
 * over `maxHeaderSize`, the headers and request time-outs, and connections lost mid-request; with a
 * listener attached it answers nothing itself, so the answers here are the ones Node would give
 * (400, 408, 431), with a JSON body that says why. `bytes` = bytes of this request received so far;
 * `first` = the first byte seen, when known. Returns null for a body that was merely cut off: the
 * handler already describes that ("closed before the body was complete").
 */
export function classifyClientError(err: ClientErrorLike, phase: ErrorPhase, bytes: number, limits: ListenerLimits, first: number | null = null): ClientErrorVerdict | null {
  const code = err.code ?? 'ERROR';
  const lost = code === 'HPE_INVALID_EOF_STATE' || !code.startsWith('HPE_');
  if (phase === 'body') {
    if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      return {
        status: 408,
        capture: true,
        reason: `The body did not arrive within ${seconds(limits.requestTimeoutMs)}, the time a whole request may take: the sender stalled or sends deliberately slowly. Answered 408 and closed the connection.`,
      };
    }
    if (lost) return null;
    return { status: 400, capture: true, reason: `The body could not be read: its HTTP framing is broken (${err.message}, ${code}). Answered 400 and closed the connection.` };
  }

  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      capture: true,
      reason: `The request headers are larger than ${kib(limits.maxHeaderBytes)}, the most this listener reads (Asleep sends a few hundred bytes). Answered 431 and closed the connection.`,
    };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    if (bytes === 0) return { status: null, capture: false, reason: `Nothing was sent within ${seconds(limits.headersTimeoutMs)}; the connection was closed.` };
    return {
      status: 408,
      capture: true,
      reason: `The request headers did not arrive within ${seconds(limits.headersTimeoutMs)}: ${bytes} bytes came, then the sender stalled (a broken connection or a deliberately slow client). Answered 408 and closed the connection.`,
    };
  }
  if (lost) {
    const how = code === 'HPE_INVALID_EOF_STATE' ? 'The sender closed the connection' : `The connection was lost (${code})`;
    return { status: null, capture: bytes > 0, reason: `${how} in the middle of the request headers, after ${bytes} bytes; there was nobody left to answer.` };
  }
  if (first === 0x16) {
    return {
      status: 400,
      capture: true,
      reason: 'This looks like HTTPS (a TLS handshake) sent to the plain-HTTP listener: use http:// for 127.0.0.1 (the tunnel’s public URL is the HTTPS one). Answered 400 and closed the connection.',
    };
  }
  return { status: 400, capture: true, reason: `The request is not valid HTTP/1.1 (${err.message}, ${code}). Answered 400 and closed the connection.` };
}

/** Names of the answers given here (the handler's own are in webhook-listener.ts). */
const ERROR_NAMES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  408: 'request_timeout',
  431: 'request_header_fields_too_large',
  503: 'too_many_connections',
};

/** The JSON body every refusal carries. */
export function errorBody(status: number, reason: string, names: Readonly<Record<number, string>> = ERROR_NAMES): string {
  return JSON.stringify({ error: names[status] ?? 'error', message: reason });
}

/** A whole HTTP/1.1 answer as bytes, for a socket whose request Node's parser could not hand over. */
export function rawAnswer(status: number, body: string, extra: Record<string, string> = {}): Buffer {
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
    'connection: close',
  ];
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`, 'utf8');
}
