/**
 * One non-Structure item from the text of its value: the part of reading that XML (every value
 * is an attribute string) and JSON (string values) share. KMIP Additional Message Encodings v1.0
 * §4.1.6.3–4.1.6.12 and §6.1.6.3–6.1.6.12.
 */
import type { ItemContext, TtlvDictionary } from "./dictionary.js";
import { type MaskSeparator, parseMaskOrInteger } from "./mask-text.js";
import { bindPlaceholder, type PlaceholderResolver, type PlaceholderValue } from "./text-options.js";
import {
  badValue,
  parseBigInteger,
  parseBoolean,
  parseByteString,
  parseDateTime,
  parseEnumeration,
  parseInteger,
  parseLongInteger,
  parseUnsigned32,
  type Where,
} from "./text-values.js";
import { ItemType, type ItemTypeName, type TtlvItem } from "./types.js";

export type ScalarTypeName = Exclude<ItemTypeName, "Structure">;

export interface ScalarReadContext {
  readonly dict: TtlvDictionary;
  readonly ctx: ItemContext;
  readonly sep: MaskSeparator;
  readonly resolvePlaceholder: PlaceholderResolver | undefined;
}

/** Build an item, checking that a JavaScript value fits the item type's range. */
export function scalarItem(tag: number, type: ScalarTypeName, value: PlaceholderValue, at: Where): TtlvItem {
  const fits = (lo: number | bigint, hi: number | bigint): boolean =>
    (typeof value === "number" ? Number.isInteger(value) : typeof value === "bigint") &&
    (value as number | bigint) >= lo &&
    (value as number | bigint) <= hi;
  const ok =
    type === "Integer"
      ? fits(-0x80000000, 0x7fffffff)
      : type === "Enumeration" || type === "Interval"
        ? fits(0, 0xffffffff)
        : type === "LongInteger" || type === "DateTime" || type === "DateTimeExtended"
          ? fits(-(1n << 63n), (1n << 63n) - 1n)
          : true;
  if (!ok) badValue(`${type} value ${String(value)} is out of range`, at);
  return { tag, type: ItemType[type], value } as TtlvItem;
}

/** The value of a `type` item written as `text`, with placeholders bound or refused. */
export function scalarFromText(
  tag: number,
  type: ScalarTypeName,
  text: string,
  rc: ScalarReadContext,
  path: string,
): TtlvItem {
  const at = { tag, path };
  if (text.startsWith("$")) {
    const bound = bindPlaceholder(text, type, at, rc.resolvePlaceholder);
    if (bound !== undefined) return scalarItem(tag, type, bound, at);
    if (type !== "TextString") badValue(`unbound placeholder ${text} in a ${type}`, at);
  }
  // Every XML Schema type used here but xsd:string collapses surrounding whitespace.
  const trimmed = type === "TextString" ? text : text.trim();
  if (type === "BigInteger") return { tag, type: ItemType.BigInteger, ...parseBigInteger(trimmed, at) };
  return scalarItem(tag, type, parseText(type, trimmed, rc, at), at);
}

function parseText(
  type: ScalarTypeName,
  text: string,
  rc: ScalarReadContext,
  at: Where & { tag: number },
): PlaceholderValue {
  switch (type) {
    case "Integer":
      return rc.dict.maskNames(at.tag, 0, rc.ctx) === undefined
        ? parseInteger(text, at)
        : parseMaskOrInteger(text, rc.sep, rc.dict, rc.ctx, at);
    case "LongInteger":
      return parseLongInteger(text, at);
    case "BigInteger":
      return parseBigInteger(text, at).value;
    case "Enumeration":
      return parseEnumeration(text, rc.dict, rc.ctx, at);
    case "Boolean":
      return parseBoolean(text, at);
    case "TextString":
      return text;
    case "ByteString":
      return parseByteString(text, at);
    case "DateTime":
      return parseDateTime(text, false, at);
    case "Interval":
      return parseUnsigned32(text, "Interval", at);
    case "DateTimeExtended":
      return parseDateTime(text, true, at);
  }
}
