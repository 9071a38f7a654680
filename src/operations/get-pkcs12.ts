/**
 * Get in Key Format Type PKCS#12 — KMIP 1.4 §4.11, §9.1.3.2.3; 2.1 §6.1.19: "the response
 * payload SHALL be a PKCS#12 container as specified by [RFC7292]. The Unique Identifier SHALL be
 * that of a private key to be included in the response. The container SHALL be protected using
 * the Secret Data object specified via the private key's [PKCS#12 Password Link]. The current
 * certificate chain SHALL also be included" (`pkcs12-chain.ts`).
 *
 * - Only a Private Key (2.x also allows a certificate, whose response could carry no Key Block:
 *   not offered) — any other object is Key Format Type Not Supported.
 * - The Key Block has no Cryptographic Algorithm or Length, as the OASIS test cases show. For a
 *   1.x client the container is the Key Value itself, a Byte String (1.4 §2.1.4: the form of a
 *   key protected by encryption; OASIS TC-PKCS12-1-14, -2-14); for a 2.x client it is the Key
 *   Material of a Key Value structure (OASIS TC-PKCS12-1-20, -2-20).
 * - Friendly name: the PKCS#12 Friendly Name attribute, else "alias" (1.4 §3.45 "the server
 *   SHOULD use an alias/friendly name of 'alias'").
 * - A Key Wrapping Specification or Key Compression Type with PKCS#12 is refused: the container
 *   is its own protection, and compression concerns EC public keys (1.4 §9.1.3.2.2).
 * - The key must be held in the clear: a key stored wrapped cannot be put into a container
 *   (Key Format Type Not Supported, as for any other conversion of a wrapped key).
 */
import { writePkcs12 } from "../crypto/pkcs12-write.js";
import { KmipError } from "../kmip/errors.js";
import { KeyFormatType, ObjectType, ResultReason } from "../kmip/generated/enums.js";
import type { GetRequest } from "../kmip/payloads/get.js";
import { firstValue } from "../policy/index.js";
import { zeroize } from "../seal/barrier.js";
import type { StoredObject } from "../storage/objects.js";
import { formattedBlock } from "./crypto-formats.js";
import { type KeyBlockValue, plainMaterial } from "./crypto-key.js";
import { certificateChain } from "./pkcs12-chain.js";
import { pkcs12Password } from "./pkcs12-links.js";
import { featureNotSupported } from "./reasons.js";
import type { OperationContext } from "./types.js";

/** 1.4 §3.45: the name used when the object has no PKCS#12 Friendly Name. */
export const DEFAULT_FRIENDLY_NAME = "alias";

function checkRequest(obj: StoredObject, request: GetRequest): void {
  if (obj.objectType !== ObjectType.PrivateKey)
    throw new KmipError(ResultReason.KeyFormatTypeNotSupported, "only a Private Key is given as PKCS#12");
  if (request.keyWrappingSpecification !== undefined)
    throw featureNotSupported("a PKCS#12 container is protected by its password and is not wrapped");
  if (request.keyCompressionType !== undefined)
    throw new KmipError(
      ResultReason.KeyCompressionTypeNotSupported,
      "a PKCS#12 container has no compression",
    );
}

/** The stored key as PKCS#8 PrivateKeyInfo (DER). */
function pkcs8Of(obj: StoredObject, stored: KeyBlockValue, ctx: OperationContext): Uint8Array {
  const block = formattedBlock(obj.objectType, stored, { keyFormatType: KeyFormatType.PKCS_8 }, ctx.version);
  const material = plainMaterial(block);
  if (!(material instanceof Uint8Array))
    throw new KmipError(ResultReason.KeyFormatTypeNotSupported, "the key cannot be given as PKCS#12");
  return material;
}

/** The Key Block holding the PKCS#12 container of the private key `obj` (see the header). */
export async function pkcs12Block(
  ctx: OperationContext,
  obj: StoredObject,
  stored: KeyBlockValue,
  request: GetRequest,
): Promise<KeyBlockValue> {
  checkRequest(obj, request);
  const privateKey = pkcs8Of(obj, stored, ctx);
  const password = await pkcs12Password(ctx, obj.attributes);
  const certificates = await certificateChain(ctx, obj);
  const name = firstValue(obj.attributes, "PKCS#12 Friendly Name");
  const friendlyName = typeof name === "string" ? name : DEFAULT_FRIENDLY_NAME;
  try {
    const container = writePkcs12({ privateKey, certificates, friendlyName }, password);
    const keyValue = ctx.version >= 20 ? { keyMaterial: container } : container;
    return { keyFormatType: KeyFormatType.PKCS_12, keyValue };
  } finally {
    zeroize(privateKey);
    zeroize(password);
  }
}
