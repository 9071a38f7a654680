import { describe, expect, it } from "vitest";
import { newUniqueIdentifier, UID_ALPHABET, UID_LENGTH } from "../../src/storage/uid.js";

describe("newUniqueIdentifier", () => {
  it("is 32 characters of base62, and does not repeat", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const uid = newUniqueIdentifier();
      expect(uid).toMatch(/^[0-9A-Za-z]{32}$/);
      seen.add(uid);
    }
    expect(seen.size).toBe(10_000);
  });

  it("maps accepted bytes to byte % 62 and rejects 248..255 (no modulo bias)", () => {
    const draws: number[][] = [
      [255, 248, 0, 61, 62, 247, ...Array(28).fill(1)],
      [250, ...Array(10).fill(2)],
    ];
    const uid = newUniqueIdentifier((size) => {
      const next = draws.shift() ?? [];
      expect(next.length).toBeLessThanOrEqual(size);
      return new Uint8Array(next);
    });
    expect(uid).toBe(`0z0z${"1".repeat(28)}`);
    expect(uid).toHaveLength(UID_LENGTH);
  });

  it("draws again when a whole draw is rejected", () => {
    let calls = 0;
    const uid = newUniqueIdentifier((size) =>
      ++calls === 1 ? new Uint8Array(size).fill(255) : new Uint8Array(size).fill(10),
    );
    expect(uid).toBe("A".repeat(32));
    expect(calls).toBe(2);
  });

  it("uses every character about equally often (chi-square)", () => {
    const counts = new Map<string, number>();
    const ids = 4000;
    for (let i = 0; i < ids; i++)
      for (const c of newUniqueIdentifier()) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (ids * UID_LENGTH) / UID_ALPHABET.length;
    let chi = 0;
    for (const c of UID_ALPHABET) chi += ((counts.get(c) ?? 0) - expected) ** 2 / expected;
    // 61 degrees of freedom: P(chi² > 130) is below 1e-6 for a uniform source.
    expect(chi).toBeLessThan(130);
  });
});
