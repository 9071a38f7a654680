/**
 * GF(2^8) as KMIP 2.1 §13.1 defines it for the Split Key Methods Polynomial Sharing GF(2^8) and
 * GF(2^16): polynomials over GF(2) modulo x^8 + x^4 + x^3 + x^2 + 1 (285, 0x11D), a byte per
 * element, addition XOR. (KMIP 1.4 §2.2.5 named the AES field 0x11B for GF(2^16); KMIP 2.1
 * corrected it to 285, and the OASIS test cases TC-SJ-3-12/-14/-20/-21 join shares made in 285.
 * The seal's Shamir (src/seal/shamir.ts) uses the AES field, so it is not reused here.)
 *
 * `mul` is branch-free shift-and-add, so no branch or table index depends on a secret byte.
 */
import { randomBytes } from "node:crypto";
import type { SplitField } from "./split-field.js";

/** x^8 + x^4 + x^3 + x^2 + 1 (KMIP 2.1 §13.1: "GF(2^8) ≈ 285"). */
export const GF256_POLYNOMIAL = 0x11d;

/** The product in GF(2^8): eight rounds of "add a when the low bit of b is set; double a". */
export function gf256Mul(a: number, b: number): number {
  let r = 0;
  let x = a & 0xff;
  let y = b & 0xff;
  for (let i = 0; i < 8; i++) {
    r ^= -(y & 1) & x;
    const carry = -((x >> 7) & 1);
    x = ((x << 1) ^ (carry & GF256_POLYNOMIAL)) & 0xff;
    y >>= 1;
  }
  return r;
}

/** The inverse a^254 (a^255 = 1 for a ≠ 0), by square-and-multiply over a fixed exponent. */
export function gf256Inv(a: number): number {
  if ((a & 0xff) === 0) throw new RangeError("zero has no inverse in GF(2^8)");
  let result = 1;
  let power = a & 0xff;
  for (let e = 254; e > 0; e >>= 1) {
    if (e & 1) result = gf256Mul(result, power);
    power = gf256Mul(power, power);
  }
  return result;
}

export const GF256: SplitField<number> = {
  zero: 0,
  one: 1,
  add: (a, b) => a ^ b,
  sub: (a, b) => a ^ b,
  mul: gf256Mul,
  inv: gf256Inv,
  random: () => randomBytes(1)[0] as number,
};
