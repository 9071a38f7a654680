/**
 * Migration 3 (the compact attribute index) on databases written by the layout before it: the
 * index rows of `object_attrs` (text mount, scope, name and field on every row) are carried
 * into `object_index`, and every Locate answers as it did.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { encodeAttributes } from "../../src/storage/attribute-json.js";
import { toBuffer } from "../../src/storage/object-sql.js";
import { indexRows, type ScopeKey, type StoredObject } from "../../src/storage/objects.js";
import { MIGRATIONS } from "../../src/storage/sqlite/migrations.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";
import {
  buildObject,
  makeObject,
  naiveLocate,
  named,
  objectSpec,
  querySpec,
  resolveUids,
  scopeOf,
} from "./object-contract.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-migrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A database at schema version 2 holding `objects`, written as that version's adapter wrote them. */
function version2Database(objects: readonly StoredObject[]): string {
  const path = join(dir, `db${n++}`, "kmipd.db");
  mkdirSync(join(path, ".."), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  for (const m of MIGRATIONS.filter((x) => x.version <= 2)) db.exec(m.sql);
  db.pragma("user_version = 2");
  const insert = db.prepare(
    `INSERT INTO objects (uid, mount, scope, object_type, state, revision, archived, created, updated, attributes, material)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const index = db.prepare(
    "INSERT INTO object_attrs (obj, name, position, field, mount, scope, v_int, v_text, v_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  db.transaction(() => {
    for (const o of objects) {
      const { mountUuid, scopeId } = o.scope;
      const created = o.createdAt.getTime();
      const material = o.material && toBuffer(o.material);
      const row = [o.objectType, o.state, o.revision, o.archived ? 1 : 0, created, o.updatedAt.getTime()];
      const seq = insert.run(
        o.uid,
        mountUuid,
        scopeId,
        ...row,
        encodeAttributes(o.attributes),
        material,
      ).lastInsertRowid;
      for (const r of indexRows(o.attributes)) {
        const v = r.value;
        const [i, t, b] = [v.col === "int", v.col === "text", v.col === "bytes"];
        const bytes = v.col === "bytes" ? toBuffer(v.value) : null;
        index.run(
          seq,
          r.name,
          r.position,
          r.field,
          mountUuid,
          scopeId,
          i ? v.value : null,
          t ? v.value : null,
          b ? bytes : null,
        );
      }
    }
  })();
  db.close();
  return path;
}

describe("sqlite migration 3: the compact attribute index", () => {
  it("re-indexes a version 2 database: objects, Locate and new writes alike", async () => {
    const a = scopeOf("a");
    const b = scopeOf("b", "another-mount");
    const old = [
      makeObject(a, [named("k1")], { second: 1 }),
      makeObject(a, [named("k1", 2), named("k2")], { second: 2 }),
      makeObject(b, [named("k1")], { second: 3 }),
    ];
    const path = version2Database(old);
    const s = SqliteStorage.open({ path });
    expect(await s.objects.get(a, old[1]!.uid)).toEqual(old[1]);
    expect(await s.objects.locate(a, { attributes: [named("k1")] })).toEqual({
      uids: [old[0]!.uid],
      total: 1,
    });
    expect(await s.objects.locate(b, { attributes: [named("k1")] })).toEqual({
      uids: [old[2]!.uid],
      total: 1,
    });
    const fresh = makeObject(a, [named("k2")], { second: 4 });
    await s.objects.insert(fresh);
    expect(await s.objects.locate(a, { attributes: [named("k2")] })).toEqual({
      uids: [fresh.uid, old[1]!.uid],
      total: 2,
    });
    await s.objects.update(a, old[1]!.uid, 1, {
      attributes: old[1]!.attributes.filter((x) => x.name !== "Name"),
    });
    expect(await s.objects.locate(a, { attributes: [named("k2")] })).toEqual({ uids: [fresh.uid], total: 1 });
    await s.close();
    const raw = new Database(path);
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).not.toContain("object_attrs");
    expect(raw.pragma("user_version", { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    raw.close();
  });

  it("answers every Locate as the naive filter does after migrating (property)", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(objectSpec, { minLength: 1, maxLength: 20 }),
        fc.array(querySpec, { minLength: 1, maxLength: 6 }),
        async (specs, queries) => {
          const scopes: ScopeKey[] = [
            scopeOf("p", `m${run}`),
            scopeOf("q", `m${run}`),
            scopeOf("p", `m${run}-x`),
          ];
          run++;
          const objects = specs.map((spec) => buildObject(spec, scopes));
          const s = SqliteStorage.open({ path: version2Database(objects) });
          try {
            for (const q of queries) {
              const query = resolveUids(q, objects);
              expect(await s.objects.locate(scopes[0]!, query)).toEqual(
                naiveLocate(objects, scopes[0]!, query),
              );
            }
          } finally {
            await s.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
