/**
 * Integer bit masks as text (Cryptographic Usage Mask, Storage Status Mask, Protection Storage
 * Mask, ...), KMIP Additional Message Encodings v1.0 §4.1.6.4 (JSON) and §6.1.6.4 (XML):
 * "Integer mask values can also be encoded as a String containing mask components", joined by
 * "|" in JSON and by spaces in XML (xsd:list). "Components may be either the text of the
 * enumeration value ... or a 32-bit unsigned big-endian hex string."
 *
 * Which Integers are masks, and the names of their bits, come from the dictionary.
 */
import type { ItemContext, TtlvDictionary } from "./dictionary.js";
import { badValue, hex32, parseInteger, parseUnsigned32, type Where } from "./text-values.js";

/** Component separators: "|" for JSON (§4.1.6.4), whitespace for XML (§6.1.6.4, xsd:list). */
export type MaskSeparator = "|" | " ";

/**
 * The mask text of an Integer item, e.g. "Encrypt Decrypt" or "Sign|0x00100000", or undefined
 * when the item is not a mask (or is zero, which has no components) and is written as a number.
 * Bits the dictionary has no name for are written as one hex component.
 */
export function formatMask(
  value: number,
  sep: MaskSeparator,
  dict: TtlvDictionary,
  tag: number,
  ctx: ItemContext,
): string | undefined {
  const names = dict.maskNames(tag, value, ctx);
  if (names === undefined || value === 0) return undefined;
  let named = 0;
  for (const name of names) named |= dict.maskValue(tag, name, ctx) ?? 0;
  const rest = (value & ~named) >>> 0;
  const parts = rest === 0 ? names : [...names, hex32(rest)];
  return parts.join(sep);
}

/**
 * The value of an Integer that is a mask: a decimal or hex number, or a list of components. A
 * single component that is a number is read as an Integer (so "0xffffffff" is -1, §6.1.1).
 */
export function parseMaskOrInteger(
  text: string,
  sep: MaskSeparator,
  dict: TtlvDictionary,
  ctx: ItemContext,
  at: Where & { tag: number },
): number {
  const parts = sep === "|" ? text.split("|").map((p) => p.trim()) : text.trim().split(/\s+/);
  if (parts.length === 1 && /^(?:[+-]?\d+|0[xX][0-9a-fA-F]+)$/.test(parts[0] ?? "")) {
    return parseInteger(parts[0] ?? "", at);
  }
  let value = 0;
  for (const part of parts) value |= maskComponent(part, dict, ctx, at);
  return value | 0;
}

function maskComponent(
  part: string,
  dict: TtlvDictionary,
  ctx: ItemContext,
  at: Where & { tag: number },
): number {
  if (/^0[xX][0-9a-fA-F]+$/.test(part)) return parseUnsigned32(part, "mask component", at);
  const bit = dict.maskValue(at.tag, part, ctx);
  return bit ?? badValue(`unknown mask component ${JSON.stringify(part)}`, at);
}
