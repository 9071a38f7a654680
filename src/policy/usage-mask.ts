/**
 * The Cryptographic Usage Mask (1.4 §3.19, 2.1 §4.17): "a bit mask that indicates to the client
 * which cryptographic functions MAY be performed using the key, and which ones SHALL NOT be
 * performed". Operations ask `requireUsage` before using a key; creating operations ask
 * `defaultUsageMask` when a client left the mask out.
 *
 * Leniency, decided here:
 *  - KMIP 1.x Create lists the mask as REQUIRED (1.4 §4.1 Table 165) and Register too (Table 171),
 *    but real clients omit it (OpenStack Barbican's Create, MongoDB's Secret Data) and KMIP 2.x
 *    says "KMIP servers SHALL supply values for these attributes if the client omits them"
 *    (2.1 §4 Table 28). So a missing mask is never refused: the server default below applies, in
 *    every version.
 *  - A mask of 0 is a value like any other (libmongocrypt registers its Secret Data with 0); it
 *    allows no server-side cryptography, and Get is never gated by the mask.
 */
import type { Attribute } from "../kmip/attributes.js";
import { CryptographicAlgorithm as A, ObjectType } from "../kmip/generated/enums.js";
import { CryptographicUsageMask as M } from "../kmip/generated/masks.js";
import type { KmipVersion } from "../kmip/version.js";
import { firstValue } from "./attribute-list.js";
import { type CryptoPurpose, PURPOSES } from "./crypto-use.js";
import { incompatibleUsage, invalidValue } from "./reasons.js";

/** The mask of the object, or undefined when it has none. */
export function usageMaskOf(attributes: readonly Attribute[]): number | undefined {
  const mask = firstValue(attributes, "Cryptographic Usage Mask");
  return typeof mask === "number" ? mask : undefined;
}

/** Whether `mask` allows every bit of `bits`. 2.x "Unrestricted": "contains no Usage Restrictions" (2.1 §12.1). */
export function maskAllows(mask: number | undefined, bits: number): boolean {
  if (mask === undefined) return false;
  if ((mask & M.Unrestricted) !== 0) return true;
  return (mask & bits) >>> 0 === bits >>> 0;
}

/**
 * Refuses when the object's mask lacks a bit of `bits` (1.4 §3.19; "SHALL only be used for all
 * cryptographic purposes that are allowed by its Cryptographic Usage Mask", §3.22). An object
 * without a mask allows nothing. 1.x: Permission Denied; 2.x: Incompatible Cryptographic Usage Mask.
 */
export function requireUsage(
  obj: { readonly attributes: readonly Attribute[] },
  bits: number,
  version: KmipVersion,
): void {
  if (maskAllows(usageMaskOf(obj.attributes), bits)) return;
  throw incompatibleUsage(version, "the Cryptographic Usage Mask does not allow this use");
}

/** `requireUsage` with the bit of an operation (Encrypt needs Encrypt, MAC needs MAC Generate …). */
export function requireUsageFor(
  obj: { readonly attributes: readonly Attribute[] },
  purpose: CryptoPurpose,
  version: KmipVersion,
): void {
  requireUsage(obj, PURPOSES[purpose].usage, version);
}

const HMAC = new Set<number>([
  A.HMAC_SHA1,
  A.HMAC_SHA224,
  A.HMAC_SHA256,
  A.HMAC_SHA384,
  A.HMAC_SHA512,
  A.HMAC_MD5,
  A.HMAC_SHA3_224,
  A.HMAC_SHA3_256,
  A.HMAC_SHA3_384,
  A.HMAC_SHA3_512,
]);

/**
 * The server's default mask when a creating request has none (2.1 §4 Table 28 requires one for
 * Symmetric, Private and Public Keys, Certificates, Split Keys and Secret Data; the values are the
 * server's choice and Query reports them). Encrypt|Decrypt is what MongoDB, Percona and the OASIS
 * SKLC profiles ask for; HMAC keys MAC. Secret Data gets 0, what libmongocrypt sends. Opaque
 * Objects and Templates get none ("Yes (Except for Opaque Object)", 2.1 §4.17).
 */
export function defaultUsageMask(objectType: number, algorithm?: number): number | undefined {
  switch (objectType) {
    case ObjectType.SymmetricKey:
    case ObjectType.SplitKey:
      return algorithm !== undefined && HMAC.has(algorithm)
        ? M.MACGenerate | M.MACVerify
        : M.Encrypt | M.Decrypt;
    case ObjectType.PrivateKey:
      return M.Sign;
    case ObjectType.PublicKey:
    case ObjectType.Certificate:
      return M.Verify;
    case ObjectType.PGPKey:
      return M.Sign | M.Verify;
    case ObjectType.SecretData:
    case ObjectType.CertificateRequest:
      return 0;
    default:
      return undefined;
  }
}

/** A mask is a 32-bit Integer (1.4 §9.1.3.3, 2.1 §12); anything else is refused. */
export function checkUsageMaskValue(mask: unknown, version: KmipVersion): number {
  if (typeof mask !== "number" || !Number.isInteger(mask) || mask < -0x80000000 || mask > 0xffffffff)
    throw invalidValue(version, "Cryptographic Usage Mask must be a 32-bit integer");
  return mask >>> 0;
}
