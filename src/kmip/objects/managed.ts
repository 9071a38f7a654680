/**
 * Managed Objects — KMIP 1.4 §2.2 (Certificate … PGP Key); KMIP 2.1 §2 (adds Certificate
 * Request, drops Template).
 */

import {
  type Alternative,
  bigInteger,
  bytes,
  enumeration,
  integer,
  oneOf,
  opt,
  optOneOf,
  req,
  some,
  struct,
} from "../schema/index.js";
import { attribute1x } from "./attribute-codecs.js";
import { KeyBlock } from "./key-block.js";

/** Certificate — KMIP 1.4 §2.2.1 Table 45; KMIP 2.1 §2.1 Table 2. */
export const Certificate = struct("Certificate", "KMIP 1.4 §2.2.1; KMIP 2.1 §2.1", {
  certificateType: req("Certificate Type", enumeration),
  certificateValue: req("Certificate Value", bytes),
});

/** Certificate Request (KMIP 2.0+) — KMIP 2.1 §2.2 Table 3. */
export const CertificateRequest = struct("Certificate Request", "KMIP 2.1 §2.2", {
  certificateRequestType: req("Certificate Request Type", enumeration),
  certificateRequestValue: req("Certificate Request Value", bytes),
});

/** Opaque Object — KMIP 1.4 §2.2.8 Table 52; KMIP 2.1 §2.3 Table 4. */
export const OpaqueObject = struct("Opaque Object", "KMIP 1.4 §2.2.8; KMIP 2.1 §2.3", {
  opaqueDataType: req("Opaque Data Type", enumeration),
  opaqueDataValue: req("Opaque Data Value", bytes),
});

/** PGP Key (KMIP 1.2+) — KMIP 1.4 §2.2.9 Table 53; KMIP 2.1 §2.4 Table 5. */
export const PGPKey = struct("PGP Key", "KMIP 1.4 §2.2.9; KMIP 2.1 §2.4", {
  pgpKeyVersion: req("PGP Key Version", integer),
  keyBlock: req("Key Block", KeyBlock),
});

/** Private Key — KMIP 1.4 §2.2.4 Table 48; KMIP 2.1 §2.5 Table 6. */
export const PrivateKey = struct("Private Key", "KMIP 1.4 §2.2.4; KMIP 2.1 §2.5", {
  keyBlock: req("Key Block", KeyBlock),
});

/** Public Key — KMIP 1.4 §2.2.3 Table 47; KMIP 2.1 §2.6 Table 7. */
export const PublicKey = struct("Public Key", "KMIP 1.4 §2.2.3; KMIP 2.1 §2.6", {
  keyBlock: req("Key Block", KeyBlock),
});

/** Secret Data — KMIP 1.4 §2.2.7 Table 51; KMIP 2.1 §2.7 Table 8. */
export const SecretData = struct("Secret Data", "KMIP 1.4 §2.2.7; KMIP 2.1 §2.7", {
  secretDataType: req("Secret Data Type", enumeration),
  keyBlock: req("Key Block", KeyBlock),
});

/** Split Key — KMIP 1.4 §2.2.5 Table 49; KMIP 2.1 §2.8 Table 9. */
export const SplitKey = struct("Split Key", "KMIP 1.4 §2.2.5; KMIP 2.1 §2.8", {
  splitKeyParts: req("Split Key Parts", integer),
  keyPartIdentifier: req("Key Part Identifier", integer),
  splitKeyThreshold: req("Split Key Threshold", integer),
  splitKeyMethod: req("Split Key Method", enumeration),
  // "No, REQUIRED only if Split Key Method is Polynomial Sharing Prime Field."
  primeFieldSize: opt("Prime Field Size", bigInteger),
  keyBlock: req("Key Block", KeyBlock),
});

/** Symmetric Key — KMIP 1.4 §2.2.2 Table 46; KMIP 2.1 §2.9 Table 10. */
export const SymmetricKey = struct("Symmetric Key", "KMIP 1.4 §2.2.2; KMIP 2.1 §2.9", {
  keyBlock: req("Key Block", KeyBlock),
});

/** Template (KMIP 1.x only; deprecated in 1.3) — KMIP 1.4 §2.2.6 Table 50: Attribute, MAY be repeated. */
export const Template = struct("Template", "KMIP 1.4 §2.2.6", {
  attribute: some("Attribute", attribute1x),
});

/**
 * "Certificate, Symmetric Key, Private Key, Public Key, Split Key, Template, Secret Data or Opaque
 * Object" (KMIP 1.0 §4.3), plus PGP Key from 1.2 (1.4 §2.2.9); "Any Object (Section 2)" in 2.x,
 * which adds Certificate Request and has no Template.
 */
export const MANAGED_OBJECTS = {
  certificate: ["Certificate", Certificate],
  certificateRequest: ["Certificate Request", CertificateRequest, { since: 20 }],
  opaqueObject: ["Opaque Object", OpaqueObject],
  pgpKey: ["PGP Key", PGPKey, { since: 12 }],
  privateKey: ["Private Key", PrivateKey],
  publicKey: ["Public Key", PublicKey],
  secretData: ["Secret Data", SecretData],
  splitKey: ["Split Key", SplitKey],
  symmetricKey: ["Symmetric Key", SymmetricKey],
  template: ["Template", Template, { until: 20 }],
} as const satisfies Record<string, Alternative>;

/** The object field of Register, Get, Import, Export, Put: `{ type: "symmetricKey", value: … }`. */
export function managedObject() {
  return oneOf(MANAGED_OBJECTS);
}

export function optManagedObject() {
  return optOneOf(MANAGED_OBJECTS);
}
