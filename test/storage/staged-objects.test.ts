/**
 * The staging store of Undo batches (`src/storage/staged-objects.ts`) over the atomic multi-write
 * of each adapter (`applyWrites`): staged writes are invisible until commit, all land together,
 * a concurrent change makes the whole commit fail with nothing written, and reads and Locate see
 * the staged state. Run against SQLite and PostgreSQL alike.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AtomicObjectStore, hasAtomicWrites } from "../../src/storage/object-writes.js";
import { ObjectStoreError } from "../../src/storage/objects.js";
import { PostgresStorage } from "../../src/storage/postgres/postgres-storage.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";
import { StagedObjects } from "../../src/storage/staged-objects.js";
import type { Storage } from "../../src/storage/types.js";
import { startPostgres, type TestPostgres } from "../helpers/postgres.js";
import { makeObject, named, scopeOf } from "./object-contract.js";

function stagedContract(kind: string, open: () => Promise<Storage>) {
  describe(`staged objects on ${kind}`, () => {
    const scope = scopeOf(`staged-${kind}`);
    const atomic = (s: Storage): AtomicObjectStore => {
      if (!hasAtomicWrites(s.objects)) throw new Error("the adapter has no applyWrites");
      return s.objects;
    };

    it("keeps insert, update and delete out of the database until commit, then applies them all", async () => {
      const s = await open();
      const kept = makeObject(scope, [named("kept")]);
      const gone = makeObject(scope, [named("gone")], { second: 1 });
      await s.objects.insert(kept);
      await s.objects.insert(gone);
      const staged = new StagedObjects(atomic(s));
      const fresh = makeObject(scope, [named("fresh")], { second: 2 });
      await staged.insert(fresh);
      await staged.update(scope, kept.uid, kept.revision, { archived: true });
      expect(await staged.delete(scope, gone.uid)).toBe(true);

      expect((await staged.get(scope, kept.uid))?.archived).toBe(true);
      expect(await staged.get(scope, gone.uid)).toBeUndefined();
      expect(await staged.countInScope(scope)).toBe(2);
      expect(await s.objects.get(scope, fresh.uid)).toBeUndefined();
      expect((await s.objects.get(scope, kept.uid))?.archived).toBe(false);
      expect(await s.objects.get(scope, gone.uid)).toBeDefined();

      await staged.commit();
      expect((await s.objects.get(scope, fresh.uid))?.attributes).toEqual(fresh.attributes);
      expect(await s.objects.get(scope, kept.uid)).toMatchObject({ archived: true, revision: 2 });
      expect(await s.objects.get(scope, gone.uid)).toBeUndefined();
      const archived = { attributes: [named("kept")], storageStatusMask: 2 };
      expect((await s.objects.locate(scope, archived)).uids).toEqual([kept.uid]);
      await s.close();
    });

    it("writes nothing when discarded", async () => {
      const s = await open();
      const obj = makeObject(scope, [named("a")]);
      await s.objects.insert(obj);
      const staged = new StagedObjects(atomic(s));
      await staged.insert(makeObject(scope, [named("b")]));
      await staged.update(scope, obj.uid, 1, { archived: true });
      staged.discard();
      await staged.commit();
      expect(await s.objects.countInScope(scope)).toBe(1);
      expect((await s.objects.get(scope, obj.uid))?.revision).toBe(1);
      await s.close();
    });

    it("fails the whole commit, writing nothing, when another writer changed a staged object", async () => {
      const s = await open();
      const obj = makeObject(scope, [named("raced")]);
      await s.objects.insert(obj);
      const staged = new StagedObjects(atomic(s));
      const fresh = makeObject(scope, [named("new")]);
      await staged.insert(fresh);
      await staged.update(scope, obj.uid, 1, { archived: true });
      await s.objects.update(scope, obj.uid, 1, { archived: true, attributes: [named("theirs")] });
      const failed = await staged.commit().catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(ObjectStoreError);
      expect((failed as ObjectStoreError).code).toBe("stale");
      expect(await s.objects.get(scope, fresh.uid)).toBeUndefined();
      expect(await s.objects.get(scope, obj.uid)).toMatchObject({
        attributes: [named("theirs")],
        revision: 2,
      });
      await s.close();
    });

    it("answers Locate with the staged objects: new ones newest first, deleted and changed ones left out", async () => {
      const s = await open();
      const a = makeObject(scope, [named("k")], { second: 1 });
      const b = makeObject(scope, [named("k")], { second: 2 });
      const c = makeObject(scope, [named("k")], { second: 3 });
      for (const o of [a, b, c]) await s.objects.insert(o);
      const staged = new StagedObjects(atomic(s));
      const d = makeObject(scope, [named("k")], { second: 4 });
      await staged.insert(d);
      await staged.delete(scope, b.uid);
      await staged.update(scope, c.uid, 1, { attributes: [named("other")] });
      const found = await staged.locate(scope, { attributes: [named("k")] });
      expect(found).toEqual({ uids: [d.uid, a.uid], total: 2 });
      const paged = await staged.locate(scope, { attributes: [named("k")], maxItems: 1, offsetItems: 1 });
      expect(paged).toEqual({ uids: [a.uid], total: 2 });
      // An object changed so that it now matches is placed by its creation date.
      await staged.update(scope, c.uid, 2, { attributes: [named("k")] });
      expect((await staged.locate(scope, { attributes: [named("k")] })).uids).toEqual([d.uid, c.uid, a.uid]);
      await s.close();
    });
  });
}

stagedContract("sqlite", async () => SqliteStorage.open({ path: ":memory:" }));

let server: TestPostgres | undefined;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => server?.stop());
let schemas = 0;
stagedContract("postgresql", async () =>
  PostgresStorage.open({ connectionUrl: server!.url, schema: `staged_${process.pid}_${schemas++}` }),
);
