/**
 * Quantum Safe (KMIP 2.0+; 2.1 §4.45): "a flag to be set to indicate an object is required to be
 * Quantum Safe for the given Protection Period and Protection Level". A server that cannot make
 * the object so refuses it (OASIS QS-M-2: Create of AES-128 with Quantum Safe true fails with
 * General Failure).
 *
 * The rule, by Cryptographic Algorithm:
 * - hash-based and code-based schemes (XMSS, SPHINCS-256, McEliece) resist a quantum adversary;
 * - symmetric ciphers and MAC keys lose half their strength to Grover's search, so a key is safe
 *   from 256 bits (128 bits of post-quantum strength), whatever Protection Level and Period;
 * - factoring, discrete-log and elliptic-curve schemes (RSA, DSA, DH, EC…) fall to Shor's
 *   algorithm, and anything else (DES, RC4, unknown algorithms) is not claimed safe.
 * An object without a Cryptographic Algorithm (Opaque Object, a Secret Data password) has no key
 * strength to judge and passes.
 */
import type { Attribute } from "../kmip/attributes.js";
import { CryptographicAlgorithm as A } from "../kmip/generated/enums.js";
import { firstValue } from "./attribute-list.js";

/** Post-quantum schemes: safe at any length the algorithm defines. */
const POST_QUANTUM = new Set<number>([
  A.XMSS,
  A.SPHINCS_256,
  A.McEliece,
  A.McEliece_6960119,
  A.McEliece_8192128,
]);

/** Symmetric ciphers and keyed MACs whose strength is their key length. */
const SYMMETRIC = new Set<number>([
  A.AES,
  A.Camellia,
  A.ARIA,
  A.SEED,
  A.SM4,
  A.Twofish,
  A.ChaCha20,
  A.ChaCha20Poly1305,
  A.GOSTR34_13_2015,
  A.HMAC_SHA256,
  A.HMAC_SHA384,
  A.HMAC_SHA512,
  A.HMAC_SHA3_256,
  A.HMAC_SHA3_384,
  A.HMAC_SHA3_512,
]);

/** Key bits for 128 bits of strength against Grover's search. */
export const QUANTUM_SAFE_SYMMETRIC_BITS_MIN = 256;

/** Whether a key of this algorithm and length is Quantum Safe (undefined algorithm: no key to judge). */
export function isQuantumSafe(algorithm: number | undefined, lengthBits: number | undefined): boolean {
  if (algorithm === undefined) return true;
  if (POST_QUANTUM.has(algorithm)) return true;
  if (!SYMMETRIC.has(algorithm)) return false;
  return lengthBits !== undefined && lengthBits >= QUANTUM_SAFE_SYMMETRIC_BITS_MIN;
}

/**
 * Why an object with these attributes cannot be stored, or undefined when it can: only an object
 * whose Quantum Safe attribute is true is judged.
 */
export function quantumSafeRefusal(
  attributes: readonly Attribute[],
  algorithm: number | undefined,
  lengthBits: number | undefined,
): string | undefined {
  if (firstValue(attributes, "Quantum Safe") !== true) return undefined;
  if (isQuantumSafe(algorithm, lengthBits)) return undefined;
  const what = algorithm === undefined ? "the key" : `this ${lengthBits ?? "?"}-bit key`;
  return `NOT_SAFE: ${what} is not Quantum Safe (2.1 §4.45): use a post-quantum scheme or a symmetric key of ${QUANTUM_SAFE_SYMMETRIC_BITS_MIN} bits or more`;
}
