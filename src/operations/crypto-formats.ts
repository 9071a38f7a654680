/**
 * Key Format Types on Get for every key (KMIP 1.4 §4.11, §2.1.3–2.1.7, §9.1.3.2.3; 2.1 §6.1.19,
 * §3, §11.25): "If a client registered a key in a given format, the server SHALL be able to return
 * the key during the Get operation in the same format … Any other format conversion MAY be
 * supported by the server."
 *
 * - Symmetric Keys, Secret Data, Split Keys: Raw, Opaque, Transparent Symmetric Key as the policy
 *   allows (`key-formats.ts`).
 * - Private and Public Keys, converted through `src/crypto/` (`toFormat`): RSA private keys as
 *   PKCS#1, PKCS#8 and Transparent RSA Private Key; RSA public keys as PKCS#1, X.509 and
 *   Transparent RSA Public Key; EC private keys as ECPrivateKey (SEC 1), PKCS#8 and Transparent
 *   EC Private Key (1.3+; the 1.x ECDSA/ECDH/ECMQV forms too); EC public keys as X.509 and
 *   Transparent EC Public Key; Ed25519/Ed448 keys as PKCS#8 / X.509 and Raw. Any other pairing
 *   is Key Format Type Not Supported; so is a format the request's version cannot carry (Get
 *   checks the encoded response).
 * - A wrapped key is returned in its stored format only (`key-formats.ts`).
 * Key Compression Type and Key Wrap Type are checked as `key-formats.ts` checks them.
 */
import { toFormat } from "../crypto/index.js";
import { ObjectType } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import { isWrappedBlock, type KeyBlockValue, keyObjectOf } from "./crypto-key.js";
import { type FormatRequest, keyBlockFor } from "./key-formats.js";

const ASYMMETRIC: readonly number[] = [ObjectType.PrivateKey, ObjectType.PublicKey];

/** The Key Block to return for `request` (see the header). */
export function formattedBlock(
  objectType: number,
  stored: KeyBlockValue,
  request: FormatRequest,
  version: KmipVersion,
): KeyBlockValue {
  const asked = request.keyFormatType;
  const convert =
    ASYMMETRIC.includes(objectType) &&
    !isWrappedBlock(stored) &&
    asked !== undefined &&
    asked !== stored.keyFormatType;
  if (!convert) return keyBlockFor(objectType, stored, request, version);
  const plain = keyBlockFor(
    objectType,
    stored,
    Object.assign({}, request, { keyFormatType: undefined }),
    version,
  );
  const key = keyObjectOf(plain, objectType);
  return Object.assign({}, plain, {
    keyFormatType: asked,
    keyValue: { keyMaterial: toFormat(key, objectType, asked) as Uint8Array },
  });
}
