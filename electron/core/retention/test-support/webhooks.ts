// Test-only: post Asleep-shaped webhooks to a core over real HTTP.
import { request } from 'node:http';

export function chunkBody(userId: string, sessionId: string, seq: number): string {
  return JSON.stringify({
    event: 'INFERENCE_COMPLETE',
    version: 'V3',
    data: {
      user_id: userId,
      session_id: sessionId,
      seq_num: seq * 10 + 9,
      inference_seq_num: seq,
      sleep_stages: Array.from({ length: 10 }, (_, i) => (seq + i) % 4),
      breath_stages: null,
      snoring_stages: Array(10).fill(0),
    },
  });
}

export function post(url: string, body: string, key: string | null): Promise<{ status: number; capture?: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key !== null) headers['x-api-key'] = key;
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        let capture: string | undefined;
        try {
          capture = (JSON.parse(text) as { capture?: string }).capture;
        } catch {
          capture = undefined;
        }
        resolve({ status: res.statusCode ?? 0, capture });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `count` chunks of one night, in order; resolves with the answers. */
export async function postNight(url: string, key: string, userId: string, sessionId: string, count: number, from = 0): Promise<number[]> {
  const out: number[] = [];
  for (let i = from; i < from + count; i++) out.push((await post(url, chunkBody(userId, sessionId, i), key)).status);
  return out;
}
