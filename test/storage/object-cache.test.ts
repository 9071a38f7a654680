/**
 * The SQLite store's cache of decoded objects (src/storage/sqlite/object-cache.ts): it never
 * answers with what another connection has since changed or deleted, callers cannot change it
 * through what they were given, and it stays within its bound.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ObjectCache } from "../../src/storage/sqlite/object-cache.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";
import { makeObject, named, scopeOf } from "./object-contract.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-object-cache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const scope = scopeOf("s");

describe("decoded object cache", () => {
  it("sees another connection's update and delete on the next read", async () => {
    const path = join(dir, "kmipd.db");
    const [writer, reader] = [SqliteStorage.open({ path }), SqliteStorage.open({ path })];
    const obj = makeObject(scope, [named("a")]);
    await writer.objects.insert(obj);
    expect((await reader.objects.get(scope, obj.uid))?.revision).toBe(1);
    expect((await reader.objects.get(scope, obj.uid))?.revision).toBe(1); // now cached
    await writer.objects.update(scope, obj.uid, 1, { attributes: [named("b")] });
    expect((await reader.objects.get(scope, obj.uid))?.attributes).toEqual([named("b")]);
    await writer.objects.delete(scope, obj.uid);
    expect(await reader.objects.get(scope, obj.uid)).toBeUndefined();
    await Promise.all([writer.close(), reader.close()]);
  });

  it("gives copies: a caller's changes to its list never reach the next reader", async () => {
    const storage = SqliteStorage.open({ path: ":memory:" });
    const obj = makeObject(scope, [named("a")]);
    await storage.objects.insert(obj);
    const first = (await storage.objects.get(scope, obj.uid))!;
    first.attributes.push(named("intruder"));
    first.state = 99;
    const again = (await storage.objects.get(scope, obj.uid))!;
    expect(again.attributes).toEqual(obj.attributes);
    expect(again.state).toBe(obj.state);
    // The entries themselves are frozen: changing one in place throws instead of poisoning.
    expect(() => {
      (again.attributes[0] as { value: unknown }).value = "x";
    }).toThrow(TypeError);
    await storage.close();
  });

  it("keeps at most entriesMax objects and forgets on every own write", async () => {
    let version = 1;
    const cache = new ObjectCache(() => version, 2);
    const objs = [0, 1, 2].map(() => makeObject(scope));
    for (const o of objs) cache.put(scope, o.uid, o);
    expect(cache.size).toBe(2);
    expect(cache.get(scope, objs[0]!.uid)).toBeUndefined(); // the oldest left first
    expect(cache.get(scope, objs[2]!.uid)?.uid).toBe(objs[2]!.uid);
    cache.forget(scope, objs[2]!.uid);
    expect(cache.get(scope, objs[2]!.uid)).toBeUndefined();
    version = 2; // another connection committed
    expect(cache.get(scope, objs[1]!.uid)).toBeUndefined();
  });
});
