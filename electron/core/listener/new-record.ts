import type { CaptureRecord } from '../store/capture-journal';

/** What is known of a request before it is decided; everything else starts empty. */
export type RequestFacts = Pick<
  CaptureRecord,
  'method' | 'path' | 'status' | 'stage' | 'reason' | 'userId' | 'size' | 'remoteAddress' | 'apiKey' | 'headers' | 'rawHeaders' | 'response'
>;

/** A capture record for a request just received: not numbered (`id`/`seq` are set when it is decided), not interpreted. */
export function newCaptureRecord(facts: RequestFacts): CaptureRecord {
  return {
    id: '',
    seq: 0,
    receivedAt: new Date().toISOString(),
    event: null,
    layout: null,
    version: null,
    valid: false,
    issues: [],
    warnings: [],
    duplicate: 'no',
    duplicateOf: null,
    sessionId: null,
    answerMs: null,
    bodyTruncated: false,
    ...facts,
  };
}
