/**
 * EME-OAEP encoding and decoding (RFC 8017 §7.1.1 step 2, §7.1.2 step 3) with MGF1 (RFC 8017
 * App. B.2.1, in mgf1.ts), for an MGF1 hash that differs from the OAEP hash: Node 20 passes OpenSSL one OAEP
 * hash and uses it for MGF1 too, so those requests (OASIS CS-AC-M-OAEP-7…10: SHA-384 with
 * MGF1-SHA-256) are padded here and the RSA primitive is OpenSSL's, without padding
 * (RSAEP/RSADP, §5.1.1–5.1.2). Hashes come from node:crypto; nothing here is a cipher of its own.
 *
 * Decoding follows §7.1.2's note: whether the first byte, lHash', the PS run or the 0x01
 * separator is wrong must not show, so every check runs, failures are accumulated without early
 * return, and one generic "decryption error" comes out.
 */
import {
  constants,
  createHash,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from "node:crypto";
import { buf, bytes } from "./bytes.js";
import { cryptographicFailure } from "./errors.js";
import type { HashInfo } from "./hashes.js";
import { mgf1, xorInto } from "./mgf1.js";

export interface OaepHashes {
  /** The OAEP hash (lHash = Hash(L), §7.1.1 step 2a). */
  readonly hash: HashInfo;
  /** The hash inside MGF1. */
  readonly mgfHash: HashInfo;
  /** The label L (P Source); empty when absent. */
  readonly label: Uint8Array;
}

function labelHash(h: OaepHashes): Uint8Array {
  return createHash(h.hash.name).update(h.label).digest();
}

/** EM = 0x00 ‖ maskedSeed ‖ maskedDB for a k-byte modulus (§7.1.1 step 2). */
export function oaepEncode(k: number, message: Uint8Array, h: OaepHashes, seed?: Uint8Array): Uint8Array {
  const hLen = h.hash.bytes;
  if (message.length > k - 2 * hLen - 2) {
    throw cryptographicFailure("the data is too long for RSA-OAEP with this key and hash");
  }
  const db = new Uint8Array(k - hLen - 1);
  db.set(labelHash(h), 0);
  db[db.length - message.length - 1] = 0x01;
  db.set(message, db.length - message.length);
  const s = seed ?? bytes(randomBytes(hLen));
  if (s.length !== hLen) throw new RangeError("the OAEP seed must be hLen bytes");
  xorInto(db, mgf1(h.mgfHash, s, db.length));
  const maskedSeed = new Uint8Array(s);
  xorInto(maskedSeed, mgf1(h.mgfHash, db, hLen));
  const em = new Uint8Array(k);
  em.set(maskedSeed, 1);
  em.set(db, 1 + hLen);
  return em;
}

/** M from EM (§7.1.2 step 3), or one generic failure whatever check failed. */
export function oaepDecode(k: number, em: Uint8Array, h: OaepHashes): Uint8Array {
  const hLen = h.hash.bytes;
  if (k < 2 * hLen + 2 || em.length !== k) throw decryptionError();
  const seed = em.slice(1, 1 + hLen);
  const db = em.slice(1 + hLen);
  xorInto(seed, mgf1(h.mgfHash, db, hLen));
  xorInto(db, mgf1(h.mgfHash, seed, db.length));
  let bad = em[0] ?? 1;
  const lHash = labelHash(h);
  for (let i = 0; i < hLen; i++) bad |= (db[i] ?? 0) ^ (lHash[i] ?? 0);
  // Scan all of PS ‖ 0x01 ‖ M: `looking` is 1 until the separator; a non-zero, non-0x01 byte
  // while looking is a failure; the separator's index is kept by masking, never by branching.
  let looking = 1;
  let separator = 0;
  for (let i = hLen; i < db.length; i++) {
    const b = db[i] ?? 0;
    const isOne = ctEqual(b, 0x01);
    const isZero = ctEqual(b, 0x00);
    separator |= i & -(looking & isOne);
    bad |= looking & (1 - isOne) & (1 - isZero);
    looking &= 1 - isOne;
  }
  bad |= looking;
  if (bad !== 0) throw decryptionError();
  return db.slice(separator + 1);
}

/** 1 when a === b, else 0, for bytes, without a data-dependent branch. */
function ctEqual(a: number, b: number): number {
  const x = (a ^ b) & 0xff;
  return ((x - 1) >>> 31) & 1;
}

function decryptionError() {
  return cryptographicFailure("RSA decryption failed");
}

/** The modulus length k in bytes. */
function modulusBytes(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits === undefined) throw cryptographicFailure("the RSA key has no modulus length");
  return Math.ceil(bits / 8);
}

/** RSAES-OAEP-ENCRYPT (§7.1.1): our encoding, OpenSSL's RSAEP. */
export function oaepEncrypt(key: KeyObject, h: OaepHashes, message: Uint8Array): Uint8Array {
  const em = oaepEncode(modulusBytes(key), message, h);
  try {
    return bytes(publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, buf(em)));
  } catch (e) {
    throw cryptographicFailure("RSA encryption failed", e);
  }
}

/** RSAES-OAEP-DECRYPT (§7.1.2): OpenSSL's RSADP, our decoding. */
export function oaepDecrypt(key: KeyObject, h: OaepHashes, ciphertext: Uint8Array): Uint8Array {
  const k = modulusBytes(key);
  // §7.1.2 step 1b: the ciphertext must be k bytes.
  if (ciphertext.length !== k) throw decryptionError();
  let em: Uint8Array;
  try {
    em = bytes(privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, buf(ciphertext)));
  } catch (e) {
    throw cryptographicFailure("RSA decryption failed", e);
  }
  return oaepDecode(k, em, h);
}
