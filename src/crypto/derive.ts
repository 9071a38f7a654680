/**
 * Derive Key (1.4 §4.6, 2.1 §6.1.11 and §7.12): the derived bytes for the methods
 *
 * - PBKDF2 (RFC 8018 §5.2, PKCS #5): password = Derivation Data (or the Secret Data given in its
 *   place), Salt and Iteration Count from the Derivation Parameters, PRF HMAC with the Hashing
 *   Algorithm, HMAC-SHA-1 when none is named (RFC 8018 App. B.1.1; OASIS TC-DERIVEKEY-3/4);
 * - HASH: the hash of the derivation key or of the Derivation Data (one of them), Hashing
 *   Algorithm REQUIRED (1.4 §4.6 Table 182 notes; TC-DERIVEKEY-1);
 * - HMAC: HMAC(derivation key, Derivation Data); the hash comes from the key's Cryptographic
 *   Algorithm when it is an HMAC one, else from the Hashing Algorithm (TC-DERIVEKEY-2 derives
 *   from an AES key with SHA-256);
 * - ENCRYPT: the Derivation Data encrypted under the derivation key with the Cryptographic
 *   Parameters; "an empty IV is assumed if not provided", read as all zero bytes;
 * - HKDF (RFC 5869; 2.1 §7.12): IKM = the key, salt = Salt, info = Derivation Data, SHA-256
 *   unless a Hashing Algorithm is named.
 * - Asymmetric Key: the key-agreement secret Z of the derivation key (a private key) and the
 *   peer's public key (agree.ts; OASIS TC-DERIVEKEY-6: ECDH on secp256k1).
 * The result is the first Cryptographic Length bits; a length beyond what the method yields is
 * Cryptographic Failure (1.4 §11.7). The NIST SP 800-108 KDFs and AWS Signature Version 4 are
 * Unsupported Cryptographic Parameters (Node 20 has no KBKDF).
 */
import { createHash, hkdf, type KeyObject, pbkdf2 } from "node:crypto";
import { DerivationMethod as DM, HashingAlgorithm as H } from "../kmip/generated/enums.js";
import { agreeSecret } from "./agree.js";
import { buf, bytes } from "./bytes.js";
import { encrypt } from "./cipher.js";
import { symmetricSpec } from "./cipher-spec.js";
import { cryptographicFailure, invalidField, unsupported } from "./errors.js";
import { type HashInfo, hashForKeyedUse } from "./hashes.js";
import { hmacAlgorithmFor, hmacHash, mac } from "./mac.js";

/**
 * Bounds on what a client may ask for. DERIVED_BYTES_MAX stays below HKDF's own limit of 255
 * hash lengths (RFC 5869 §2.3: 5100 bytes with SHA-1), so every HKDF request within it is valid.
 */
export const DERIVED_BYTES_MAX = 4096;
export const PBKDF2_ITERATIONS_MAX = 1_000_000;

/** The Cryptographic Parameters inside the Derivation Parameters. */
export interface DerivationCryptoParameters {
  readonly algorithm?: number | undefined;
  readonly hashing?: number | undefined;
  readonly mode?: number | undefined;
  readonly padding?: number | undefined;
  readonly tagLength?: number | undefined;
}

export interface DeriveRequest {
  /** Derivation Method. */
  readonly method: number;
  /** The derivation key (a Symmetric Key or Secret Data), if any. */
  readonly key?: KeyObject | Uint8Array | undefined;
  /** The derivation key's Cryptographic Algorithm. */
  readonly keyAlgorithm?: number | undefined;
  /** Asymmetric Key: the other party's public key (`key` is then the private key). */
  readonly peerKey?: KeyObject | undefined;
  /** Derivation Data, or the bytes of the Secret Data given instead. */
  readonly data?: Uint8Array | undefined;
  readonly parameters?: DerivationCryptoParameters | undefined;
  readonly iv?: Uint8Array | undefined;
  readonly salt?: Uint8Array | undefined;
  readonly iterationCount?: number | undefined;
  /** Cryptographic Length of the new object, in bits. */
  readonly lengthBits: number;
}

/** The derived bytes (async: PBKDF2 with many iterations takes a while). */
export async function deriveKey(req: DeriveRequest): Promise<Uint8Array> {
  const length = outputBytes(req.lengthBits);
  switch (req.method) {
    case DM.PBKDF2:
      return pbkdf2Derive(req, length);
    case DM.HASH:
      return truncate(hashDerive(req), length);
    case DM.HMAC:
      return truncate(mac(hmacParameters(req)), length);
    case DM.ENCRYPT:
      return truncate(encryptDerive(req), length);
    case DM.HKDF:
      return hkdfDerive(req, length);
    case DM.AsymmetricKey:
      return truncateAndWipe(agreementDerive(req), length);
    default:
      throw unsupported("this Derivation Method is not supported");
  }
}

function outputBytes(bits: number): number {
  if (!Number.isInteger(bits) || bits <= 0 || bits % 8 !== 0 || bits > DERIVED_BYTES_MAX * 8) {
    throw invalidField(
      `Cryptographic Length must be a whole number of bytes up to ${DERIVED_BYTES_MAX * 8} bits`,
    );
  }
  return bits / 8;
}

function truncate(output: Uint8Array, length: number): Uint8Array {
  if (length > output.length)
    throw cryptographicFailure("the Cryptographic Length exceeds the derivation output");
  return output.slice(0, length);
}

/** `truncate`, then zeroes the full output (a shared secret is key material too). */
function truncateAndWipe(output: Uint8Array, length: number): Uint8Array {
  try {
    return truncate(output, length);
  } finally {
    output.fill(0);
  }
}

function keyBytes(key: KeyObject | Uint8Array | undefined): Uint8Array | undefined {
  if (key === undefined || key instanceof Uint8Array) return key;
  if (key.type !== "secret") throw invalidField("the derivation key must be a symmetric key or secret data");
  return bytes(key.export());
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw invalidField(`${what} is required for this Derivation Method`);
  return value;
}

/** The PRF hash: the Hashing Algorithm, else that of an HMAC Cryptographic Algorithm, else `fallback`. */
function prfHash(p: DerivationCryptoParameters | undefined, fallback?: number): HashInfo {
  if (p?.hashing !== undefined) return hashForKeyedUse(p.hashing);
  const fromAlgorithm = p?.algorithm === undefined ? undefined : hmacHash(p.algorithm);
  if (fromAlgorithm !== undefined) return fromAlgorithm;
  return hashForKeyedUse(need(fallback, "a Hashing Algorithm"));
}

async function pbkdf2Derive(req: DeriveRequest, length: number): Promise<Uint8Array> {
  const password = need(req.data ?? keyBytes(req.key), "a password (Derivation Data)");
  const salt = need(req.salt, "Salt");
  const iterations = need(req.iterationCount, "Iteration Count");
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_ITERATIONS_MAX) {
    throw invalidField(`Iteration Count must be from 1 to ${PBKDF2_ITERATIONS_MAX}`);
  }
  const hash = prfHash(req.parameters, H.SHA_1);
  return new Promise((resolve, reject) => {
    pbkdf2(buf(password), buf(salt), iterations, length, hash.name, (err, out) =>
      err ? reject(cryptographicFailure("PBKDF2 failed", err)) : resolve(bytes(out)),
    );
  });
}

function hashDerive(req: DeriveRequest): Uint8Array {
  const key = keyBytes(req.key);
  if ((key === undefined) === (req.data === undefined)) {
    throw invalidField("HASH derives from a derivation key or from Derivation Data, exactly one of them");
  }
  const hash = prfHash({ hashing: need(req.parameters?.hashing, "a Hashing Algorithm") });
  return bytes(
    createHash(hash.name)
      .update(buf((key ?? req.data)!))
      .digest(),
  );
}

/** The HMAC algorithm and key for the HMAC method. */
function hmacParameters(req: DeriveRequest): { algorithm: number; key: Uint8Array; data: Uint8Array } {
  const key = need(keyBytes(req.key), "a derivation key");
  const data = need(req.data, "Derivation Data");
  if (req.keyAlgorithm !== undefined && hmacHash(req.keyAlgorithm) !== undefined) {
    return { algorithm: req.keyAlgorithm, key, data };
  }
  const hashing = need(req.parameters?.hashing, "a Hashing Algorithm (the key is no HMAC key)");
  return { algorithm: hmacAlgorithmFor(hashing), key, data };
}

function encryptDerive(req: DeriveRequest): Uint8Array {
  const key = need(keyBytes(req.key), "a derivation key");
  const data = need(req.data, "Derivation Data");
  const p = req.parameters ?? {};
  const algorithm = need(p.algorithm ?? req.keyAlgorithm, "a Cryptographic Algorithm");
  const params = { algorithm, mode: p.mode, padding: p.padding, tagLength: p.tagLength };
  const ivBytes = symmetricSpec(key.length, params).ivBytes;
  const iv = req.iv ?? (ivBytes > 0 ? new Uint8Array(ivBytes) : undefined);
  return encrypt(Object.assign({}, params, { key, iv, data })).data;
}

function agreementDerive(req: DeriveRequest): Uint8Array {
  const key = need(req.key, "a private key");
  const peer = need(req.peerKey, "the peer's public key");
  if (key instanceof Uint8Array || key.type !== "private")
    throw invalidField("Asymmetric Key derivation needs a private key");
  if (req.data !== undefined) throw invalidField("Asymmetric Key derivation takes no Derivation Data");
  return agreeSecret(key, peer, req.parameters?.algorithm);
}

async function hkdfDerive(req: DeriveRequest, length: number): Promise<Uint8Array> {
  const ikm = need(keyBytes(req.key), "a derivation key (input keying material)");
  const hash = prfHash(req.parameters, H.SHA_256);
  if (length > 255 * hash.bytes)
    throw cryptographicFailure("HKDF yields at most 255 hash lengths (RFC 5869 §2.3)");
  const salt = buf(req.salt ?? new Uint8Array(0));
  const info = buf(req.data ?? new Uint8Array(0));
  return new Promise((resolve, reject) => {
    hkdf(hash.name, buf(ikm), salt, info, length, (err, out) =>
      err ? reject(cryptographicFailure("HKDF failed", err)) : resolve(new Uint8Array(out)),
    );
  });
}
