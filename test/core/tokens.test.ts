/** The token store: identifiers, salted storage, trees, expiry (docs "Tokens"). */
import { describe, expect, it } from "vitest";
import { SealedKv } from "../../src/core/sealed-kv.js";
import { newAccessor, newTokenId, randomBase62, saltedHash, sameHash } from "../../src/core/token-id.js";
import { planToken } from "../../src/core/token-rules.js";
import { TokenStore } from "../../src/core/tokens.js";
import { Keyring } from "../../src/seal/barrier.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";

const rootPlan = {
  policies: ["root"],
  meta: null,
  orphan: true,
  renewable: false,
  ttl: 0,
  explicitMaxTtl: 0,
  displayName: "root",
  path: "auth/token/root",
};

async function store(now = () => new Date()) {
  const physical = SqliteStorage.open({ path: ":memory:" });
  const keyring = Keyring.generate();
  const kv = new SealedKv(physical, () => keyring).view("sys/token/");
  return { physical, tokens: await TokenStore.open(kv, now) };
}

describe("token identifiers", () => {
  it("are hvs.-prefixed base62 with at least 128 random bits", () => {
    const ids = new Set(Array.from({ length: 200 }, newTokenId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^hvs\.[0-9A-Za-z]{24}$/);
    expect(24 * Math.log2(62)).toBeGreaterThan(128);
    expect(newAccessor()).toMatch(/^[0-9A-Za-z]{24}$/);
    const counts = new Map<string, number>();
    for (const c of randomBase62(62_000)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(n).toBeGreaterThan(800); // about 1000 each
  });

  it("are stored as salted hashes compared in constant time", () => {
    const salt = new Uint8Array(32).fill(1);
    const h = saltedHash(salt, "hvs.x");
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(saltedHash(new Uint8Array(32).fill(2), "hvs.x")).not.toBe(h);
    expect(sameHash(h, saltedHash(salt, "hvs.x"))).toBe(true);
    expect(sameHash(h, saltedHash(salt, "hvs.y"))).toBe(false);
    expect(sameHash(h, "")).toBe(false);
  });
});

describe("TokenStore", () => {
  it("never writes the token, and finds it by token and by accessor", async () => {
    const { physical, tokens } = await store();
    const { token, entry } = await tokens.create(rootPlan, undefined);
    const keys = await physical.list("sys/token/id/");
    expect(keys).toEqual([entry.hash]);
    expect(keys[0]).not.toContain(token);
    expect((await tokens.lookup(token))?.accessor).toBe(entry.accessor);
    expect((await tokens.lookupAccessor(entry.accessor))?.hash).toBe(entry.hash);
    expect(await tokens.lookup(`${token}x`)).toBeUndefined();
    expect(await tokens.lookup("")).toBeUndefined();
    await physical.close();
  });

  it("revokes trees and sweeps expired tokens", async () => {
    let now = 0;
    const { physical, tokens } = await store(() => new Date(now));
    const { entry: root } = await tokens.create(rootPlan, undefined);
    const { plan } = planToken(
      { policies: ["a"], ttl: 60 },
      { entry: root, sudo: false },
      { path: "p", orphan: false },
    );
    const { token: child, entry: childEntry } = await tokens.create(plan, root);
    const { plan: plan2 } = planToken(
      { policies: ["a"], ttl: 600 },
      { entry: childEntry, sudo: false },
      { path: "p", orphan: false },
    );
    const { token: grandchild } = await tokens.create(plan2, childEntry);
    expect(await tokens.lookup(grandchild)).toBeDefined();
    now = 61_000;
    expect(await tokens.tidy()).toBeGreaterThan(0);
    expect(await tokens.lookup(child)).toBeUndefined();
    expect(await tokens.lookup(grandchild)).toBeUndefined();
    expect(await tokens.accessors()).toEqual([root.accessor]);
    expect(await physical.list("sys/token/parent/")).toEqual([]);
    await physical.close();
  });
});
