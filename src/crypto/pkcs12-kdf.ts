/**
 * The PKCS#12 key derivation of RFC 7292 Appendix B.2, which the PKCS#12 MAC (§5.1, ID 3) and
 * the legacy password-based encryption schemes of Appendix C (ID 1 key, ID 2 IV) use, with the
 * password as a BMPString with two zero bytes at its end (Appendix B.1).
 */
import { createHash } from "node:crypto";
import { invalidField } from "./errors.js";

/** The purposes Appendix B.3 names by the diversifier ID. */
export const KDF_ID = { KEY: 1, IV: 2, MAC: 3 } as const;

/** Output (u) and block (v) bytes of the hashes Appendix B allows here. */
const SIZES: Readonly<Record<string, { u: number; v: number }>> = {
  sha1: { u: 20, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

/** Output bytes of `hash`; Invalid Field for a hash this derivation does not use. */
export function kdfHashBytes(hash: string): number {
  const size = SIZES[hash];
  if (size === undefined) throw invalidField(`PKCS#12: the hash ${hash} is not supported`);
  return size.u;
}

/**
 * Appendix B.1: the password as a BMPString (UTF-16 big-endian) followed by two zero bytes. The
 * password bytes are read as UTF-8 text; Invalid Field when they are not.
 */
export function bmpPassword(password: Uint8Array): Uint8Array {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(password);
  } catch (e) {
    throw invalidField("PKCS#12: the password is not UTF-8 text", e);
  }
  const out = new Uint8Array(text.length * 2 + 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[i * 2] = unit >> 8;
    out[i * 2 + 1] = unit & 0xff;
  }
  return out;
}

/** `data` repeated to fill a multiple of `v` bytes (empty stays empty), Appendix B.2 steps 2–3. */
function stretch(data: Uint8Array, v: number): Uint8Array {
  const out = new Uint8Array(v * Math.ceil(data.length / v));
  for (let i = 0; i < out.length; i++) out[i] = data[i % data.length] as number;
  return out;
}

/** I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block of I (Appendix B.2 step 6C). */
function addBlocks(i: Uint8Array, b: Uint8Array, v: number): void {
  for (let start = 0; start < i.length; start += v) {
    let carry = 1;
    for (let k = v - 1; k >= 0; k--) {
      const sum = (i[start + k] as number) + (b[k] as number) + carry;
      i[start + k] = sum & 0xff;
      carry = sum >> 8;
    }
  }
}

/** `n` bytes derived from the BMP `password` and `salt` for purpose `id` (Appendix B.2). */
export function pkcs12Kdf(
  hash: string,
  bmp: Uint8Array,
  salt: Uint8Array,
  id: number,
  iterations: number,
  n: number,
): Uint8Array {
  const size = SIZES[hash];
  if (size === undefined) throw invalidField(`PKCS#12: the hash ${hash} is not supported`);
  const { u, v } = size;
  const d = new Uint8Array(v).fill(id);
  const i = Uint8Array.from([...stretch(salt, v), ...stretch(bmp, v)]);
  const out = new Uint8Array(Math.ceil(n / u) * u);
  for (let block = 0; block * u < n; block++) {
    let a: Uint8Array = createHash(hash).update(d).update(i).digest();
    for (let r = 1; r < iterations; r++) a = createHash(hash).update(a).digest();
    out.set(a, block * u);
    if ((block + 1) * u < n) addBlocks(i, stretch(a, v), v);
  }
  return out.subarray(0, n);
}
