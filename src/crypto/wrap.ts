/**
 * Key wrapping for Get, Export, Register and Import (1.4 §2.1.5–2.1.6, 2.1 §3.3 and §7.18).
 *
 * Wrapping Method Encrypt, with
 * - an AES key: NIST Key Wrap (RFC 3394, SP 800-38F KW; the default when no Block Cipher Mode is
 *   given, as OASIS AX-M-2 names it) or AES Key Wrap with Padding (RFC 5649, SP 800-38F KWP),
 *   through OpenSSL's id-aes*-wrap and id-aes*-wrap-pad ciphers;
 * - an RSA key: RSAES-OAEP or RSAES-PKCS1-v1_5 (rsa-cipher.ts; PKCS1 v1.5 cannot unwrap on
 *   Node 20).
 * MAC/sign wrapping methods and TR-31 are Unsupported Cryptographic Parameters.
 *
 * What is wrapped follows the Encoding Option (1.4 §2.1.5): TTLV Encoding (the default, "If not
 * present, the wrapped Key Value structure SHALL be TTLV encoded") wraps the TTLV bytes of the
 * Key Value, which the caller encodes; No Encoding wraps the Byte String Key Material alone and
 * "the Key Value structure SHALL NOT contain any attributes".
 *
 * The caller checks that the wrapping key may be used: `wrappingUsageBit` names the Cryptographic
 * Usage Mask bit (1.4 §3.19; 2.1 §12.1: Wrap Key, Unwrap Key).
 */
import type { KeyObject } from "node:crypto";
import {
  CryptographicAlgorithm as A,
  EncodingOption,
  BlockCipherMode as M,
  WrappingMethod,
} from "../kmip/generated/enums.js";
import { CryptographicUsageMask } from "../kmip/generated/masks.js";
import { decrypt, encrypt } from "./cipher.js";
import { badParameters, encodingOptionError, unsupported } from "./errors.js";
import type { RsaCipherParameters } from "./rsa-cipher.js";

export type WrapDirection = "wrap" | "unwrap";

/** The usage bit the wrapping key needs: Wrap Key to wrap, Unwrap Key to unwrap. */
export function wrappingUsageBit(direction: WrapDirection): number {
  return direction === "wrap" ? CryptographicUsageMask.WrapKey : CryptographicUsageMask.UnwrapKey;
}

export interface WrappingParameters extends RsaCipherParameters {
  /** Wrapping Method (Encrypt when absent). */
  readonly wrappingMethod?: number | undefined;
  /** The wrapping key's Cryptographic Algorithm: AES or RSA. */
  readonly algorithm: number;
  /** Block Cipher Mode for AES: NIST Key Wrap (default) or AES Key Wrap with Padding. */
  readonly mode?: number | undefined;
}

export interface WrappedContent {
  /** Encoding Option of the Key Wrapping Specification (TTLV Encoding when absent). */
  readonly encodingOption?: number | undefined;
  /** The Key Material when it is a Byte String; undefined for a Transparent structure. */
  readonly keyMaterial?: Uint8Array | undefined;
  /** Whether the Key Value carries attributes. */
  readonly hasAttributes?: boolean | undefined;
  /** The TTLV encoding of the whole Key Value structure. */
  readonly keyValueTtlv: Uint8Array;
}

/** The bytes to wrap under the Encoding Option (1.4 §2.1.5). */
export function wrappingPlaintext(content: WrappedContent): Uint8Array {
  const option = content.encodingOption ?? EncodingOption.TTLVEncoding;
  if (option === EncodingOption.TTLVEncoding) return content.keyValueTtlv;
  if (option !== EncodingOption.NoEncoding) throw encodingOptionError("unknown Encoding Option");
  if (content.keyMaterial === undefined) {
    throw encodingOptionError("No Encoding needs Key Material that is a Byte String");
  }
  if (content.hasAttributes === true)
    throw encodingOptionError("No Encoding cannot carry Key Value attributes");
  return content.keyMaterial;
}

function checkMethod(p: WrappingParameters): void {
  const method = p.wrappingMethod ?? WrappingMethod.Encrypt;
  if (method !== WrappingMethod.Encrypt) throw unsupported("only the Encrypt Wrapping Method is supported");
}

function aesWrapMode(p: WrappingParameters): number {
  const mode = p.mode ?? M.NISTKeyWrap;
  if (mode !== M.NISTKeyWrap && mode !== M.AESKeyWrapPadding) {
    throw unsupported("AES wraps keys with NIST Key Wrap or AES Key Wrap with Padding");
  }
  return mode;
}

/** `plaintext` wrapped under `wrappingKey`. */
export function wrapKey(
  wrappingKey: KeyObject | Uint8Array,
  p: WrappingParameters,
  plaintext: Uint8Array,
): Uint8Array {
  checkMethod(p);
  if (p.algorithm === A.AES)
    return encrypt({ key: wrappingKey, algorithm: A.AES, mode: aesWrapMode(p), data: plaintext }).data;
  if (p.algorithm === A.RSA)
    return encrypt(Object.assign({}, p, { key: wrappingKey, algorithm: A.RSA, data: plaintext })).data;
  throw badParameters("keys are wrapped with AES or RSA keys");
}

/** The plaintext of `wrapped`; a wrong key or altered bytes are Cryptographic Failure (RFC 3394 §2.2.3). */
export function unwrapKey(
  unwrappingKey: KeyObject | Uint8Array,
  p: WrappingParameters,
  wrapped: Uint8Array,
): Uint8Array {
  checkMethod(p);
  if (p.algorithm === A.AES)
    return decrypt({ key: unwrappingKey, algorithm: A.AES, mode: aesWrapMode(p), data: wrapped });
  if (p.algorithm === A.RSA)
    return decrypt(Object.assign({}, p, { key: unwrappingKey, algorithm: A.RSA, data: wrapped }));
  throw badParameters("keys are unwrapped with AES or RSA keys");
}
