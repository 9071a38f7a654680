/**
 * What Encrypt and Decrypt share (KMIP 1.4 §4.29–4.30; 2.1 §6.1.17, §6.1.11): the key types
 * each takes, and the cipher request built from the key, the Cryptographic Parameters and the
 * IV/Counter/Nonce and authenticated-encryption fields of the request.
 *
 * - Encrypt: a Symmetric Key, or an RSA Public Key (a Private Key's public half too);
 *   Decrypt: a Symmetric Key or an RSA Private Key.
 * - Authenticated encryption (GCM, ChaCha20-Poly1305) needs the Authenticated Encryption Tag
 *   field, which KMIP 1.4 introduced; a 1.2 or 1.3 request for it is Feature Not Supported
 *   rather than an answer whose tag cannot be sent.
 */
import type { CipherRequest } from "../crypto/index.js";
import { KmipError } from "../kmip/errors.js";
import {
  CryptographicAlgorithm as A,
  BlockCipherMode as M,
  ObjectType,
  ResultReason,
} from "../kmip/generated/enums.js";
import type { UsableKey } from "./crypto-key.js";
import { type CryptoParams, cipherParameters, parametersFor } from "./crypto-params.js";
import type { OperationContext } from "./types.js";

export const ENCRYPT_TYPES: readonly number[] = [
  ObjectType.SymmetricKey,
  ObjectType.PublicKey,
  ObjectType.PrivateKey,
];
export const DECRYPT_TYPES: readonly number[] = [ObjectType.SymmetricKey, ObjectType.PrivateKey];

/** The first version with Authenticated Encryption Additional Data and Tag (1.4 §2.1.22–2.1.23). */
const AEAD_SINCE = 14;

export interface CipherFields {
  readonly cryptographicParameters?: CryptoParams | undefined;
  readonly ivCounterNonce?: Uint8Array | undefined;
  readonly authenticatedEncryptionAdditionalData?: Uint8Array | undefined;
  readonly authenticatedEncryptionTag?: Uint8Array | undefined;
}

function isAead(c: Omit<CipherRequest, "key">): boolean {
  return c.mode === M.GCM || c.mode === M.AEAD || c.algorithm === A.ChaCha20Poly1305;
}

/** The `src/crypto/` request of an Encrypt or Decrypt with `key` (Data added by the caller). */
export function cipherRequest(request: CipherFields, key: UsableKey, ctx: OperationContext): CipherRequest {
  const params = cipherParameters(parametersFor(request.cryptographicParameters, key.obj), key.algorithm);
  if (isAead(params) && ctx.version < AEAD_SINCE)
    throw new KmipError(
      ResultReason.FeatureNotSupported,
      "authenticated encryption needs KMIP 1.4 or later (Authenticated Encryption Tag)",
    );
  return Object.assign({}, params, {
    key: key.key,
    iv: request.ivCounterNonce,
    aad: request.authenticatedEncryptionAdditionalData,
    tag: request.authenticatedEncryptionTag,
  });
}
