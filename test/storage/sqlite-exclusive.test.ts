/**
 * A single-process server holds its SQLite file exclusively (`exclusive: true`): no other
 * connection can open it, so the decoded-object cache need not ask SQLite whether someone else
 * committed. Worker processes of one server share the file (`exclusive` false) and do ask.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";
import { StorageError } from "../../src/storage/types.js";
import { startKmipd } from "../helpers/kmipd.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-sqlite-excl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `db${n++}`, "kmipd.db");

describe("sqlite exclusive mode", () => {
  it("refuses a second connection to a file held exclusively, naming the cause", async () => {
    const path = freshPath();
    const first = SqliteStorage.open({ path, exclusive: true, busyTimeoutMs: 50 });
    await first.put("k", new Uint8Array([1]));
    for (const exclusive of [true, false]) {
      let error: unknown;
      try {
        SqliteStorage.open({ path, exclusive, busyTimeoutMs: 50 });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toMatch(/in use by another process/);
    }
    await first.close();
  });

  it("is how a single-process server opens its file: a second opener is refused while it runs", async () => {
    const kmipd = await startKmipd();
    try {
      const path = join(kmipd.dir, "kmipd.db");
      expect(() => SqliteStorage.open({ path, busyTimeoutMs: 50 })).toThrow(/in use by another process/);
    } finally {
      await kmipd.close();
    }
  });

  it("frees the file on close, and keeps what was written", async () => {
    const path = freshPath();
    const first = SqliteStorage.open({ path, exclusive: true });
    await first.put("k", new Uint8Array([7, 8]));
    await first.close();
    const shared = SqliteStorage.open({ path, exclusive: false });
    expect([...((await shared.get("k")) ?? [])]).toEqual([7, 8]);
    await shared.close();
  });

  it("lets shared connections (workers of one server) see each other's commits", async () => {
    const path = freshPath();
    const a = SqliteStorage.open({ path, exclusive: false });
    const b = SqliteStorage.open({ path, exclusive: false });
    await a.put("k", new Uint8Array([1]));
    expect([...((await b.get("k")) ?? [])]).toEqual([1]);
    await a.put("k", new Uint8Array([2]));
    expect([...((await b.get("k")) ?? [])]).toEqual([2]);
    await a.close();
    await b.close();
  });
});
