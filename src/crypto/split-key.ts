/**
 * The Split Key Methods (KMIP 1.4 §2.2.5 Table 49 and §9.1.3.2.8; 2.1 §13.1 and §11.54) on byte
 * strings: `splitSecret` makes the Key Material of each part, `joinSecret` rebuilds the secret.
 * Part i (Key Part Identifier i, 1 ≤ i ≤ Split Key Parts) is the share at x = i.
 *
 * - XOR: "The number of split keys is Split Key Parts (identical to Split Key Threshold), and the
 *   secret is reconstructed by XORing all of the parts": n − 1 random parts and one that XORs
 *   with them to the secret.
 * - Polynomial Sharing GF(2^8): one sharing per byte of the secret (split-gf256.ts).
 * - Polynomial Sharing GF(2^16): "applied piecewise in pieces of 16 bits each", the parts are
 *   "the concatenation of the corresponding shares of all pieces" (split-gf65536.ts); the secret
 *   must be whole 16-bit pieces.
 * - Polynomial Sharing Prime Field: the secret as one big-endian integer s < 2^L < p, each part
 *   f(i) mod p as a big-endian integer of p's byte length (split-prime.ts).
 *
 * Refusals: a parameter outside these rules is Invalid Field; too few parts to join is
 * Cryptographic Failure (OASIS TC-SJ-1-12: a 2-of-3 join "FAILURE").
 */
import { randomBytes } from "node:crypto";
import { SplitKeyMethod } from "../kmip/generated/enums.js";
import { cryptographicFailure, invalidField } from "./errors.js";
import { basisAtZero, interpolateAtZero, type SplitField, shareSecret } from "./split-field.js";
import { GF256 } from "./split-gf256.js";
import { GF65536 } from "./split-gf65536.js";
import {
  bigintToBytes,
  bitLength,
  bytesToBigint,
  isUsablePrime,
  PRIME_FIELD_BITS_MAX,
  primeAbove,
  primeField,
} from "./split-prime.js";

/** At most this many parts: every part is a managed object the request creates. */
export const SPLIT_KEY_PARTS_MAX = 255;

export interface SplitParameters {
  readonly method: number;
  readonly parts: number;
  readonly threshold: number;
  /** Polynomial Sharing Prime Field only. */
  readonly primeFieldSize?: bigint | undefined;
}

export interface SplitResult {
  /** Key Material of part 1 … n, in order. */
  readonly parts: Uint8Array[];
  /** The prime used (Polynomial Sharing Prime Field), chosen when the request named none. */
  readonly primeFieldSize?: bigint | undefined;
}

export interface SharePart {
  readonly keyPartIdentifier: number;
  readonly material: Uint8Array;
}

function checkParameters(p: SplitParameters): void {
  const whole = (n: number) => Number.isInteger(n) && n >= 1;
  if (!whole(p.parts) || p.parts > SPLIT_KEY_PARTS_MAX)
    throw invalidField(`Split Key Parts must be from 1 to ${SPLIT_KEY_PARTS_MAX}`);
  if (!whole(p.threshold) || p.threshold > p.parts)
    throw invalidField("Split Key Threshold must be from 1 to Split Key Parts");
  if (p.method === SplitKeyMethod.XOR && p.threshold !== p.parts)
    throw invalidField("XOR splitting needs Split Key Threshold equal to Split Key Parts");
}

/** Polynomial sharing of `secret`, `width` bytes per field element. */
function sharePieces(
  field: SplitField<number>,
  width: 1 | 2,
  secret: Uint8Array,
  p: SplitParameters,
): Uint8Array[] {
  const xs = Array.from({ length: p.parts }, (_, i) => i + 1);
  const out = xs.map(() => new Uint8Array(secret.length));
  for (let at = 0; at < secret.length; at += width) {
    const piece =
      width === 1 ? (secret[at] as number) : ((secret[at] as number) << 8) | (secret[at + 1] as number);
    const shares = shareSecret(field, piece, p.threshold, xs);
    shares.forEach((y, i) => {
      writePiece(out[i] as Uint8Array, at, width, y);
    });
  }
  return out;
}

function writePiece(target: Uint8Array, at: number, width: 1 | 2, value: number): void {
  if (width === 1) target[at] = value;
  else {
    target[at] = value >> 8;
    target[at + 1] = value & 0xff;
  }
}

function readPiece(source: Uint8Array, at: number, width: 1 | 2): number {
  return width === 1 ? (source[at] as number) : ((source[at] as number) << 8) | (source[at + 1] as number);
}

function xorParts(secret: Uint8Array, parts: number): Uint8Array[] {
  const out = Array.from({ length: parts - 1 }, () => new Uint8Array(randomBytes(secret.length)));
  const last = Uint8Array.from(secret);
  for (const part of out)
    for (let i = 0; i < last.length; i++) last[i] = (last[i] as number) ^ (part[i] as number);
  return [...out, last];
}

/** The prime for a secret of `bits` bits: the client's (checked), or the smallest above 2^bits. */
function primeFor(bits: number, asked: bigint | undefined): bigint {
  if (bits >= PRIME_FIELD_BITS_MAX)
    throw invalidField(`Polynomial Sharing Prime Field takes secrets below ${PRIME_FIELD_BITS_MAX} bits`);
  if (asked === undefined) return primeAbove(bits);
  if (asked <= 1n << BigInt(bits) || !isUsablePrime(asked))
    throw invalidField("Prime Field Size must be a prime bigger than 2^L (L: the key's bit length)");
  return asked;
}

function sharePrime(secret: Uint8Array, p: SplitParameters): SplitResult {
  const prime = primeFor(secret.length * 8, p.primeFieldSize);
  const field = primeField(prime);
  const length = Math.ceil(bitLength(prime) / 8);
  const xs = Array.from({ length: p.parts }, (_, i) => BigInt(i + 1));
  const shares = shareSecret(field, bytesToBigint(secret), p.threshold, xs);
  return { parts: shares.map((y) => bigintToBytes(y, length)), primeFieldSize: prime };
}

export function splitSecret(secret: Uint8Array, p: SplitParameters): SplitResult {
  checkParameters(p);
  if (secret.length === 0) throw invalidField("an empty key cannot be split");
  switch (p.method) {
    case SplitKeyMethod.XOR:
      return { parts: xorParts(secret, p.parts) };
    case SplitKeyMethod.PolynomialSharingGF2_8:
      return { parts: sharePieces(GF256, 1, secret, p) };
    case SplitKeyMethod.PolynomialSharingGF2_16:
      if (secret.length % 2 !== 0)
        throw invalidField("Polynomial Sharing GF(2^16) needs key material of whole 16-bit pieces");
      return { parts: sharePieces(GF65536, 2, secret, p) };
    case SplitKeyMethod.PolynomialSharingPrimeField:
      return sharePrime(secret, p);
    default:
      throw invalidField("unknown Split Key Method");
  }
}

/** Same length, distinct identifiers within 1..Split Key Parts, at least the threshold of them. */
function checkShares(shares: readonly SharePart[], p: SplitParameters): void {
  if (shares.length < p.threshold)
    throw cryptographicFailure(`joining needs at least ${p.threshold} parts; ${shares.length} given`);
  const ids = new Set<number>();
  for (const s of shares) {
    if (!Number.isInteger(s.keyPartIdentifier) || s.keyPartIdentifier < 1 || s.keyPartIdentifier > p.parts)
      throw invalidField("a Key Part Identifier is outside 1 to Split Key Parts");
    if (ids.has(s.keyPartIdentifier)) throw invalidField("the same key part is given twice");
    ids.add(s.keyPartIdentifier);
    if (s.material.length !== (shares[0] as SharePart).material.length)
      throw cryptographicFailure("the parts differ in length");
  }
}

function joinPieces(field: SplitField<number>, width: 1 | 2, shares: readonly SharePart[]): Uint8Array {
  const length = (shares[0] as SharePart).material.length;
  if (length % width !== 0) throw cryptographicFailure("the parts are not whole 16-bit pieces");
  const basis = basisAtZero(
    field,
    shares.map((s) => s.keyPartIdentifier),
  );
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += width) {
    const ys = shares.map((s) => readPiece(s.material, at, width));
    writePiece(out, at, width, interpolateAtZero(field, basis, ys));
  }
  return out;
}

function joinXor(shares: readonly SharePart[]): Uint8Array {
  const out = new Uint8Array((shares[0] as SharePart).material.length);
  for (const s of shares)
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) ^ (s.material[i] as number);
  return out;
}

/**
 * Prime field: the secret's byte length is `secretBytes` when known (the key's Cryptographic
 * Length), else the most a secret below this prime can have (bit length of p, minus one).
 */
function joinPrime(shares: readonly SharePart[], p: SplitParameters, secretBytes?: number): Uint8Array {
  const prime = p.primeFieldSize;
  if (prime === undefined || !isUsablePrime(prime))
    throw invalidField("Polynomial Sharing Prime Field parts need a prime Prime Field Size");
  const field = primeField(prime);
  const basis = basisAtZero(
    field,
    shares.map((s) => BigInt(s.keyPartIdentifier)),
  );
  const secret = interpolateAtZero(
    field,
    basis,
    shares.map((s) => bytesToBigint(s.material) % prime),
  );
  const length = secretBytes ?? Math.ceil((bitLength(prime) - 1) / 8);
  if (bitLength(secret) > length * 8)
    throw cryptographicFailure("the parts do not form a key of this length");
  return bigintToBytes(secret, length);
}

/** The secret from `shares` (at least the threshold; all made with `p`). */
export function joinSecret(
  shares: readonly SharePart[],
  p: SplitParameters,
  secretBytes?: number,
): Uint8Array {
  checkParameters(p);
  checkShares(shares, p);
  switch (p.method) {
    case SplitKeyMethod.XOR:
      return joinXor(shares);
    case SplitKeyMethod.PolynomialSharingGF2_8:
      return joinPieces(GF256, 1, shares);
    case SplitKeyMethod.PolynomialSharingGF2_16:
      return joinPieces(GF65536, 2, shares);
    case SplitKeyMethod.PolynomialSharingPrimeField:
      return joinPrime(shares, p, secretBytes);
    default:
      throw invalidField("unknown Split Key Method");
  }
}
