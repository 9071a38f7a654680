/**
 * Builders for canonical attributes (`src/kmip/attributes.ts`): `{ name, value }` with the typed
 * value of a standard attribute, or the raw Attribute Value item of a custom one. The message
 * model sends them as a Template-Attribute (KMIP 1.x, 1.4 §2.1.8) or as Attributes (KMIP 2.x,
 * 2.1 §5), so callers never see the version difference.
 */
import { type Attribute, isCustomAttribute } from "../kmip/attributes.js";
import { NameType } from "../kmip/generated/enums.js";
import { resolveTag } from "../kmip/schema/index.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import { enumValue, maskValue } from "./names.js";

const ATTRIBUTE_VALUE = resolveTag("Attribute Value").tag;

/** A value for a custom attribute; JS types map to TTLV types (KMIP 1.4 §3.39, 2.1 §4.60). */
export type CustomValue = string | number | bigint | boolean | Uint8Array | Date | TtlvItem;

function isItem(v: unknown): v is TtlvItem {
  return typeof v === "object" && v !== null && "tag" in v && "type" in v && "value" in v;
}

/**
 * The Attribute Value item for a custom value: Text String, Integer (a safe 32-bit integer),
 * Long Integer (a bigint), Boolean, Byte String, Date-Time (a Date, in whole seconds).
 */
export function customValueItem(v: CustomValue): TtlvItem {
  if (isItem(v)) return v;
  const tag = ATTRIBUTE_VALUE;
  if (typeof v === "string") return { tag, type: ItemType.TextString, value: v };
  if (typeof v === "boolean") return { tag, type: ItemType.Boolean, value: v };
  if (typeof v === "bigint") return { tag, type: ItemType.LongInteger, value: v };
  if (v instanceof Uint8Array) return { tag, type: ItemType.ByteString, value: v };
  if (v instanceof Date)
    return { tag, type: ItemType.DateTime, value: BigInt(Math.floor(v.getTime() / 1000)) };
  if (Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff)
    return { tag, type: ItemType.Integer, value: v };
  throw new Error(`custom attribute value ${v} is not a 32-bit integer`);
}

/** Client custom attributes are "x-…" (KMIP 1.4 §3.39; 2.1 §4.60 vendor "x"). */
export function customAttribute(name: string, value: CustomValue): Attribute {
  if (!isCustomAttribute(name)) throw new Error(`custom attribute names look like "x-Name" (got "${name}")`);
  return { name, value: customValueItem(value) };
}

/** Name — KMIP 1.4 §3.2; KMIP 2.1 §4.32: a Name Value of type Uninterpreted Text String by default. */
export function nameAttribute(value: string, type: number = NameType.UninterpretedTextString): Attribute {
  return { name: "Name", value: { nameValue: value, nameType: type } };
}

export function objectTypeAttribute(type: number | string): Attribute {
  return { name: "Object Type", value: enumValue("Object Type", type) };
}

export function algorithmAttribute(algorithm: number | string): Attribute {
  return { name: "Cryptographic Algorithm", value: enumValue("Cryptographic Algorithm", algorithm) };
}

export function lengthAttribute(bits: number): Attribute {
  return { name: "Cryptographic Length", value: bits };
}

/** Cryptographic Usage Mask — KMIP 1.4 §3.19; 2.1 §4.17: a number, or bit names ("Encrypt Decrypt"). */
export function usageMaskAttribute(mask: number | string | readonly string[]): Attribute {
  const value = typeof mask === "number" ? mask : maskValue("Cryptographic Usage Mask", mask);
  return { name: "Cryptographic Usage Mask", value };
}

/** Object Group — KMIP 1.4 §3.33; 2.1 §4.35. */
export function objectGroupAttribute(group: string): Attribute {
  return { name: "Object Group", value: group };
}

/** State — KMIP 1.4 §3.22; 2.1 §4.57 (Locate filters by it). */
export function stateAttribute(state: number | string): Attribute {
  return { name: "State", value: enumValue("State", state) };
}
