/**
 * The storage contract: one suite that every adapter (SQLite, PostgreSQL) must pass unchanged.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Storage, StorageError } from "../../src/storage/types.js";

const bytes = (s: string) => new Uint8Array(Buffer.from(s));

export function storageContract(name: string, open: () => Promise<Storage>): void {
  describe(`storage contract: ${name}`, () => {
    let s: Storage;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(async () => {
      await s.close();
    });

    it("gets what was put, and nothing for a missing key", async () => {
      await s.put("a/b", bytes("one"));
      expect(Buffer.from((await s.get("a/b"))!).toString()).toBe("one");
      expect(await s.get("a/c")).toBeUndefined();
    });

    it("overwrites and deletes", async () => {
      await s.put("k", bytes("1"));
      await s.put("k", bytes("2"));
      expect(Buffer.from((await s.get("k"))!).toString()).toBe("2");
      await s.delete("k");
      expect(await s.get("k")).toBeUndefined();
      await s.delete("k"); // deleting a missing key is not an error
    });

    it("lists immediate children Vault style", async () => {
      for (const k of ["sys/a", "sys/b/c", "sys/b/d", "sys/e/f/g", "sysx", "sys0/z"])
        await s.put(k, bytes(k));
      expect(await s.list("sys/")).toEqual(["a", "b/", "e/"]);
      expect(await s.list("sys/b/")).toEqual(["c", "d"]);
      expect(await s.list("nothing/")).toEqual([]);
      expect(await s.list("")).toEqual(["sys/", "sys0/", "sysx"]);
    });

    it("keeps binary values exactly", async () => {
      const v = new Uint8Array(256).map((_, i) => i);
      await s.put("bin", v);
      expect(Buffer.from((await s.get("bin"))!)).toEqual(Buffer.from(v));
    });

    it("applies a batch atomically", async () => {
      await s.put("x", bytes("old"));
      await s.batch([
        { op: "put", key: "y", value: bytes("new") },
        { op: "delete", key: "x" },
      ]);
      expect(await s.get("x")).toBeUndefined();
      expect(Buffer.from((await s.get("y"))!).toString()).toBe("new");
    });

    it("rejects a batch with a bad key before writing any of it", async () => {
      await expect(
        s.batch([
          { op: "put", key: "fine", value: bytes("1") },
          { op: "put", key: "", value: bytes("2") },
        ]),
      ).rejects.toBeInstanceOf(StorageError);
      expect(await s.get("fine")).toBeUndefined();
    });

    it("rejects malformed keys and prefixes", async () => {
      await expect(s.put("", bytes("1"))).rejects.toBeInstanceOf(StorageError);
      await expect(s.put("/abs", bytes("1"))).rejects.toBeInstanceOf(StorageError);
      await expect(s.put("a//b", bytes("1"))).rejects.toBeInstanceOf(StorageError);
      await expect(s.put("x".repeat(1025), bytes("1"))).rejects.toBeInstanceOf(StorageError);
      await expect(s.list("noslash")).rejects.toBeInstanceOf(StorageError);
    });
  });
}
