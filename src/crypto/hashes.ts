/**
 * Hashing Algorithm (1.4 §9.1.3.2.16, 2.1 §11.21) → the OpenSSL digest, its size and its OID.
 * MD5 and RIPEMD-160 serve the Hash operation only; signatures, MACs, OAEP and key derivation
 * take the SHA-1, SHA-2 and SHA-3 families. MD2, MD4, Tiger and Whirlpool are not in OpenSSL 3's
 * default provider.
 */
import { HashingAlgorithm as H } from "../kmip/generated/enums.js";
import { derNull, derOctetString, derOid, derSequence } from "./der.js";
import { unsupported } from "./errors.js";

export interface HashInfo {
  /** OpenSSL digest name for createHash, createHmac, sign, pbkdf2, hkdf. */
  readonly name: string;
  /** Output length in bytes. */
  readonly bytes: number;
  /** AlgorithmIdentifier OID (RFC 8017 App. A.2.4, NIST CSOR for SHA-3). */
  readonly oid: string;
  /** Usable only to hash data (not for signatures, MACs or key derivation). */
  readonly hashOnly?: boolean;
}

const HASHES: Readonly<Record<number, HashInfo>> = {
  [H.MD5]: { name: "md5", bytes: 16, oid: "1.2.840.113549.2.5", hashOnly: true },
  [H.RIPEMD_160]: { name: "ripemd160", bytes: 20, oid: "1.3.36.3.2.1", hashOnly: true },
  [H.SHA_1]: { name: "sha1", bytes: 20, oid: "1.3.14.3.2.26" },
  [H.SHA_224]: { name: "sha224", bytes: 28, oid: "2.16.840.1.101.3.4.2.4" },
  [H.SHA_256]: { name: "sha256", bytes: 32, oid: "2.16.840.1.101.3.4.2.1" },
  [H.SHA_384]: { name: "sha384", bytes: 48, oid: "2.16.840.1.101.3.4.2.2" },
  [H.SHA_512]: { name: "sha512", bytes: 64, oid: "2.16.840.1.101.3.4.2.3" },
  [H.SHA_512_224]: { name: "sha512-224", bytes: 28, oid: "2.16.840.1.101.3.4.2.5" },
  [H.SHA_512_256]: { name: "sha512-256", bytes: 32, oid: "2.16.840.1.101.3.4.2.6" },
  [H.SHA3_224]: { name: "sha3-224", bytes: 28, oid: "2.16.840.1.101.3.4.2.7" },
  [H.SHA3_256]: { name: "sha3-256", bytes: 32, oid: "2.16.840.1.101.3.4.2.8" },
  [H.SHA3_384]: { name: "sha3-384", bytes: 48, oid: "2.16.840.1.101.3.4.2.9" },
  [H.SHA3_512]: { name: "sha3-512", bytes: 64, oid: "2.16.840.1.101.3.4.2.10" },
};

/** Every Hashing Algorithm the server computes (for Query and tests). */
export const SUPPORTED_HASHES: readonly number[] = Object.keys(HASHES).map(Number);

/** The digest for a Hash operation (any supported algorithm). */
export function hashForData(algorithm: number): HashInfo {
  const info = HASHES[algorithm];
  if (info === undefined) throw unsupported(`Hashing Algorithm 0x${algorithm.toString(16)} is not supported`);
  return info;
}

/** The digest inside a signature, MAC, OAEP or KDF: SHA-1, SHA-2 or SHA-3. */
export function hashForKeyedUse(algorithm: number): HashInfo {
  const info = hashForData(algorithm);
  if (info.hashOnly)
    throw unsupported(`Hashing Algorithm ${info.name} is accepted only by the Hash operation`);
  return info;
}

/** The DER DigestInfo of RFC 8017 §9.2 step 2: SEQUENCE { AlgorithmIdentifier, OCTET STRING }. */
export function digestInfo(hash: HashInfo, digest: Uint8Array): Uint8Array {
  const algorithm = derSequence(derOid(hash.oid), derNull());
  return derSequence(algorithm, derOctetString(digest));
}
