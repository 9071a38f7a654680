/**
 * The storage contracts against PostgreSQL (a throw-away cluster, see `test/helpers/postgres.ts`),
 * each test on a fresh schema of this file's database, plus what only this adapter has: options,
 * connection errors, text PostgreSQL cannot hold as such, values longer than an index entry.
 */
import { createServer } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredObject } from "../../src/storage/objects.js";
import { connectionSettings } from "../../src/storage/postgres/connection.js";
import { MIGRATIONS } from "../../src/storage/postgres/migrations.js";
import { type PostgresOptions, PostgresStorage } from "../../src/storage/postgres/postgres-storage.js";
import { fromPgText, toPgText } from "../../src/storage/postgres/text.js";
import { StorageError } from "../../src/storage/types.js";
import { query, startPostgres, type TestPostgres } from "../helpers/postgres.js";
import { storageContract } from "./contract.js";
import { makeObject, named, objectStoreContract, scopeOf } from "./object-contract.js";

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => server?.stop());

let schemas = 0;
const freshSchema = () => `test_${process.pid}_${schemas++}`;
const open = (more: Partial<PostgresOptions> = {}) =>
  PostgresStorage.open({ connectionUrl: server.url, schema: freshSchema(), ...more });

storageContract("postgresql", () => open());
objectStoreContract("postgresql", () => open());

describe("postgresql storage", () => {
  const scope = scopeOf("pg");

  it("records each migration once, and opens an up-to-date schema without changing it", async () => {
    const schema = freshSchema();
    const first = await open({ schema });
    await first.put("k", new Uint8Array([7]));
    await first.close();
    const again = await open({ schema });
    expect([...((await again.get("k")) ?? [])]).toEqual([7]);
    await again.close();
    expect(await migrationsOf(schema)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it("keeps schemas apart on one database", async () => {
    const [one, two] = [await open(), await open()];
    await one.put("shared/name", new Uint8Array([1]));
    await one.objects.insert(makeObject(scope));
    expect(await two.get("shared/name")).toBeUndefined();
    expect(await two.list("")).toEqual([]);
    expect(await two.objects.countInScope(scope)).toBe(0);
    await Promise.all([one.close(), two.close()]);
  });

  it("keeps text with NUL and U+0001 exactly, in identifiers, scopes and attribute values", async () => {
    const s = await open();
    const odd = scopeOf("sc\u0000pe\u0001", "mount\u00010");
    const obj = makeObject(odd, [named("a\u0000b"), named("a\u00010b")], { uid: "uid\u0000\u0001x" });
    await s.objects.insert(obj);
    expect(await s.objects.get(odd, obj.uid)).toEqual(obj);
    expect(await s.objects.get(scopeOf("sc\u0000pe"), obj.uid)).toBeUndefined();
    const find = async (name: string) => (await s.objects.locate(odd, { attributes: [named(name)] })).uids;
    expect(await find("a\u0000b")).toEqual([obj.uid]);
    expect(await find("a\u00010b")).toEqual([obj.uid]);
    expect(await find("a\u0001b")).toEqual([]);
    expect(await find("a")).toEqual([]);
    await s.close();
  });

  it("locates values longer than an index entry can hold, told apart past the indexed prefix", async () => {
    const s = await open();
    const long = "n".repeat(20_000);
    const bytes = (last: number) => ({
      tag: 0x42000b,
      type: 8,
      value: new Uint8Array(10_000).fill(7).fill(last, 9_999),
    });
    const x = makeObject(scope, [named(`${long}x`), { name: "x-blob", value: bytes(1) }]);
    const y = makeObject(scope, [named(`${long}y`), { name: "x-blob", value: bytes(2) }]);
    for (const o of [x, y]) await s.objects.insert(o);
    const find = async (attributes: StoredObject["attributes"]) =>
      (await s.objects.locate(scope, { attributes })).uids;
    expect(await find([named(`${long}y`)])).toEqual([y.uid]);
    expect(await find([{ name: "x-blob", value: bytes(1) }])).toEqual([x.uid]);
    expect(await find([named(long)])).toEqual([]);
    expect(await s.objects.get(scope, x.uid)).toEqual(x);
    await s.close();
  });

  it("refuses bad options before connecting", async () => {
    const url = server.url;
    const bad: PostgresOptions[] = [
      { connectionUrl: "mysql://root@localhost/db" },
      { connectionUrl: "not a url" },
      { connectionUrl: url, poolSize: 0 },
      { connectionUrl: url, poolSize: 2.5 },
      { connectionUrl: url, schema: "Upper" },
      { connectionUrl: url, schema: "drop table; --" },
      { connectionUrl: `${url}?sslmode=require`, ssl: { rejectUnauthorized: true } },
    ];
    for (const options of bad)
      await expect(PostgresStorage.open(options)).rejects.toMatchObject({ kind: "invalid" });
  });

  it("merges the schema into the URL's server options, and keeps secrets out of the description", () => {
    const url =
      "postgres://kmipd:pw@db.example:6432/keys?options=-c%20statement_timeout%3D5000&sslmode=verify-full";
    const settings = connectionSettings({ connectionUrl: url, schema: "kmipd_a" });
    expect(settings.config.options).toBe("-c search_path=kmipd_a -c statement_timeout=5000");
    expect(settings.config.connectionString).not.toMatch(/options=/);
    expect(settings.config.connectionString).toMatch(/sslmode=verify-full/);
    expect(settings.where).toBe("postgres://kmipd@db.example:6432/keys");
    expect(settings.poolSize).toBe(10);
  });

  it("escapes NUL for PostgreSQL text reversibly, keeping byte order", () => {
    const text = fc.string({ unit: fc.constantFrom("\u0000", "\u0001", "0", "1", "a", "\u00ff") });
    const order = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(fromPgText(toPgText(a))).toBe(a);
        expect(toPgText(a).includes("\u0000")).toBe(false);
        expect(Math.sign(order(toPgText(a), toPgText(b)))).toBe(Math.sign(order(a, b)));
      }),
    );
  });

  it("reports a server it cannot reach as unavailable, naming it without the password", async () => {
    const port = await closedPort();
    const connectionUrl = `postgres://kmipd:s3cret-pw@127.0.0.1:${port}/kmipd?password=s3cret-pw`;
    const err = await PostgresStorage.open({ connectionUrl }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(err).toMatchObject({ kind: "unavailable" });
    const message = (err as Error).message;
    expect(message).toContain(`postgres://kmipd@127.0.0.1:${port}/kmipd`);
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain("s3cret");
  });

  it("answers calls after close with unavailable, and closes twice", async () => {
    const s = await open();
    await s.close();
    await s.close();
    await expect(s.get("k")).rejects.toMatchObject({ kind: "unavailable" });
    await expect(s.listen("c", () => {})).rejects.toMatchObject({ kind: "unavailable" });
  });
});

async function migrationsOf(schema: string): Promise<number[]> {
  const rows = await query<{ version: number }>(
    server.url,
    `SELECT version FROM ${schema}.schema_migrations ORDER BY version`,
  );
  return rows.map((r) => r.version);
}

/** A port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
