/**
 * Group commit on SQLite (src/storage/sqlite/group-commit.ts): the writes of one event-loop turn
 * share a transaction, each is acknowledged only after that transaction committed, and a write
 * that fails takes no other write with it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GroupCommit } from "../../src/storage/sqlite/group-commit.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kmipd-group-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A second connection on the same file: it sees only what has committed. */
function outsider(path: string) {
  const db = new Database(path, { readonly: true });
  const keys = () => (db.prepare("SELECT key FROM kv ORDER BY key").pluck().all() as string[]).sort();
  return { keys, close: () => db.close() };
}

describe("group commit", () => {
  it("commits a turn's writes together and acknowledges none before the commit", async () => {
    const path = join(dir, "kmipd.db");
    const storage = SqliteStorage.open({ path });
    const other = outsider(path);
    try {
      const writes = Array.from({ length: 20 }, (_, i) => storage.put(`k/${i}`, new Uint8Array([i])));
      // Same turn: all ran, none committed yet, so another connection sees none of them.
      expect(other.keys()).toEqual([]);
      let acknowledged = 0;
      for (const w of writes) void w.then(() => acknowledged++);
      await Promise.resolve();
      expect(acknowledged).toBe(0);
      await Promise.all(writes);
      expect(other.keys()).toHaveLength(20);
    } finally {
      other.close();
      await storage.close();
    }
  });

  it("rolls back only the write that failed", async () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
    const group = new GroupCommit(db);
    const insert = db.prepare("INSERT INTO t (k) VALUES (?)");
    const a = group.write(() => insert.run("a"));
    const bad = group.write(() => {
      insert.run("b");
      insert.run("a"); // duplicate: this write fails, and its "b" with it
    });
    const c = group.write(() => insert.run("c"));
    await expect(bad).rejects.toThrow(/UNIQUE/);
    await Promise.all([a, c]);
    expect(db.prepare("SELECT k FROM t ORDER BY k").pluck().all()).toEqual(["a", "c"]);
    db.close();
  });

  it("rejects every write of a group whose commit fails", async () => {
    const db = new Database(":memory:");
    db.exec(
      "CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)",
    );
    db.pragma("foreign_keys = ON");
    const group = new GroupCommit(db);
    const fine = group.write(() => db.prepare("INSERT INTO p (id) VALUES (1)").run());
    // A deferred foreign key fails only at COMMIT: the whole group must fail with it.
    const dangling = group.write(() => db.prepare("INSERT INTO c (p) VALUES (7)").run());
    await expect(fine).rejects.toThrow(/could not commit/);
    await expect(dangling).rejects.toThrow(/could not commit/);
    expect(db.inTransaction).toBe(false);
    expect(db.prepare("SELECT COUNT(*) FROM p").pluck().get()).toBe(0);
    // The next write starts a new group and commits.
    await group.write(() => db.prepare("INSERT INTO p (id) VALUES (2)").run());
    expect(db.prepare("SELECT COUNT(*) FROM p").pluck().get()).toBe(1);
    db.close();
  });

  it("acknowledges only after the sync that follows the commit, and not when it fails", async () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t (k INTEGER)");
    const syncs: { resolve: () => void; reject: (e: Error) => void }[] = [];
    const sync = () => new Promise<void>((resolve, reject) => syncs.push({ resolve, reject }));
    const group = new GroupCommit(db, 512, sync);
    let acknowledged = false;
    const write = group.write(() => db.prepare("INSERT INTO t VALUES (1)").run());
    void write.then(() => {
      acknowledged = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(db.inTransaction).toBe(false); // committed
    expect(syncs).toHaveLength(1);
    expect(acknowledged).toBe(false); // but not yet on disk
    syncs[0]!.resolve();
    await write;
    const failing = group.write(() => db.prepare("INSERT INTO t VALUES (2)").run());
    await new Promise((r) => setImmediate(r));
    syncs[1]!.reject(new Error("EIO"));
    await expect(failing).rejects.toThrow(/could not sync/);
    db.close();
  });

  it("commits early once a group holds writesMax writes", async () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t (k INTEGER)");
    const group = new GroupCommit(db, 3);
    const writes = [1, 2, 3].map((k) => group.write(() => db.prepare("INSERT INTO t VALUES (?)").run(k)));
    // The third write filled the group: committed already, in this same turn.
    expect(db.inTransaction).toBe(false);
    await Promise.all(writes);
    db.close();
  });
});
