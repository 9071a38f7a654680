/**
 * The KMIP names of the text encodings (XML, JSON, debug text): `TtlvDictionary` over the KMIP
 * tables of every version 1.0–2.1.
 *
 * Two lookups depend on context (KMIP Additional Message Encodings v1.0 writes enumerations and
 * masks by name, §4.1.6.4, §4.1.6.7, §6.1.6.4, §6.1.6.7):
 * - KMIP 1.x Attribute Value (KMIP 1.4 §2.1.1): its enumeration or mask is the one of the
 *   attribute that the sibling Attribute Name names ("State" → State, "Cryptographic Usage Mask"
 *   → the Cryptographic Usage Mask bits). Custom attributes ("x-...") have none: hex.
 * - KMIP 2.x "Enumeration (Tag)" items such as Attribute Reference (KMIP 2.0 §7.3.x): the value
 *   is a tag number, named by the tag's normalised name.
 */
import type { ItemContext, TtlvDictionary } from "../ttlv/dictionary.js";
import { ItemType } from "../ttlv/types.js";
import {
  type EnumInfo,
  enumForTag,
  enumValueByName,
  enumValueByNumber,
  type MaskInfo,
  maskForTag,
  tagByName,
  tagByNumber,
} from "./tables.js";

/** KMIP 1.4 §9.1.3.1 tag values. */
const ATTRIBUTE = 0x420008;
const ATTRIBUTE_NAME = 0x42000a;
const ATTRIBUTE_VALUE = 0x42000b;

/**
 * The tag whose enumeration or mask applies: the item's own, or, for an Attribute Value inside an
 * Attribute, the tag of the attribute its Attribute Name names (undefined when unknown).
 */
function effectiveTag(tag: number, ctx: ItemContext): number | undefined {
  if (tag !== ATTRIBUTE_VALUE || ctx.parentTag !== ATTRIBUTE) return tag;
  const name = ctx.siblings.find((s) => s.tag === ATTRIBUTE_NAME && s.type === ItemType.TextString);
  return name === undefined ? undefined : tagByName(name.value as string)?.tag;
}

/** True for 2.x "Enumeration (Tag)" items, whose values are tag numbers. */
function isTagEnumeration(tag: number): boolean {
  return tagByNumber(tag)?.enumName === "Tag";
}

function enumOf(tag: number, ctx: ItemContext): EnumInfo | "tag" | undefined {
  const t = effectiveTag(tag, ctx);
  if (t === undefined) return undefined;
  return isTagEnumeration(t) ? "tag" : enumForTag(t);
}

function maskOf(tag: number, ctx: ItemContext): MaskInfo | undefined {
  const t = effectiveTag(tag, ctx);
  return t === undefined ? undefined : maskForTag(t);
}

export const kmipDictionary: TtlvDictionary = {
  tagName: (tag) => tagByNumber(tag)?.xmlName,
  tagNumber: (name) => tagByName(name)?.tag,

  enumName(tag, value, ctx) {
    const e = enumOf(tag, ctx);
    if (e === "tag") return tagByNumber(value)?.xmlName;
    return e === undefined ? undefined : enumValueByNumber(e, value)?.xmlName;
  },

  enumValue(tag, name, ctx) {
    const e = enumOf(tag, ctx);
    if (e === "tag") return tagByName(name)?.tag;
    return e === undefined ? undefined : enumValueByName(e, name)?.value;
  },

  maskNames(tag, value, ctx) {
    const m = maskOf(tag, ctx);
    if (m === undefined) return undefined;
    const names: string[] = [];
    for (let bit = 0; bit < 32; bit++) {
      const flag = (1 << bit) >>> 0;
      if (((value >>> 0) & flag) === 0) continue;
      const v = enumValueByNumber(m, flag);
      if (v !== undefined) names.push(v.xmlName);
    }
    return names;
  },

  maskValue(tag, name, ctx) {
    const m = maskOf(tag, ctx);
    return m === undefined ? undefined : enumValueByName(m, name)?.value;
  },
};
