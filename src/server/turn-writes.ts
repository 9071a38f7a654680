/**
 * The answers of one event-loop turn: the first leaves at once, the others together at the end
 * of the turn (issue #8).
 *
 * Writing each answer the moment it is ready spreads the writes over the turn, between the
 * decoding and handling of the next connections' requests. On loopback and in virtual machines
 * every write that finds its client asleep pays for waking it (a cross-CPU wake-up; in a VM an
 * exit to the hypervisor), and with one answer at a time the client falls asleep between
 * them: that wake-up was most of a Get's socket write at 64 connections. So the first answer of
 * a turn goes at once (it would wake the client anyway, and a turn that answers one request,
 * such as a new connection's first, is not delayed at all), and the answers ready after it wait
 * for the check phase of the same turn (`setImmediate`) and leave in one burst: one more
 * wake-up for all of them, and the client's next requests arrive together too.
 *
 * Nothing waits for more input: an answer is delayed by at most the rest of its turn. Order per
 * connection is kept (a connection writes its next answer only after the previous one's promise
 * settled).
 */
export class TurnWrites {
  private pending: (() => void)[] = [];
  /** A turn has begun writing: later writes of it wait for its end. */
  private writing = false;

  /** Runs `write` now if it is the turn's first, else at the end of this turn with the others. */
  defer(write: () => void): void {
    if (this.writing) {
      this.pending.push(write);
      return;
    }
    this.writing = true;
    setImmediate(() => this.flush());
    write();
  }

  private flush(): void {
    const writes = this.pending;
    this.pending = [];
    this.writing = false;
    for (const write of writes) write();
  }
}

/** One per process: every connection's answers of a turn leave together. */
export const turnWrites = new TurnWrites();
