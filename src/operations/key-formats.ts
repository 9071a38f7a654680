/**
 * The Key Block a Get returns: the stored one, or the same key material in another Key Format
 * Type where that is a relabelling of the same bytes.
 *
 * KMIP 1.4 §4.11 / 2.1 §6.1.19: "If a client registered a key in a given format, the server SHALL
 * be able to return the key during the Get operation in the same format … Any other format
 * conversion MAY be supported by the server." Which formats a Get may ask for is the policy's
 * (`checkKeyFormatForGet`: Raw, Opaque and Transparent Symmetric Key for symmetric keys, Raw and
 * Opaque for Secret Data and Split Keys, the registered format for everything); the conversion
 * here only moves the same bytes between a Byte String and the Transparent Symmetric Key's `Key`
 * (1.4 §2.1.7.1). A wrapped Key Value (a Byte String, or Key Wrapping Data present) is returned
 * as stored.
 *
 * A Key Value may carry attributes (1.4 §2.1.4 Table 8); a Get returns the Key Value without
 * them — the object's attributes are Get Attributes' business, and clients have choked on
 * attributes embedded in Key Value (peers.md §5.2, Veeam).
 */
import { KmipError } from "../kmip/errors.js";
import { KeyFormatType, KeyWrapType, ResultReason } from "../kmip/generated/enums.js";
import type { KeyBlock } from "../kmip/objects/key-block.js";
import type { Infer } from "../kmip/schema/index.js";
import type { KmipVersion } from "../kmip/version.js";
import { checkKeyFormatForGet } from "../policy/index.js";

type KeyBlockValue = Infer<typeof KeyBlock>;

export interface FormatRequest {
  keyFormatType?: number | undefined;
  keyCompressionType?: number | undefined;
  keyWrapType?: number | undefined;
}

/** The Key Block to return for `request`, or KmipError when it cannot be produced. */
export function keyBlockFor(
  objectType: number,
  stored: KeyBlockValue,
  request: FormatRequest,
  version: KmipVersion,
): KeyBlockValue {
  checkCompression(stored, request.keyCompressionType);
  const wrapped = isWrapped(stored);
  checkWrapType(wrapped, request.keyWrapType, version);
  const format = request.keyFormatType ?? stored.keyFormatType;
  if (wrapped) {
    if (format !== stored.keyFormatType) throw formatNotSupported(format);
    return stored;
  }
  const unwrapped = withoutValueAttributes(stored);
  if (format === stored.keyFormatType) return unwrapped;
  checkKeyFormatForGet(objectType, format, stored.keyFormatType);
  return convert(unwrapped, format);
}

function isWrapped(block: KeyBlockValue): boolean {
  return block.keyWrappingData !== undefined || block.keyValue instanceof Uint8Array;
}

/** 1.4 §11.12: "Object exists but cannot be provided in the desired … Key Compression Type". */
function checkCompression(block: KeyBlockValue, requested: number | undefined): void {
  if (requested === undefined || requested === block.keyCompressionType) return;
  throw new KmipError(
    ResultReason.KeyCompressionTypeNotSupported,
    "the key cannot be provided in this Key Compression Type",
  );
}

/**
 * Key Wrap Type (1.4+): "As Registered" returns the stored key; "Not Wrapped" asks for a wrapped
 * key unwrapped, which needs its wrapping key — not offered. 2.x: Key Wrap Type Not Supported;
 * 1.4 §11.12 names no reason ("Not Supported."), so Feature Not Supported.
 */
function checkWrapType(wrapped: boolean, requested: number | undefined, version: KmipVersion): void {
  if (requested === undefined || requested === KeyWrapType.AsRegistered) return;
  if (requested === KeyWrapType.NotWrapped && !wrapped) return;
  const reason = version >= 20 ? ResultReason.KeyWrapTypeNotSupported : ResultReason.FeatureNotSupported;
  throw new KmipError(reason, "the key cannot be provided with this Key Wrap Type");
}

function withoutValueAttributes(block: KeyBlockValue): KeyBlockValue {
  const value = block.keyValue;
  if (value === undefined || value instanceof Uint8Array || value.attributes === undefined) return block;
  return Object.assign({}, block, { keyValue: { keyMaterial: value.keyMaterial } });
}

function convert(block: KeyBlockValue, format: number): KeyBlockValue {
  const bytes = materialBytes(block);
  if (bytes === undefined) throw formatNotSupported(format);
  const keyMaterial = format === KeyFormatType.TransparentSymmetricKey ? { key: bytes } : bytes;
  return Object.assign({}, block, { keyFormatType: format, keyValue: { keyMaterial } });
}

/** The key bytes of a Raw, Opaque or Transparent Symmetric Key block. */
function materialBytes(block: KeyBlockValue): Uint8Array | undefined {
  const value = block.keyValue;
  if (value === undefined || value instanceof Uint8Array) return undefined;
  const m = value.keyMaterial as unknown;
  if (m instanceof Uint8Array) return m;
  if (typeof m === "object" && m !== null && "key" in m && m.key instanceof Uint8Array) return m.key;
  return undefined;
}

function formatNotSupported(format: number): KmipError {
  return new KmipError(
    ResultReason.KeyFormatTypeNotSupported,
    `the object cannot be provided in Key Format Type 0x${format.toString(16)}`,
  );
}
