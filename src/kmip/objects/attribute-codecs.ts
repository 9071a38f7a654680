/**
 * Codecs between the attribute wire forms and the canonical list (see `src/kmip/attributes.ts`),
 * and the payload fields built from them.
 *
 * KMIP 1.x: Attribute (1.4 §2.1.1, Table 2), Template-Attribute (1.4 §2.1.8, Table 29).
 * KMIP 2.x: Attributes and its Common/Private Key/Public Key variants (2.1 §5.1–5.4), Vendor
 * Attribute (2.1 §4.60, Table 150), Attribute Reference (2.1 §5.5), Current/New Attribute (§5.6–5.7).
 */
import { ItemType, type ItemTypeCode, type TtlvItem } from "../../ttlv/types.js";
import {
  anyItem,
  type Codec,
  type DecodeContext,
  type EncodeContext,
  hexTag,
  type Infer,
  integer,
  isVendorTag,
  KmipDecodeError,
  KmipEncodeError,
  resolveTag,
  text,
  wrongType,
} from "../schema/index.js";
import { tagByNumber } from "../tables.js";
import { isInVersion, versionString } from "../version.js";
import {
  type Attribute,
  type AttributeDef,
  attributeDef,
  attributeDefByTag,
  splitCustomName,
} from "./attribute-table.js";
import { Name } from "./attribute-values.js";

type NameValue = Infer<typeof Name>;

const TAG = {
  attribute: resolveTag("Attribute").tag,
  attributeName: resolveTag("Attribute Name").tag,
  attributeIndex: resolveTag("Attribute Index").tag,
  attributeValue: resolveTag("Attribute Value").tag,
  vendorIdentification: resolveTag("Vendor Identification").tag,
  name: resolveTag("Name").tag,
};

function structureOf(item: TtlvItem, what: string): TtlvItem[] {
  if (item.type !== ItemType.Structure) throw wrongType(what, item);
  return item.value;
}

function isRawItem(v: unknown): v is TtlvItem {
  return typeof v === "object" && v !== null && "tag" in v && "type" in v && "value" in v;
}

/** Decode one child with `codec`, naming it in the error path. */
function decodeIn<T>(codec: Codec<T>, item: TtlvItem, ctx: DecodeContext, name: string): T {
  try {
    return codec.decode(item, ctx);
  } catch (e) {
    throw e instanceof KmipDecodeError ? e.within(name) : e;
  }
}

function unexpected(c: TtlvItem): KmipDecodeError {
  return new KmipDecodeError("extra", `unexpected field ${tagByNumber(c.tag)?.name ?? hexTag(c.tag)}`);
}

/**
 * The typed value of an attribute the message's version has; any other value (custom, unknown,
 * or a standard attribute of another version, e.g. a 2.x "Certificate Issuer C" in a 1.4
 * message) stays the raw item, for the operation to accept or refuse.
 */
function decodeValue(def: AttributeDef | undefined, item: TtlvItem, ctx: DecodeContext): unknown {
  if (def === undefined || !isInVersion(def, ctx.version)) return item;
  return decodeIn(def.codec, item, ctx, def.name);
}

/** A typed value must belong to an attribute of the target version; a raw item goes as it is. */
function encodeValue(name: string, tag: number, value: unknown, ctx: EncodeContext): TtlvItem {
  const def = attributeDef(name);
  if (def !== undefined && isInVersion(def, ctx.version)) {
    try {
      return def.codec.encode(tag, value, ctx);
    } catch (e) {
      throw e instanceof KmipEncodeError ? e.within(name) : e;
    }
  }
  if (isRawItem(value)) return anyItem.encode(tag, value);
  const why = def === undefined ? "has no typed form" : `is not in KMIP ${versionString(ctx.version)}`;
  throw new KmipEncodeError(`attribute ${name} ${why}; only a raw item value can be sent`);
}

const PART_TAGS = new Set([
  TAG.attributeName,
  TAG.attributeIndex,
  TAG.attributeValue,
  TAG.vendorIdentification,
]);

/** Name, Index, Value (and 2.x Vendor Identification) children, in any order, each at most once. */
function readParts(children: TtlvItem[]): Map<number, TtlvItem> {
  const parts = new Map<number, TtlvItem>();
  for (const c of children) {
    if (!PART_TAGS.has(c.tag)) throw unexpected(c);
    if (parts.has(c.tag))
      throw new KmipDecodeError("duplicate", `${tagByNumber(c.tag)?.name} given more than once`);
    parts.set(c.tag, c);
  }
  return parts;
}

function requiredText(parts: Map<number, TtlvItem>, tag: number, what: string, ctx: DecodeContext): string {
  const item = parts.get(tag);
  if (item === undefined) throw new KmipDecodeError("missing", `missing required field ${what}`);
  return decodeIn(text, item, ctx, what);
}

/** KMIP 1.x `Attribute { Attribute Name, Attribute Index?, Attribute Value }` (1.4 §2.1.1). */
class Attribute1xCodec implements Codec<Attribute> {
  readonly describe = "Attribute";
  readonly itemTypes: readonly ItemTypeCode[] = [ItemType.Structure];

  decode(item: TtlvItem, ctx: DecodeContext): Attribute {
    const parts = readParts(structureOf(item, this.describe));
    if (parts.has(TAG.vendorIdentification))
      throw new KmipDecodeError("version", "Vendor Identification is KMIP 2.x");
    const name = requiredText(parts, TAG.attributeName, "Attribute Name", ctx);
    const indexItem = parts.get(TAG.attributeIndex);
    const valueItem = parts.get(TAG.attributeValue);
    const value = valueItem === undefined ? undefined : decodeValue(attributeDef(name), valueItem, ctx);
    if (indexItem === undefined) return { name, value };
    return { name, index: decodeIn(integer, indexItem, ctx, "Attribute Index"), value };
  }

  encode(tag: number, a: Attribute, ctx: EncodeContext): TtlvItem {
    if (a.templateReference === true) throw new KmipEncodeError("a template reference is not an Attribute");
    const children = [text.encode(TAG.attributeName, a.name, ctx)];
    if (a.index !== undefined) children.push(integer.encode(TAG.attributeIndex, a.index, ctx));
    if (a.value !== undefined) children.push(encodeValue(a.name, TAG.attributeValue, a.value, ctx));
    return { tag, type: ItemType.Structure, value: children };
  }

  bind(): Codec<Attribute> {
    return this;
  }
}

/** KMIP 1.x Template-Attribute: `Name*` (template references) then `Attribute*` (1.4 §2.1.8). */
class TemplateAttributeCodec implements Codec<Attribute[]> {
  readonly describe = "Template-Attribute";
  readonly itemTypes: readonly ItemTypeCode[] = [ItemType.Structure];

  decode(item: TtlvItem, ctx: DecodeContext): Attribute[] {
    const out: Attribute[] = [];
    for (const c of structureOf(item, this.describe)) {
      if (c.tag === TAG.attribute) out.push(decodeIn(attribute1x, c, ctx, "Attribute"));
      else if (c.tag === TAG.name)
        out.push({ name: "Name", value: decodeIn(Name, c, ctx, "Name"), templateReference: true });
      else throw unexpected(c);
    }
    return out;
  }

  encode(tag: number, list: Attribute[], ctx: EncodeContext): TtlvItem {
    const children: TtlvItem[] = [];
    for (const a of list) {
      if (a.templateReference === true) children.push(Name.encode(TAG.name, a.value as NameValue, ctx));
      else children.push(attribute1x.encode(TAG.attribute, a, ctx));
    }
    return { tag, type: ItemType.Structure, value: children };
  }

  bind(): Codec<Attribute[]> {
    return this;
  }
}

/** One attribute item of a KMIP 2.x Attributes structure: its own tag, or a Vendor Attribute. */
function decode2x(c: TtlvItem, ctx: DecodeContext): Attribute {
  if (c.tag === TAG.attribute) {
    const parts = readParts(structureOf(c, "Attribute"));
    if (parts.has(TAG.attributeIndex)) throw new KmipDecodeError("version", "Attribute Index is KMIP 1.x");
    const vendor = requiredText(parts, TAG.vendorIdentification, "Vendor Identification", ctx);
    const name = requiredText(parts, TAG.attributeName, "Attribute Name", ctx);
    return { name: `${vendor}-${name}`, value: parts.get(TAG.attributeValue) };
  }
  const def = attributeDefByTag(c.tag);
  if (def !== undefined) return { name: def.name, value: decodeValue(def, c, ctx) };
  if (isVendorTag(c.tag)) {
    ctx.report.vendorItems.push({ parentTag: TAG.attribute, item: c });
    return { name: hexTag(c.tag), value: c };
  }
  throw new KmipDecodeError("extra", `${tagByNumber(c.tag)?.name ?? hexTag(c.tag)} is not an attribute`);
}

function encode2x(a: Attribute, ctx: EncodeContext): TtlvItem {
  if (a.templateReference === true) throw new KmipEncodeError("KMIP 2.x has no template references");
  const def = attributeDef(a.name);
  if (def !== undefined)
    return encodeValue(a.name, isRawItem(a.value) ? a.value.tag : def.tag.tag, a.value, ctx);
  const custom = splitCustomName(a.name);
  if (custom !== undefined) {
    const children = [
      text.encode(TAG.vendorIdentification, custom.vendor, ctx),
      text.encode(TAG.attributeName, custom.name, ctx),
    ];
    if (a.value !== undefined) children.push(encodeValue(a.name, TAG.attributeValue, a.value, ctx));
    return { tag: TAG.attribute, type: ItemType.Structure, value: children };
  }
  if (isRawItem(a.value) && isVendorTag(a.value.tag)) return a.value;
  throw new KmipEncodeError(`unknown attribute ${a.name}`);
}

/** KMIP 2.x Attributes, Common/Private Key/Public Key Attributes (2.1 §5.1–5.4). */
class Attributes2xCodec implements Codec<Attribute[]> {
  readonly describe = "Attributes";
  readonly itemTypes: readonly ItemTypeCode[] = [ItemType.Structure];

  decode(item: TtlvItem, ctx: DecodeContext): Attribute[] {
    const out: Attribute[] = [];
    for (const c of structureOf(item, this.describe)) out.push(decode2x(c, ctx));
    return out;
  }

  encode(tag: number, list: Attribute[], ctx: EncodeContext): TtlvItem {
    const children: TtlvItem[] = [];
    for (const a of list) children.push(encode2x(a, ctx));
    return { tag, type: ItemType.Structure, value: children };
  }

  bind(): Codec<Attribute[]> {
    return this;
  }
}

/** KMIP 2.x Current Attribute / New Attribute: exactly one attribute (2.1 §5.6–5.7). */
class SingleAttribute2xCodec implements Codec<Attribute> {
  readonly describe = "a structure holding one attribute";
  readonly itemTypes: readonly ItemTypeCode[] = [ItemType.Structure];

  decode(item: TtlvItem, ctx: DecodeContext): Attribute {
    const children = structureOf(item, this.describe);
    const only = children[0];
    if (only === undefined || children.length > 1) {
      throw new KmipDecodeError("value", `expected exactly one attribute, got ${children.length}`);
    }
    return decode2x(only, ctx);
  }

  encode(tag: number, a: Attribute, ctx: EncodeContext): TtlvItem {
    return { tag, type: ItemType.Structure, value: [encode2x(a, ctx)] };
  }

  bind(): Codec<Attribute> {
    return this;
  }
}

/** KMIP 2.x Attribute Reference: Enumeration (Tag), or `{ Vendor Identification, Attribute Name }` (2.1 §5.5). */
class AttributeReferenceCodec implements Codec<string> {
  readonly describe = "Attribute Reference";
  readonly itemTypes: readonly ItemTypeCode[] = [ItemType.Enumeration, ItemType.Structure];

  decode(item: TtlvItem, ctx: DecodeContext): string {
    if (item.type === ItemType.Enumeration) {
      return attributeDefByTag(item.value)?.name ?? tagByNumber(item.value)?.name ?? hexTag(item.value);
    }
    const parts = readParts(structureOf(item, this.describe));
    const vendor = requiredText(parts, TAG.vendorIdentification, "Vendor Identification", ctx);
    return `${vendor}-${requiredText(parts, TAG.attributeName, "Attribute Name", ctx)}`;
  }

  encode(tag: number, name: string, ctx: EncodeContext): TtlvItem {
    const def = attributeDef(name);
    if (def !== undefined) {
      if (!isInVersion(def, ctx.version))
        throw new KmipEncodeError(`attribute ${name} is not in KMIP ${versionString(ctx.version)}`);
      return { tag, type: ItemType.Enumeration, value: def.tag.tag };
    }
    const custom = splitCustomName(name);
    if (custom !== undefined) {
      const children = [
        text.encode(TAG.vendorIdentification, custom.vendor, ctx),
        text.encode(TAG.attributeName, custom.name, ctx),
      ];
      return { tag, type: ItemType.Structure, value: children };
    }
    const vendorTag = name.startsWith("0x") ? Number(name) : Number.NaN;
    if (isVendorTag(vendorTag)) return { tag, type: ItemType.Enumeration, value: vendorTag };
    throw new KmipEncodeError(`unknown attribute ${name}`);
  }

  bind(): Codec<string> {
    return this;
  }
}

export const attribute1x = new Attribute1xCodec();
export const templateAttribute1x = new TemplateAttributeCodec();
export const attributes2x = new Attributes2xCodec();
export const singleAttribute2x = new SingleAttribute2xCodec();
export const attributeReference2x = new AttributeReferenceCodec();
