// Realistic V3 INFERENCE_COMPLETE webhooks for the load generator: a fixed set of participants, each
// with one night in progress whose inference_seq_num goes up by one per webhook, so that every
// capture is a new chunk (never "same" or "conflict"). A night is capped at 48 h (5760 epochs =
// inference_seq_num < 576): past SESSION_SEQ_LIMIT the participant moves on to a new session.

/** Last inference_seq_num sent in one session before the participant starts a new one. */
export const SESSION_SEQ_LIMIT = 570;
const EPOCHS_PER_CHUNK = 10;

export interface ParticipantState {
  /** How many sessions this participant has started before the current one. */
  session: number;
  /** The next inference_seq_num to send in the current session. */
  seq: number;
}

/** Everything needed to continue the same nights in another process (passed between runs as JSON). */
export interface GeneratorState {
  salt: string;
  participants: ParticipantState[];
}

export interface Webhook {
  userId: string;
  sessionId: string;
  inferenceSeqNum: number;
  body: string;
}

const BASE_TIME = Date.UTC(2025, 0, 15, 2, 50, 29);
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function freshState(participants: number, salt = randomLetters(4)): GeneratorState {
  return { salt, participants: Array.from({ length: participants }, () => ({ session: 0, seq: 0 })) };
}

export class V3Generator {
  constructor(readonly state: GeneratorState) {}

  get participants(): number {
    return this.state.participants.length;
  }

  /** The next webhook of participant `p`; advances its night. */
  next(p: number): Webhook {
    const st = this.state.participants[p];
    if (!st) throw new RangeError(`no participant ${p}`);
    if (st.seq > SESSION_SEQ_LIMIT) {
      st.session++;
      st.seq = 0;
    }
    const userId = participantId(this.state.salt, p);
    const sessionId = sessionIdFor(this.state.salt, p, st.session);
    const inferenceSeqNum = st.seq++;
    const sleep = stages(EPOCHS_PER_CHUNK, 4);
    const snoring = stages(EPOCHS_PER_CHUNK, 2);
    const body = JSON.stringify({
      event: 'INFERENCE_COMPLETE',
      version: 'V3',
      data: {
        user_id: userId,
        session_id: sessionId,
        seq_num: inferenceSeqNum * EPOCHS_PER_CHUNK + EPOCHS_PER_CHUNK - 1,
        inference_seq_num: inferenceSeqNum,
        sleep_stages: sleep,
        breath_stages: null,
        snoring_stages: snoring,
      },
    });
    return { userId, sessionId, inferenceSeqNum, body };
  }
}

/** Asleep-style participant id: `G-<yyyymmddhhmmss>-<20 letters>`. */
export function participantId(salt: string, p: number): string {
  const tail = `bench${salt}P${String(p).padStart(4, '0')}`.padEnd(20, 'x').slice(0, 20);
  return `G-${stamp(BASE_TIME)}-${tail}`;
}

/** Asleep-style session id: `<UTC start yyyymmddhhmmss>_<5 lowercase letters>`. */
export function sessionIdFor(salt: string, p: number, session: number): string {
  const start = BASE_TIME + session * 2 * 86_400_000 + p * 37_000;
  let h = hash(`${salt}/${p}/${session}`);
  let suffix = '';
  for (let i = 0; i < 5; i++) {
    suffix += LETTERS[h % 26];
    h = Math.floor(h / 26);
  }
  return `${stamp(start)}_${suffix}`;
}

function stamp(t: number): string {
  return new Date(t).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** A plausible run of stages: mostly stays, sometimes moves to a neighbouring stage. */
function stages(n: number, levels: number): number[] {
  const out: number[] = [];
  let v = Math.floor(Math.random() * levels);
  for (let i = 0; i < n; i++) {
    const r = Math.random();
    if (r < 0.2) v = Math.min(levels - 1, v + 1);
    else if (r < 0.4) v = Math.max(0, v - 1);
    out.push(v);
  }
  return out;
}

function randomLetters(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(Math.random() * ALNUM.length)];
  return s;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
