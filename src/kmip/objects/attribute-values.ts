/**
 * Structures that are the values of attributes (KMIP 1.x §3, KMIP 2.x §4) and that requests
 * also carry on their own (Cryptographic Parameters in Encrypt, Revocation Reason in Revoke).
 * A field that the spec marks "Yes, if …" (conditionally required) is optional here: decoding
 * stays lenient and the operation checks the condition.
 */
import {
  boolean,
  bytes,
  enumeration,
  identifier,
  integer,
  longInteger,
  many,
  opt,
  req,
  struct,
  text,
} from "../schema/index.js";

/** Name — KMIP 1.0–1.4 §3.2 (Table 55 in 1.4); KMIP 2.x §4.32 (2.1 Table 93). */
export const Name = struct("Name", "KMIP 1.4 §3.2; KMIP 2.1 §4.32", {
  nameValue: req("Name Value", text),
  nameType: req("Name Type", enumeration),
});

/**
 * Cryptographic Parameters — KMIP 1.0 §3.6 (four fields); 1.2 adds Digital Signature Algorithm
 * to Initial Counter Value; 1.4 §3.6 adds Salt Length to Trailer Field; KMIP 2.1 §4.16 Table 59.
 */
export const CryptographicParameters = struct("Cryptographic Parameters", "KMIP 1.4 §3.6; KMIP 2.1 §4.16", {
  blockCipherMode: opt("Block Cipher Mode", enumeration),
  paddingMethod: opt("Padding Method", enumeration),
  hashingAlgorithm: opt("Hashing Algorithm", enumeration),
  keyRoleType: opt("Key Role Type", enumeration),
  digitalSignatureAlgorithm: opt("Digital Signature Algorithm", enumeration, { since: 12 }),
  cryptographicAlgorithm: opt("Cryptographic Algorithm", enumeration, { since: 12 }),
  randomIV: opt("Random IV", boolean, { since: 12 }),
  ivLength: opt("IV Length", integer, { since: 12 }),
  tagLength: opt("Tag Length", integer, { since: 12 }),
  fixedFieldLength: opt("Fixed Field Length", integer, { since: 12 }),
  invocationFieldLength: opt("Invocation Field Length", integer, { since: 12 }),
  counterLength: opt("Counter Length", integer, { since: 12 }),
  initialCounterValue: opt("Initial Counter Value", integer, { since: 12 }),
  saltLength: opt("Salt Length", integer, { since: 14 }),
  maskGenerator: opt("Mask Generator", enumeration, { since: 14 }),
  maskGeneratorHashingAlgorithm: opt("Mask Generator Hashing Algorithm", enumeration, { since: 14 }),
  pSource: opt("P Source", bytes, { since: 14 }),
  trailerField: opt("Trailer Field", integer, { since: 14 }),
});

/** Cryptographic Domain Parameters — KMIP 1.4 §3.7; KMIP 2.1 §4.14 Table 55. */
export const CryptographicDomainParameters = struct(
  "Cryptographic Domain Parameters",
  "KMIP 1.4 §3.7; KMIP 2.1 §4.14",
  {
    qlength: opt("Qlength", integer),
    recommendedCurve: opt("Recommended Curve", enumeration),
  },
);

/** Certificate Identifier — KMIP 1.0 §3.9 (deprecated in 1.1, gone in 2.0). */
export const CertificateIdentifier = struct("Certificate Identifier", "KMIP 1.0 §3.9; KMIP 1.4 §3.13", {
  issuer: req("Issuer", text),
  // "Yes (for X.509 certificates) / No (for PGP certificates)".
  serialNumber: opt("Serial Number", text),
});

/** Certificate Subject — KMIP 1.0 §3.10 (deprecated in 1.1, gone in 2.0). */
export const CertificateSubject = struct("Certificate Subject", "KMIP 1.0 §3.10; KMIP 1.4 §3.14", {
  certificateSubjectDistinguishedName: req("Certificate Subject Distinguished Name", text),
  certificateSubjectAlternativeName: many("Certificate Subject Alternative Name", text),
});

/** Certificate Issuer — KMIP 1.0 §3.11 (deprecated in 1.1, gone in 2.0). */
export const CertificateIssuer = struct("Certificate Issuer", "KMIP 1.0 §3.11; KMIP 1.4 §3.15", {
  certificateIssuerDistinguishedName: req("Certificate Issuer Distinguished Name", text),
  certificateIssuerAlternativeName: many("Certificate Issuer Alternative Name", text),
});

/** X.509 Certificate Identifier — KMIP 1.1 §3.10; KMIP 2.1 §4.61 Table 151. */
export const X509CertificateIdentifier = struct(
  "X.509 Certificate Identifier",
  "KMIP 1.4 §3.10; KMIP 2.1 §4.61",
  {
    issuerDistinguishedName: req("Issuer Distinguished Name", bytes),
    certificateSerialNumber: req("Certificate Serial Number", bytes),
  },
);

/** X.509 Certificate Subject — KMIP 1.1 §3.11; KMIP 2.1 §4.63 Table 155. */
export const X509CertificateSubject = struct("X.509 Certificate Subject", "KMIP 1.4 §3.11; KMIP 2.1 §4.63", {
  subjectDistinguishedName: req("Subject Distinguished Name", bytes),
  // "Yes, if the Subject Distinguished Name is an empty string."
  subjectAlternativeName: many("Subject Alternative Name", bytes),
});

/** X.509 Certificate Issuer — KMIP 1.1 §3.12; KMIP 2.1 §4.62 Table 153. */
export const X509CertificateIssuer = struct("X.509 Certificate Issuer", "KMIP 1.4 §3.12; KMIP 2.1 §4.62", {
  issuerDistinguishedName: req("Issuer Distinguished Name", bytes),
  issuerAlternativeName: many("Issuer Alternative Name", bytes),
});

/** Digest — KMIP 1.0 §3.12 (two fields); 1.1 §3.17 adds Key Format Type; KMIP 2.1 §4.21 Table 69. */
export const Digest = struct("Digest", "KMIP 1.4 §3.17; KMIP 2.1 §4.21", {
  hashingAlgorithm: req("Hashing Algorithm", enumeration),
  // "Yes, if the server has access to the Digest Value or the Key Material …"
  digestValue: opt("Digest Value", bytes),
  // "Yes, if the Managed Object is a key or secret data object."
  keyFormatType: opt("Key Format Type", enumeration, { since: 11 }),
});

/** Usage Limits — KMIP 1.0 §3.16; KMIP 1.4 §3.21; KMIP 2.1 §7.40 Table 392. */
export const UsageLimits = struct("Usage Limits", "KMIP 1.4 §3.21; KMIP 2.1 §7.40", {
  usageLimitsTotal: req("Usage Limits Total", longInteger),
  // The server fills the count; a client may leave it out when setting the limit.
  usageLimitsCount: opt("Usage Limits Count", longInteger),
  usageLimitsUnit: req("Usage Limits Unit", enumeration),
});

/** Revocation Reason — KMIP 1.4 §3.31; KMIP 2.1 §4.47 Table 123. */
export const RevocationReason = struct("Revocation Reason", "KMIP 1.4 §3.31; KMIP 2.1 §4.47", {
  revocationReasonCode: req("Revocation Reason Code", enumeration),
  revocationMessage: opt("Revocation Message", text),
});

/** Link — KMIP 1.4 §3.35; KMIP 2.1 §4.31 Table 91 (the identifier may be a reference from 2.0). */
export const Link = struct("Link", "KMIP 1.4 §3.35; KMIP 2.1 §4.31", {
  linkType: req("Link Type", enumeration),
  linkedObjectIdentifier: req("Linked Object Identifier", identifier),
});

/** Application Specific Information — KMIP 1.0 §3.30 (data required); 1.1+ data optional; KMIP 2.1 §4.4. */
export const ApplicationSpecificInformation = struct(
  "Application Specific Information",
  "KMIP 1.4 §3.36; KMIP 2.1 §4.4",
  {
    applicationNamespace: req("Application Namespace", text),
    applicationData: opt("Application Data", text),
  },
);

/** Alternative Name — KMIP 1.2 §3.40; KMIP 2.1 §4.2 Table 31. */
export const AlternativeName = struct("Alternative Name", "KMIP 1.4 §3.40; KMIP 2.1 §4.2", {
  alternativeNameValue: req("Alternative Name Value", text),
  alternativeNameType: req("Alternative Name Type", enumeration),
});

/** Key Value Location — KMIP 1.2 §3.42; KMIP 2.1 §4.27 Table 82. */
export const KeyValueLocation = struct("Key Value Location", "KMIP 1.4 §3.42; KMIP 2.1 §4.27", {
  keyValueLocationValue: req("Key Value Location Value", text),
  keyValueLocationType: req("Key Value Location Type", enumeration),
});

/** RNG Parameters — KMIP 1.3 §2.1.18; KMIP 2.1 §7.36 Table 388 (the Random Number Generator attribute). */
export const RNGParameters = struct("RNG Parameters", "KMIP 1.4 §2.1.18; KMIP 2.1 §7.36", {
  rngAlgorithm: req("RNG Algorithm", enumeration),
  cryptographicAlgorithm: opt("Cryptographic Algorithm", enumeration),
  cryptographicLength: opt("Cryptographic Length", integer),
  hashingAlgorithm: opt("Hashing Algorithm", enumeration),
  drbgAlgorithm: opt("DRBG Algorithm", enumeration),
  recommendedCurve: opt("Recommended Curve", enumeration),
  fips186Variation: opt("FIPS186 Variation", enumeration),
  predictionResistance: opt("Prediction Resistance", boolean),
});

/** Rotate Name — KMIP 2.1 §4.53 Table 135. */
export const RotateName = struct("Rotate Name", "KMIP 2.1 §4.53", {
  rotateNameValue: req("Rotate Name Value", text),
  rotateNameType: req("Rotate Name Type", enumeration),
});
