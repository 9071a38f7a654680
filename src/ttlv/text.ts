/**
 * A human-readable dump of a TTLV tree (for `kmipd ttlv decode --to text` and for logs), one
 * line per item, indented by depth:
 *
 *   RequestMessage (0x420078) Structure
 *     Operation (0x42005c) Enumeration: Create (0x00000001)
 *     CryptographicUsageMask (0x42002c) Integer: Encrypt|Decrypt (0x0000000c)
 *     0x540001 TextString: "vendor value"
 *
 * Not a wire format: nothing reads it back.
 */
import { type ItemContext, type TtlvDictionary, topLevelContext } from "./dictionary.js";
import { formatMask } from "./mask-text.js";
import { formatBigIntegerHex, formatByteString, formatDateTime, hex32 } from "./text-values.js";
import { ItemType, ItemTypeNames, type TtlvItem } from "./types.js";

function tagLabel(tag: number, dict: TtlvDictionary): string {
  const hex = `0x${tag.toString(16).padStart(6, "0")}`;
  const name = dict.tagName(tag);
  return name === undefined ? hex : `${name} (${hex})`;
}

/** The value part of a line. */
export function textValue(item: TtlvItem, dict: TtlvDictionary, ctx: ItemContext): string {
  switch (item.type) {
    case ItemType.Integer: {
      const mask = formatMask(item.value, "|", dict, item.tag, ctx);
      return mask === undefined ? String(item.value) : `${mask} (${hex32(item.value)})`;
    }
    case ItemType.Enumeration: {
      const name = dict.enumName(item.tag, item.value, ctx);
      return name === undefined ? hex32(item.value) : `${name} (${hex32(item.value)})`;
    }
    case ItemType.LongInteger:
    case ItemType.Interval:
    case ItemType.Boolean:
      return String(item.value);
    case ItemType.BigInteger:
      return `0x${formatBigIntegerHex(item.value, item.byteLength)}`;
    case ItemType.TextString:
      return JSON.stringify(item.value);
    case ItemType.ByteString:
      return `[${item.value.length} bytes] ${formatByteString(item.value)}`;
    case ItemType.DateTime:
      return `${formatDateTime(item.value, false)} (${item.value})`;
    case ItemType.DateTimeExtended:
      return `${formatDateTime(item.value, true)} (${item.value} us)`;
    case ItemType.Structure:
      return `${item.value.length} items`;
  }
}

function dump(item: TtlvItem, dict: TtlvDictionary, ctx: ItemContext, pad: string, out: string[]): void {
  const head = `${pad}${tagLabel(item.tag, dict)} ${ItemTypeNames[item.type] ?? `type 0x${item.type}`}`;
  if (item.type !== ItemType.Structure) {
    out.push(`${head}: ${textValue(item, dict, ctx)}`);
    return;
  }
  out.push(head);
  const childCtx: ItemContext = { parentTag: item.tag, siblings: item.value };
  for (const child of item.value) dump(child, dict, childCtx, `${pad}  `, out);
}

/** The dump of one item (no trailing newline). */
export function toKmipText(item: TtlvItem, dict: TtlvDictionary): string {
  const out: string[] = [];
  dump(item, dict, topLevelContext, "", out);
  return out.join("\n");
}
