/**
 * Attributes written as text, `NAME=VALUE`, as a command line gives them:
 *
 * - a custom attribute, `x-Owner=alice`, becomes a Text String (the form every server accepts;
 *   PyKMIP takes no other type for custom attributes);
 * - a standard attribute's value is read by its type (KMIP 1.4 §3, 2.1 §4): an enumeration by
 *   value name (`State=Active`), a mask by bit names (`Cryptographic Usage Mask=Encrypt Decrypt`),
 *   an Integer or Interval as a number, a Boolean as true/false, a Date-Time as ISO 8601 or
 *   seconds since the epoch, a Byte String as hex, a Name as its Name Value.
 * Names match leniently (`object-group`, `ObjectGroup`, "Object Group").
 */
import {
  type Attribute,
  type AttributeDef,
  attributeDef,
  isCustomAttribute,
  type StandardAttributeName,
} from "../kmip/attributes.js";
import { tagByName } from "../kmip/tables.js";
import { fromHex } from "../ttlv/hex.js";
import { ItemType } from "../ttlv/types.js";
import { customAttribute, nameAttribute } from "./attributes.js";
import { enumValue, maskValue } from "./names.js";

/** The standard attribute definition for a loosely written name, if there is one. */
export function standardAttribute(name: string): AttributeDef | undefined {
  const tag = tagByName(name);
  return tag === undefined ? undefined : attributeDef(tag.name as StandardAttributeName);
}

/** The canonical attribute name: "x-Owner" as is, "object-group" as "Object Group". */
export function canonicalAttributeName(name: string): string {
  if (/^[xy]-/.test(name)) return name;
  const def = standardAttribute(name);
  if (def !== undefined) return def.name;
  if (isCustomAttribute(name)) return name;
  throw new Error(`unknown attribute "${name}"`);
}

function integerFrom(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || text.trim() === "") throw new Error(`${what}: "${text}" is not an integer`);
  return n;
}

function dateFrom(text: string, what: string): bigint {
  if (/^\d+$/.test(text)) return BigInt(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`${what}: "${text}" is not an ISO 8601 date or epoch seconds`);
  return BigInt(Math.floor(ms / 1000));
}

function booleanFrom(text: string, what: string): boolean {
  if (/^(true|yes|1)$/i.test(text)) return true;
  if (/^(false|no|0)$/i.test(text)) return false;
  throw new Error(`${what}: "${text}" is not true or false`);
}

/** The typed value of a standard attribute written as text. */
function standardValue(def: AttributeDef, text: string): unknown {
  const what = def.name;
  const type = def.codec.itemTypes[0];
  if (def.tag.maskName !== undefined && type === ItemType.Integer) {
    return /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : maskValue(def.tag.maskName, text);
  }
  switch (type) {
    case ItemType.TextString:
      return text;
    case ItemType.Enumeration:
      return enumValue(def.tag.enumName ?? def.name, text);
    case ItemType.Integer:
    case ItemType.Interval:
      return integerFrom(text, what);
    case ItemType.LongInteger:
      return BigInt(text);
    case ItemType.Boolean:
      return booleanFrom(text, what);
    case ItemType.DateTime:
      return dateFrom(text, what);
    case ItemType.ByteString:
      return fromHex(text);
    default:
      throw new Error(`attribute ${what} is a structure and cannot be given as text`);
  }
}

/** One attribute from its name and its value as text. */
export function attributeFromText(name: string, text: string): Attribute {
  const canonical = canonicalAttributeName(name);
  if (canonical === "Name") return nameAttribute(text);
  const def = attributeDef(canonical);
  if (def === undefined) return customAttribute(canonical, text);
  return { name: canonical, value: standardValue(def, text) };
}

/** `NAME=VALUE` (the first `=` separates them; the value may contain more). */
export function parseAttributeAssignment(arg: string): Attribute {
  const eq = arg.indexOf("=");
  if (eq <= 0) throw new Error(`expected NAME=VALUE, got "${arg}"`);
  return attributeFromText(arg.slice(0, eq).trim(), arg.slice(eq + 1));
}
