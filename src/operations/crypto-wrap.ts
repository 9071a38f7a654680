/**
 * Key wrapping on Get — KMIP 1.4 §2.1.5–2.1.6 and §4.11; 2.1 §3.3, §7.18 and §6.1.19.
 *
 * Wrap (a Key Wrapping Specification in the request): "If wrapping is used, then the whole Key
 * Value structure is wrapped unless otherwise specified by the Wrapping Method." Wrapping Method
 * Encrypt, with an AES key (NIST Key Wrap RFC 3394, or AES Key Wrap with Padding RFC 5649) or an
 * RSA public key (OAEP, PKCS#1 v1.5), per `src/crypto/wrap.ts`. The Encoding Option says what is
 * wrapped: TTLV Encoding (the default) the TTLV of the Key Value — with the attributes the
 * Attribute Names ask for, encoded in the request's protocol version — or No Encoding the Byte
 * String Key Material alone. "Encoding Option not permitted when Key Wrapping Specification
 * contains attribute names" → Encoding Option Error (1.4 §11.12). The returned Key Block holds
 * the wrapped bytes as its Key Value and a Key Wrapping Data echoing the method, the wrapping
 * key, its parameters and the Encoding Option (OASIS TC-141/TC-142).
 * MAC/sign wrapping (MAC/Signature Key Information, Wrapping Methods other than Encrypt) is not
 * offered: Feature Not Supported.
 *
 * A key the server holds wrapped is not wrapped again: a specification that describes its own
 * wrapping (method, key, parameters, Encoding Option) gets it as stored (OASIS TC-WRAP-3), any
 * other is Feature Not Supported.
 *
 * Unwrap (Key Wrap Type Not Wrapped on a key registered wrapped): the server unwraps with the
 * key its Key Wrapping Data names, which must allow Unwrap Key, and returns the Key Value. The
 * wrapped bytes are the Key Value Byte String, or — as clients also send them, OASIS TC-WRAP-2 —
 * the Key Material of a Key Value structure. (TC-WRAP-2/3 expect a key with only the Wrap Key bit
 * to unwrap; the Unwrap Key bit is required here, so a wrap-only key is no decryption oracle.)
 */
import { unwrapKey, wrapKey, wrappingPlaintext } from "../crypto/index.js";
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { EncodingOption, ResultReason, WrappingMethod } from "../kmip/generated/enums.js";
import { KeyValue } from "../kmip/objects/key-block.js";
import type { GetRequest } from "../kmip/payloads/get.js";
import { newDecodeContext, newEncodeContext, resolveTag } from "../kmip/schema/index.js";
import type { KmipVersion } from "../kmip/version.js";
import type { StoredObject } from "../storage/objects.js";
import { decodeTtlv } from "../ttlv/decode.js";
import { encodeTtlv } from "../ttlv/encode.js";
import { sameValue } from "./attribute-instances.js";
import type { KeyBlockValue } from "./crypto-key.js";
import { cipherParameters } from "./crypto-params.js";
import { wrappingKey, wrappingParameters } from "./crypto-wrapping-key.js";
import { attributeView } from "./objects.js";
import { canonicalNames } from "./request-attributes.js";
import type { OperationContext } from "./types.js";

export type KeyWrappingSpecification = NonNullable<GetRequest["keyWrappingSpecification"]>;
type KeyValueValue = Exclude<NonNullable<KeyBlockValue["keyValue"]>, Uint8Array>;

const KEY_VALUE_TAG = resolveTag("Key Value").tag;
/** Versions to try when reading a wrapped Key Value whose encoder's version is unknown. */
const DECODE_VERSIONS: readonly KmipVersion[] = [21, 20, 14, 13, 12, 11, 10];

function notOffered(message: string): KmipError {
  return new KmipError(ResultReason.FeatureNotSupported, message);
}

function checkSpecification(spec: KeyWrappingSpecification): void {
  if (spec.wrappingMethod !== WrappingMethod.Encrypt)
    throw notOffered("only the Encrypt Wrapping Method is offered");
  if (spec.macSignatureKeyInformation !== undefined)
    throw notOffered("MAC/signature wrapping is not offered");
  if (spec.encryptionKeyInformation === undefined)
    throw new KmipError(ResultReason.InvalidField, "the Key Wrapping Specification names no encryption key");
  if (spec.encodingOption === EncodingOption.NoEncoding && (spec.attributeName ?? []).length > 0)
    throw new KmipError(ResultReason.EncodingOptionError, "No Encoding cannot carry attributes");
}

function keyValueTtlv(value: KeyValueValue, format: number, version: KmipVersion): Uint8Array {
  const ectx = newEncodeContext(version);
  ectx.vars.keyFormatType = format;
  return encodeTtlv(KeyValue.encode(KEY_VALUE_TAG, value, ectx));
}

/** The object's attributes the specification names, as the client's version sees them. */
function wrappedAttributes(
  obj: StoredObject,
  spec: KeyWrappingSpecification,
  ctx: OperationContext,
): Attribute[] {
  const asked = spec.attributeName ?? [];
  if (asked.length === 0) return [];
  const names = new Set(canonicalNames(asked, ctx));
  return attributeView(obj, ctx).filter((a) => names.has(a.name));
}

/** `block` (plaintext, already in the format asked for) wrapped as `spec` says. */
export async function wrapBlock(
  ctx: OperationContext,
  obj: StoredObject,
  block: KeyBlockValue,
  spec: KeyWrappingSpecification,
): Promise<KeyBlockValue> {
  checkSpecification(spec);
  const info = spec.encryptionKeyInformation!;
  const wrapping = await wrappingKey(ctx, info.uniqueIdentifier, "Wrap Key");
  const params = wrappingParameters(info.cryptographicParameters, wrapping.obj, ctx);
  const plain = block.keyValue as KeyValueValue;
  const attributes = wrappedAttributes(obj, spec, ctx);
  const value: KeyValueValue =
    attributes.length > 0 ? Object.assign({}, plain, { attributes }) : { keyMaterial: plain.keyMaterial };
  const material = plain.keyMaterial instanceof Uint8Array ? plain.keyMaterial : undefined;
  const plaintext = wrappingPlaintext({
    encodingOption: spec.encodingOption,
    keyMaterial: material,
    hasAttributes: attributes.length > 0,
    keyValueTtlv: keyValueTtlv(value, block.keyFormatType, ctx.version),
  });
  const wrapped = wrapKey(
    wrapping.key,
    Object.assign({}, cipherParameters(params, wrapping.algorithm), { wrappingMethod: spec.wrappingMethod }),
    plaintext,
  );
  const used = info.cryptographicParameters ?? (Object.keys(params).length > 0 ? params : undefined);
  return Object.assign({}, block, {
    keyValue: wrapped,
    keyWrappingData: {
      wrappingMethod: spec.wrappingMethod,
      encryptionKeyInformation: { uniqueIdentifier: wrapping.uid, cryptographicParameters: used },
      encodingOption: spec.encodingOption,
    },
  });
}

function decodeKeyValue(bytes: Uint8Array, format: number): KeyValueValue {
  const item = decodeTtlv(bytes);
  for (const version of DECODE_VERSIONS) {
    try {
      const dctx = newDecodeContext(version);
      dctx.vars.keyFormatType = format;
      return KeyValue.decode(item, dctx) as KeyValueValue;
    } catch {
      // the next version's reading
    }
  }
  throw new KmipError(ResultReason.CryptographicFailure, "the unwrapped Key Value does not decode");
}

const encoding = (option: number | undefined): number => option ?? EncodingOption.TTLVEncoding;

/** Whether `spec` describes how the stored `block` is already wrapped. */
export function isWrappedAs(block: KeyBlockValue, spec: KeyWrappingSpecification): boolean {
  const data = block.keyWrappingData;
  const given = spec.encryptionKeyInformation;
  if (data === undefined || given === undefined || spec.macSignatureKeyInformation !== undefined)
    return false;
  const held = data.encryptionKeyInformation;
  const params = given.cryptographicParameters;
  return (
    data.wrappingMethod === spec.wrappingMethod &&
    held?.uniqueIdentifier === given.uniqueIdentifier &&
    encoding(data.encodingOption) === encoding(spec.encodingOption) &&
    (params === undefined || sameValue(params, held.cryptographicParameters))
  );
}

/** The wrapped bytes of a stored block: its Key Value Byte String, or its Key Material. */
function wrappedBytes(block: KeyBlockValue): Uint8Array | undefined {
  const value = block.keyValue;
  if (value instanceof Uint8Array) return value;
  return value?.keyMaterial instanceof Uint8Array ? value.keyMaterial : undefined;
}

/** A stored wrapped block, unwrapped with the key its Key Wrapping Data names. */
export async function unwrapBlock(ctx: OperationContext, block: KeyBlockValue): Promise<KeyBlockValue> {
  const data = block.keyWrappingData;
  const wrapped = wrappedBytes(block);
  if (data === undefined || wrapped === undefined || data.wrappingMethod !== WrappingMethod.Encrypt)
    throw notOffered("the server can unwrap Encrypt-wrapped keys only");
  const info = data.encryptionKeyInformation;
  if (info === undefined) throw notOffered("the key is not wrapped by encryption");
  const unwrapping = await wrappingKey(ctx, info.uniqueIdentifier, "Unwrap Key");
  const params = wrappingParameters(info.cryptographicParameters, unwrapping.obj, ctx);
  const wp = Object.assign({}, cipherParameters(params, unwrapping.algorithm), {
    wrappingMethod: data.wrappingMethod,
  });
  const plain = unwrapKey(unwrapping.key, wp, wrapped);
  const keyValue =
    data.encodingOption === EncodingOption.NoEncoding
      ? { keyMaterial: plain }
      : decodeKeyValue(plain, block.keyFormatType);
  const { keyWrappingData: _wrapping, ...rest } = block;
  return Object.assign({}, rest, { keyValue });
}
