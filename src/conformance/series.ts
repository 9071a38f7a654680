/**
 * Files that continue another. Some test cases are steps of one scenario: TL-M-2 creates a key
 * that TL-M-3 then locates (KMIP Profiles 1.4, Tape Library), SASED-M-2 registers what SASED-M-3
 * finds. Such a file begins by finding (or naming) objects it never made. The runner gives it the scope of
 * its predecessor — the file of the same set and series numbered one less — instead of a clean
 * one; without a predecessor it cannot run (see `skips.ts`, "prior-objects").
 */
import { Operation } from "../kmip/generated/enums.js";
import { Tag } from "../kmip/generated/tags.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import { child, children, operationOf } from "./message-parts.js";
import type { Exchange } from "./types.js";
import type { VectorFile } from "./vectors.js";

/** The items of a response payload that name objects. */
const IDENTIFIERS = new Set<number>([
  Tag.UniqueIdentifier,
  Tag.PrivateKeyUniqueIdentifier,
  Tag.PublicKeyUniqueIdentifier,
]);

/**
 * True when the file uses objects before it creates, registers or otherwise obtains any: its
 * first response naming an object is a Locate's, or a request names one by a literal
 * identifier (not a placeholder) before any response named one.
 */
export function findsBeforeMaking(exchanges: readonly Exchange[]): boolean {
  for (const { request, response } of exchanges) {
    if (literalIdentifier(request)) return true;
    for (const item of children(response).filter((c) => c.tag === Tag.BatchItem)) {
      const payload = children(child(item, Tag.ResponsePayload));
      if (!payload.some((c) => IDENTIFIERS.has(c.tag))) continue;
      return operationOf(item) === Operation.Locate;
    }
  }
  return false;
}

function literalIdentifier(item: TtlvItem): boolean {
  if (item.type === ItemType.Structure) return item.value.some(literalIdentifier);
  return IDENTIFIERS.has(item.tag) && item.type === ItemType.TextString && !item.value.startsWith("$");
}

/**
 * The file's place in its series: the tokens of its name up to its protocol version, with the
 * case number before the version cut out (`TL-M-3-14` → series `TL-M-#-14`, number 3;
 * `TC_151_11_Locate_…` → `TC_#_11`, 151). Undefined when the name has no such number.
 */
export function seriesOf(file: VectorFile): { series: string; number: number } | undefined {
  const base = file.name.slice(file.set.length + 1).replace(/\.xml$/, "");
  const tokens = base.split(/([-_])/);
  const versionDigits = file.version.replace(".", "");
  for (let i = 2; i < tokens.length; i += 2) {
    const number = tokens[i - 2];
    if (tokens[i] !== versionDigits || number === undefined || !/^\d+$/.test(number)) continue;
    const series = [...tokens.slice(0, i - 2), "#", ...tokens.slice(i - 1, i + 1)].join("");
    return { series: `${file.set}/${series}`, number: Number(number) };
  }
  return undefined;
}

/** Whether `previous` is the step just before `file` in the same series. */
export function isPredecessor(previous: VectorFile | undefined, file: VectorFile): boolean {
  if (previous === undefined) return false;
  const p = seriesOf(previous);
  const f = seriesOf(file);
  return p !== undefined && f !== undefined && p.series === f.series && p.number === f.number - 1;
}
