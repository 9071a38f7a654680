/**
 * Brings the schema up to date at start. Several stateless nodes may start at the same moment
 * against one database, so the whole check-and-apply runs under a session advisory lock: the
 * first node migrates, the others wait and then find nothing to do. Each migration commits with
 * its row in `schema_migrations`, so a node that dies half-way leaves whole migrations behind.
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import type { Db } from "./db.js";
import { MIGRATIONS, type Migration } from "./migrations.js";

/** The advisory lock of one schema's migrations: nodes on other schemas do not wait for it. */
export function migrationLockKey(schema: string | undefined): bigint {
  const digest = createHash("sha256")
    .update(`kmipd schema migrations ${schema ?? ""}`)
    .digest();
  return digest.readBigInt64BE(0);
}

export async function migrate(db: Db, schema: string | undefined): Promise<void> {
  const client = await db.connect();
  const key = migrationLockKey(schema).toString();
  let broken: Error | undefined;
  try {
    await client.query("SELECT pg_advisory_lock($1)", [key]);
    try {
      await migrateLocked(client, schema);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [key]);
    }
  } catch (err) {
    // Destroy the connection rather than pool it: it may still hold the lock, or be half-way
    // through a transaction.
    broken = err as Error;
    throw db.errorOf(err);
  } finally {
    client.release(broken);
  }
}

async function migrateLocked(client: pg.PoolClient, schema: string | undefined): Promise<void> {
  // The connection's search_path already names the schema (see `connection.ts`); creating it is
  // enough for the tables below to land in it. Asked first, so that a role without CREATE on the
  // database can use a schema an administrator made for it.
  if (schema !== undefined) {
    const found = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
    if (found.rowCount === 0) await client.query(`CREATE SCHEMA "${schema}"`);
  }
  await client.query(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version     integer PRIMARY KEY,
       description text NOT NULL,
       applied_at  timestamptz NOT NULL DEFAULT now()
     )`,
  );
  const rows = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
  const applied = new Set(rows.rows.map((r) => r.version));
  for (const m of MIGRATIONS) if (!applied.has(m.version)) await apply(client, m);
}

async function apply(client: pg.PoolClient, m: Migration): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query(m.sql);
    await client.query("INSERT INTO schema_migrations (version, description) VALUES ($1, $2)", [
      m.version,
      m.description,
    ]);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
}
