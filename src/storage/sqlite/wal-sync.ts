/**
 * fsync of a database's write-ahead log on libuv's thread pool, for the group commit
 * (`group-commit.ts`): the event loop keeps serving while the disk flushes. One descriptor for
 * the connection's life (SQLite keeps the `-wal` file while any connection is open, rewinding it
 * after checkpoints rather than replacing it); `close` waits for the syncs in flight.
 */
import { close, fsync, openSync } from "node:fs";

export class WalSync {
  private fd: number | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly databasePath: string) {}

  /** Resolves once everything written to the WAL before the call is on disk. */
  sync(): Promise<void> {
    let fd: number;
    try {
      fd = this.descriptor();
    } catch (error) {
      return Promise.reject(error);
    }
    const done = new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
    this.inFlight.add(done);
    const forget = () => this.inFlight.delete(done);
    done.then(forget, forget);
    return done;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) await new Promise<void>((resolve) => close(fd, () => resolve()));
  }

  private descriptor(): number {
    // Read-only is enough for fsync (POSIX flushes the file, whatever the descriptor's mode).
    this.fd ??= openSync(`${this.databasePath}-wal`, "r");
    return this.fd;
  }
}
