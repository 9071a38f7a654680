/**
 * Single-part Encrypt and Decrypt (1.4 §4.29–4.30, 2.1 §6.1.16 and §6.1.10): symmetric ciphers
 * (cipher-spec.ts) and RSA (rsa-cipher.ts), chosen by the Cryptographic Algorithm.
 *
 * Failures: wrong tag, IV or ciphertext, bad padding, data that is not a whole number of blocks
 * with padding None → Cryptographic Failure (1.4 §11.30–11.31; CS-BC-M-GCM-1). See cipher-core.ts
 * for the IV rules and errors.ts for the reasons.
 */
import type { Cipher, CipherGCM, Decipher, KeyObject } from "node:crypto";
import { CryptographicAlgorithm as A } from "../kmip/generated/enums.js";
import { buf, bytes, concat } from "./bytes.js";
import { type OpenedCipher, openSymmetric, type SymmetricRequest } from "./cipher-core.js";
import { guard } from "./errors.js";
import { type RsaCipherParameters, rsaDecrypt, rsaEncrypt } from "./rsa-cipher.js";

export interface CipherRequest extends SymmetricRequest, RsaCipherParameters {
  readonly key: KeyObject | Uint8Array;
}

export interface EncryptRequest extends CipherRequest {
  readonly data: Uint8Array;
}

export interface DecryptRequest extends CipherRequest {
  readonly data: Uint8Array;
}

export interface EncryptResult {
  readonly data: Uint8Array;
  /** The IV/Counter/Nonce the server generated (Random IV), to return to the client. */
  readonly iv?: Uint8Array;
  /** The Authenticated Encryption Tag (AEAD modes). */
  readonly tag?: Uint8Array;
}

/** Encrypt `req.data` in one part. */
export function encrypt(req: EncryptRequest): EncryptResult {
  if (req.algorithm === A.RSA) return { data: rsaEncrypt(req.key, req, req.data) };
  const opened = openSymmetric("encrypt", req);
  const result = withTag(runCipher(opened.cipher, req.data, "encryption failed"), opened);
  return opened.generatedIv === undefined ? result : Object.assign({}, result, { iv: opened.generatedIv });
}

/** Decrypt `req.data` in one part; authenticated modes verify the tag before returning anything. */
export function decrypt(req: DecryptRequest): Uint8Array {
  if (req.algorithm === A.RSA) return rsaDecrypt(req.key, req, req.data);
  const opened = openSymmetric("decrypt", req);
  return runCipher(opened.cipher, req.data, "decryption failed (key, IV, tag, padding or data)");
}

/** update + final, with OpenSSL's errors as Cryptographic Failure. */
export function runCipher(cipher: Cipher | Decipher, data: Uint8Array, message: string): Uint8Array {
  return guard(message, () => concat(cipher.update(buf(data)), cipher.final()));
}

/** The data of an encryption with, for AEAD modes, its Authenticated Encryption Tag. */
export function withTag(data: Uint8Array, opened: OpenedCipher): EncryptResult {
  if (opened.spec.tagBytes === 0) return { data };
  return { data, tag: bytes((opened.cipher as CipherGCM).getAuthTag()) };
}
