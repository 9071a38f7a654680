/**
 * RSASSA-PSS over a given digest (RFC 8017 §8.1.1, §8.1.2), for Sign and Signature Verify with
 * Digested Data (1.4 §4.31–4.32, 2.1 §6.1.51–6.1.52) and for an MGF1 hash other than the
 * signature hash (Node 20's sign/verify always hash their input and use one hash for both).
 * EMSA-PSS is pss-emsa.ts; the RSA primitives are OpenSSL's, without padding: RSASP1 as
 * `privateDecrypt(RSA_NO_PADDING)` (EM^d mod n, with OpenSSL's blinding) and RSAVP1 as
 * `publicEncrypt(RSA_NO_PADDING)` (s^e mod n).
 */
import { constants, type KeyObject, privateDecrypt, publicEncrypt } from "node:crypto";
import { buf, bytes } from "./bytes.js";
import { cryptographicFailure } from "./errors.js";
import { emLength, emsaPssEncode, emsaPssVerify, PssEncodingError, type PssOptions } from "./pss-emsa.js";

export type { PssOptions } from "./pss-emsa.js";

/** modBits, the bit length of the modulus n. */
function modulusBits(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits === undefined) throw cryptographicFailure("the RSA key has no modulus length");
  return bits;
}

/** `data` left-padded with zeros to `size` octets (I2OSP of the same integer). */
function leftPad(data: Uint8Array, size: number): Uint8Array {
  if (data.length >= size) return data;
  const out = new Uint8Array(size);
  out.set(data, size - data.length);
  return out;
}

/** RSASSA-PSS-SIGN (§8.1.1) of the message hash `mHash`: a k-octet signature. */
export function pssSignDigest(key: KeyObject, o: PssOptions, mHash: Uint8Array): Uint8Array {
  const modBits = modulusBits(key);
  const k = Math.ceil(modBits / 8);
  let em: Uint8Array;
  try {
    em = emsaPssEncode(mHash, modBits - 1, o); // step 1: emBits = modBits − 1
  } catch (e) {
    if (e instanceof PssEncodingError) throw cryptographicFailure("signing failed: the key is too short", e);
    throw e;
  }
  // Steps 2a–2c: m = OS2IP(EM), s = RSASP1(K, m), S = I2OSP(s, k).
  try {
    const s = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, buf(leftPad(em, k)));
    return leftPad(bytes(s), k);
  } catch (e) {
    throw cryptographicFailure("signing failed", e);
  }
}

/** RSASSA-PSS-VERIFY (§8.1.2): whether `signature` is valid for `mHash`; never throws for a bad one. */
export function pssVerifyDigest(
  key: KeyObject,
  o: PssOptions,
  mHash: Uint8Array,
  signature: Uint8Array,
): boolean {
  const modBits = modulusBits(key);
  const k = Math.ceil(modBits / 8);
  if (signature.length !== k) return false; // step 1
  let m: Uint8Array;
  try {
    // Steps 2a–2b: s = OS2IP(S), m = RSAVP1((n, e), s); OpenSSL refuses s ≥ n.
    m = leftPad(bytes(publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, buf(signature))), k);
  } catch {
    return false;
  }
  // Step 2c: EM = I2OSP(m, emLen); m must fit in emLen octets.
  const emLen = emLength(modBits - 1);
  for (let i = 0; i < k - emLen; i++) if (m[i] !== 0) return false;
  return emsaPssVerify(mHash, m.subarray(k - emLen), modBits - 1, o); // step 3
}
