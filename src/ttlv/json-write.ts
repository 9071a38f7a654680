/**
 * TTLV items → KMIP JSON encoding (KMIP Additional Message Encodings v1.0, §4.1.6): each item is
 * `{"tag": ..., "type": ..., "value": ...}`, Structures have an array value and no `type`
 * (§4.1.6.2, as in the §5 test cases), tags without a name are written as "0x" hex (§4.1.6.1).
 *
 * Written one item per line in the layout of the spec's §5 examples:
 *   {"tag":"ProtocolVersion", "value":[
 *     {"tag":"ProtocolVersionMajor", "type":"Integer", "value":1},
 *     ...
 *   ]}
 */
import { type ItemContext, type TtlvDictionary, topLevelContext } from "./dictionary.js";
import { formatMask } from "./mask-text.js";
import {
  formatBigIntegerHex,
  formatByteString,
  formatDateTime,
  formatEnumeration,
  hex64,
} from "./text-values.js";
import { ItemType, ItemTypeNames, type TtlvItem } from "./types.js";

/** The plain-object form of one item, as `JSON.parse` would give it. */
export interface JsonTtlv {
  tag: string;
  name?: string;
  type?: string;
  value: JsonTtlv[] | string | number | boolean | null;
}

/** JS Numbers are exact to 53 bits; §4.1.6.5 asks for hex from 2^52 on. */
const NUMBER_LIMIT = 1n << 52n;

/** The JSON value of a non-Structure item. */
export function jsonScalar(
  item: TtlvItem,
  dict: TtlvDictionary,
  ctx: ItemContext,
): string | number | boolean {
  switch (item.type) {
    case ItemType.Integer:
      return formatMask(item.value, "|", dict, item.tag, ctx) ?? item.value; // §4.1.6.3, §4.1.6.4
    case ItemType.LongInteger:
      return item.value > -NUMBER_LIMIT && item.value < NUMBER_LIMIT ? Number(item.value) : hex64(item.value);
    case ItemType.BigInteger:
      return `0x${formatBigIntegerHex(item.value, item.byteLength)}`; // §4.1.6.6
    case ItemType.Enumeration:
      return formatEnumeration(item.value, dict, item.tag, ctx); // §4.1.6.7
    case ItemType.Boolean:
    case ItemType.TextString:
    case ItemType.Interval:
      return item.value; // §4.1.6.8, §4.1.6.9, §4.1.6.12
    case ItemType.ByteString:
      return formatByteString(item.value); // §4.1.6.10
    case ItemType.DateTime:
      return formatDateTime(item.value, false); // §4.1.6.11
    case ItemType.DateTimeExtended:
      return formatDateTime(item.value, true);
    case ItemType.Structure:
      return "";
  }
}

function tagText(tag: number, dict: TtlvDictionary): string {
  return dict.tagName(tag) ?? `0x${tag.toString(16).padStart(6, "0")}`;
}

/** One item as a plain object (for callers that embed it in other JSON). */
export function toKmipJsonValue(
  item: TtlvItem,
  dict: TtlvDictionary,
  ctx: ItemContext = topLevelContext,
): JsonTtlv {
  const tag = tagText(item.tag, dict);
  if (item.type === ItemType.Structure) {
    const childCtx: ItemContext = { parentTag: item.tag, siblings: item.value };
    return { tag, value: item.value.map((c) => toKmipJsonValue(c, dict, childCtx)) };
  }
  return { tag, type: ItemTypeNames[item.type] ?? "", value: jsonScalar(item, dict, ctx) };
}

function writeItem(
  item: TtlvItem,
  dict: TtlvDictionary,
  ctx: ItemContext,
  pad: string,
  out: string[],
  last: boolean,
): void {
  const comma = last ? "" : ",";
  const tag = `{"tag":${JSON.stringify(tagText(item.tag, dict))}`;
  if (item.type !== ItemType.Structure) {
    const type = JSON.stringify(ItemTypeNames[item.type]);
    out.push(`${pad}${tag}, "type":${type}, "value":${JSON.stringify(jsonScalar(item, dict, ctx))}}${comma}`);
    return;
  }
  if (item.value.length === 0) {
    out.push(`${pad}${tag}, "value":[]}${comma}`);
    return;
  }
  out.push(`${pad}${tag}, "value":[`);
  const childCtx: ItemContext = { parentTag: item.tag, siblings: item.value };
  item.value.forEach((child, i) => {
    writeItem(child, dict, childCtx, `${pad}  `, out, i === item.value.length - 1);
  });
  out.push(`${pad}]}${comma}`);
}

/** One item as JSON text, one item per line (no trailing newline). */
export function toKmipJson(item: TtlvItem, dict: TtlvDictionary): string {
  const out: string[] = [];
  writeItem(item, dict, topLevelContext, "", out, true);
  return out.join("\n");
}

/** Several messages as a JSON array of items. */
export function toKmipJsonDocument(items: readonly TtlvItem[], dict: TtlvDictionary): string {
  const out: string[] = ["["];
  items.forEach((item, i) => {
    writeItem(item, dict, topLevelContext, "  ", out, i === items.length - 1);
  });
  out.push("]");
  return out.join("\n");
}
