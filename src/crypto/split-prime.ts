/**
 * GF(p) for Polynomial Sharing Prime Field (KMIP 1.4 §2.2.5, 2.1 §13.1): "secret sharing is
 * performed in the field GF(Prime Field Size), represented as integers, where Prime Field Size is
 * a prime bigger than 2^L" (L: the bit length of the secret). Elements are bigints in [0, p).
 *
 * JavaScript bigint arithmetic is not constant-time; the prime-field method is offered because
 * the spec defines it, and the binary fields are the ones to prefer.
 */
import { checkPrimeSync, randomBytes } from "node:crypto";
import type { SplitField } from "./split-field.js";

/** The largest prime field served: 4096 bits (secrets up to 4095 bits, 511 bytes). */
export const PRIME_FIELD_BITS_MAX = 4096;

export function bitLength(n: bigint): number {
  return n <= 0n ? 0 : n.toString(2).length;
}

/** Whether `p` is a prime the server accepts as Prime Field Size (Miller–Rabin, node:crypto). */
export function isUsablePrime(p: bigint): boolean {
  if (p < 3n || bitLength(p) > PRIME_FIELD_BITS_MAX) return false;
  return checkPrimeSync(p);
}

/** The smallest prime above 2^bits: the server's Prime Field Size when the client names none. */
export function primeAbove(bits: number): bigint {
  let candidate = (1n << BigInt(bits)) + 1n;
  while (!checkPrimeSync(candidate)) candidate += 2n;
  return candidate;
}

const mod = (a: bigint, p: bigint): bigint => ((a % p) + p) % p;

/** a^e mod p by square-and-multiply. */
function power(a: bigint, e: bigint, p: bigint): bigint {
  let result = 1n;
  let base = mod(a, p);
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) result = (result * base) % p;
    base = (base * base) % p;
  }
  return result;
}

/** Uniform in [0, p) by rejection: draw bitLength(p) bits until the value is below p. */
function randomBelow(p: bigint): bigint {
  const bits = bitLength(p);
  const bytes = Math.ceil(bits / 8);
  const excess = BigInt(bytes * 8 - bits);
  for (;;) {
    const value = BigInt(`0x${randomBytes(bytes).toString("hex")}`) >> excess;
    if (value < p) return value;
  }
}

export function primeField(p: bigint): SplitField<bigint> {
  return {
    zero: 0n,
    one: 1n,
    add: (a, b) => (a + b) % p,
    sub: (a, b) => mod(a - b, p),
    mul: (a, b) => (a * b) % p,
    // Fermat: a^(p-2) is the inverse of a ≠ 0 in GF(p).
    inv: (a) => {
      if (mod(a, p) === 0n) throw new RangeError("zero has no inverse");
      return power(a, p - 2n, p);
    },
    random: () => randomBelow(p),
  };
}

/** Big-endian bytes → integer. */
export function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

/** Integer → big-endian bytes of exactly `length` (the value must fit). */
export function bigintToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, "0");
  if (hex.length > length * 2) throw new RangeError("the value does not fit the length");
  return new Uint8Array(Buffer.from(hex, "hex"));
}
