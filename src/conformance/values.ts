/**
 * Scalar values as keys and as text: the runner compares, binds and reports values, so it needs
 * one canonical spelling of each (the type, then the value as the XML encoding would write it,
 * KMIP Additional Message Encodings v1.0 §6.1.6).
 */
import { kmipDictionary } from "../kmip/dictionary.js";
import { type ItemContext, topLevelContext } from "../ttlv/dictionary.js";
import { toHex } from "../ttlv/hex.js";
import { ItemType, ItemTypeNames, type TtlvItem } from "../ttlv/types.js";
import { xmlValueText } from "../ttlv/xml-write.js";

/** "TextString:abc", "ByteString:00ff", "DateTime:1700000000": equal keys, equal values. */
export function valueKey(item: TtlvItem): string {
  const type = ItemTypeNames[item.type] ?? String(item.type);
  if (item.type === ItemType.Structure) return `${type}:`;
  if (item.type === ItemType.ByteString) return `${type}:${toHex(item.value)}`;
  return `${type}:${String(item.value)}`;
}

/** "tag:420094": that a request used the tag at all. */
export function tagKey(tag: number): string {
  return `tag:${tag.toString(16)}`;
}

export function sameValue(a: TtlvItem, b: TtlvItem): boolean {
  return a.type === b.type && valueKey(a) === valueKey(b);
}

/** The tag's normalised name (KMIP XML element name), or its hex for unknown tags. */
export function tagName(tag: number): string {
  return kmipDictionary.tagName(tag) ?? `0x${tag.toString(16).padStart(6, "0")}`;
}

const SHOWN_CHARS_MAX = 160;

/** The stand-ins of Byte String placeholders (`bindings.ts`), so reports show the token. */
const byteTokens = new WeakMap<Uint8Array, string>();

export function nameStandIn(standIn: Uint8Array, token: string): void {
  byteTokens.set(standIn, token);
}

/**
 * An item for a report: `Enumeration ItemNotFound`, `TextString "abc"`, `Structure (3 items)`.
 * `ctx` gives Attribute Values their names (a State is written by name, not number).
 */
export function showItem(item: TtlvItem | undefined, ctx: ItemContext = topLevelContext): string {
  if (item === undefined) return "(absent)";
  const type = ItemTypeNames[item.type] ?? String(item.type);
  if (item.type === ItemType.Structure) return `${tagName(item.tag)} Structure (${item.value.length} items)`;
  const token = item.type === ItemType.ByteString ? byteTokens.get(item.value) : undefined;
  let text = token ?? xmlValueText(item, kmipDictionary, ctx);
  if (item.type === ItemType.TextString) text = JSON.stringify(text);
  if (text.length > SHOWN_CHARS_MAX) text = `${text.slice(0, SHOWN_CHARS_MAX)}… (${text.length} chars)`;
  return `${tagName(item.tag)} ${type} ${text}`;
}
