/**
 * GF(2^16) as KMIP 1.4 §2.2.5 and 2.1 §13.1 define it for Polynomial Sharing GF(2^16): the
 * extension GF(2^8)[y]/(y^2 + y + m) with m = x^5 + x^4 + x^3 + x = 0x3A. An element uy + v is
 * the byte pair (u, v), held here as the 16-bit number u·256 + v (so the two bytes of a 16-bit
 * piece of key material, in order, are u then v).
 *
 *   (ry + s)(uy + v) = ((r + s)(u + v) + sv) y + (ru·m + sv)
 *   (uy + v)^-1      = u·d^-1 y + (u + v)·d^-1,  d = (u + v)v + m·u^2
 *
 * The spec prints the constant term of the product as "ru + svm"; with y^2 = y + m it is
 * ru·m + sv (ru·y^2 = ru·y + ru·m), which is also the only reading under which its inverse
 * formula holds and 1 = (0, 1) is the unit. The tests check both over the whole field.
 * The base field is `split-gf256.ts` (285, as KMIP 2.1 states it).
 */
import { randomBytes } from "node:crypto";
import type { SplitField } from "./split-field.js";
import { gf256Inv, gf256Mul } from "./split-gf256.js";

/** m = x^5 + x^4 + x^3 + x, "represented by the byte 0x3A". */
export const GF65536_M = 0x3a;

const hi = (e: number): number => (e >> 8) & 0xff;
const lo = (e: number): number => e & 0xff;
const pair = (u: number, v: number): number => (u << 8) | v;

export function gf65536Mul(a: number, b: number): number {
  const r = hi(a);
  const s = lo(a);
  const u = hi(b);
  const v = lo(b);
  const sv = gf256Mul(s, v);
  const high = gf256Mul(r ^ s, u ^ v) ^ sv;
  const low = gf256Mul(gf256Mul(r, u), GF65536_M) ^ sv;
  return pair(high, low);
}

export function gf65536Inv(a: number): number {
  const u = hi(a);
  const v = lo(a);
  if (u === 0 && v === 0) throw new RangeError("zero has no inverse in GF(2^16)");
  const d = gf256Mul(u ^ v, v) ^ gf256Mul(GF65536_M, gf256Mul(u, u));
  const dInv = gf256Inv(d);
  return pair(gf256Mul(u, dInv), gf256Mul(u ^ v, dInv));
}

export const GF65536: SplitField<number> = {
  zero: 0,
  one: 1,
  add: (a, b) => a ^ b,
  sub: (a, b) => a ^ b,
  mul: gf65536Mul,
  inv: gf65536Inv,
  random: () => randomBytes(2).readUInt16BE(0),
};
