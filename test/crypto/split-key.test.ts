/**
 * The Split Key Methods (KMIP 1.4 §2.2.5, 2.1 §13.1): the fields, the OASIS parts, and split →
 * join round trips for every method, threshold and subset size.
 */
import { describe, expect, it } from "vitest";
import { GF256, gf256Inv, gf256Mul } from "../../src/crypto/split-gf256.js";
import { GF65536, gf65536Inv, gf65536Mul } from "../../src/crypto/split-gf65536.js";
import { joinSecret, type SharePart, splitSecret } from "../../src/crypto/split-key.js";
import { isUsablePrime, primeAbove } from "../../src/crypto/split-prime.js";
import { KmipError } from "../../src/kmip/errors.js";
import { ResultReason, SplitKeyMethod as SKM } from "../../src/kmip/generated/enums.js";

const unhex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function reasonOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof KmipError) return e.reason;
    throw e;
  }
  return undefined;
}

describe("GF(2^8) modulo 285 (KMIP 2.1 §13.1)", () => {
  it("reduces by x^8 + x^4 + x^3 + x^2 + 1", () => {
    expect(gf256Mul(0x80, 0x02)).toBe(0x1d);
    expect(gf256Mul(0x02, 0x02)).toBe(0x04);
  });

  it("has an inverse for every non-zero element, and 1 as the unit", () => {
    for (let a = 1; a < 256; a++) {
      expect(gf256Mul(a, gf256Inv(a))).toBe(1);
      expect(GF256.mul(a, GF256.one)).toBe(a);
    }
    expect(() => gf256Inv(0)).toThrow(RangeError);
  });
});

describe("GF(2^16) = GF(2^8)[y]/(y^2 + y + 0x3A)", () => {
  it("y·y = y + m", () => {
    expect(gf65536Mul(0x0100, 0x0100)).toBe(0x0100 | 0x3a);
  });

  it("has the spec's inverse for every non-zero element, and (0, 1) as the unit", () => {
    for (let a = 1; a < 0x10000; a++) {
      if (gf65536Mul(a, gf65536Inv(a)) !== 1) throw new Error(`no inverse for ${a}`);
    }
    for (const a of [1, 0x3a, 0x1234, 0xffff]) expect(GF65536.mul(a, GF65536.one)).toBe(a);
  });

  it("multiplies commutatively and associatively", () => {
    const samples = [0x0001, 0x0203, 0x8000, 0xbeef, 0x00ff, 0xff00];
    for (const a of samples)
      for (const b of samples) {
        expect(gf65536Mul(a, b)).toBe(gf65536Mul(b, a));
        for (const c of samples)
          expect(gf65536Mul(gf65536Mul(a, b), c)).toBe(gf65536Mul(a, gf65536Mul(b, c)));
      }
  });
});

describe("the OASIS split keys (TC-SJ-3-12: 2 of 4, Polynomial Sharing GF(2^8))", () => {
  const parts = [
    "66C46A7754F94DE420C7B1A7FFF5EC56",
    "CF93D1E2A7E593CD5B8D6247F4E5D49C",
    "A855B891F61AD9217240D8EC061E37DA",
    "803DBAD55CDD329FAD19D99AE2C5A415",
  ].map((m, i): SharePart => ({ keyPartIdentifier: i + 1, material: unhex(m) }));
  const params = { method: SKM.PolynomialSharingGF2_8, parts: 4, threshold: 2 };

  it("joins every pair to the registered key", () => {
    for (let i = 0; i < 4; i++)
      for (let j = i + 1; j < 4; j++) {
        const joined = joinSecret([parts[i] as SharePart, parts[j] as SharePart], params);
        expect(hex(joined)).toBe("0102030405060708090a0b0c0d0e0f10");
      }
  });

  it("refuses one part with Cryptographic Failure", () => {
    expect(reasonOf(() => joinSecret([parts[2] as SharePart], params))).toBe(
      ResultReason.CryptographicFailure,
    );
  });
});

const SECRET = unhex("00112233445566778899aabbccddeeff0102030405060708090a0b0c0d0e0f10");

function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, i) => subsets(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]));
}

describe.each([
  ["GF(2^8)", SKM.PolynomialSharingGF2_8],
  ["GF(2^16)", SKM.PolynomialSharingGF2_16],
  ["prime field", SKM.PolynomialSharingPrimeField],
])("Polynomial Sharing %s", (_name, method) => {
  it("any threshold of the parts rebuild the secret; fewer are refused", () => {
    const p = { method, parts: 5, threshold: 3 };
    const split = splitSecret(SECRET, p);
    const params = { ...p, primeFieldSize: split.primeFieldSize };
    const shares = split.parts.map((material, i) => ({ keyPartIdentifier: i + 1, material }));
    for (const subset of [...subsets(shares, 3), ...subsets(shares, 4), shares])
      expect(hex(joinSecret(subset, params, SECRET.length))).toBe(hex(SECRET));
    expect(reasonOf(() => joinSecret(shares.slice(0, 2), params, SECRET.length))).toBe(
      ResultReason.CryptographicFailure,
    );
  });

  it("parts differ from the secret and from each other", () => {
    const split = splitSecret(SECRET, { method, parts: 3, threshold: 2 });
    expect(new Set(split.parts.map(hex)).size).toBe(3);
    for (const part of split.parts) expect(hex(part)).not.toBe(hex(SECRET));
  });
});

describe("XOR", () => {
  it("needs every part, and the parts XOR to the secret", () => {
    const p = { method: SKM.XOR, parts: 4, threshold: 4 };
    const split = splitSecret(SECRET, p);
    const shares = split.parts.map((material, i) => ({ keyPartIdentifier: i + 1, material }));
    expect(hex(joinSecret(shares.reverse(), p))).toBe(hex(SECRET));
    expect(reasonOf(() => joinSecret(shares.slice(1), p))).toBe(ResultReason.CryptographicFailure);
  });

  it("refuses a threshold other than the number of parts", () => {
    expect(reasonOf(() => splitSecret(SECRET, { method: SKM.XOR, parts: 4, threshold: 2 }))).toBe(
      ResultReason.InvalidField,
    );
  });
});

describe("parameters", () => {
  const gf8 = SKM.PolynomialSharingGF2_8;

  it("refuses thresholds and part counts out of range", () => {
    const cases: [number, number][] = [
      [0, 0],
      [3, 4],
      [256, 2],
      [3, 0],
      [2.5, 2],
    ];
    for (const [parts, threshold] of cases)
      expect(reasonOf(() => splitSecret(SECRET, { method: gf8, parts, threshold }))).toBe(
        ResultReason.InvalidField,
      );
  });

  it("refuses an unknown method, an empty key, and an odd length for GF(2^16)", () => {
    expect(reasonOf(() => splitSecret(SECRET, { method: 9, parts: 2, threshold: 2 }))).toBe(
      ResultReason.InvalidField,
    );
    expect(reasonOf(() => splitSecret(new Uint8Array(0), { method: gf8, parts: 2, threshold: 2 }))).toBe(
      ResultReason.InvalidField,
    );
    const odd = { method: SKM.PolynomialSharingGF2_16, parts: 2, threshold: 2 };
    expect(reasonOf(() => splitSecret(unhex("010203"), odd))).toBe(ResultReason.InvalidField);
  });

  it("refuses duplicated and out-of-range key parts", () => {
    const p = { method: gf8, parts: 3, threshold: 2 };
    const [a, b] = splitSecret(SECRET, p).parts as [Uint8Array, Uint8Array];
    const twice = [
      { keyPartIdentifier: 1, material: a },
      { keyPartIdentifier: 1, material: b },
    ];
    expect(reasonOf(() => joinSecret(twice, p))).toBe(ResultReason.InvalidField);
    const outside = [
      { keyPartIdentifier: 1, material: a },
      { keyPartIdentifier: 4, material: b },
    ];
    expect(reasonOf(() => joinSecret(outside, p))).toBe(ResultReason.InvalidField);
  });

  it("prime field: takes a client prime above 2^L, refuses a composite or a small one", () => {
    const method = SKM.PolynomialSharingPrimeField;
    const key = unhex("ffff");
    const prime = primeAbove(17);
    const split = splitSecret(key, { method, parts: 3, threshold: 2, primeFieldSize: prime });
    expect(split.primeFieldSize).toBe(prime);
    expect(primeAbove(16)).toBe(65537n);
    expect(isUsablePrime(65537n)).toBe(true);
    for (const bad of [65535n, 65521n, 1n])
      expect(reasonOf(() => splitSecret(key, { method, parts: 3, threshold: 2, primeFieldSize: bad }))).toBe(
        ResultReason.InvalidField,
      );
  });
});
