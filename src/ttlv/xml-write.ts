/**
 * TTLV items → KMIP XML encoding (KMIP Additional Message Encodings v1.0, §6.1.6), pretty printed
 * with one element per line, in the style of the spec's examples and the OASIS test-case files:
 *   <ProtocolVersion>                                    Structure: no type attribute (§6.1.6.2)
 *     <ProtocolVersionMajor type="Integer" value="1"/>   type, then value
 *   <CryptographicUsageMask type="Integer" value="Encrypt Decrypt"/>        masks (§6.1.6.4)
 *   <TTLV tag="0x540001" type="TextString" value="x"/>   tags without a name (§6.1.6, §6.1.6.1)
 */
import { type ItemContext, type TtlvDictionary, topLevelContext } from "./dictionary.js";
import { formatMask } from "./mask-text.js";
import { formatBigIntegerHex, formatByteString, formatDateTime, formatEnumeration } from "./text-values.js";
import { ItemType, ItemTypeNames, type TtlvItem } from "./types.js";

export interface XmlWriteOptions {
  /** One level of indentation; two spaces by default. */
  readonly indent?: string;
}

/** The `value` attribute text of a non-Structure item. */
export function xmlValueText(item: TtlvItem, dict: TtlvDictionary, ctx: ItemContext): string {
  switch (item.type) {
    case ItemType.Integer:
      return formatMask(item.value, " ", dict, item.tag, ctx) ?? String(item.value); // xsd:int
    case ItemType.LongInteger:
    case ItemType.Interval:
      return String(item.value); // xsd:long, xsd:unsignedInt
    case ItemType.BigInteger:
      return formatBigIntegerHex(item.value, item.byteLength); // xsd:hexBinary (§6.1.6.6)
    case ItemType.Enumeration:
      return formatEnumeration(item.value, dict, item.tag, ctx);
    case ItemType.Boolean:
      return item.value ? "true" : "false";
    case ItemType.TextString:
      return item.value;
    case ItemType.ByteString:
      return formatByteString(item.value);
    case ItemType.DateTime:
      return formatDateTime(item.value, false);
    case ItemType.DateTimeExtended:
      return formatDateTime(item.value, true);
    case ItemType.Structure:
      return "";
  }
}

/**
 * Escape an attribute value. Tab, CR and LF are written as references because a parser turns
 * literal ones into spaces (XML 1.0 §3.3.3); other control characters, which XML 1.0 cannot
 * carry at all, are written as references too and read back by our parser.
 */
function escapeAttr(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return text.replace(/[&<>"\u0000-\u001f\ufffe\uffff]/g, (c) => {
    if (c === "&") return "&amp;";
    if (c === "<") return "&lt;";
    if (c === ">") return "&gt;";
    if (c === '"') return "&quot;";
    return `&#x${c.charCodeAt(0).toString(16)};`;
  });
}

function hexTag(tag: number): string {
  return `0x${tag.toString(16).padStart(6, "0")}`;
}

function writeItem(
  item: TtlvItem,
  dict: TtlvDictionary,
  ctx: ItemContext,
  indent: string,
  pad: string,
  out: string[],
): void {
  const name = dict.tagName(item.tag);
  const open = name === undefined ? `TTLV tag="${hexTag(item.tag)}"` : name;
  const close = name ?? "TTLV";
  if (item.type === ItemType.Structure) {
    if (item.value.length === 0) {
      out.push(`${pad}<${open}/>`);
      return;
    }
    out.push(`${pad}<${open}>`);
    const childCtx: ItemContext = { parentTag: item.tag, siblings: item.value };
    for (const child of item.value) writeItem(child, dict, childCtx, indent, pad + indent, out);
    out.push(`${pad}</${close}>`);
    return;
  }
  const type = ItemTypeNames[item.type];
  out.push(`${pad}<${open} type="${type}" value="${escapeAttr(xmlValueText(item, dict, ctx))}"/>`);
}

/** One item as an XML element, pretty printed (no trailing newline). */
export function toKmipXml(item: TtlvItem, dict: TtlvDictionary, opts: XmlWriteOptions = {}): string {
  const out: string[] = [];
  writeItem(item, dict, topLevelContext, opts.indent ?? "  ", "", out);
  return out.join("\n");
}

/** Several messages wrapped in `<KMIP>`, the shape of the OASIS test-case files. */
export function toKmipXmlDocument(
  items: readonly TtlvItem[],
  dict: TtlvDictionary,
  opts: XmlWriteOptions = {},
): string {
  const indent = opts.indent ?? "  ";
  const out: string[] = ["<KMIP>"];
  for (const item of items) writeItem(item, dict, topLevelContext, indent, indent, out);
  out.push("</KMIP>");
  return out.join("\n");
}
