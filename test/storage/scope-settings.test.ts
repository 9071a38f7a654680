/**
 * Per-scope settings (`src/storage/scope-settings.ts`): one contract, run in memory, on SQLite
 * and on PostgreSQL (a throw-away cluster, `test/helpers/postgres.ts`).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ScopeKey } from "../../src/storage/objects.js";
import { PostgresStorage } from "../../src/storage/postgres/postgres-storage.js";
import {
  KvScopeSettings,
  MemoryScopeSettings,
  SCOPE_SETTINGS_PREFIX,
  type ScopeSettings,
  scopeSettingKey,
} from "../../src/storage/scope-settings.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";
import { STORAGE_LIMITS, type Storage, StorageError } from "../../src/storage/types.js";
import { startPostgres, type TestPostgres } from "../helpers/postgres.js";

const A: ScopeKey = { mountUuid: "mount-1", scopeId: "scope-a" };
const B: ScopeKey = { mountUuid: "mount-1", scopeId: "scope-b" };
const OTHER_MOUNT: ScopeKey = { mountUuid: "mount-2", scopeId: "scope-a" };
const bytes = (...values: number[]) => new Uint8Array(values);

interface Opened {
  settings: ScopeSettings;
  storage?: Storage;
}

function scopeSettingsContract(kind: string, open: () => Promise<Opened>): void {
  describe(`scope settings: ${kind}`, () => {
    let opened: Opened;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => opened.storage?.close());

    it("keeps a value per scope and name, replaces it, and deletes it", async () => {
      const { settings } = opened;
      expect(await settings.get(A, "constraints")).toBeUndefined();
      await settings.put(A, "constraints", bytes(1, 2));
      await settings.put(A, "defaults", bytes(9));
      expect([...((await settings.get(A, "constraints")) ?? [])]).toEqual([1, 2]);
      await settings.put(A, "constraints", bytes(3));
      expect([...((await settings.get(A, "constraints")) ?? [])]).toEqual([3]);
      await settings.delete(A, "constraints");
      expect(await settings.get(A, "constraints")).toBeUndefined();
      expect([...((await settings.get(A, "defaults")) ?? [])]).toEqual([9]);
      await settings.delete(A, "constraints"); // deleting nothing is fine
    });

    it("walls scopes and mounts off from each other", async () => {
      const { settings } = opened;
      await settings.put(A, "constraints", bytes(1));
      expect(await settings.get(B, "constraints")).toBeUndefined();
      expect(await settings.get(OTHER_MOUNT, "constraints")).toBeUndefined();
      await settings.delete(B, "constraints");
      expect(await settings.get(A, "constraints")).toBeDefined();
    });

    it("refuses malformed names and scope keys, and values over the storage bound", async () => {
      const { settings } = opened;
      for (const name of ["", "Constraints", "a/b", "x".repeat(40)])
        await expect(settings.put(A, name, bytes(1))).rejects.toBeInstanceOf(StorageError);
      await expect(settings.get({ mountUuid: "m/1", scopeId: "s" }, "constraints")).rejects.toBeInstanceOf(
        StorageError,
      );
      const tooLarge = new Uint8Array(STORAGE_LIMITS.valueBytesMax + 1);
      await expect(settings.put(A, "constraints", tooLarge)).rejects.toBeInstanceOf(StorageError);
    });

    it("returns a copy: changing what was read or written changes nothing stored", async () => {
      const { settings } = opened;
      const value = bytes(1, 2);
      await settings.put(A, "constraints", value);
      value[0] = 7;
      const read = (await settings.get(A, "constraints"))!;
      read[1] = 8;
      expect([...((await settings.get(A, "constraints")) ?? [])]).toEqual([1, 2]);
    });
  });
}

scopeSettingsContract("memory", async () => ({ settings: new MemoryScopeSettings() }));
scopeSettingsContract("sqlite", async () => {
  const storage = SqliteStorage.open({ path: ":memory:" });
  return { settings: new KvScopeSettings(storage), storage };
});

describe("scope settings in the key-value store", () => {
  it("live under their own prefix, one key per mount, scope and name", () => {
    expect(scopeSettingKey(A, "constraints")).toBe(`${SCOPE_SETTINGS_PREFIX}mount-1/scope-a/constraints`);
  });

  it("never touch managed objects or other keys", async () => {
    const storage = SqliteStorage.open({ path: ":memory:" });
    try {
      await storage.put("core/mounts", bytes(5));
      const settings = new KvScopeSettings(storage);
      await settings.put(A, "constraints", bytes(1));
      await settings.delete(A, "constraints");
      expect([...((await storage.get("core/mounts")) ?? [])]).toEqual([5]);
      expect(await storage.objects.countInScope(A)).toBe(0);
    } finally {
      await storage.close();
    }
  });
});

let server: TestPostgres | undefined;
let schemas = 0;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => server?.stop());

scopeSettingsContract("postgresql", async () => {
  const storage = await PostgresStorage.open({
    connectionUrl: server!.url,
    schema: `settings_${process.pid}_${schemas++}`,
  });
  return { settings: new KvScopeSettings(storage), storage };
});
