import type { Layout, Normalized, ValidationIssue } from './asleep/model';

export type Duplicate = 'no' | 'same' | 'conflict';

/**
 * The step of the ingest path at which a request stopped (`done` = it went all the way and is on disk).
 * `http`: Node's HTTP parser or time-outs stopped it before it was a request (not HTTP, headers too
 * large, headers too slow, cut off).
 */
export type CaptureStage = 'http' | 'path' | 'method' | 'size' | 'auth' | 'parse' | 'store' | 'done';

export interface ApiKeyVerdict {
  present: boolean;
  matched: boolean;
  /** Last 4 characters of what was sent; the key itself never reaches disk. */
  last4: string | null;
}

export interface CaptureSummary {
  id: string;
  /** Monotonic per data folder; orders captures exactly as they arrived. */
  seq: number;
  receivedAt: string;
  method: string;
  path: string;
  /** HTTP status we answered. */
  status: number;
  stage: CaptureStage;
  /** Plain-language reason for a rejection (null when accepted). */
  reason: string | null;
  event: string | null;
  layout: Layout | null;
  version: string | null;
  valid: boolean;
  issues: ValidationIssue[];
  warnings: ValidationIssue[];
  duplicate: Duplicate;
  /** For `same` and `conflict`: the capture that was first. */
  duplicateOf: string | null;
  userId: string | null;
  sessionId: string | null;
  /** Bytes received (the whole body, even when the stored copy was capped). */
  size: number;
  remoteAddress: string | null;
  apiKey: ApiKeyVerdict;
  /** Milliseconds from the end of the request to the answer being written. */
  answerMs: number | null;
  /** The tunnel's public URL this request came through, or null when it came to 127.0.0.1 directly. */
  via?: string | null;
}

export interface CaptureDetail extends CaptureSummary {
  /** Request headers as received, with `x-api-key` replaced by a redaction marker. */
  headers: Record<string, string | string[]>;
  /** The exact text received, when it was valid UTF-8. */
  body?: string;
  /** The exact bytes received, base64, when they were not valid UTF-8. */
  bodyBase64?: string;
  /** True when the stored body was capped (rejected requests keep at most 64 KiB). */
  bodyTruncated: boolean;
  response: { status: number; body: string };
  normalized: Normalized | null;
  /** Answer mode was on: the sender got `status` after `delayMs` instead of a plain 200 (the capture is stored all the same). */
  testAnswer?: { status: number; delayMs: number };
  /** Forwarding to the user's backend, when this capture was queued for it. */
  forwarded?: { attempts: number; delivered: boolean; lastStatus: number | null };
}

export const REDACTED_KEY = '[redacted]';
