/**
 * PostgreSQL, for several stateless kmipd nodes on one database. Same contract as the SQLite
 * adapter (`../sqlite/sqlite-storage.ts`): Vault-style KV records and the managed-object store.
 * What changes is that other nodes write too, so every read-modify-write is a conditional
 * update, start-up migrations take an advisory lock, and `notify`/`listen` carry cache
 * invalidations between nodes.
 *
 * Failures: a database that cannot be reached is `StorageError` kind "unavailable" (the pool
 * reconnects by itself on the next call); a taken identifier or a stale revision the typed
 * conflicts of `../objects.ts`.
 */
import pg from "pg";
import {
  checkKey,
  checkPrefix,
  checkValue,
  childrenOf,
  type KvOp,
  type Storage,
  StorageError,
} from "../types.js";
import { connectionSettings, type PostgresOptions } from "./connection.js";
import { Db } from "./db.js";
import { migrate } from "./migrate.js";
import { checkChannel, type ListenOptions, Notifier, PAYLOAD_BYTES_MAX, type Unlisten } from "./notifier.js";
import { PostgresObjectStore } from "./object-store.js";

export type { PostgresOptions } from "./connection.js";
export type { ListenOptions, Unlisten } from "./notifier.js";

const PUT =
  "INSERT INTO kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
const DELETE = "DELETE FROM kv WHERE key = $1";

export class PostgresStorage implements Storage {
  readonly kind = "postgresql" as const;
  readonly objects: PostgresObjectStore;

  private constructor(
    private readonly db: Db,
    private readonly notifier: Notifier,
  ) {
    this.objects = new PostgresObjectStore(db);
  }

  /** Connects and migrates; fails with "unavailable" when the database cannot be reached. */
  static async open(options: PostgresOptions): Promise<PostgresStorage> {
    const settings = connectionSettings(options);
    const pool = new pg.Pool(Object.assign({}, settings.config, { max: settings.poolSize }));
    const db = new Db(pool, settings);
    try {
      await migrate(db, settings.schema);
    } catch (err) {
      await db.close().catch(() => {});
      throw err;
    }
    return new PostgresStorage(db, new Notifier(settings.config, db.errorOf));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    const found = await this.db.query<{ value: Buffer }>("SELECT value FROM kv WHERE key = $1", [key]);
    return found.rows[0]?.value;
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    checkValue(value);
    await this.db.query(PUT, [key, value]);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.db.query(DELETE, [key]);
  }

  /** A range of the key index: keys are COLLATE "C", so "prefix" ≤ key < upperBound(prefix) by bytes. */
  async list(prefix: string): Promise<string[]> {
    checkPrefix(prefix);
    const found =
      prefix === ""
        ? await this.db.query<{ key: string }>("SELECT key FROM kv")
        : await this.db.query<{ key: string }>("SELECT key FROM kv WHERE key >= $1 AND key < $2", [
            prefix,
            upperBound(prefix),
          ]);
    return childrenOf(
      prefix,
      found.rows.map((r) => r.key),
    );
  }

  async batch(ops: readonly KvOp[]): Promise<void> {
    for (const op of ops) {
      checkKey(op.key);
      if (op.op === "put") checkValue(op.value);
    }
    if (ops.length === 0) return;
    await this.db.transaction(async (query) => {
      for (const op of ops) {
        if (op.op === "put") await query(PUT, [op.key, op.value]);
        else await query(DELETE, [op.key]);
      }
    });
  }

  /** Sends `payload` to every node listening on `channel` (delivered when this call's transaction commits). */
  async notify(channel: string, payload: string): Promise<void> {
    checkChannel(channel);
    if (
      typeof payload !== "string" ||
      Buffer.byteLength(payload) > PAYLOAD_BYTES_MAX ||
      payload.includes("\u0000")
    )
      throw new StorageError(
        `a notification payload is text of at most ${PAYLOAD_BYTES_MAX} bytes`,
        "invalid",
      );
    await this.db.query("SELECT pg_notify($1, $2)", [channel, payload]);
  }

  /** Calls `fn` with every payload sent on `channel`, from any node, until the returned function is called. */
  listen(channel: string, fn: (payload: string) => void, options?: ListenOptions): Promise<Unlisten> {
    return this.notifier.listen(channel, fn, options);
  }

  async close(): Promise<void> {
    await this.notifier.close();
    await this.db.close();
  }
}

/** The smallest string greater than every key that starts with `prefix` (which ends with "/"). */
function upperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
