// Webhook traffic for the history/export/read-only tests: real HTTP to a real core (test helper).
import v3Inference from '../../../shared/asleep/examples/v3-inference-complete.json';
import v3Session from '../../../shared/asleep/examples/v3-session-complete.json';

export const PATTERN = [0, 1, 1, 2, 2, 1, 3, 3, 1, 0];

export interface Night {
  userId: string;
  sessionId: string;
  /** UTC start encoded in the session id. */
  start: Date;
}

export function night(userId: string, start: Date, tag: string): Night {
  const stamp = start.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return { userId, sessionId: `${stamp}_${tag}`, start };
}

export function chunk(n: Night, inferenceSeqNum: number): unknown {
  const body = structuredClone(v3Inference) as { data: Record<string, unknown> };
  body.data.user_id = n.userId;
  body.data.session_id = n.sessionId;
  body.data.inference_seq_num = inferenceSeqNum;
  body.data.seq_num = inferenceSeqNum * 10 + 9;
  body.data.sleep_stages = PATTERN;
  body.data.snoring_stages = PATTERN.map((s) => (s === 2 ? 1 : 0));
  return body;
}

export function complete(n: Night, stages: number[], timezone = 'Asia/Seoul'): unknown {
  const body = structuredClone(v3Session) as { data: Record<string, unknown> & { session: Record<string, unknown> } };
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  body.data.user_id = n.userId;
  body.data.timezone = timezone;
  body.data.session.id = n.sessionId;
  body.data.session.start_time = iso(n.start);
  body.data.session.end_time = iso(new Date(n.start.getTime() + stages.length * 30_000));
  body.data.session.sleep_stages = stages;
  body.data.session.snoring_stages = stages.map((s) => (s === 2 ? 1 : 0));
  return body;
}

export async function post(url: string, key: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Two nights for `userId` (one complete, one still live) and one refused request.
 * Returns the nights, oldest first.
 */
export async function twoNights(webhookUrl: string, key: string, userId = 'G-history'): Promise<[Night, Night]> {
  const first = night(userId, new Date(Date.UTC(2025, 0, 15, 13, 50, 0)), 'first');
  const second = night(userId, new Date(Date.UTC(2025, 0, 16, 14, 5, 0)), 'secnd');
  for (let i = 0; i < 3; i++) if ((await post(webhookUrl, key, chunk(first, i))) !== 200) throw new Error('chunk refused');
  const stages = [...PATTERN, ...PATTERN, ...PATTERN];
  if ((await post(webhookUrl, key, complete(first, stages))) !== 200) throw new Error('complete refused');
  for (let i = 0; i < 2; i++) if ((await post(webhookUrl, key, chunk(second, i))) !== 200) throw new Error('chunk refused');
  await post(webhookUrl, 'wrong-key-0000', chunk(second, 5)); // refused (401), still captured
  return [first, second];
}
