/** The barrier view: prefixes, sealing with the full key as AAD, and nothing while sealed. */
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/api/framework/types.js";
import { sealedError } from "../../src/core/errors.js";
import { SealedKv } from "../../src/core/sealed-kv.js";
import { Keyring } from "../../src/seal/barrier.js";
import { BarrierError } from "../../src/seal/errors.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

describe("SealedKv", () => {
  it("seals values under the prefix and opens them back", async () => {
    const physical = SqliteStorage.open({ path: ":memory:" });
    const keyring = Keyring.generate();
    const kv = new SealedKv(physical, () => keyring).view("logical/m1/");
    await kv.put("a/b", enc("hello"));
    await kv.batch([
      { op: "put", key: "c", value: enc("see") },
      { op: "delete", key: "a/b" },
    ]);
    expect(dec(await kv.get("c"))).toBe("see");
    expect(await kv.get("a/b")).toBeUndefined();
    expect(await physical.list("logical/m1/")).toEqual(["c"]);
    const raw = await physical.get("logical/m1/c");
    expect(Buffer.from(raw!).includes(Buffer.from("see"))).toBe(false);
    await physical.put("logical/m1/d", raw!);
    await expect(kv.get("d")).rejects.toBeInstanceOf(BarrierError);
    await physical.close();
  });

  it("reads, writes, lists and deletes nothing while sealed", async () => {
    const physical = SqliteStorage.open({ path: ":memory:" });
    const kv = new SealedKv(physical, () => {
      throw sealedError();
    });
    for (const op of [
      () => kv.get("a"),
      () => kv.put("a", enc("x")),
      () => kv.list(""),
      () => kv.delete("a"),
    ]) {
      await expect(op()).rejects.toBeInstanceOf(ApiError);
    }
    expect(await physical.list("")).toEqual([]);
    await physical.close();
  });
});
