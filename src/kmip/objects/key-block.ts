/**
 * Key Block and what it holds: Key Value, Key Material (by Key Format Type), Key Wrapping Data,
 * and the Key Wrapping Specification a Get or Export asks for.
 * KMIP 1.4 §2.1.3–2.1.7; KMIP 2.1 §3.1–3.12 (objects) and §7.18 (Key Wrapping Specification).
 */

import {
  anyItem,
  bigInteger,
  bytes,
  bytesOr,
  enumeration,
  identifier,
  integer,
  many,
  opt,
  req,
  struct,
  text,
  variant,
} from "../schema/index.js";
import { attributeList } from "./attribute-fields.js";
import { CryptographicParameters } from "./attribute-values.js";

const TRANSPARENT = "KMIP 1.4 §2.1.7; KMIP 2.1 §3.4–3.12";

/** Transparent Symmetric Key — KMIP 1.4 §2.1.7.1; KMIP 2.1 §3.4 Table 18. */
export const TransparentSymmetricKey = struct("Key Material", TRANSPARENT, { key: req("Key", bytes) });

/** Transparent DSA Private Key — KMIP 1.4 §2.1.7.2; KMIP 2.1 §3.5 Table 19. */
export const TransparentDSAPrivateKey = struct("Key Material", TRANSPARENT, {
  p: req("P", bigInteger),
  q: req("Q", bigInteger),
  g: req("G", bigInteger),
  x: req("X", bigInteger),
});

/** Transparent DSA Public Key — KMIP 1.4 §2.1.7.3; KMIP 2.1 §3.6 Table 20. */
export const TransparentDSAPublicKey = struct("Key Material", TRANSPARENT, {
  p: req("P", bigInteger),
  q: req("Q", bigInteger),
  g: req("G", bigInteger),
  y: req("Y", bigInteger),
});

/** Transparent RSA Private Key — KMIP 1.4 §2.1.7.4; KMIP 2.1 §3.7 Table 21. */
export const TransparentRSAPrivateKey = struct("Key Material", TRANSPARENT, {
  modulus: req("Modulus", bigInteger),
  privateExponent: opt("Private Exponent", bigInteger),
  publicExponent: opt("Public Exponent", bigInteger),
  p: opt("P", bigInteger),
  q: opt("Q", bigInteger),
  primeExponentP: opt("Prime Exponent P", bigInteger),
  primeExponentQ: opt("Prime Exponent Q", bigInteger),
  crtCoefficient: opt("CRT Coefficient", bigInteger),
});

/** Transparent RSA Public Key — KMIP 1.4 §2.1.7.5; KMIP 2.1 §3.8 Table 22. */
export const TransparentRSAPublicKey = struct("Key Material", TRANSPARENT, {
  modulus: req("Modulus", bigInteger),
  publicExponent: req("Public Exponent", bigInteger),
});

/** Transparent DH Private Key — KMIP 1.4 §2.1.7.6; KMIP 2.1 §3.9 Table 23. */
export const TransparentDHPrivateKey = struct("Key Material", TRANSPARENT, {
  p: req("P", bigInteger),
  q: opt("Q", bigInteger),
  g: req("G", bigInteger),
  j: opt("J", bigInteger),
  x: req("X", bigInteger),
});

/** Transparent DH Public Key — KMIP 1.4 §2.1.7.7; KMIP 2.1 §3.10 Table 24. */
export const TransparentDHPublicKey = struct("Key Material", TRANSPARENT, {
  p: req("P", bigInteger),
  q: opt("Q", bigInteger),
  g: req("G", bigInteger),
  j: opt("J", bigInteger),
  y: req("Y", bigInteger),
});

/** Transparent EC (and 1.x ECDSA/ECDH/ECMQV) Private Key — KMIP 1.4 §2.1.7.8–2.1.7.14; KMIP 2.1 §3.11. */
export const TransparentECPrivateKey = struct("Key Material", TRANSPARENT, {
  recommendedCurve: req("Recommended Curve", enumeration),
  d: req("D", bigInteger),
});

/** Transparent EC (and 1.x ECDSA/ECDH/ECMQV) Public Key — KMIP 1.4 §2.1.7.9–2.1.7.15; KMIP 2.1 §3.12. */
export const TransparentECPublicKey = struct("Key Material", TRANSPARENT, {
  recommendedCurve: req("Recommended Curve", enumeration),
  qString: req("Q String", bytes),
});

/**
 * Key Material — a Byte String for Raw, Opaque, PKCS#1, PKCS#8, ECPrivateKey (and any wrapped
 * material), a structure for the Transparent formats, chosen by the Key Block's Key Format Type
 * (KMIP 1.4 §2.1.4 Table 8; KMIP 2.1 §3.2 Table 13). A structure of an extension format is kept raw.
 */
export const KeyMaterial = bytesOr(
  variant(
    "keyFormatType",
    "Key Format Type",
    {
      "Transparent Symmetric Key": TransparentSymmetricKey,
      "Transparent DSA Private Key": TransparentDSAPrivateKey,
      "Transparent DSA Public Key": TransparentDSAPublicKey,
      "Transparent RSA Private Key": TransparentRSAPrivateKey,
      "Transparent RSA Public Key": TransparentRSAPublicKey,
      "Transparent DH Private Key": TransparentDHPrivateKey,
      "Transparent DH Public Key": TransparentDHPublicKey,
      "Transparent ECDSA Private Key": TransparentECPrivateKey,
      "Transparent ECDSA Public Key": TransparentECPublicKey,
      "Transparent ECDH Private Key": TransparentECPrivateKey,
      "Transparent ECDH Public Key": TransparentECPublicKey,
      "Transparent ECMQV Private Key": TransparentECPrivateKey,
      "Transparent ECMQV Public Key": TransparentECPublicKey,
      "Transparent EC Private Key": TransparentECPrivateKey,
      "Transparent EC Public Key": TransparentECPublicKey,
    },
    anyItem,
  ),
);

/** Key Value — KMIP 1.4 §2.1.4 Table 8 (Attribute, MAY be repeated); KMIP 2.1 §3.2 Table 13 (Attributes). */
export const KeyValue = struct("Key Value", "KMIP 1.4 §2.1.4; KMIP 2.1 §3.2", {
  keyMaterial: req("Key Material", KeyMaterial),
  attributes: attributeList(),
});

/** Encryption Key Information — KMIP 1.4 §2.1.5 Table 10; KMIP 2.1 §3.3 Table 16. */
export const EncryptionKeyInformation = struct(
  "Encryption Key Information",
  "KMIP 1.4 §2.1.5; KMIP 2.1 §3.3",
  {
    uniqueIdentifier: req("Unique Identifier", identifier),
    cryptographicParameters: opt("Cryptographic Parameters", CryptographicParameters),
  },
);

/** MAC/Signature Key Information — KMIP 1.4 §2.1.5 Table 11; KMIP 2.1 §3.3 Table 17. */
export const MACSignatureKeyInformation = struct(
  "MAC/Signature Key Information",
  "KMIP 1.4 §2.1.5; KMIP 2.1 §3.3",
  {
    uniqueIdentifier: req("Unique Identifier", identifier),
    cryptographicParameters: opt("Cryptographic Parameters", CryptographicParameters),
  },
);

/** Key Wrapping Data — KMIP 1.0 §2.1.5; 1.1 adds Encoding Option; KMIP 2.1 §3.3 Table 15. */
export const KeyWrappingData = struct("Key Wrapping Data", "KMIP 1.4 §2.1.5; KMIP 2.1 §3.3", {
  wrappingMethod: req("Wrapping Method", enumeration),
  encryptionKeyInformation: opt("Encryption Key Information", EncryptionKeyInformation),
  macSignatureKeyInformation: opt("MAC/Signature Key Information", MACSignatureKeyInformation),
  macSignature: opt("MAC/Signature", bytes),
  ivCounterNonce: opt("IV/Counter/Nonce", bytes),
  encodingOption: opt("Encoding Option", enumeration, { since: 11 }),
});

/** Key Wrapping Specification — KMIP 1.0 §2.1.6; 1.1 adds Encoding Option; KMIP 2.1 §7.18 Table 370. */
export const KeyWrappingSpecification = struct(
  "Key Wrapping Specification",
  "KMIP 1.4 §2.1.6; KMIP 2.1 §7.18",
  {
    wrappingMethod: req("Wrapping Method", enumeration),
    encryptionKeyInformation: opt("Encryption Key Information", EncryptionKeyInformation),
    macSignatureKeyInformation: opt("MAC/Signature Key Information", MACSignatureKeyInformation),
    attributeName: many("Attribute Name", text),
    encodingOption: opt("Encoding Option", enumeration, { since: 11 }),
  },
);

/**
 * Key Block — KMIP 1.0 §2.1.3 (Key Value REQUIRED); 1.2 makes Key Value optional; KMIP 2.1 §3.1
 * Table 12. Cryptographic Algorithm and Length are "Yes. MAY be omitted only if this information
 * is available from the Key Value", so optional here. Key Format Type selects the Key Material.
 */
export const KeyBlock = struct("Key Block", "KMIP 1.4 §2.1.3; KMIP 2.1 §3.1", {
  keyFormatType: req("Key Format Type", enumeration, { as: "keyFormatType" }),
  keyCompressionType: opt("Key Compression Type", enumeration),
  keyValue: opt("Key Value", bytesOr(KeyValue)),
  cryptographicAlgorithm: opt("Cryptographic Algorithm", enumeration),
  cryptographicLength: opt("Cryptographic Length", integer),
  keyWrappingData: opt("Key Wrapping Data", KeyWrappingData),
});
