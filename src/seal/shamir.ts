/**
 * Shamir's secret sharing (Shamir, "How to Share a Secret", CACM 1979) over GF(2^8), byte by byte.
 *
 * Each byte of the secret is the constant term of its own random polynomial of degree
 * threshold-1; a share is that polynomial evaluated at one x-coordinate, for every byte, with the
 * x-coordinate appended as a trailing byte: `share = y[0] .. y[n-1] || x`. Any `threshold` shares
 * fix every polynomial (Lagrange interpolation at x = 0 gives the secret back); fewer leave every
 * secret value equally likely.
 *
 * The field is the AES field: polynomials over GF(2) modulo x^8 + x^4 + x^3 + x + 1 (0x11B),
 * FIPS-197 section 4. Addition is XOR. Two multiplications live here, on purpose:
 * - `mul` is branch-free shift-and-add, used wherever a secret byte (a coefficient, a y value) is
 *   an operand, so no table index depends on a secret (cache-timing side channel).
 * - log/exp tables (generator 0x03, FIPS-197 section 4.2), built once, serve `inv`/`div` of
 *   x-coordinates, which are public (they travel in clear in every share).
 *
 * Parameter rules follow Vault's seal configuration: 1 <= threshold <= shares <= 255, and a
 * threshold of 1 only with a single share. With one share Vault does not split at all: the single
 * unseal key is the secret itself, so `split(s, 1, 1)` returns `[copy of s]` (no x byte), and a
 * caller holding a 1-of-1 configuration uses that key directly instead of calling `combine`.
 */
import { randomBytes, randomInt } from "node:crypto";
import { ShamirError } from "./errors.js";

/** The reduction polynomial x^8 + x^4 + x^3 + x + 1. */
export const AES_POLY = 0x11b;
export const SHARES_MAX = 255;

/** Branch-free product in GF(2^8): eight rounds of "add a if the low bit of b is set, double a". */
export function mul(a: number, b: number): number {
  let r = 0;
  let x = a & 0xff;
  let y = b & 0xff;
  for (let i = 0; i < 8; i++) {
    r ^= -(y & 1) & x; // all-ones mask when the bit is set, zero otherwise
    const carry = -((x >> 7) & 1);
    x = ((x << 1) ^ (carry & AES_POLY)) & 0xff;
    y >>= 1;
  }
  return r;
}

/** exp[i] = 3^i for i in 0..509 (doubled so exp[log a + log b] needs no modulo); log[3^i] = i. */
export const EXP: Uint8Array = new Uint8Array(510);
export const LOG: Uint8Array = new Uint8Array(256);
(function buildTables(): void {
  let v = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = v;
    EXP[i + 255] = v;
    LOG[v] = i;
    v = mul(v, 3);
  }
})();

/** Table product; only for public operands (x-coordinates). */
export function mulTable(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[LOG[a]! + LOG[b]!]!;
}

/** Multiplicative inverse: 3^(255 - log a). Zero has none. */
export function inv(a: number): number {
  if (a === 0) throw new RangeError("zero has no inverse in GF(2^8)");
  return EXP[255 - LOG[a]!]!;
}

export function div(a: number, b: number): number {
  return mulTable(a, inv(b));
}

/** Checks the parameters against Vault's rules (vault/seal_config: shares, threshold). */
function checkConfig(shares: number, threshold: number): void {
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= SHARES_MAX;
  if (!ok(shares)) throw new ShamirError("bad-config", `shares must be an integer from 1 to ${SHARES_MAX}`);
  if (!ok(threshold))
    throw new ShamirError("bad-config", `threshold must be an integer from 1 to ${SHARES_MAX}`);
  if (threshold > shares) throw new ShamirError("bad-config", "threshold cannot be larger than shares");
  if (threshold === 1 && shares > 1) {
    throw new ShamirError("bad-config", "threshold must be greater than one for multiple shares");
  }
}

/** `count` distinct non-zero x-coordinates in random order (Fisher-Yates over 1..255). */
function randomXs(count: number): number[] {
  const xs = Array.from({ length: SHARES_MAX }, (_, i) => i + 1);
  for (let i = xs.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs.slice(0, count);
}

/** Horner's rule for coeffs[0] + coeffs[1]·x + ... with the constant-time `mul`. */
function evaluate(coeffs: Uint8Array, x: number): number {
  let acc = 0;
  for (let i = coeffs.length - 1; i >= 0; i--) acc = mul(acc, x) ^ coeffs[i]!;
  return acc;
}

export function split(secret: Uint8Array, shares: number, threshold: number): Uint8Array[] {
  checkConfig(shares, threshold);
  if (secret.length === 0) throw new ShamirError("empty-secret", "cannot split an empty secret");
  if (shares === 1) return [Uint8Array.from(secret)];

  const xs = randomXs(shares);
  const out = xs.map((x) => {
    const share = new Uint8Array(secret.length + 1);
    share[secret.length] = x;
    return share;
  });
  const coeffs = new Uint8Array(threshold);
  for (let b = 0; b < secret.length; b++) {
    coeffs[0] = secret[b]!;
    coeffs.set(randomBytes(threshold - 1), 1);
    for (let s = 0; s < shares; s++) out[s]![b] = evaluate(coeffs, xs[s]!);
  }
  coeffs.fill(0);
  return out;
}

/** Checks the parts and returns their x-coordinates. */
function checkParts(parts: Uint8Array[]): number[] {
  if (parts.length < 2) {
    throw new ShamirError("too-few-parts", "less than two parts cannot be used to reconstruct the secret");
  }
  const len = parts[0]!.length;
  if (len < 2) throw new ShamirError("length-mismatch", "parts must be at least two bytes long");
  const seen = new Set<number>();
  return parts.map((p, i) => {
    if (p.length !== len) throw new ShamirError("length-mismatch", "all parts must be the same length");
    const x = p[len - 1]!;
    if (x === 0) throw new ShamirError("bad-x", `part ${i + 1} has x-coordinate 0, which is never issued`);
    if (seen.has(x)) throw new ShamirError("duplicate-x", `part ${i + 1} duplicates another part`);
    seen.add(x);
    return x;
  });
}

/**
 * Lagrange basis polynomials at 0: l_i(0) = prod_{j != i} x_j / (x_j - x_i); in characteristic 2
 * subtraction is XOR. Depends on the public x-coordinates only.
 */
function basisAtZero(xs: number[]): number[] {
  return xs.map((xi, i) => {
    let l = 1;
    xs.forEach((xj, j) => {
      if (j !== i) l = mulTable(l, div(xj, xj ^ xi));
    });
    return l;
  });
}

/**
 * Rebuilds the secret from parts made by `split`. With fewer parts than the threshold the result
 * is a well-formed but wrong secret; nothing here can tell, which is why the caller checks the
 * result (the barrier's keyring opens only under the right root key).
 */
export function combine(parts: Uint8Array[]): Uint8Array {
  const xs = checkParts(parts);
  const basis = basisAtZero(xs);
  const secret = new Uint8Array(parts[0]!.length - 1);
  for (let b = 0; b < secret.length; b++) {
    let acc = 0;
    for (let i = 0; i < parts.length; i++) acc ^= mul(parts[i]![b]!, basis[i]!);
    secret[b] = acc;
  }
  return secret;
}
