/**
 * KMIP XML encoding → TTLV items (KMIP Additional Message Encodings v1.0, §6.1).
 *
 * Each item is an element (§6.1.6): either named after the item's normalised tag
 * (`<ActivationDate type="DateTime" value="..."/>`) or the general form
 * `<TTLV tag="0x420001" name="..." type="..." value="..."/>`; we also read the spec's
 * `<x540001 .../>` spelling (§6.1.6.5). `type` defaults to Structure (§6.1.4); Structure
 * children are nested elements (§6.1.6.2), other values are in the `value` attribute.
 */
import { type ItemContext, type TtlvDictionary, topLevelContext } from "./dictionary.js";
import { TtlvError } from "./errors.js";
import { childPaths, resolveTextLimits, type TextLimits, type TextParseOptions } from "./text-options.js";
import { type ScalarReadContext, type ScalarTypeName, scalarFromText } from "./text-scalar.js";
import { ItemType, type ItemTypeName, isTtlvTag, type TtlvItem } from "./types.js";
import { lineColumn, scanXml, type XmlElement } from "./xml-scan.js";

export type XmlParseOptions = TextParseOptions;

interface ReadState {
  readonly src: string;
  readonly dict: TtlvDictionary;
  readonly opts: XmlParseOptions;
  readonly limits: TextLimits;
}

const TAG_HEX = /^0[xX]([0-9a-fA-F]{6})$/;
const X_TAG = /^x([0-9a-fA-F]{6})$/;

function syntax(st: ReadState, el: XmlElement, path: string, message: string): never {
  throw new TtlvError("syntax", `${message} (${lineColumn(st.src, el.offset)})`, -1, undefined, path);
}

/** KMIP tags are 0x42XXXX (KMIP) or 0x54XXXX (extensions), KMIP 1.4 §9.1.3.1. */
function checkTagRange(tag: number, path: string): number {
  if (!isTtlvTag(tag)) {
    throw new TtlvError(
      "bad-tag",
      `tag 0x${tag.toString(16).padStart(6, "0")} is outside the KMIP ranges`,
      -1,
      tag,
      path,
    );
  }
  return tag;
}

/** The element name without a namespace prefix (§6.1.6 allows the urn:oasis:tc:kmip:xmlns namespace). */
function localName(el: XmlElement): string {
  return el.name.slice(el.name.indexOf(":") + 1);
}

function tagOf(st: ReadState, el: XmlElement, path: string): number {
  const local = localName(el);
  const text = local === "TTLV" ? attr(el, "tag") : local;
  if (text === undefined) syntax(st, el, path, "TTLV element without a tag attribute");
  const hex = TAG_HEX.exec(text) ?? (local === "TTLV" ? null : X_TAG.exec(text));
  if (hex?.[1] !== undefined) return checkTagRange(Number.parseInt(hex[1], 16), path);
  const tag = st.dict.tagNumber(text);
  if (tag === undefined)
    throw new TtlvError("bad-tag", `unknown tag name ${JSON.stringify(text)}`, -1, undefined, path);
  return checkTagRange(tag, path);
}

function attr(el: XmlElement, name: string): string | undefined {
  return el.attrs.find(([n]) => n === name)?.[1];
}

function checkAttributes(st: ReadState, el: XmlElement, path: string): void {
  const generic = localName(el) === "TTLV";
  for (const [name] of el.attrs) {
    if (name === "type" || name === "value" || name === "xmlns" || name.startsWith("xmlns:")) continue;
    if (generic && (name === "tag" || name === "name")) continue;
    syntax(st, el, path, `unexpected attribute ${name} on <${el.name}>`);
  }
}

function typeOf(el: XmlElement, path: string, tag: number): ItemTypeName {
  const type = attr(el, "type") ?? "Structure";
  if (!Object.hasOwn(ItemType, type)) {
    throw new TtlvError("bad-type", `unknown item type ${JSON.stringify(type)}`, -1, tag, path);
  }
  return type as ItemTypeName;
}

function readItem(st: ReadState, el: XmlElement, ctx: ItemContext, path: string, depth: number): TtlvItem {
  checkAttributes(st, el, path);
  const tag = tagOf(st, el, path);
  const type = typeOf(el, path, tag);
  if (el.text.trim() !== "") syntax(st, el, path, `unexpected text inside <${el.name}>`);
  if (type === "Structure") {
    if (attr(el, "value") !== undefined) syntax(st, el, path, "a Structure has no value attribute");
    if (depth > st.limits.depthMax) {
      throw new TtlvError("limit", `nesting deeper than ${st.limits.depthMax}`, -1, tag, path);
    }
    return { tag, type: ItemType.Structure, value: readChildren(st, el, tag, path, depth) };
  }
  if (el.children.length > 0) syntax(st, el, path, `a ${type} has no child elements`);
  const value = attr(el, "value");
  if (value === undefined) syntax(st, el, path, `<${el.name}> has no value attribute`);
  const rc: ScalarReadContext = {
    dict: st.dict,
    ctx,
    sep: " ",
    resolvePlaceholder: st.opts.resolvePlaceholder,
  };
  return scalarFromText(tag, type as ScalarTypeName, value, rc, path);
}

function readChildren(st: ReadState, el: XmlElement, tag: number, path: string, depth: number): TtlvItem[] {
  const items: TtlvItem[] = [];
  const paths = childPaths(
    path,
    el.children.map((c) => c.name),
  );
  el.children.forEach((child, i) => {
    const ctx: ItemContext = { parentTag: tag, siblings: items };
    items.push(readItem(st, child, ctx, paths[i] ?? path, depth + 1));
  });
  return items;
}

/** Scan the document; a `<KMIP>` wrapper (`wrapped`) may add one level and one element. */
function state(
  text: string,
  dict: TtlvDictionary,
  opts: XmlParseOptions,
  wrapped: boolean,
): [ReadState, XmlElement] {
  const limits = resolveTextLimits(opts.limits);
  const extra = wrapped ? 1 : 0;
  const root = scanXml(text, {
    charsMax: limits.textCharsMax,
    depthMax: limits.depthMax + extra,
    elementsMax: limits.itemsMax + extra,
  });
  return [{ src: text, dict, opts, limits }, root];
}

/** One TTLV item (usually a Request or Response Message) from its XML element. */
export function parseKmipXml(text: string, dict: TtlvDictionary, opts: XmlParseOptions = {}): TtlvItem {
  const [st, root] = state(text, dict, opts, false);
  if (root.name === "KMIP")
    syntax(st, root, "KMIP", "a <KMIP> document holds several messages: read it as a document");
  return readItem(st, root, topLevelContext, root.name, 1);
}

/**
 * Every message of an OASIS test-case file: the element children of a `<KMIP>` root, in order.
 * Comments and text between them (`# TIME n`) are ignored. A document whose root is not `<KMIP>`
 * is read as one item.
 */
export function parseKmipXmlDocument(
  text: string,
  dict: TtlvDictionary,
  opts: XmlParseOptions = {},
): TtlvItem[] {
  const [st, root] = state(text, dict, opts, true);
  if (root.name !== "KMIP") return [readItem(st, root, topLevelContext, root.name, 1)];
  const paths = childPaths(
    "KMIP",
    root.children.map((c) => c.name),
  );
  return root.children.map((child, i) => readItem(st, child, topLevelContext, paths[i] ?? "KMIP", 1));
}
