import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { State } from "../../src/kmip/generated/enums.js";
import type { LocateQuery } from "../../src/storage/objects.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";
import { expectCode, makeObject, named, objectStoreContract, scopeOf } from "./object-contract.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-objects-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `db${n++}`, "kmipd.db");

objectStoreContract("sqlite (memory)", async () => SqliteStorage.open({ path: ":memory:" }));
objectStoreContract("sqlite (file)", async () => SqliteStorage.open({ path: freshPath() }));

describe("sqlite object store", () => {
  const scope = scopeOf("s");

  it("keeps objects, revisions and the index across a restart", async () => {
    const path = freshPath();
    const first = SqliteStorage.open({ path });
    const older = makeObject(scope, [named("kept")], { second: 1 });
    await first.objects.insert(older);
    const updated = await first.objects.update(scope, older.uid, 1, { archived: true });
    await first.close();

    const again = SqliteStorage.open({ path });
    expect(await again.objects.get(scope, older.uid)).toEqual(updated);
    await expectCode(again.objects.update(scope, older.uid, 1, {}), "stale");
    const newer = makeObject(scope, [named("kept")], { second: 1 });
    await again.objects.insert(newer);
    expect(await again.objects.locate(scope, { attributes: [named("kept")], storageStatusMask: 3 })).toEqual({
      uids: [newer.uid, older.uid],
      total: 2,
    });
    await again.close();
  });

  it("catches a stale write from another connection to the same database", async () => {
    const path = freshPath();
    const [one, two] = [SqliteStorage.open({ path }), SqliteStorage.open({ path })];
    const obj = makeObject(scope);
    await one.objects.insert(obj);
    expect((await two.objects.get(scope, obj.uid))?.revision).toBe(1);
    await one.objects.update(scope, obj.uid, 1, { archived: true });
    await expectCode(two.objects.update(scope, obj.uid, 1, { archived: false }), "stale");
    expect(await two.objects.get(scope, obj.uid)).toMatchObject({ revision: 2, archived: true });
    await Promise.all([one.close(), two.close()]);
  });

  it("shares scope and attribute-key ids between connections to one file", async () => {
    const path = freshPath();
    const [one, two] = [SqliteStorage.open({ path }), SqliteStorage.open({ path })];
    const custom = (v: string) => ({ name: "x-shared", value: { tag: 0x540002, type: 7, value: v } });
    const other = scopeOf("ids-elsewhere");
    const a = makeObject(scope, [custom("v")], { second: 1 });
    const b = makeObject(scope, [custom("v")], { second: 2 });
    const c = makeObject(other, [custom("v")], { second: 3 });
    await one.objects.insert(a);
    await two.objects.insert(b);
    await two.objects.insert(c);
    for (const s of [one, two]) {
      expect(await s.objects.locate(scope, { attributes: [custom("v")] })).toEqual({
        uids: [b.uid, a.uid],
        total: 2,
      });
      expect(await s.objects.locate(other, { attributes: [custom("v")] })).toEqual({
        uids: [c.uid],
        total: 1,
      });
    }
    await Promise.all([one.close(), two.close()]);
  });

  it("upgrades a database made before the object tables, keeping its records", async () => {
    const path = freshPath();
    mkdirSync(join(path, ".."), { recursive: true });
    const old = new Database(path);
    old.exec("CREATE TABLE kv (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID");
    old.prepare("INSERT INTO kv VALUES ('sys/x', x'01')").run();
    old.pragma("user_version = 1");
    old.close();
    const s = SqliteStorage.open({ path });
    expect([...((await s.get("sys/x")) ?? [])]).toEqual([1]);
    await s.objects.insert(makeObject(scope));
    expect(await s.objects.countInScope(scope)).toBe(1);
    await s.close();
  });

  it("locates by name among 100,000 objects through the index, not a scan", {
    timeout: 180_000,
  }, async () => {
    const s = SqliteStorage.open({ path: ":memory:" });
    const objects = s.objects;
    for (let i = 0; i < 100_000; i++) {
      await objects.insert(makeObject(scope, [named(`key-${i}`)], { second: i % 1000 }));
    }
    const query: LocateQuery = { attributes: [named("key-77777")] };
    const plan = objects.explainLocate(scope, query);
    expect(plan).toContainEqual(
      expect.stringMatching(
        /^SEARCH t0 USING COVERING INDEX object_index_text \(sid=\? AND key=\? AND v_text=\?\)$/,
      ),
    );
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH o USING INTEGER PRIMARY KEY/));
    expect(
      plan.filter((step) => /^SCAN (o|t\d|objects|object_index|object_scopes|index_keys)\b/.test(step)),
    ).toEqual([]);
    const found = await objects.locate(scope, query);
    expect(found.total).toBe(1);
    expect((await objects.get(scope, found.uids[0]!))?.attributes).toContainEqual(named("key-77777"));
    await s.close();
  });

  it("stores a model structure's fields, not its whole, and still finds it by any of them", async () => {
    const path = freshPath();
    const s = SqliteStorage.open({ path });
    const digest = { hashingAlgorithm: 6, digestValue: new Uint8Array([1, 2, 3]), keyFormatType: 1 };
    const custom = { tag: 0x540001, type: 1, value: [] };
    const obj = makeObject(scope, [
      named("whole"),
      { name: "Digest", value: digest },
      { name: "x-s", value: custom },
    ]);
    await s.objects.insert(obj);
    const found = { uids: [obj.uid], total: 1 };
    expect(await s.objects.locate(scope, { attributes: [{ name: "Digest", value: {} }] })).toEqual(found);
    const byValue = { name: "Digest", value: { digestValue: new Uint8Array([1, 2, 3]) } };
    expect(await s.objects.locate(scope, { attributes: [byValue, named("whole")] })).toEqual(found);
    expect(await s.objects.locate(scope, { attributes: [{ name: "Name", value: {} }] })).toEqual(found);
    expect(await s.objects.locate(scope, { attributes: [{ name: "x-s", value: custom }] })).toEqual(found);
    await s.close();
    const raw = new Database(path);
    const wholes = raw
      .prepare(
        "SELECT k.name FROM object_index i JOIN index_keys k ON k.id = i.key WHERE k.field = '' ORDER BY k.name",
      )
      .pluck()
      .all();
    expect(wholes).not.toContain("Digest");
    expect(wholes).not.toContain("Name");
    raw.close();
  });

  it("plans the other shapes on indexes too", async () => {
    const s = SqliteStorage.open({ path: ":memory:" });
    const explain = (query: LocateQuery) => s.objects.explainLocate(scope, query).join("\n");
    expect(explain({ attributes: [{ name: "Unique Identifier", value: "u" }] })).toMatch(
      /SEARCH o USING INDEX sqlite_autoindex_objects_1 \(uid=\?\)/,
    );
    expect(explain({})).toMatch(/SEARCH o USING INDEX objects_by_scope \(mount=\? AND scope=\?\)/);
    const range = explain({ attributes: [1n, 9n].map((value) => ({ name: "Activation Date", value })) });
    expect(range).toMatch(
      /SEARCH t0 USING COVERING INDEX object_index_int \(sid=\? AND key=\? AND v_int>\? AND v_int<\?\)/,
    );
    const mixed = explain({
      attributes: [
        { name: "Cryptographic Algorithm", value: 3 },
        named("k"),
        { name: "State", value: State.Active },
      ],
    });
    expect(mixed).toMatch(/SEARCH t0 USING COVERING INDEX object_index_text/);
    expect(mixed).toMatch(/SEARCH t0 USING PRIMARY KEY \(obj=\? AND key=\?\)/);
    // The scope and attribute-key ids: looked up once each, through their unique indexes.
    expect(mixed).toMatch(/SEARCH object_scopes USING COVERING INDEX sqlite_autoindex_object_scopes_1/);
    expect(mixed).toMatch(/SEARCH index_keys USING COVERING INDEX sqlite_autoindex_index_keys_1/);
    expect(mixed).not.toMatch(/^SCAN (o|t\d)\b/m);
    await s.close();
  });
});
