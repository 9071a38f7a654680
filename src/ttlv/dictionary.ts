/**
 * How the text encodings (XML, JSON, debug text) learn names without knowing KMIP.
 *
 * The KMIP Additional Message Encodings v1.0 (§4.1.2–4.1.6 JSON, §6.1.2–6.1.6 XML) write tags,
 * enumerations and masks by their normalised ("CamelCase") names. The codecs in `src/ttlv/` ask a
 * `TtlvDictionary` for those names; `src/kmip/dictionary.ts` implements it from the KMIP tables.
 *
 * Some names depend on where an item sits, so every value lookup gets an `ItemContext`:
 * - KMIP 1.x `Attribute { AttributeName, AttributeValue }`: the enumeration or mask of the
 *   Attribute Value is the one of the attribute named by the sibling Attribute Name text
 *   (e.g. "State", "Cryptographic Usage Mask", "Object Type").
 * - KMIP 2.x "Enumeration (Tag)" items (e.g. Attribute Reference): the value is a tag number and
 *   its name is the tag's name (`<AttributeReference type="Enumeration" value="State"/>`).
 * The codec does not interpret either case; it only hands over the context.
 */
import type { TtlvItem } from "./types.js";

/** Where an item sits, for names that depend on it. */
export interface ItemContext {
  /** Tag of the enclosing structure; undefined at the top level. */
  readonly parentTag: number | undefined;
  /**
   * The item's siblings known so far: when parsing text, those that precede it (KMIP orders
   * Attribute Name before Attribute Value); when writing, all children of the parent.
   */
  readonly siblings: readonly TtlvItem[];
}

/** The context of a top-level item. */
export const topLevelContext: ItemContext = { parentTag: undefined, siblings: [] };

export interface TtlvDictionary {
  /** Normalised name of a tag (§4.1.3/§6.1.3), or undefined for an unknown or vendor tag. */
  tagName(tag: number): string | undefined;
  /** Tag number for a normalised name; undefined when unknown. */
  tagNumber(name: string): number | undefined;
  /**
   * Name of an Enumeration value; undefined when the value (or the item's enumeration) is unknown,
   * in which case the codec writes it as hex (§4.1.6.7/§6.1.6.7).
   */
  enumName(tag: number, value: number, ctx: ItemContext): string | undefined;
  /** Value of an Enumeration name; undefined when unknown. */
  enumValue(tag: number, name: string, ctx: ItemContext): number | undefined;
  /**
   * For an Integer that is a bit mask (§4.1.6.4/§6.1.6.4): the names of the mask's defined bits
   * set in `value`, lowest bit first. Undefined when the item is not a mask. Bits without a name
   * are left for the codec to write as a hex component.
   */
  maskNames(tag: number, value: number, ctx: ItemContext): string[] | undefined;
  /** The bit(s) of one mask component name; undefined when the item is not a mask or the name unknown. */
  maskValue(tag: number, name: string, ctx: ItemContext): number | undefined;
}

/** A dictionary that knows no names: everything is written by number. */
export const emptyDictionary: TtlvDictionary = {
  tagName: () => undefined,
  tagNumber: () => undefined,
  enumName: () => undefined,
  enumValue: () => undefined,
  maskNames: () => undefined,
  maskValue: () => undefined,
};
