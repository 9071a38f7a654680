/**
 * The embedded default: SQLite through better-sqlite3, in WAL mode, and a write that returned is
 * on disk (a key server must not lose an acknowledged key). Concurrent writes share one
 * transaction and one sync per event-loop turn (`group-commit.ts`), and each resolves only once
 * its group is on disk: for a file, COMMIT writes the WAL (`synchronous = NORMAL`) and the WAL is
 * then fsynced off the event loop (`wal-sync.ts`); ":memory:" has nothing to sync. The folder is
 * created 0700 and the files are 0600.
 */
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import {
  checkKey,
  checkPrefix,
  checkValue,
  childrenOf,
  type KvOp,
  type Storage,
  StorageError,
} from "../types.js";
import { GroupCommit } from "./group-commit.js";
import { MIGRATIONS } from "./migrations.js";
import { SqliteObjectStore } from "./object-store.js";
import { WalSync } from "./wal-sync.js";

/** The page cache bound, in KiB (`PRAGMA cache_size` with a negative value). */
const CACHE_KIB = 4096;

/** WAL pages between automatic checkpoints (`PRAGMA wal_autocheckpoint`; SQLite's default: 1,000). */
const WAL_CHECKPOINT_PAGES = 4000;
/** SQLite's default page size, which this database keeps. */
const PAGE_BYTES = 4096;

export interface SqliteOptions {
  /** Database file; ":memory:" for tests. */
  path: string;
  /**
   * Hold the file alone (`locking_mode = EXCLUSIVE`, taken at open): a single-process server.
   * No other connection can then commit, so reads skip SQLite's shared-memory locks and the
   * decoded-object cache skips its `data_version` check (both per request). Worker processes of
   * one server share the file and leave this off. Another process that opens the file gets
   * "in use by another process".
   */
  exclusive?: boolean;
  /** How long to wait for a lock another connection holds (default 5 s). */
  busyTimeoutMs?: number;
}

const BUSY_TIMEOUT_MS = 5000;

export class SqliteStorage implements Storage {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;
  readonly objects: SqliteObjectStore;
  private readonly stmts: ReturnType<typeof prepare>;
  private readonly group: GroupCommit;

  private constructor(
    db: Database.Database,
    private readonly wal: WalSync | undefined,
  ) {
    this.db = db;
    this.stmts = prepare(db);
    this.group = new GroupCommit(db, undefined, wal && (() => wal.sync()));
    this.objects = new SqliteObjectStore(db, undefined, this.group);
  }

  static open(options: SqliteOptions): SqliteStorage {
    const memory = options.path === ":memory:";
    if (!memory) ensurePrivateFolder(dirname(options.path));
    let db: Database.Database;
    try {
      db = new Database(options.path);
    } catch (err) {
      throw new StorageError(`cannot open SQLite database ${options.path}`, "unavailable", { cause: err });
    }
    // Before the first access: in WAL mode an exclusive connection then keeps its WAL index in
    // its own memory instead of the shared -shm file (sqlite.org/wal.html §8).
    if (options.exclusive === true && !memory) db.pragma("locking_mode = EXCLUSIVE");
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`);
    try {
      db.pragma("journal_mode = WAL");
      // Take the lock now, so a second server on the same file fails at start, not mid-request.
      if (options.exclusive === true && !memory) db.exec("BEGIN IMMEDIATE; COMMIT");
    } catch (err) {
      db.close();
      throw lockError(options.path, err);
    }
    // Durable at acknowledgement either way: see the header (the group commit syncs the WAL).
    db.pragma(memory ? "synchronous = FULL" : "synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    // Overwrite deleted content (destroyed key material, even though sealed) instead of leaving it in free pages.
    db.pragma("secure_delete = ON");
    // Statement journals (each write's savepoint in the group commit) in memory, not one temp
    // file created, written and unlinked per group: ~40% of a Create's storage CPU (issue #8).
    db.pragma("temp_store = MEMORY");
    // Resident memory: better-sqlite3 builds with a 16 MB page cache per connection, which a
    // database of 100,000 objects (hundreds of MB) fills whatever its size; random Gets miss
    // either way, and a miss is a pread from the OS page cache (microseconds). Measured with the
    // benchmark: ~16 MB less malloc heap, no more CPU per Get or Locate (README, "Performance").
    // mmap stays off (the build's default): mapped pages would count in the process's RSS.
    db.pragma(`cache_size = -${CACHE_KIB}`);
    // Checkpoints less often (issue #8: the Create benchmark ~5% less server CPU, ~530 µs to
    // ~500 µs; the storage alone ~8 µs less, mostly system time): one in 4,000 WAL pages (about
    // 1,000 Creates) instead of 1,000, so a page that many Creates dirty (an index leaf) is
    // copied to the database once for more of them. The price: each checkpoint, still run by
    // the COMMIT that crosses the mark, pauses the event loop longer (~7 ms more here), four
    // times less often. Bound: SQLite checkpoints at the first COMMIT past 4,000 pages (16 MB at
    // 4 KiB pages) and then rewinds the WAL; only a reader of another connection (a cluster
    // worker) holding an old snapshot can delay that rewind. After such an outgrowth
    // `journal_size_limit` truncates the file back to twice the usual size (not to the usual size
    // itself, which every checkpoint's last group passes a little).
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${2 * WAL_CHECKPOINT_PAGES * PAGE_BYTES}`);
    try {
      migrate(db);
    } catch (err) {
      db.close();
      throw isBusy(err) ? lockError(options.path, err) : err;
    }
    if (!memory) restrictFiles(options.path);
    return new SqliteStorage(db, memory ? undefined : new WalSync(options.path));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    const row = this.stmts.get.get(key) as { value: Buffer } | undefined;
    return row?.value;
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    checkValue(value);
    await this.group.write(() => this.stmts.put.run(key, value));
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.group.write(() => this.stmts.delete.run(key));
  }

  async list(prefix: string): Promise<string[]> {
    checkPrefix(prefix);
    const rows = this.stmts.range.all(prefix, upperBound(prefix)) as { key: string }[];
    return childrenOf(
      prefix,
      rows.map((r) => r.key),
    );
  }

  async batch(ops: readonly KvOp[]): Promise<void> {
    for (const op of ops) {
      checkKey(op.key);
      if (op.op === "put") checkValue(op.value);
    }
    // One savepoint: every operation or none.
    await this.group.write(() => {
      for (const op of ops) {
        if (op.op === "put") this.stmts.put.run(op.key, op.value);
        else this.stmts.delete.run(op.key);
      }
    });
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.group.flush();
    await this.wal?.close();
    if (this.db.open) this.db.close();
  }
}

function prepare(db: Database.Database) {
  return {
    get: db.prepare("SELECT value FROM kv WHERE key = ?"),
    put: db.prepare(
      "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    ),
    delete: db.prepare("DELETE FROM kv WHERE key = ?"),
    range: db.prepare("SELECT key FROM kv WHERE key >= ? AND key < ? ORDER BY key"),
  };
}

/** The smallest string greater than every key that starts with `prefix` ("" lists everything). */
function upperBound(prefix: string): string {
  if (prefix === "") return "\u{10FFFF}";
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      // Checked again under the write lock: cluster workers open the same file at once, and
      // another may have applied this migration since `current` was read.
      if ((db.pragma("user_version", { simple: true }) as number) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

/** The file is held by another process (a second server on it), or cannot be read at all. */
function lockError(path: string, err: unknown): StorageError {
  const message = isBusy(err)
    ? `SQLite database ${path} is in use by another process (one kmipd server per file: use \`workers\` for several processes, PostgreSQL for several machines)`
    : `cannot open SQLite database ${path}`;
  return new StorageError(message, "unavailable", { cause: err });
}

function ensurePrivateFolder(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

function restrictFiles(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
