/**
 * Cryptography for the KMIP operations, keyed by KMIP enumerations, all through node:crypto
 * (OpenSSL). Pure functions: no storage, no policy; the operations check usage masks and state.
 */
export {
  type CipherRequest,
  type DecryptRequest,
  decrypt,
  type EncryptRequest,
  type EncryptResult,
  encrypt,
} from "./cipher.js";
export { TAG_LENGTHS } from "./cipher-spec.js";
export {
  type CipherStream,
  createDecryptStream,
  createEncryptStream,
  type EncryptStreamStart,
  STREAM_BUFFER_BYTES_MAX,
  type StreamOptions,
} from "./cipher-stream.js";
export { curveInfo, SUPPORTED_CURVES } from "./curves.js";
export {
  DERIVED_BYTES_MAX,
  type DeriveRequest,
  deriveKey,
  PBKDF2_ITERATIONS_MAX,
} from "./derive.js";
export {
  fromFormat,
  type KeyMaterial,
  type TransparentECPrivateKey,
  type TransparentECPublicKey,
  type TransparentRSAPrivateKey,
  type TransparentRSAPublicKey,
  type TransparentSymmetricKey,
  toFormat,
} from "./formats.js";
export { createHashStream, type HashStream, hash } from "./hash.js";
export { SUPPORTED_HASHES } from "./hashes.js";
export { describeKey, type KeyDescription } from "./key-info.js";
export {
  type GeneratedKeyPair,
  type GeneratedSecret,
  generateKeyPair,
  generateSymmetricKey,
  type KeyPairSpec,
  symmetricKeySize,
} from "./keys.js";
export {
  createMacStream,
  createMacVerifyStream,
  type MacParameters,
  type MacStream,
  type MacVerifyStream,
  mac,
  macVerify,
} from "./mac.js";
export {
  type CryptographicParametersValue,
  type OperationParameters,
  operationParameters,
} from "./parameters.js";
export { RNG_RETRIEVE_BYTES_MAX, rngRetrieve, rngSeed } from "./rng.js";
export { type SignRequest, sign, signAsync, type VerifyRequest, verify, verifyAsync } from "./sign.js";
export { type SignatureParameters, signatureScheme } from "./sign-spec.js";
export { createSignStream, createVerifyStream, type SignStream, type VerifyStream } from "./sign-stream.js";
export {
  unwrapKey,
  type WrapDirection,
  type WrappedContent,
  type WrappingParameters,
  wrapKey,
  wrappingPlaintext,
  wrappingUsageBit,
} from "./wrap.js";
