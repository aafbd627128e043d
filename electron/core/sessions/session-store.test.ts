import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../../../shared/asleep/examples/v3-inference-complete.json';
import { interpret } from '../../../shared/asleep/interpret';
import { applyCapture, newSession, type SessionData } from '../../../shared/sessions/timeline';
import { tempDir } from '../test-support/temp-dir';
import { SessionStore, sessionKey } from './session-store';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

function night(n: number): SessionData {
  const chunk = interpret(v3Inference).normalized!;
  const session = newSession(`participant-${n}`, `night-${n}`, '2025-01-15T03:00:00.000Z');
  applyCapture(session, { id: `c${n}`, seq: n, receivedAt: '2025-01-15T03:05:00.000Z', layout: 'v3', version: 'V3', duplicate: 'no', duplicateOf: null }, chunk);
  return session;
}

describe('SessionStore memory', () => {
  it('keeps at most maxLoaded sessions, dropping the least recently used clean ones first', async () => {
    const store = new SessionStore(dir.path);
    await store.open();
    const nights = [1, 2, 3, 4].map(night);
    for (const s of nights) {
      store.add(s);
      store.markChanged(s.userId, s.sessionId);
    }
    await store.flush();
    const tick = () => new Promise((r) => setTimeout(r, 5));
    await tick();
    await store.get(nights[0]!.userId, nights[0]!.sessionId); // used again: newer than 2 and 3
    await tick();
    await store.get(nights[3]!.userId, nights[3]!.sessionId); // the most recently used
    store.markChanged(nights[1]!.userId, nights[1]!.sessionId); // dirty: stays whatever the cap
    expect(store.evict(() => false, () => 60_000, Date.now(), 2)).toBe(2); // night 3, then night 1
    expect(store.inMemory).toBe(2);
    await store.flush();
    expect(store.evict(() => false, () => 60_000, Date.now(), 2)).toBe(0);
    // the ones that left are read back from their files
    for (const n of [0, 2]) expect((await store.get(nights[n]!.userId, nights[n]!.sessionId))?.appliedSeq).toBe(nights[n]!.appliedSeq);
  });

  it('evicts idle sessions while a write of other sessions runs (under constant load one always does)', async () => {
    const store = new SessionStore(dir.path);
    await store.open();
    const [a, b] = [night(1), night(2)];
    for (const s of [a, b]) {
      store.add(s);
      store.markChanged(s.userId, s.sessionId);
    }
    await store.flush();
    // b changes again and its write starts; a, idle and on disk, may leave memory meanwhile, b may not.
    store.markChanged(b.userId, b.sessionId);
    const writing = store.flush();
    expect(store.evict(() => false, () => 0)).toBe(1);
    expect(store.inMemory).toBe(1);
    await writing;
    expect(store.evict(() => false, () => 0)).toBe(1);
    const again = new SessionStore(dir.path);
    await again.open();
    expect((await again.get(b.userId, b.sessionId))?.appliedSeq).toBe(b.appliedSeq);
    expect((await again.get(a.userId, a.sessionId))?.appliedSeq).toBe(a.appliedSeq);
  });

  it('drops written, unused sessions from memory and reads them back from their files on demand', async () => {
    const store = new SessionStore(dir.path);
    await store.open();
    const a = night(1);
    const b = night(2);
    for (const s of [a, b]) {
      store.add(s);
      store.markChanged(s.userId, s.sessionId);
    }
    const never = () => false;
    // Not on disk yet: nothing may leave memory.
    expect(store.evict(never, () => 0)).toBe(0);
    await store.flush();

    // Busy sessions and recently used ones stay.
    expect(store.evict((key) => key === sessionKey(a.userId, a.sessionId), () => 60_000)).toBe(0);
    expect(store.evict((key) => key === sessionKey(a.userId, a.sessionId), () => 0)).toBe(1);
    expect(store.inMemory).toBe(1);

    // A session changed again is dirty until written: it stays.
    store.markChanged(a.userId, a.sessionId);
    expect(store.evict(never, () => 0)).toBe(0);
    await store.flush();
    expect(store.evict(never, () => 0)).toBe(1);
    expect(store.inMemory).toBe(0);

    // Still listed (from the index), and read back as it was.
    expect((await store.summaries(Date.parse('2025-01-15T03:06:00Z'), 15)).map((s) => s.sessionId).sort()).toEqual(['night-1', 'night-2']);
    expect(await store.get(b.userId, b.sessionId)).toEqual(JSON.parse(JSON.stringify(b)));
    expect(store.inMemory).toBe(1);
  });

  it('read-only review keeps everything in memory (nothing is on disk for it)', async () => {
    const writer = new SessionStore(dir.path);
    await writer.open();
    const a = night(1);
    writer.add(a);
    writer.markChanged(a.userId, a.sessionId);
    await writer.flush();

    const review = new SessionStore(dir.path, true);
    await review.open();
    await review.get(a.userId, a.sessionId);
    expect(review.evict(() => false, () => 0)).toBe(0);
    expect(review.inMemory).toBe(1);
  });

  it('writes index changes in write-behind no more often than their cost allows; flush() writes them at once', async () => {
    const store = new SessionStore(dir.path, false, 60_000);
    await store.open();
    const nights = Array.from({ length: 20 }, (_, i) => night(i + 1));
    for (const s of nights) {
      store.add(s);
      store.markChanged(s.userId, s.sessionId);
    }
    await store.flush();
    const changes = join(dir.path, 'index-changes.jsonl');
    expect((await readFile(changes, 'utf8')).split('\n').filter(Boolean)).toHaveLength(20);

    // A write-behind flush right after a write leaves the index for later; a forced one writes it.
    const [first] = nights;
    applyCapture(first!, { id: 'c9999', seq: 9_999, receivedAt: '2025-01-15T03:10:00.000Z', layout: 'v3', version: 'V3', duplicate: 'no', duplicateOf: null }, interpret(v3Inference).normalized!);
    store.markChanged(first!.userId, first!.sessionId);
    await store.flush(false);
    expect((await readFile(changes, 'utf8')).split('\n').filter(Boolean)).toHaveLength(20);
    const again = new SessionStore(dir.path, true); // read-only: leaves the files as they are
    await again.open();
    expect(again.appliedSeq(first!.userId, first!.sessionId)).toBe(1); // the index trails; start-up catches up from the log
    await store.flush();
    const third = new SessionStore(dir.path);
    await third.open();
    expect(third.appliedSeq(first!.userId, first!.sessionId)).toBe(9_999);
    // Opening folded the changes into a new snapshot.
    const snapshot = JSON.parse(await readFile(join(dir.path, 'index.json'), 'utf8')) as { generation: number; sessions: Record<string, unknown> };
    expect(Object.keys(snapshot.sessions)).toHaveLength(20);
    await expect(stat(changes)).rejects.toThrow();
  });
});
