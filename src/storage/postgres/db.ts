/**
 * The pool as the adapter uses it: one statement (`query`) or one transaction (`transaction`),
 * every failure translated by `errors.ts`. A connection that broke inside a transaction is
 * destroyed, never handed back to the pool.
 */
import type pg from "pg";
import { StorageError } from "../types.js";
import { type ErrorContext, storageErrorOf } from "./errors.js";

export type Query = <R extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  params?: readonly unknown[],
) => Promise<pg.QueryResult<R>>;

export class Db {
  private closed = false;

  constructor(
    readonly pool: pg.Pool,
    readonly errors: ErrorContext,
  ) {
    // An idle connection that dies (the server restarted, a proxy timed it out) is reported here;
    // the pool has already dropped it and connects anew when asked, so there is nothing to do.
    // Without a listener, Node would end the process on this event.
    pool.on("error", () => {});
  }

  readonly query: Query = async (sql, params) => {
    this.checkOpen();
    try {
      return await this.pool.query(sql, params as unknown[] | undefined);
    } catch (err) {
      throw this.errorOf(err);
    }
  };

  /** Runs `fn` in one transaction on one connection: COMMIT if it returns, ROLLBACK if it throws. */
  async transaction<T>(fn: (query: Query) => Promise<T>): Promise<T> {
    const client = await this.connect();
    const query: Query = (sql, params) => client.query(sql, params as unknown[] | undefined);
    try {
      await query("BEGIN");
      const result = await fn(query);
      await query("COMMIT");
      client.release();
      return result;
    } catch (err) {
      await query("ROLLBACK").then(
        () => client.release(),
        // The connection is unusable (or in an unknown state): destroy it.
        (rollbackErr: Error) => client.release(rollbackErr),
      );
      throw this.errorOf(err);
    }
  }

  /** One connection for a caller that holds session state (an advisory lock); release it after. */
  async connect(): Promise<pg.PoolClient> {
    this.checkOpen();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.errorOf(err);
    }
    // A connection that fails between two statements emits 'error' with no query to fail, and
    // the pool does not listen while a client is checked out: Node would end the process. The
    // next statement on it fails instead, which the caller handles.
    const ignore = () => {};
    client.on("error", ignore);
    const release = client.release;
    client.release = (err?: Error | boolean) => {
      client.removeListener("error", ignore);
      release(err);
    };
    return client;
  }

  errorOf = (err: unknown): unknown => storageErrorOf(err, this.errors);

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private checkOpen(): void {
    if (this.closed) throw new StorageError("the PostgreSQL storage is closed", "unavailable");
  }
}
