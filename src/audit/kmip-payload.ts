/**
 * What a KMIP audit record says of a payload: the objects it names and the attributes it touches,
 * never a value. Only names are read: Unique Identifiers (text), 1.x Attribute Names, the tags of
 * 2.x attributes (KMIP 2.1 §7.2 "Attributes": the attribute is the item itself, its tag its name)
 * and 2.x Attribute References. Key material, attribute values, data to encrypt or sign and their
 * results are never copied.
 */
import { Tag } from "../kmip/generated/tags.js";
import { tagByNumber } from "../kmip/tables.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";

/** Structures whose children are attributes (2.x). */
const ATTRIBUTE_HOLDERS: ReadonlySet<number> = new Set([
  Tag.Attributes,
  Tag.CommonAttributes,
  Tag.PrivateKeyAttributes,
  Tag.PublicKeyAttributes,
  Tag.CurrentAttribute,
  Tag.NewAttribute,
]);

const NAMES_MAX = 64;

/**
 * Unique Identifiers among the payload's fields, by field: `unique_identifier`,
 * `private_key_unique_identifier`, ... (several values, as in a Locate response, make a list).
 */
export function identifiersOf(payload: TtlvItem | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (payload?.type !== ItemType.Structure) return out;
  for (const child of payload.value) {
    if (child.type !== ItemType.TextString) continue;
    const name = tagByNumber(child.tag)?.name;
    if (name === undefined || !name.endsWith("Unique Identifier")) continue;
    const key = name.toLowerCase().replace(/ /g, "_");
    const seen = out[key];
    out[key] = seen === undefined ? child.value : [...(Array.isArray(seen) ? seen : [seen]), child.value];
  }
  return out;
}

/** The attribute names a payload mentions, in order, without repeats (at most 64). */
export function attributeNamesOf(payload: TtlvItem | undefined): string[] {
  const names = new Set<string>();
  const visit = (item: TtlvItem, holder: boolean): void => {
    if (names.size >= NAMES_MAX) return;
    if (holder) names.add(tagName(item.tag));
    if (item.tag === Tag.AttributeName && item.type === ItemType.TextString) names.add(item.value);
    if (item.tag === Tag.AttributeReference && item.type === ItemType.Enumeration) {
      names.add(tagName(item.value));
    }
    if (item.type !== ItemType.Structure) return;
    const holds = ATTRIBUTE_HOLDERS.has(item.tag);
    for (const child of item.value) visit(child, holds);
  };
  if (payload !== undefined) visit(payload, false);
  return [...names];
}

function tagName(tag: number): string {
  return tagByNumber(tag)?.name ?? `0x${tag.toString(16).toUpperCase()}`;
}
