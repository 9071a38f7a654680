import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ShamirError } from "../../src/seal/errors.js";
import { combine, div, EXP, inv, LOG, mul, mulTable, SHARES_MAX, split } from "../../src/seal/shamir.js";

const bytes = (...b: number[]) => Uint8Array.from(b);

/** Every subset of `items` with at least `min` members. */
function subsets<T>(items: T[], min: number): T[][] {
  const out: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) {
    const pick = items.filter((_, i) => mask & (1 << i));
    if (pick.length >= min) out.push(pick);
  }
  return out;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ShamirError) return e.code;
    throw e;
  }
  return undefined;
}

describe("GF(2^8) arithmetic", () => {
  it("matches the FIPS-197 section 4.2 worked products", () => {
    expect(mul(0x57, 0x83)).toBe(0xc1);
    expect(mul(0x57, 0x13)).toBe(0xfe);
    expect(mul(0x57, 0x02)).toBe(0xae); // xtime, FIPS-197 4.2.1
  });

  it("the log/exp tables agree with the branch-free product on all 65536 pairs", () => {
    const mismatches: string[] = [];
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b++) if (mulTable(a, b) !== mul(a, b)) mismatches.push(`${a}*${b}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("0x03 generates the multiplicative group: exp is a permutation of 1..255", () => {
    const seen = new Set(EXP.slice(0, 255));
    expect(seen.size).toBe(255);
    expect(seen.has(0)).toBe(false);
    for (let a = 1; a < 256; a++) expect(EXP[LOG[a]!]).toBe(a);
  });

  it("every non-zero element has an inverse and a * inv(a) = 1", () => {
    for (let a = 1; a < 256; a++) {
      expect(mul(a, inv(a))).toBe(1);
      expect(div(a, a)).toBe(1);
    }
    expect(() => inv(0)).toThrow(RangeError);
  });

  it("is a field: commutative, associative, distributive (sampled)", () => {
    const byte = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(byte, byte, byte, (a, b, c) => {
        expect(mul(a, b)).toBe(mul(b, a));
        expect(mul(mul(a, b), c)).toBe(mul(a, mul(b, c)));
        expect(mul(a, b ^ c)).toBe(mul(a, b) ^ mul(a, c));
      }),
    );
  });
});

describe("combine on hand-computed shares", () => {
  // f(x) = 0x2A + 0x07·x (threshold 2). 0x07·2 = 0x0E, 0x07·3 = 0x0E ^ 0x07 = 0x09, so
  // f(1) = 0x2A ^ 0x07 = 0x2D, f(2) = 0x2A ^ 0x0E = 0x24, f(3) = 0x2A ^ 0x09 = 0x23.
  // Check of parts 1 and 2 by hand: l1(0) = 2/3, l2(0) = 1/3, so
  // s = (0x2D·2 ^ 0x24) / 3 = (0x5A ^ 0x24) / 3 = 0x7E / 3, and 0x2A·3 = 0x54 ^ 0x2A = 0x7E.
  const degree1 = [bytes(0x2d, 1), bytes(0x24, 2), bytes(0x23, 3)];

  // f(x) = 0x53 + x + x^2 (threshold 3). x^2 at 2, 3, 4 is 4, 3·3 = 6 ^ 3 = 5, 0x10, so
  // f(1) = 0x53, f(2) = 0x53 ^ 2 ^ 4 = 0x55, f(3) = 0x53 ^ 3 ^ 5 = 0x55, f(4) = 0x53 ^ 4 ^ 0x10 = 0x47.
  const degree2 = [bytes(0x53, 1), bytes(0x55, 2), bytes(0x55, 3), bytes(0x47, 4)];

  it("any two points of a line give back its constant term", () => {
    for (const parts of subsets(degree1, 2)) expect(combine(parts)).toEqual(bytes(0x2a));
  });

  it("any three points of a parabola give back its constant term, in any order", () => {
    for (const parts of subsets(degree2, 3)) {
      expect(combine(parts)).toEqual(bytes(0x53));
      expect(combine([...parts].reverse())).toEqual(bytes(0x53));
    }
  });

  it("two points of the parabola give a different value (the line through them)", () => {
    // The line through (1, 0x53) and (2, 0x55) has slope 6/3 = 2 and meets x = 0 at 0x53 ^ 2 = 0x51.
    expect(combine([degree2[0]!, degree2[1]!])).toEqual(bytes(0x51));
  });
});

describe("split and combine", () => {
  const secret = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);

  it("shares carry the secret length plus a distinct non-zero x-coordinate", () => {
    const shares = split(secret, SHARES_MAX, 2);
    expect(shares).toHaveLength(255);
    for (const s of shares) expect(s).toHaveLength(33);
    const xs = new Set(shares.map((s) => s[32]));
    expect(xs.size).toBe(255);
    expect(xs.has(0)).toBe(false);
  });

  it("every subset of at least 3 of a 5-share split recovers the secret", () => {
    const shares = split(secret, 5, 3);
    const all = subsets(shares, 3);
    expect(all).toHaveLength(16); // C(5,3) + C(5,4) + C(5,5)
    for (const parts of all) expect(combine(parts)).toEqual(secret);
  });

  it("every subset of at least 6 of a 10-share split of a random secret recovers it", () => {
    const random = Uint8Array.from({ length: 48 }, () => Math.floor(Math.random() * 256));
    const all = subsets(split(random, 10, 6), 6);
    expect(all).toHaveLength(386);
    for (const parts of all) expect(combine(parts)).toEqual(random);
  });

  it("a 1-of-1 configuration returns the secret itself as the only key, as Vault does", () => {
    const [only, ...rest] = split(secret, 1, 1);
    expect(rest).toHaveLength(0);
    expect(only).toEqual(secret);
    expect(only).not.toBe(secret);
  });

  it("property: any threshold-sized subset recovers; fewer parts give something else", () => {
    const setup = fc.integer({ min: 2, max: 20 }).chain((shares) =>
      fc.record({
        secret: fc.uint8Array({ minLength: 16, maxLength: 64 }),
        shares: fc.constant(shares),
        threshold: fc.integer({ min: 2, max: shares }),
        order: fc.shuffledSubarray([...Array(shares).keys()], { minLength: shares, maxLength: shares }),
      }),
    );
    fc.assert(
      fc.property(setup, ({ secret, shares, threshold, order }) => {
        const all = split(secret, shares, threshold);
        const shuffled = order.map((i) => all[i]!);
        expect(combine(shuffled.slice(0, threshold))).toEqual(secret);
        expect(combine(shuffled)).toEqual(secret);
        // With 16+ bytes the chance that a wrong interpolation hits the secret is at most 2^-128.
        const fewer = shuffled.slice(0, threshold - 1);
        if (fewer.length < 2) expect(codeOf(() => combine(fewer))).toBe("too-few-parts");
        else expect(combine(fewer)).not.toEqual(secret);
      }),
      { numRuns: 200 },
    );
  });
});

describe("errors", () => {
  const s = bytes(1, 2, 3);

  it("rejects configurations outside Vault's rules", () => {
    expect(codeOf(() => split(s, 0, 1))).toBe("bad-config");
    expect(codeOf(() => split(s, 256, 2))).toBe("bad-config");
    expect(codeOf(() => split(s, 3, 0))).toBe("bad-config");
    expect(codeOf(() => split(s, 3, 4))).toBe("bad-config");
    expect(codeOf(() => split(s, 3, 1))).toBe("bad-config");
    expect(codeOf(() => split(s, 2.5, 2))).toBe("bad-config");
    expect(() => split(s, 3, 1)).toThrow("threshold must be greater than one for multiple shares");
    expect(() => split(s, 3, 4)).toThrow("threshold cannot be larger than shares");
    expect(codeOf(() => split(s, 255, 255))).toBeUndefined();
  });

  it("rejects an empty secret", () => {
    expect(codeOf(() => split(new Uint8Array(0), 3, 2))).toBe("empty-secret");
  });

  it("rejects bad parts with a clear code", () => {
    const [a, b] = split(s, 3, 2) as [Uint8Array, Uint8Array];
    expect(codeOf(() => combine([]))).toBe("too-few-parts");
    expect(codeOf(() => combine([a]))).toBe("too-few-parts");
    expect(codeOf(() => combine([a, a]))).toBe("duplicate-x");
    expect(codeOf(() => combine([a, b.subarray(1)]))).toBe("length-mismatch");
    expect(codeOf(() => combine([bytes(1), bytes(2)]))).toBe("length-mismatch");
    expect(codeOf(() => combine([bytes(9, 0), bytes(9, 1)]))).toBe("bad-x");
  });
});
