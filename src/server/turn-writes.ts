/**
 * The answers of one event-loop turn, written together at its end (issue #8).
 *
 * Writing each answer the moment it is ready spreads the writes over the turn, between the
 * decoding and handling of the next connections' requests. On loopback and in virtual machines
 * every write that finds its client asleep pays for waking it (a cross-CPU wake-up; in a VM an
 * exit to the hypervisor), and with one answer at a time the client falls asleep between
 * them: that wake-up was most of a Get's socket write. Held until the check phase of the same
 * turn (`setImmediate`), the answers leave in one burst: the client wakes once for all of them,
 * and its next requests arrive together too.
 *
 * Nothing waits for more input: the burst leaves as soon as the turn's work is done, so an
 * answer is delayed by at most the rest of that turn. Order per connection is kept (a
 * connection writes its next answer only after the previous one's promise settled).
 */
export class TurnWrites {
  private pending: (() => void)[] = [];
  private scheduled = false;

  /** Runs `write` at the end of this turn, with the other writes deferred in it. */
  defer(write: () => void): void {
    this.pending.push(write);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    const writes = this.pending;
    this.pending = [];
    this.scheduled = false;
    for (const write of writes) write();
  }
}

/** One per process: every connection's answers of a turn leave together. */
export const turnWrites = new TurnWrites();
