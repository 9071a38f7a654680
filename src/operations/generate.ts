/**
 * Key material that Create generates (KMIP 1.4 §4.1: "generate a new symmetric key"; 2.1 §6.1.8:
 * "or generate Secret Data"), from the operating system's CSPRNG.
 *
 * Cryptographic Length is in bits (1.4 §3.5). Lengths accepted per algorithm:
 * - AES: 128, 192, 256 (FIPS 197);
 * - Triple DES (DES3): 112 (two-key, 16 bytes) and 168 (three-key, 24 bytes) as the OASIS test
 *   cases use them (SKFF-M-4, TC-313: 112 and 168), and 192 for clients that count the parity
 *   bits (24 bytes); every byte gets odd parity (FIPS 46-3);
 * - HMAC (SHA-1, SHA-2, SHA-3 families): whole bytes from 112 bits (NIST SP 800-131A: shorter
 *   HMAC keys are disallowed) to 4096;
 * - ChaCha20, ChaCha20-Poly1305: 256 (RFC 8439);
 * - SKIPJACK: 80 (FIPS 185). Withdrawn for protecting data (NIST SP 800-131A), but a key store may
 *   hold keys that legacy clients compute with themselves (OASIS SKFF-O-1..3 create them); kmipd
 *   generates and serves them and refuses to encrypt with them (no such cipher in src/crypto/);
 * - Secret Data (2.x): whole bytes from 8 to 4096 bits (OASIS TC-CREATE-SD-1-20 asks for 80).
 * Algorithm and Length rules beyond these are not in src/policy/ yet; they live here.
 */
import { randomBytes } from "node:crypto";
import { CryptographicAlgorithm as A } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import { invalidValue } from "../policy/index.js";

const BITS_MAX = 4096;

const HMAC = new Set<number>([
  A.HMAC_SHA1,
  A.HMAC_SHA224,
  A.HMAC_SHA256,
  A.HMAC_SHA384,
  A.HMAC_SHA512,
  A.HMAC_SHA3_224,
  A.HMAC_SHA3_256,
  A.HMAC_SHA3_384,
  A.HMAC_SHA3_512,
]);

const FIXED: Readonly<Record<number, Readonly<Record<number, number>>>> = {
  [A.AES]: { 128: 16, 192: 24, 256: 32 },
  [A.DES3]: { 112: 16, 168: 24, 192: 24 },
  [A.ChaCha20]: { 256: 32 },
  [A.ChaCha20Poly1305]: { 256: 32 },
  [A.SKIPJACK]: { 80: 10 },
};

/** The key size in bytes for `algorithm` and `lengthBits`, or the version's invalid-value reason. */
export function symmetricKeyBytes(algorithm: number, lengthBits: number, version: KmipVersion): number {
  const fixed = FIXED[algorithm];
  if (fixed !== undefined) {
    const size = fixed[lengthBits];
    if (size === undefined)
      throw invalidValue(version, "unsupported Cryptographic Length for this algorithm");
    return size;
  }
  if (HMAC.has(algorithm)) return wholeBytes(lengthBits, 112, version);
  throw invalidValue(version, "the server does not generate keys of this Cryptographic Algorithm");
}

/** Secret Data size in bytes for `lengthBits`. */
export function secretDataBytes(lengthBits: number, version: KmipVersion): number {
  return wholeBytes(lengthBits, 8, version);
}

function wholeBytes(bits: number, minBits: number, version: KmipVersion): number {
  if (!Number.isInteger(bits) || bits % 8 !== 0 || bits < minBits || bits > BITS_MAX) {
    throw invalidValue(
      version,
      `Cryptographic Length must be a multiple of 8 from ${minBits} to ${BITS_MAX}`,
    );
  }
  return bits / 8;
}

/** `size` fresh random bytes for a key of `algorithm` (Triple DES keys get odd parity). */
export function generateKeyBytes(algorithm: number | undefined, size: number): Uint8Array {
  const key = new Uint8Array(randomBytes(size));
  if (algorithm === A.DES3) for (let i = 0; i < key.length; i++) key[i] = oddParity(key[i]!);
  return key;
}

/** The byte with its low bit set so that the count of 1 bits is odd (FIPS 46-3 §"Key"). */
function oddParity(byte: number): number {
  let ones = 0;
  for (let b = byte >> 1; b !== 0; b >>= 1) ones += b & 1;
  return (byte & 0xfe) | (ones % 2 === 0 ? 1 : 0);
}
