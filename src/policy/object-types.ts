/**
 * The groups of object types that the attribute rule tables name in their "Applies to Object
 * Types" row (KMIP 1.4 §3, KMIP 2.1 §4), and the object types each version knows.
 *
 * KMIP 1.x (1.4 §2.2): "Managed Cryptographic Objects are the subset of Managed Objects that
 * contain cryptographic material (e.g., certificates, keys, and secret data)" — so Templates and
 * Opaque Objects are Managed Objects but not Cryptographic ones. KMIP 2.0 made almost every
 * attribute apply to "All Objects".
 */
import { ObjectType } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";

export type ObjectTypeList = readonly number[];

const {
  Certificate,
  SymmetricKey,
  PublicKey,
  PrivateKey,
  SplitKey,
  Template,
  SecretData,
  OpaqueObject,
  PGPKey,
  CertificateRequest,
} = ObjectType;

/** "All Objects". */
export const ALL_OBJECTS: ObjectTypeList = Object.values(ObjectType);
/** "All Cryptographic Objects" / "Managed Cryptographic Objects" (1.4 §2.2; 2.1 §2.2 adds Certificate Request). */
export const CRYPTOGRAPHIC_OBJECTS: ObjectTypeList = [
  Certificate,
  SymmetricKey,
  PublicKey,
  PrivateKey,
  SplitKey,
  SecretData,
  PGPKey,
  CertificateRequest,
];
/** "Keys" (1.4 §3.4): the key objects; a PGP Key holds key blocks too (1.2 §2.2.9). */
export const KEYS: ObjectTypeList = [SymmetricKey, PublicKey, PrivateKey, SplitKey, PGPKey];
/** "Asymmetric Keys" (1.4 §3.7). */
export const ASYMMETRIC_KEYS: ObjectTypeList = [PublicKey, PrivateKey];
/** "Certificates" (1.4 §3.8); "Certificates, PGP keys" (1.2+ §3.16). */
export const CERTIFICATES: ObjectTypeList = [Certificate];
export const CERTIFICATES_AND_PGP_KEYS: ObjectTypeList = [Certificate, PGPKey];
/** "Symmetric Keys, Split Keys of symmetric keys" (1.4 §3.25–3.26). */
export const SYMMETRIC_KEYS: ObjectTypeList = [SymmetricKey, SplitKey];
/** "Symmetric Key, Private Key, Split Key, Secret Data": objects with a secret Key Value (1.4 §3.41–3.42). */
export const SECRET_KEY_VALUES: ObjectTypeList = [SymmetricKey, PrivateKey, SplitKey, SecretData];
export const OPAQUE_OBJECTS: ObjectTypeList = [OpaqueObject];
export const TEMPLATES: ObjectTypeList = [Template];

/** The union of groups, without repeats. */
export function objectTypes(...groups: ObjectTypeList[]): ObjectTypeList {
  return [...new Set(groups.flat())];
}

/**
 * Whether `version` knows the object type: Template is deprecated in 1.3 and gone in 2.0,
 * PGP Key arrives in 1.2 (§2.2.9), Certificate Request in 2.0 (2.0 §2.2).
 */
export function objectTypeInVersion(objectType: number, version: KmipVersion): boolean {
  if (objectType === Template) return version < 20;
  if (objectType === PGPKey) return version >= 12;
  if (objectType === CertificateRequest) return version >= 20;
  return ALL_OBJECTS.includes(objectType);
}

/** Cryptographic objects in the sense of the state machine (1.4 §3.22 "Applies to"). */
export function isCryptographicObject(objectType: number): boolean {
  return CRYPTOGRAPHIC_OBJECTS.includes(objectType);
}
