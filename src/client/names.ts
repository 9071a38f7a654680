/**
 * Enumeration and mask values by spec name and back, for a client's input and output:
 * "AES" ⇄ Cryptographic Algorithm 0x03, "Encrypt Decrypt" ⇄ Cryptographic Usage Mask 0x0C.
 * Names match leniently (case, spacing and punctuation ignored, as `tables.ts` does), so
 * `cessation-of-operation`, `CessationOfOperation` and "Cessation of Operation" are one value.
 */
import { type EnumInfo, enumByName, enumValueByName, enumValueByNumber, maskByName } from "../kmip/tables.js";

/** The value of `name` in enumeration `enumeration`; throws a readable error for an unknown one. */
export function enumValue(enumeration: string, name: string | number): number {
  if (typeof name === "number") return name;
  const info = enumByName(enumeration);
  if (info === undefined) throw new Error(`unknown enumeration ${enumeration}`);
  const hex = /^0x[0-9a-f]+$/i.test(name) ? Number(name) : undefined;
  if (hex !== undefined) return hex;
  const v = enumValueByName(info, name);
  if (v === undefined) {
    const known = info.values.map((x) => x.name).join(", ");
    throw new Error(`unknown ${enumeration} "${name}" (one of: ${known})`);
  }
  return v.value;
}

/** The spec name of an enumeration value; `0x0000002A` for a value the tables do not know. */
export function enumName(enumeration: string, value: number): string {
  const info = enumByName(enumeration);
  const v = info === undefined ? undefined : enumValueByNumber(info, value);
  return v?.name ?? `0x${value.toString(16).toUpperCase().padStart(8, "0")}`;
}

/**
 * OR of the mask bits named in `names`. Each entry may hold several names separated by commas,
 * pipes or spaces; a multi-word name ("MAC Generate") is matched greedily, longest first.
 */
export function maskValue(mask: string, names: readonly string[] | string): number {
  const info = maskByName(mask);
  if (info === undefined) throw new Error(`unknown mask ${mask}`);
  const groups = (typeof names === "string" ? [names] : names).flatMap((n) => n.split(/[,|]/));
  let bits = 0;
  for (const group of groups) {
    const words = group.split(/\s+/).filter((w) => w !== "");
    for (let i = 0; i < words.length; ) {
      const [bit, next] = longestMatch(info, words, i);
      if (bit === undefined) throw new Error(`unknown ${mask} bit "${words[i]}"`);
      bits |= bit;
      i = next;
    }
  }
  return bits >>> 0;
}

/** The longest run of words from `start` that names a value: [value, index after the run]. */
function longestMatch(info: EnumInfo, words: string[], start: number): [number | undefined, number] {
  for (let end = words.length; end > start; end--) {
    const v = enumValueByName(info, words.slice(start, end).join(" "));
    if (v !== undefined) return [v.value, end];
  }
  return [undefined, start];
}

/** The names of the bits set in a mask value; unknown bits as one hex number. */
export function maskNames(mask: string, value: number): string[] {
  const info = maskByName(mask);
  const out: string[] = [];
  let rest = value >>> 0;
  for (const v of info?.values ?? []) {
    if ((rest & v.value) !== 0 && (v.value & (v.value - 1)) === 0) {
      out.push(v.name);
      rest = (rest & ~v.value) >>> 0;
    }
  }
  if (rest !== 0) out.push(`0x${rest.toString(16).toUpperCase().padStart(8, "0")}`);
  return out;
}
