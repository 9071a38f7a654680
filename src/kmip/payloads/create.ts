/**
 * Operations that make new objects: Create, Create Key Pair, Register, Re-key, Re-key Key Pair,
 * Derive Key, Certify, Re-certify, Re-Provision.
 *
 * KMIP 1.x carries attributes in a Template-Attribute and 2.x in Attributes (one canonical list,
 * see `attributes.ts`); 1.x responses may return "attributes implicitly set by the server",
 * which 2.x dropped; 2.x adds Protection Storage Masks.
 */

import { ProtectionStorageMasks } from "../objects/access.js";
import { optTemplateAttributes, reqTemplateAttributes } from "../objects/attribute-fields.js";
import { CryptographicParameters } from "../objects/attribute-values.js";
import { Certificate, CertificateRequest, managedObject } from "../objects/managed.js";
import {
  bytes,
  enumeration,
  form,
  type Infer,
  identifier,
  integer,
  interval,
  opt,
  optForms,
  req,
  some,
  struct,
  text,
} from "../schema/index.js";
import { optUid, payloads, reqUid, request, response } from "./common.js";

const psm = (name = "Protection Storage Masks") => opt(name, ProtectionStorageMasks, { since: 20 });

/** Create — KMIP 1.0 §4.1 (1.4 Tables 163–164); KMIP 2.1 §6.1.8 Tables 186–187. */
export const CreateRequest = request("KMIP 1.4 §4.1; KMIP 2.1 §6.1.8", {
  objectType: req("Object Type", enumeration),
  attributes: reqTemplateAttributes(),
  protectionStorageMasks: psm(),
});
export type CreateRequest = Infer<typeof CreateRequest>;
export const CreateResponse = response("KMIP 1.4 §4.1; KMIP 2.1 §6.1.8", {
  objectType: req("Object Type", enumeration),
  uniqueIdentifier: reqUid(),
  attributes: optTemplateAttributes("", true),
});
export type CreateResponse = Infer<typeof CreateResponse>;

/** Create Key Pair — KMIP 1.4 §4.2 Tables 166–167; KMIP 2.1 §6.1.9 Tables 189–190. */
export const CreateKeyPairRequest = request("KMIP 1.4 §4.2; KMIP 2.1 §6.1.9", {
  commonAttributes: optTemplateAttributes("Common "),
  privateKeyAttributes: optTemplateAttributes("Private Key "),
  publicKeyAttributes: optTemplateAttributes("Public Key "),
  commonProtectionStorageMasks: psm("Common Protection Storage Masks"),
  privateProtectionStorageMasks: psm("Private Protection Storage Masks"),
  publicProtectionStorageMasks: psm("Public Protection Storage Masks"),
});
export type CreateKeyPairRequest = Infer<typeof CreateKeyPairRequest>;
export const CreateKeyPairResponse = response("KMIP 1.4 §4.2; KMIP 2.1 §6.1.9", {
  privateKeyUniqueIdentifier: req("Private Key Unique Identifier", text),
  publicKeyUniqueIdentifier: req("Public Key Unique Identifier", text),
  privateKeyAttributes: optTemplateAttributes("Private Key ", true),
  publicKeyAttributes: optTemplateAttributes("Public Key ", true),
});
export type CreateKeyPairResponse = Infer<typeof CreateKeyPairResponse>;

/** Register — KMIP 1.4 §4.3 Tables 169–170; KMIP 2.1 §6.1.43 Tables 291–292. */
export const RegisterRequest = request("KMIP 1.4 §4.3; KMIP 2.1 §6.1.43", {
  objectType: req("Object Type", enumeration),
  attributes: reqTemplateAttributes(),
  object: managedObject(),
  protectionStorageMasks: psm(),
});
export type RegisterRequest = Infer<typeof RegisterRequest>;
export const RegisterResponse = response("KMIP 1.4 §4.3; KMIP 2.1 §6.1.43", {
  uniqueIdentifier: reqUid(),
  attributes: optTemplateAttributes("", true),
});
export type RegisterResponse = Infer<typeof RegisterResponse>;

/** Re-key — KMIP 1.4 §4.4 Tables 174–175; KMIP 2.1 §6.1.46 Tables 305–306. */
export const ReKeyRequest = request("KMIP 1.4 §4.4; KMIP 2.1 §6.1.46", {
  uniqueIdentifier: optUid(),
  offset: opt("Offset", interval),
  attributes: optTemplateAttributes(),
  protectionStorageMasks: psm(),
});
export type ReKeyRequest = Infer<typeof ReKeyRequest>;
export const ReKeyResponse = response("KMIP 1.4 §4.4; KMIP 2.1 §6.1.46", {
  uniqueIdentifier: reqUid(),
  attributes: optTemplateAttributes("", true),
});
export type ReKeyResponse = Infer<typeof ReKeyResponse>;

/** Re-key Key Pair (KMIP 1.1+) — KMIP 1.4 §4.5 Tables 178–179; KMIP 2.1 §6.1.47 Tables 310–311. */
export const ReKeyKeyPairRequest = request("KMIP 1.4 §4.5; KMIP 2.1 §6.1.47", {
  privateKeyUniqueIdentifier: opt("Private Key Unique Identifier", text),
  offset: opt("Offset", interval),
  commonAttributes: optTemplateAttributes("Common "),
  privateKeyAttributes: optTemplateAttributes("Private Key "),
  publicKeyAttributes: optTemplateAttributes("Public Key "),
  commonProtectionStorageMasks: psm("Common Protection Storage Masks"),
  privateProtectionStorageMasks: psm("Private Protection Storage Masks"),
  publicProtectionStorageMasks: psm("Public Protection Storage Masks"),
});
export type ReKeyKeyPairRequest = Infer<typeof ReKeyKeyPairRequest>;
export const ReKeyKeyPairResponse = CreateKeyPairResponse;
export type ReKeyKeyPairResponse = Infer<typeof ReKeyKeyPairResponse>;

/**
 * Derivation Parameters — KMIP 1.4 §4.6 Tables 182–183 (PBKDF2 adds Salt and Iteration Count);
 * KMIP 2.1 §7.12 Table 364. Derivation Data is "Yes, unless the Unique Identifier of a Secret
 * Data object is provided", so optional here.
 */
export const DerivationParameters = struct("Derivation Parameters", "KMIP 1.4 §4.6; KMIP 2.1 §7.12", {
  cryptographicParameters: opt("Cryptographic Parameters", CryptographicParameters),
  initializationVector: opt("Initialization Vector", bytes),
  derivationData: opt("Derivation Data", bytes),
  salt: opt("Salt", bytes),
  iterationCount: opt("Iteration Count", integer),
});

/** Derive Key — KMIP 1.4 §4.6 Tables 180–181; KMIP 2.1 §6.1.14 Tables 205–206. */
export const DeriveKeyRequest = request("KMIP 1.4 §4.6; KMIP 2.1 §6.1.14", {
  objectType: req("Object Type", enumeration),
  uniqueIdentifier: some("Unique Identifier", identifier),
  derivationMethod: req("Derivation Method", enumeration),
  derivationParameters: req("Derivation Parameters", DerivationParameters),
  attributes: reqTemplateAttributes(),
});
export type DeriveKeyRequest = Infer<typeof DeriveKeyRequest>;
export const DeriveKeyResponse = response("KMIP 1.4 §4.6; KMIP 2.1 §6.1.14", {
  uniqueIdentifier: reqUid(),
  attributes: optTemplateAttributes("", true),
});
export type DeriveKeyResponse = Infer<typeof DeriveKeyResponse>;

/** The certificate request bytes: "Certificate Request" (Byte String) in 1.x, "Certificate Request Value" in 2.x. */
const certificateRequestValue = () =>
  optForms<Uint8Array>(
    form("Certificate Request", bytes, { until: 20 }),
    form("Certificate Request Value", bytes, { since: 20 }),
  );

/**
 * Certify — KMIP 1.0 §4.6 (request type and request REQUIRED); 1.1+ optional (1.4 §4.7
 * Tables 184–185); KMIP 2.1 §6.1.6 Tables 179–180.
 */
export const CertifyRequest = request("KMIP 1.4 §4.7; KMIP 2.1 §6.1.6", {
  uniqueIdentifier: optUid(),
  certificateRequestType: opt("Certificate Request Type", enumeration),
  certificateRequestValue: certificateRequestValue(),
  attributes: optTemplateAttributes(),
  protectionStorageMasks: psm(),
});
export type CertifyRequest = Infer<typeof CertifyRequest>;
export const CertifyResponse = response("KMIP 1.4 §4.7; KMIP 2.1 §6.1.6", {
  uniqueIdentifier: reqUid(),
  attributes: optTemplateAttributes("", true),
});
export type CertifyResponse = Infer<typeof CertifyResponse>;

/** Re-certify — KMIP 1.4 §4.8 Tables 188–189; KMIP 2.1 §6.1.45 Tables 300–301. */
export const ReCertifyRequest = request("KMIP 1.4 §4.8; KMIP 2.1 §6.1.45", {
  uniqueIdentifier: optUid(),
  certificateRequestUniqueIdentifier: opt("Certificate Request Unique Identifier", text, { since: 20 }),
  certificateRequestType: opt("Certificate Request Type", enumeration),
  certificateRequestValue: certificateRequestValue(),
  offset: opt("Offset", interval),
  attributes: optTemplateAttributes(),
  protectionStorageMasks: psm(),
});
export type ReCertifyRequest = Infer<typeof ReCertifyRequest>;
export const ReCertifyResponse = CertifyResponse;
export type ReCertifyResponse = Infer<typeof ReCertifyResponse>;

/** Re-Provision (KMIP 2.0+) — KMIP 2.0 §6.1.44; KMIP 2.1 §6.1.48 Tables 313–314. */
export const ReProvisionRequest = request("KMIP 2.1 §6.1.48", {
  certificateRequest: opt("Certificate Request", CertificateRequest),
  certificate: opt("Certificate", Certificate),
});
export type ReProvisionRequest = Infer<typeof ReProvisionRequest>;
export const ReProvisionResponse = response("KMIP 2.1 §6.1.48", {
  uniqueIdentifier: optUid(),
});
export type ReProvisionResponse = Infer<typeof ReProvisionResponse>;

export const CREATE_PAYLOADS = [
  payloads({
    operation: "Create",
    section: "KMIP 1.4 §4.1; KMIP 2.1 §6.1.8",
    since: 10,
    request: CreateRequest,
    response: CreateResponse,
  }),
  payloads({
    operation: "Create Key Pair",
    section: "KMIP 1.4 §4.2; KMIP 2.1 §6.1.9",
    since: 10,
    request: CreateKeyPairRequest,
    response: CreateKeyPairResponse,
  }),
  payloads({
    operation: "Register",
    section: "KMIP 1.4 §4.3; KMIP 2.1 §6.1.43",
    since: 10,
    request: RegisterRequest,
    response: RegisterResponse,
  }),
  payloads({
    operation: "Re-key",
    section: "KMIP 1.4 §4.4; KMIP 2.1 §6.1.46",
    since: 10,
    request: ReKeyRequest,
    response: ReKeyResponse,
  }),
  payloads({
    operation: "Re-key Key Pair",
    section: "KMIP 1.4 §4.5; KMIP 2.1 §6.1.47",
    since: 11,
    request: ReKeyKeyPairRequest,
    response: ReKeyKeyPairResponse,
  }),
  payloads({
    operation: "Derive Key",
    section: "KMIP 1.4 §4.6; KMIP 2.1 §6.1.14",
    since: 10,
    request: DeriveKeyRequest,
    response: DeriveKeyResponse,
  }),
  payloads({
    operation: "Certify",
    section: "KMIP 1.4 §4.7; KMIP 2.1 §6.1.6",
    since: 10,
    request: CertifyRequest,
    response: CertifyResponse,
  }),
  payloads({
    operation: "Re-certify",
    section: "KMIP 1.4 §4.8; KMIP 2.1 §6.1.45",
    since: 10,
    request: ReCertifyRequest,
    response: ReCertifyResponse,
  }),
  payloads({
    operation: "Re-Provision",
    section: "KMIP 2.0 §6.1.44; KMIP 2.1 §6.1.48",
    since: 20,
    request: ReProvisionRequest,
    response: ReProvisionResponse,
  }),
];
