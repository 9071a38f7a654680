/**
 * KMIP values as plain JSON for people and scripts: structures as objects keyed by spec tag
 * names (a repeated tag becomes an array), enumerations by value name, masks as lists of bit
 * names, Date-Times as ISO 8601 (UTC), Byte Strings as hex, Long and Big Integers as decimal
 * strings. Typed values are first encoded back to TTLV with the model's codecs, so the tag
 * tables alone decide the names (KMIP 1.4 §9.1.3, 2.1 §11–12).
 */
import { type Attribute, attributeDef } from "../kmip/attributes.js";
import { encodeResponsePayload } from "../kmip/messages.js";
import { hexTag, newEncodeContext, resolveTag } from "../kmip/schema/index.js";
import { enumForTag, enumValueByNumber, maskForTag, tagByNumber } from "../kmip/tables.js";
import type { KmipVersion } from "../kmip/version.js";
import { toHex } from "../ttlv/hex.js";
import { formatIsoDateTime } from "../ttlv/iso-time.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import { maskNames } from "./names.js";

const ATTRIBUTE_VALUE = resolveTag("Attribute Value").tag;

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function tagName(tag: number): string {
  return tagByNumber(tag)?.name ?? hexTag(tag);
}

function enumText(tag: number, value: number): string {
  const info = enumForTag(tag);
  const v = info === undefined ? undefined : enumValueByNumber(info, value);
  if (v !== undefined) return v.name;
  // 2.x "Enumeration (Tag)" values name a tag (Attribute Reference).
  if (tagByNumber(tag)?.enumName === "Tag") return tagName(value);
  return `0x${value.toString(16).toUpperCase().padStart(8, "0")}`;
}

/** Children with one tag stay single; a tag seen twice collects its values in an array. */
function structureJson(children: readonly TtlvItem[]): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  const repeated = new Set<string>();
  for (const c of children) {
    const key = tagName(c.tag);
    const value = itemJson(c);
    if (!(key in out)) out[key] = value;
    else if (repeated.has(key)) (out[key] as Json[]).push(value);
    else {
      out[key] = [out[key] as Json, value];
      repeated.add(key);
    }
  }
  return out;
}

/** One TTLV item's value as JSON. */
export function itemJson(item: TtlvItem): Json {
  switch (item.type) {
    case ItemType.Structure:
      return structureJson(item.value);
    case ItemType.Enumeration:
      return enumText(item.tag, item.value);
    case ItemType.Integer: {
      const mask = maskForTag(item.tag);
      return mask === undefined ? item.value : maskNames(mask.name, item.value);
    }
    case ItemType.DateTime:
      return formatIsoDateTime(item.value, false);
    case ItemType.DateTimeExtended:
      return formatIsoDateTime(item.value, true);
    case ItemType.ByteString:
      return toHex(item.value);
    case ItemType.LongInteger:
    case ItemType.BigInteger:
      return item.value.toString();
    default:
      return item.value;
  }
}

/** One attribute's value as JSON (a Name as its Name Value when it is plain text). */
export function attributeValueJson(a: Attribute, version: KmipVersion): Json {
  const json = itemJson(attributeItem(a, version));
  if (a.name === "Name" && typeof json === "object" && json !== null && !Array.isArray(json)) {
    const type = json["Name Type"];
    if (type === "Uninterpreted Text String") return json["Name Value"] ?? null;
  }
  return json;
}

/** The attribute's value as a TTLV item: raw as received, or the typed value encoded again. */
function attributeItem(a: Attribute, version: KmipVersion): TtlvItem {
  if (isItem(a.value)) return a.value;
  const def = attributeDef(a.name);
  if (def === undefined) return { tag: ATTRIBUTE_VALUE, type: ItemType.TextString, value: String(a.value) };
  try {
    return def.codec.encode(def.tag.tag, a.value, newEncodeContext(version));
  } catch {
    // A value the version cannot write (a server's extension): show it as the model holds it.
    return { tag: def.tag.tag, type: ItemType.TextString, value: JSON.stringify(a.value, plain) };
  }
}

const plain = (_key: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

function isItem(v: unknown): v is TtlvItem {
  return typeof v === "object" && v !== null && "tag" in v && "type" in v && "value" in v;
}

/** A list of attributes as `{ name: value }`; an attribute with several instances as an array. */
export function attributesJson(list: readonly Attribute[], version: KmipVersion): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  const counts = new Map<string, number>();
  for (const a of list) counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
  for (const a of list) {
    const value = attributeValueJson(a, version);
    if ((counts.get(a.name) ?? 0) === 1) out[a.name] = value;
    else out[a.name] = [...((out[a.name] as Json[] | undefined) ?? []), value];
  }
  return out;
}

/** A typed response payload as JSON, through its operation's schema. */
export function payloadJson(operation: number, payload: unknown, version: KmipVersion): Json {
  return itemJson(encodeResponsePayload(operation, payload, version));
}
