/** How one open connection stands, as the cap sees it. */
interface Slot {
  /** Order of opening. */
  opened: number;
  /** A request is being received or answered. */
  busy: boolean;
  /** Requests answered on it so far (more than 0 = a kept-alive connection). */
  served: number;
  /** Order in which it last became idle (its opening, for a new connection). */
  idleSince: number;
}

export type Admission<K> =
  | { kind: 'admit' }
  /** Admitted once `victim` (already forgotten here) is closed. */
  | { kind: 'evict'; victim: K; why: 'kept-alive' | 'idle' }
  /** Every slot is busy with a request: close the new connection. */
  | { kind: 'refuse' };

/**
 * The connection cap's bookkeeping, without sockets. At the cap a new connection makes room rather
 * than being turned away, because the newcomer is most likely a sender with a request ready (Asleep
 * sends its whole request at once), while a connection that has sat without a request is not:
 *   1. an idle kept-alive connection with nothing new on it, the one idle longest: its client loses
 *      nothing and reconnects when it has something to send;
 *   2. otherwise the oldest connection that has no request under way (it never sent one, or sends
 *      its headers too slowly to count as one);
 *   3. only when every connection is busy with a request is the newcomer refused. Busy ones are
 *      never cut: each is someone's webhook, and the request time-out bounds how long it can last.
 */
export class ConnectionTable<K> {
  private readonly slots = new Map<K, Slot>();
  private tick = 0;

  constructor(private readonly cap: number) {}

  get size(): number {
    return this.slots.size;
  }

  has(key: K): boolean {
    return this.slots.has(key);
  }

  /**
   * A new connection. `pending(k)` says whether an idle connection has received bytes of a request
   * not yet complete (those are kept longer than an idle kept-alive one).
   */
  open(key: K, pending: (k: K) => boolean): Admission<K> {
    let admission: Admission<K> = { kind: 'admit' };
    if (this.slots.size >= this.cap) {
      const victim = this.victim(pending);
      if (!victim) return { kind: 'refuse' };
      this.slots.delete(victim.key);
      admission = { kind: 'evict', victim: victim.key, why: victim.why };
    }
    const now = ++this.tick;
    this.slots.set(key, { opened: now, busy: false, served: 0, idleSince: now });
    return admission;
  }

  requestStarted(key: K): void {
    const slot = this.slots.get(key);
    if (slot) slot.busy = true;
  }

  requestEnded(key: K): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    slot.busy = false;
    slot.served++;
    slot.idleSince = ++this.tick;
  }

  closed(key: K): void {
    this.slots.delete(key);
  }

  private victim(pending: (k: K) => boolean): { key: K; why: 'kept-alive' | 'idle' } | null {
    let keptAlive: [K, Slot] | null = null;
    let idle: [K, Slot] | null = null;
    for (const entry of this.slots) {
      const [key, slot] = entry;
      if (slot.busy) continue;
      if (slot.served > 0 && !pending(key)) {
        if (!keptAlive || slot.idleSince < keptAlive[1].idleSince) keptAlive = entry;
      } else if (!idle || slot.idleSince < idle[1].idleSince) {
        idle = entry;
      }
    }
    if (keptAlive) return { key: keptAlive[0], why: 'kept-alive' };
    if (idle) return { key: idle[0], why: 'idle' };
    return null;
  }
}
