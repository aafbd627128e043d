// Webhook bodies for the tests, built from the repository's own Asleep examples (V3 layout).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './headless';

type Json = Record<string, unknown>;

function example(name: string): Json {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'shared/asleep/examples', name), 'utf8')) as Json;
}

const clone = <T>(v: T): T => structuredClone(v);

export interface Participant {
  userId: string;
  sessionId: string;
  /** Session start encoded in the session id (UTC). */
  start: Date;
}

/** A participant nobody else uses, with an Asleep-style session id (`YYYYMMDDHHMMSS_xxxxx`). */
export function newParticipant(start = new Date(Date.UTC(2025, 0, 15, 2, 50, 29))): Participant {
  const tag = randomBytes(6).toString('hex');
  const stamp = start.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return { userId: `G-e2e-${tag}`, sessionId: `${stamp}_${tag.slice(0, 5)}`, start };
}

/** Ten Asleep stage codes (0 wake, 1 light, 2 deep, 3 REM), different for every chunk. */
export function stagesFor(chunk: number): number[] {
  const pattern = [0, 1, 1, 2, 2, 1, 3, 3, 1, 0];
  return pattern.map((_, i) => pattern[(i + chunk * 3) % pattern.length]!);
}

/** V3 INFERENCE_COMPLETE for block `inferenceSeqNum` (epochs 10·n … 10·n+9). */
export function v3Chunk(p: Participant, inferenceSeqNum: number, stages = stagesFor(inferenceSeqNum)): Json {
  const body = clone(example('v3-inference-complete.json'));
  const data = body.data as Json;
  data.user_id = p.userId;
  data.session_id = p.sessionId;
  data.inference_seq_num = inferenceSeqNum;
  data.seq_num = inferenceSeqNum * 10 + 9;
  data.sleep_stages = stages;
  data.snoring_stages = stages.map((s) => (s === 2 ? 1 : 0));
  return body;
}

/** V3 SESSION_COMPLETE for this participant, whose report holds exactly `stages`. */
export function v3SessionComplete(p: Participant, stages: number[]): Json {
  const body = clone(example('v3-session-complete.json'));
  const data = body.data as Json;
  const session = data.session as Json;
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  data.user_id = p.userId;
  session.id = p.sessionId;
  session.start_time = iso(p.start);
  session.end_time = iso(new Date(p.start.getTime() + stages.length * 30_000));
  session.sleep_stages = stages;
  session.snoring_stages = stages.map((s) => (s === 2 ? 1 : 0));
  return body;
}
