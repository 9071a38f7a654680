/**
 * Group commit (issue #8): the writes of concurrent requests share one transaction and one sync.
 *
 * better-sqlite3 runs every statement synchronously, and with `synchronous = FULL` each commit
 * waits for its fsync on the event loop, so one transaction per write caps writes at one per
 * fsync for the whole server. Here the first write of an event-loop turn opens a transaction
 * (BEGIN IMMEDIATE: the write lock up front); every write of that turn runs inside it as a
 * savepoint of its own (better-sqlite3 nests `transaction()` that way), so a write that fails
 * rolls back alone; at the end of the turn (`setImmediate`), or once `writesMax` writes have
 * joined, one COMMIT makes them all durable together. Each write's promise settles only after
 * that COMMIT returned: nothing is acknowledged before it is on disk (the crash test checks it).
 * When the COMMIT fails, every write of the group is rolled back and rejected alike.
 *
 * The sync itself off the event loop: with `sync` given (a file database), the connection runs
 * with `synchronous = NORMAL`, so COMMIT only writes the group's WAL frames (no fsync while the
 * whole server waits), and `sync` then fsyncs the WAL file on libuv's thread pool; the group is
 * acknowledged once that fsync returned, which makes its frames as durable as `synchronous =
 * FULL` would have (SQLite still syncs the WAL header and every checkpoint itself). Other groups
 * commit meanwhile; each waits for an fsync begun after its own COMMIT.
 *
 * What this costs: while a group is open (the rest of one turn) a read on this connection sees
 * the group's writes before they are durable; a reader never gets an acknowledgement for them,
 * but it may see an object that a crash in that turn would lose, as with any group commit that
 * shares one connection.
 */
import type Database from "better-sqlite3";
import { StorageError } from "../types.js";

interface Group {
  writes: number;
  readonly done: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  readonly timer: NodeJS.Immediate;
}

/** Writes in one group at most, so one turn's burst cannot hold the write lock for long. */
const WRITES_MAX_DEFAULT = 512;

export class GroupCommit {
  private open: Group | undefined;
  private readonly rollbackListeners = new Set<() => void>();
  private readonly savepoint: Database.Transaction<(fn: () => unknown) => unknown>;

  constructor(
    private readonly db: Database.Database,
    private readonly writesMax = WRITES_MAX_DEFAULT,
    /** Makes what has committed durable (see the header); absent: COMMIT itself is durable. */
    private readonly sync?: () => Promise<void>,
  ) {
    this.savepoint = db.transaction((fn: () => unknown) => fn());
  }

  /**
   * Runs `fn` now, inside this turn's group (its own savepoint), and resolves with its result
   * once the group has committed. An error of `fn` (mapped by `mapError`) rejects at once and
   * undoes only `fn`'s own changes.
   */
  write<T>(fn: () => T, mapError: (error: unknown) => unknown = (e) => e): Promise<T> {
    let group: Group;
    let result: T;
    try {
      group = this.group();
      result = this.savepoint(fn) as T;
    } catch (error) {
      return Promise.reject(mapError(error));
    }
    group.writes++;
    if (group.writes >= this.writesMax) this.commit(group);
    return group.done.then(() => result);
  }

  /** Called after a group's commit failed and it was rolled back (caches of what it read). */
  onRollback(listener: () => void): void {
    this.rollbackListeners.add(listener);
  }

  /** Commits the open group now (before closing the database). */
  flush(): void {
    if (this.open !== undefined) this.commit(this.open);
  }

  private group(): Group {
    // SQLite ends the whole transaction on some errors (SQLITE_FULL, I/O): that group has failed.
    if (this.open !== undefined && !this.db.inTransaction) this.commit(this.open);
    if (this.open !== undefined) return this.open;
    this.db.exec("BEGIN IMMEDIATE");
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A write that fails alone leaves `done` unobserved; that must not count as unhandled.
    done.catch(() => undefined);
    const group: Group = { writes: 0, done, resolve, reject, timer: setImmediate(() => this.commit(group)) };
    this.open = group;
    return group;
  }

  private commit(group: Group): void {
    if (this.open !== group) return;
    this.open = undefined;
    clearImmediate(group.timer);
    try {
      this.db.exec("COMMIT");
    } catch (error) {
      if (this.db.inTransaction) this.rollbackQuietly();
      for (const listener of this.rollbackListeners) listener();
      group.reject(new StorageError("the database could not commit", "unavailable", { cause: error }));
      return;
    }
    if (this.sync === undefined) {
      group.resolve();
      return;
    }
    this.sync().then(group.resolve, (error: unknown) =>
      // Committed but perhaps not on disk: not acknowledged (the writer may retry; Create is new).
      group.reject(new StorageError("the database could not sync", "unavailable", { cause: error })),
    );
  }

  private rollbackQuietly(): void {
    try {
      this.db.exec("ROLLBACK");
    } catch {
      // Already rolled back by SQLite itself (an I/O error ends the transaction).
    }
  }
}
