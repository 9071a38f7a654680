/**
 * `publicRandomBytes` (src/crypto/random-pool.ts): CSPRNG bytes handed out from a pool. Each
 * answer is its own copy, answers never repeat the pool's bytes, sizes are exact across refills,
 * and the bytes look uniform (a loose chi-square bound that a stuck or zeroed pool fails).
 */
import { describe, expect, it } from "vitest";
import { publicRandomBytes } from "../../src/crypto/random-pool.js";

describe("random pool (issue #8)", () => {
  it("answers exact sizes, across many refills and straight from OpenSSL above 1 KiB", () => {
    for (const size of [0, 1, 12, 16, 40, 1024, 1025, 5000])
      expect(publicRandomBytes(size)).toHaveLength(size);
    let total = 0;
    for (let i = 0; i < 2000; i++) total += publicRandomBytes(13).length; // ~6 pools
    expect(total).toBe(26_000);
  });

  it("gives each caller its own copy, and no two answers alike", () => {
    const a = publicRandomBytes(16);
    const copy = Buffer.from(a);
    const b = publicRandomBytes(16);
    b.fill(0);
    expect(a.equals(copy)).toBe(true);
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(publicRandomBytes(12).toString("hex"));
    expect(seen.size).toBe(5000);
  });

  it("has uniform bytes (chi-square over 256 values, far below a stuck pool's)", () => {
    const counts = new Array<number>(256).fill(0);
    const n = 256 * 400;
    for (let i = 0; i < n / 32; i++) for (const byte of publicRandomBytes(32)) counts[byte]! += 1;
    const expected = n / 256;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 255 degrees of freedom: mean 255, sd ~22.6; 400 is ~6.4 sd above. A zeroed pool gives ~n·255.
    expect(chi2).toBeLessThan(400);
  });
});
