/**
 * Cryptographic services (KMIP 1.2+): Encrypt, Decrypt, Sign, Signature Verify, MAC, MAC Verify,
 * Hash, RNG Retrieve, RNG Seed.
 *
 * KMIP 1.2 introduced them single-part ("Data | Yes"); 1.3 added streaming (Correlation Value,
 * Init Indicator, Final Indicator) and made the data "Yes for single-part. No for multi-part", so
 * it is optional here from 1.2 on; 1.4 added authenticated encryption and Digested Data.
 * KMIP 2.x Data may also be a reference (2.1 §7.9).
 */
import { CryptographicParameters } from "../objects/attribute-values.js";
import { boolean, bytes, data, enumeration, type Infer, integer, opt, req } from "../schema/index.js";
import { optUid, payloads, reqUid, request, response } from "./common.js";

const streaming = {
  correlationValue: opt("Correlation Value", bytes, { since: 13 }),
  initIndicator: opt("Init Indicator", boolean, { since: 13 }),
  finalIndicator: opt("Final Indicator", boolean, { since: 13 }),
};
const correlation = { correlationValue: opt("Correlation Value", bytes, { since: 13 }) };

/** Encrypt — KMIP 1.4 §4.29 Tables 224–225; KMIP 2.1 §6.1.17 Tables 214–215. */
export const EncryptRequest = request("KMIP 1.4 §4.29; KMIP 2.1 §6.1.17", {
  uniqueIdentifier: optUid(),
  cryptographicParameters: opt("Cryptographic Parameters", CryptographicParameters),
  data: opt("Data", data),
  ivCounterNonce: opt("IV/Counter/Nonce", bytes),
  ...streaming,
  authenticatedEncryptionAdditionalData: opt("Authenticated Encryption Additional Data", bytes, {
    since: 14,
  }),
});
export type EncryptRequest = Infer<typeof EncryptRequest>;
export const EncryptResponse = response("KMIP 1.4 §4.29; KMIP 2.1 §6.1.17", {
  uniqueIdentifier: reqUid(),
  data: opt("Data", data),
  ivCounterNonce: opt("IV/Counter/Nonce", bytes),
  ...correlation,
  authenticatedEncryptionTag: opt("Authenticated Encryption Tag", bytes, { since: 14 }),
});
export type EncryptResponse = Infer<typeof EncryptResponse>;

/** Decrypt — KMIP 1.4 §4.30 Tables 226–227; KMIP 2.1 §6.1.11 Tables 196–197. */
export const DecryptRequest = request("KMIP 1.4 §4.30; KMIP 2.1 §6.1.11", {
  uniqueIdentifier: optUid(),
  cryptographicParameters: opt("Cryptographic Parameters", CryptographicParameters),
  data: opt("Data", data),
  ivCounterNonce: opt("IV/Counter/Nonce", bytes),
  ...streaming,
  authenticatedEncryptionAdditionalData: opt("Authenticated Encryption Additional Data", bytes, {
    since: 14,
  }),
  authenticatedEncryptionTag: opt("Authenticated Encryption Tag", bytes, { since: 14 }),
});
export type DecryptRequest = Infer<typeof DecryptRequest>;
export const DecryptResponse = response("KMIP 1.4 §4.30; KMIP 2.1 §6.1.11", {
  uniqueIdentifier: reqUid(),
  data: opt("Data", data),
  ...correlation,
});
export type DecryptResponse = Infer<typeof DecryptResponse>;

/** Sign — KMIP 1.4 §4.31 Tables 228–229 (Digested Data 1.4+); KMIP 2.1 §6.1.55 Tables 334–335. */
export const SignRequest = request("KMIP 1.4 §4.31; KMIP 2.1 §6.1.55", {
  uniqueIdentifier: optUid(),
  cryptographicParameters: opt("Cryptographic Parameters", CryptographicParameters),
  data: opt("Data", data),
  digestedData: opt("Digested Data", bytes, { since: 14 }),
  ...streaming,
});
export type SignRequest = Infer<typeof SignRequest>;
export const SignResponse = response("KMIP 1.4 §4.31; KMIP 2.1 §6.1.55", {
  uniqueIdentifier: reqUid(),
  signatureData: opt("Signature Data", bytes),
  ...correlation,
});
export type SignResponse = Infer<typeof SignResponse>;

/** Signature Verify — KMIP 1.4 §4.32 Tables 230–231; KMIP 2.1 §6.1.56 Tables 337–338. */
export const SignatureVerifyRequest = request("KMIP 1.4 §4.32; KMIP 2.1 §6.1.56", {
  uniqueIdentifier: optUid(),
  cryptographicParameters: opt("Cryptographic Parameters", CryptographicParameters),
  data: opt("Data", data),
  digestedData: opt("Digested Data", bytes, { since: 14 }),
  signatureData: opt("Signature Data", bytes),
  ...streaming,
});
export type SignatureVerifyRequest = Infer<typeof SignatureVerifyRequest>;
export const SignatureVerifyResponse = response("KMIP 1.4 §4.32; KMIP 2.1 §6.1.56", {
  uniqueIdentifier: reqUid(),
  // 1.x "Yes"; 2.x "Yes for single-part. No for multi-part."
  validityIndicator: opt("Validity Indicator", enumeration),
  data: opt("Data", data),
  ...correlation,
});
export type SignatureVerifyResponse = Infer<typeof SignatureVerifyResponse>;

/** MAC — KMIP 1.4 §4.33 Tables 232–233; KMIP 2.1 §6.1.32 Tables 259–260. */
export const MACRequest = request("KMIP 1.4 §4.33; KMIP 2.1 §6.1.32", {
  uniqueIdentifier: optUid(),
  cryptographicParameters: opt("Cryptographic Parameters", CryptographicParameters),
  data: opt("Data", data),
  ...streaming,
});
export type MACRequest = Infer<typeof MACRequest>;
export const MACResponse = response("KMIP 1.4 §4.33; KMIP 2.1 §6.1.32", {
  uniqueIdentifier: reqUid(),
  macData: opt("MAC Data", bytes),
  ...correlation,
});
export type MACResponse = Infer<typeof MACResponse>;

/** MAC Verify — KMIP 1.4 §4.34 Tables 234–235; KMIP 2.1 §6.1.33 Tables 262–263. */
export const MACVerifyRequest = request("KMIP 1.4 §4.34; KMIP 2.1 §6.1.33", {
  uniqueIdentifier: optUid(),
  cryptographicParameters: opt("Cryptographic Parameters", CryptographicParameters),
  data: opt("Data", data),
  macData: opt("MAC Data", bytes),
  ...streaming,
});
export type MACVerifyRequest = Infer<typeof MACVerifyRequest>;
export const MACVerifyResponse = response("KMIP 1.4 §4.34; KMIP 2.1 §6.1.33", {
  uniqueIdentifier: reqUid(),
  validityIndicator: opt("Validity Indicator", enumeration),
  ...correlation,
});
export type MACVerifyResponse = Infer<typeof MACVerifyResponse>;

/** Hash — KMIP 1.4 §4.37 Tables 240–241; KMIP 2.1 §6.1.24 Tables 235–236. */
export const HashRequest = request("KMIP 1.4 §4.37; KMIP 2.1 §6.1.24", {
  cryptographicParameters: req("Cryptographic Parameters", CryptographicParameters),
  data: opt("Data", data),
  ...streaming,
});
export type HashRequest = Infer<typeof HashRequest>;
export const HashResponse = response("KMIP 1.4 §4.37; KMIP 2.1 §6.1.24", {
  data: opt("Data", data),
  ...correlation,
});
export type HashResponse = Infer<typeof HashResponse>;

/** RNG Retrieve — KMIP 1.4 §4.35 Tables 236–237; KMIP 2.1 §6.1.49 Tables 316–317. */
export const RNGRetrieveRequest = request("KMIP 1.4 §4.35; KMIP 2.1 §6.1.49", {
  dataLength: req("Data Length", integer),
});
export type RNGRetrieveRequest = Infer<typeof RNGRetrieveRequest>;
export const RNGRetrieveResponse = response("KMIP 1.4 §4.35; KMIP 2.1 §6.1.49", {
  data: req("Data", data),
});
export type RNGRetrieveResponse = Infer<typeof RNGRetrieveResponse>;

/** RNG Seed — KMIP 1.4 §4.36 Tables 238–239; KMIP 2.1 §6.1.50 Tables 319–320. */
export const RNGSeedRequest = request("KMIP 1.4 §4.36; KMIP 2.1 §6.1.50", {
  data: req("Data", data),
});
export type RNGSeedRequest = Infer<typeof RNGSeedRequest>;
export const RNGSeedResponse = response("KMIP 1.4 §4.36; KMIP 2.1 §6.1.50", {
  dataLength: req("Data Length", integer),
});
export type RNGSeedResponse = Infer<typeof RNGSeedResponse>;

export const CRYPTO_PAYLOADS = [
  payloads({
    operation: "Encrypt",
    section: "KMIP 1.4 §4.29; KMIP 2.1 §6.1.17",
    since: 12,
    request: EncryptRequest,
    response: EncryptResponse,
  }),
  payloads({
    operation: "Decrypt",
    section: "KMIP 1.4 §4.30; KMIP 2.1 §6.1.11",
    since: 12,
    request: DecryptRequest,
    response: DecryptResponse,
  }),
  payloads({
    operation: "Sign",
    section: "KMIP 1.4 §4.31; KMIP 2.1 §6.1.55",
    since: 12,
    request: SignRequest,
    response: SignResponse,
  }),
  payloads({
    operation: "Signature Verify",
    section: "KMIP 1.4 §4.32; KMIP 2.1 §6.1.56",
    since: 12,
    request: SignatureVerifyRequest,
    response: SignatureVerifyResponse,
  }),
  payloads({
    operation: "MAC",
    section: "KMIP 1.4 §4.33; KMIP 2.1 §6.1.32",
    since: 12,
    request: MACRequest,
    response: MACResponse,
  }),
  payloads({
    operation: "MAC Verify",
    section: "KMIP 1.4 §4.34; KMIP 2.1 §6.1.33",
    since: 12,
    request: MACVerifyRequest,
    response: MACVerifyResponse,
  }),
  payloads({
    operation: "Hash",
    section: "KMIP 1.4 §4.37; KMIP 2.1 §6.1.24",
    since: 12,
    request: HashRequest,
    response: HashResponse,
  }),
  payloads({
    operation: "RNG Retrieve",
    section: "KMIP 1.4 §4.35; KMIP 2.1 §6.1.49",
    since: 12,
    request: RNGRetrieveRequest,
    response: RNGRetrieveResponse,
  }),
  payloads({
    operation: "RNG Seed",
    section: "KMIP 1.4 §4.36; KMIP 2.1 §6.1.50",
    since: 12,
    request: RNGSeedRequest,
    response: RNGSeedResponse,
  }),
];
