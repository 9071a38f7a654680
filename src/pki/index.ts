/**
 * The public surface of `src/pki/`: CA generation and import, server and client certificates,
 * CSR signing, credential formats, and peer verification. Pure functions over PEM/DER; callers
 * store (sealed) what they get back and pass the current time in.
 */
export {
  type CaCertificate,
  type CaHierarchy,
  type CaHierarchyRequest,
  caTtlSecondsDefault,
  commonNamePrefixDefault,
  generateCaHierarchy,
  type ImportedCa,
  type IssuingCa,
  importCa,
  type KeyedCaCertificate,
} from "./ca.js";
export {
  type ClientCertificateRequest,
  type ClientCredential,
  type CsrSigningRequest,
  issueClientCertificate,
  signClientCsr,
} from "./client-cert.js";
export {
  type CredentialFields,
  type CredentialFormat,
  credentialFormats,
  type FormattedCredential,
  formatCredential,
  parseCredentialFormat,
} from "./credential-format.js";
export { PkiError, type PkiErrorCode } from "./errors.js";
export { type KeySpec, type KeyType, keyBitsAllowed, parseKeySpec } from "./keys.js";
export type { AltNames } from "./profiles.js";
export { randomId, randomIdLengthDefault } from "./random-id.js";
export { serialFromDecimal, serialToDecimal } from "./serial.js";
export {
  issueServerCertificate,
  type ServerCertificate,
  type ServerCertificateRequest,
  serverTtlSecondsDefault,
} from "./server-cert.js";
export {
  extractIdentity,
  generatedCaMapping,
  type IdentityMapping,
  type IdentitySource,
  type PeerCertificate,
  type PeerChainOptions,
  type PeerIdentity,
  readPeerCertificate,
  type SubjectField,
  type TrustedCa,
  type VerifiedPeer,
  verifyPeerCertificate,
} from "./verify.js";
