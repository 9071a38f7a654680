/**
 * EMSA-PSS encoding and verification (RFC 8017 §9.1.1, §9.1.2) over a message hash mHash that the
 * caller already has (KMIP Digested Data, 1.4 §4.31–4.32, 2.1 §6.1.51–6.1.52). Hashes come from
 * node:crypto and MGF1 from mgf1.ts; the RSA primitive is in pss.ts. Trailer field 0xBC only.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { HashInfo } from "./hashes.js";
import { mgf1, xorInto } from "./mgf1.js";

export interface PssOptions {
  /** The hash of M (mHash) and of M' (§9.1.1 steps 2 and 6). */
  readonly hash: HashInfo;
  /** The hash inside MGF1 (§9.1.1 step 7). */
  readonly mgfHash: HashInfo;
  /** sLen, the salt length in bytes. */
  readonly saltLength: number;
}

/** Thrown by emsaPssEncode for §9.1.1 step 3's "encoding error" (the key is too short). */
export class PssEncodingError extends Error {}

const TRAILER = 0xbc;

/** emLen = ⌈emBits/8⌉ (§9.1.1). */
export function emLength(emBits: number): number {
  return Math.ceil(emBits / 8);
}

/** H = Hash(M') with M' = (0x)00 00 00 00 00 00 00 00 ‖ mHash ‖ salt (§9.1.1 steps 5–6). */
function hashPrime(hash: HashInfo, mHash: Uint8Array, salt: Uint8Array): Uint8Array {
  return createHash(hash.name).update(new Uint8Array(8)).update(mHash).update(salt).digest();
}

/** The mask of the leftmost 8·emLen − emBits bits of the first octet, which must be zero. */
function topBitsMask(emBits: number): number {
  const unused = 8 * emLength(emBits) - emBits;
  return (0xff << (8 - unused)) & 0xff;
}

/** EM of §9.1.1 (emLen octets) for mHash; `salt` fixes the salt (tests), else it is random. */
export function emsaPssEncode(
  mHash: Uint8Array,
  emBits: number,
  o: PssOptions,
  salt?: Uint8Array,
): Uint8Array {
  const hLen = o.hash.bytes;
  const emLen = emLength(emBits);
  if (mHash.length !== hLen) throw new RangeError("mHash must be hLen octets");
  // Step 3: "If emLen < hLen + sLen + 2, output 'encoding error' and stop."
  if (emLen < hLen + o.saltLength + 2)
    throw new PssEncodingError("the key is too short for this salt and hash");
  const s = salt ?? new Uint8Array(randomBytes(o.saltLength)); // step 4
  if (s.length !== o.saltLength) throw new RangeError("the salt must be sLen octets");
  const h = hashPrime(o.hash, mHash, s); // steps 5–6
  // Steps 7–8: DB = PS ‖ 0x01 ‖ salt, PS being emLen − sLen − hLen − 2 zero octets.
  const db = new Uint8Array(emLen - hLen - 1);
  db[db.length - s.length - 1] = 0x01;
  db.set(s, db.length - s.length);
  xorInto(db, mgf1(o.mgfHash, h, db.length)); // steps 9–10
  db[0] = (db[0] ?? 0) & ~topBitsMask(emBits); // step 11
  // Step 12: EM = maskedDB ‖ H ‖ 0xbc.
  const em = new Uint8Array(emLen);
  em.set(db, 0);
  em.set(h, db.length);
  em[emLen - 1] = TRAILER;
  return em;
}

/** Whether EM is a consistent encoding of mHash (§9.1.2 steps 3–14). */
export function emsaPssVerify(mHash: Uint8Array, em: Uint8Array, emBits: number, o: PssOptions): boolean {
  const hLen = o.hash.bytes;
  const sLen = o.saltLength;
  const emLen = emLength(emBits);
  if (mHash.length !== hLen || em.length !== emLen) return false;
  if (emLen < hLen + sLen + 2) return false; // step 3
  if (em[emLen - 1] !== TRAILER) return false; // step 4
  const db = em.slice(0, emLen - hLen - 1); // step 5: maskedDB
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const top = topBitsMask(emBits);
  if (((db[0] ?? 0) & top) !== 0) return false; // step 6
  xorInto(db, mgf1(o.mgfHash, h, db.length)); // steps 7–8
  db[0] = (db[0] ?? 0) & ~top; // step 9
  // Step 10: the emLen − hLen − sLen − 2 leftmost octets of DB are zero, then 0x01.
  const psLen = emLen - hLen - sLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - sLen); // step 11
  const hPrime = hashPrime(o.hash, mHash, salt); // steps 12–13
  return timingSafeEqual(h, hPrime); // step 14
}
