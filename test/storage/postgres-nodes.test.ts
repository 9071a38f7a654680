/**
 * Several kmipd nodes on one PostgreSQL database: each test opens two or more adapters (two
 * pools, as two nodes would) on one schema. Start-up migrations race, writers race, Locate must
 * stay an index lookup at a realistic size, and notifications cross from node to node.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectType } from "../../src/kmip/generated/enums.js";
import type { StoredObject } from "../../src/storage/objects.js";
import { MIGRATIONS } from "../../src/storage/postgres/migrations.js";
import { PostgresStorage } from "../../src/storage/postgres/postgres-storage.js";
import { query, startPostgres, type TestPostgres } from "../helpers/postgres.js";
import { expectCode, makeObject, named, scopeOf } from "./object-contract.js";

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => server?.stop());

let schemas = 0;
const freshSchema = () => `nodes_${process.pid}_${schemas++}`;
/** `count` nodes on one new schema, opened at the same moment. */
const nodes = (count: number, schema = freshSchema()) =>
  Promise.all(
    Array.from({ length: count }, () => PostgresStorage.open({ connectionUrl: server.url, schema })),
  );
const closeAll = (list: PostgresStorage[]) => Promise.all(list.map((s) => s.close()));
const scope = scopeOf("nodes");

describe("postgresql: several nodes on one database", () => {
  it("migrates once when nodes start together (advisory lock), every node then works", async () => {
    const schema = freshSchema();
    const started = await nodes(4, schema);
    const rows = await query<{ version: number }>(
      server.url,
      `SELECT version FROM ${schema}.schema_migrations ORDER BY version`,
    );
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    await started[0]!.put("k", new Uint8Array([1]));
    for (const s of started) expect([...((await s.get("k")) ?? [])]).toEqual([1]);
    await closeAll(started);
  });

  it("lets exactly one of two nodes with the same revision win, every time", async () => {
    const [one, two] = (await nodes(2)) as [PostgresStorage, PostgresStorage];
    for (let round = 0; round < 25; round++) {
      const obj = makeObject(scope);
      await one.objects.insert(obj);
      const results = await Promise.allSettled([
        one.objects.update(scope, obj.uid, 1, { archived: true }),
        two.objects.update(scope, obj.uid, 1, { attributes: [...obj.attributes, named(`r${round}`)] }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ code: "stale", kind: "conflict" });
      expect((await two.objects.get(scope, obj.uid))?.revision).toBe(2);
    }
    await closeAll([one, two]);
  });

  it("lets exactly one of two nodes inserting one Unique Identifier succeed", async () => {
    const [one, two] = (await nodes(2)) as [PostgresStorage, PostgresStorage];
    for (let round = 0; round < 10; round++) {
      const obj = makeObject(scope);
      const results = await Promise.allSettled([one.objects.insert(obj), two.objects.insert(obj)]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ code: "exists", kind: "conflict" });
    }
    await closeAll([one, two]);
  });

  it("locates by name through the index among thousands of objects, with real statistics", {
    timeout: 120_000,
  }, async () => {
    const schema = freshSchema();
    const [s] = (await nodes(1, schema)) as [PostgresStorage];
    const objects = realisticObjects(4_000);
    for (let i = 0; i < objects.length; i += 20)
      await Promise.all(objects.slice(i, i + 20).map((o) => s.objects.insert(o)));
    await query(server.url, `ANALYZE ${schema}.objects; ANALYZE ${schema}.object_attrs`);

    const target = objects[2_345]!;
    const byName = { attributes: [named("key-2345")] };
    const plan = (await s.objects.explainLocate(target.scope, byName)).join("\n");
    expect(plan).toMatch(/Index (Only )?Scan using object_attrs_text on object_attrs t0/);
    expect(plan).toMatch(/Index Scan using objects_pkey on objects o/);
    expect(plan).not.toMatch(/Seq Scan/);
    expect(await s.objects.locate(target.scope, byName)).toEqual({ uids: [target.uid], total: 1 });

    const byUid = { attributes: [{ name: "Unique Identifier", value: target.uid }] };
    expect((await s.objects.explainLocate(target.scope, byUid)).join("\n")).toMatch(/objects_uid_key/);
    const dates = { attributes: [100n, 110n].map((value) => ({ name: "Activation Date", value })) };
    const range = (await s.objects.explainLocate(target.scope, dates)).join("\n");
    expect(range).toMatch(/object_attrs_int/);
    expect(range).not.toMatch(/Seq Scan/);
    expect((await s.objects.locate(target.scope, dates)).total).toBe(
      objects.filter((o) => o.scope.scopeId === target.scope.scopeId && inRange(activation(o), 100n, 110n))
        .length,
    );
    await s.close();
  });

  it("delivers a notification from one node to every listener on another, until it stops listening", async () => {
    const [sender, receiver] = (await nodes(2)) as [PostgresStorage, PostgresStorage];
    const heard: string[] = [];
    const alsoHeard: string[] = [];
    const stop = await receiver.listen("kmipd.cache", (p) => heard.push(p));
    await receiver.listen("kmipd.cache", (p) => alsoHeard.push(p));
    await receiver.listen("other", () => heard.push("wrong channel"));
    await sender.notify("kmipd.cache", "role/admin");
    await until(() => heard.length === 1 && alsoHeard.length === 1);
    expect(heard).toEqual(["role/admin"]);
    expect(alsoHeard).toEqual(["role/admin"]);
    await stop();
    await sender.notify("kmipd.cache", "role/ops");
    await until(() => alsoHeard.length === 2);
    expect(heard).toEqual(["role/admin"]);
    await expect(sender.notify("", "x")).rejects.toMatchObject({ kind: "invalid" });
    await expect(sender.notify("c".repeat(64), "x")).rejects.toMatchObject({ kind: "invalid" });
    await expect(sender.notify("c", "x".repeat(8000))).rejects.toMatchObject({ kind: "invalid" });
    await expect(receiver.listen("", () => {})).rejects.toMatchObject({ kind: "invalid" });
    await closeAll([sender, receiver]);
  });

  it("refuses a second object under a taken identifier from any node, keeping the first", async () => {
    const [one, two] = (await nodes(2)) as [PostgresStorage, PostgresStorage];
    const obj = makeObject(scope, [named("first")]);
    await one.objects.insert(obj);
    await expectCode(two.objects.insert({ ...obj, attributes: [named("second")] }), "exists");
    expect(await two.objects.get(scope, obj.uid)).toEqual(obj);
    await closeAll([one, two]);
  });
});

/** Keys in 8 scopes with a name, an algorithm, a length, a group and an activation date each. */
function realisticObjects(count: number): StoredObject[] {
  return Array.from({ length: count }, (_, i) =>
    makeObject(
      scopeOf(`tenant-${i % 8}`),
      [
        named(`key-${i}`),
        { name: "Cryptographic Algorithm", value: 3 + (i % 2) },
        { name: "Cryptographic Length", value: i % 2 === 0 ? 256 : 2048 },
        { name: "Object Group", value: `group-${i % 20}` },
        { name: "Activation Date", value: BigInt(i) },
      ],
      { second: i, objectType: i % 5 === 0 ? ObjectType.PublicKey : ObjectType.SymmetricKey },
    ),
  );
}

const inRange = (v: bigint, lo: bigint, hi: bigint) => v >= lo && v <= hi;

function activation(o: StoredObject): bigint {
  return o.attributes.find((a) => a.name === "Activation Date")?.value as bigint;
}

async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
