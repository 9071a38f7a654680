import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";
import { storageContract } from "./contract.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storageContract("sqlite (memory)", async () => SqliteStorage.open({ path: ":memory:" }));
storageContract("sqlite (file)", async () => SqliteStorage.open({ path: join(dir, `db${n++}`, "kmipd.db") }));

describe("sqlite storage files", () => {
  it("creates a private folder and private files, and keeps data across reopen", async () => {
    const path = join(dir, "private", "data", "kmipd.db");
    const s = SqliteStorage.open({ path });
    await s.put("k", new Uint8Array([1, 2, 3]));
    await s.close();
    expect(statSync(join(dir, "private", "data")).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = SqliteStorage.open({ path });
    expect([...((await again.get("k")) ?? [])]).toEqual([1, 2, 3]);
    await again.close();
  });
});
