/**
 * Runtime lookups over the KMIP tables generated from spec/*.json (tags, enumerations, masks of
 * every KMIP version, with the version that introduced and the version that removed each entry).
 * Every lookup is a Map built once at module load.
 */
import type { ItemTypeName } from "../ttlv/types.js";
import { ENUM_TABLE } from "./generated/enums.js";
import { MASK_TABLE } from "./generated/masks.js";
import { TAG_TABLE } from "./generated/tags.js";
import { looseNameKey } from "./names.js";
import { isInVersion, type KmipVersion } from "./version.js";

export interface TagInfo {
  tag: number;
  /** Name as the newest specification that defines the tag prints it, e.g. "Activation Date". */
  name: string;
  /** Normalised name used by the XML and JSON encodings, e.g. "ActivationDate". */
  xmlName: string;
  /** Every item type the tag may carry in some version (see `typeSince` for later additions). */
  types: readonly ItemTypeName[];
  since: KmipVersion;
  until?: KmipVersion;
  /** Enumeration used when the item type is Enumeration; "Tag" for 2.x Enumeration (Tag) values. */
  enumName?: string;
  /** Bit mask used when the item type is Integer. */
  maskName?: string;
  /** Item types that only appeared in a later version than `since`. */
  typeSince?: Readonly<Partial<Record<ItemTypeName, KmipVersion>>>;
  /** Other spec names the same tag had in other versions (resolvable by `tagByName`). */
  aliases?: readonly string[];
  /** e.g. "deprecated as of version 1.1". */
  deprecated?: string;
}

export interface EnumValueInfo {
  name: string;
  xmlName: string;
  value: number;
  since: KmipVersion;
  until?: KmipVersion;
  aliases?: readonly string[];
  deprecated?: string;
}

export interface EnumInfo {
  name: string;
  xmlName: string;
  values: readonly EnumValueInfo[];
}

/** A bit mask: each value is a single bit. */
export type MaskInfo = EnumInfo;

/** Names a lookup accepts: spec name, normalised name, aliases, and a loose fallback key. */
function namesOf(e: { name: string; xmlName: string; aliases?: readonly string[] }): string[] {
  return [e.name, e.xmlName, ...(e.aliases ?? [])];
}

/** Build a name index: exact names first, then loose keys that stay unambiguous. */
function nameIndex<T extends { name: string; xmlName: string; aliases?: readonly string[] }>(
  rows: readonly T[],
): Map<string, T> {
  const exact = new Map<string, T>();
  const loose = new Map<string, T | null>();
  for (const row of rows) {
    for (const n of namesOf(row)) {
      if (!exact.has(n)) exact.set(n, row);
      const k = `~${looseNameKey(n)}`;
      const seen = loose.get(k);
      loose.set(k, seen === undefined || seen === row ? row : null);
    }
  }
  for (const [k, row] of loose) if (row !== null) exact.set(k, row);
  return exact;
}

function lookupName<T>(index: Map<string, T>, name: string): T | undefined {
  return index.get(name) ?? index.get(`~${looseNameKey(name)}`);
}

const tagsByNumber = new Map<number, TagInfo>(TAG_TABLE.map((t) => [t.tag, t]));
const tagsByName = nameIndex(TAG_TABLE);
const enumsByName = nameIndex(ENUM_TABLE);
const masksByName = nameIndex(MASK_TABLE);

interface ValueIndex {
  byName: Map<string, EnumValueInfo>;
  byNumber: Map<number, EnumValueInfo>;
}
const valueIndexes = new Map<EnumInfo, ValueIndex>();
for (const e of [...ENUM_TABLE, ...MASK_TABLE]) {
  valueIndexes.set(e, { byName: nameIndex(e.values), byNumber: byNumberNewestFirst(e.values) });
}

/** When a value number was reused under a new name, the entry of the newest version wins. */
function byNumberNewestFirst(values: readonly EnumValueInfo[]): Map<number, EnumValueInfo> {
  const out = new Map<number, EnumValueInfo>();
  for (const v of values) {
    const seen = out.get(v.value);
    if (seen === undefined || seen.since < v.since) out.set(v.value, v);
  }
  return out;
}

function indexOf(e: EnumInfo): ValueIndex {
  let idx = valueIndexes.get(e);
  if (idx === undefined) {
    // An EnumInfo built by a caller rather than taken from our tables: index it on first use.
    idx = { byName: nameIndex(e.values), byNumber: byNumberNewestFirst(e.values) };
    valueIndexes.set(e, idx);
  }
  return idx;
}

export function tagByNumber(tag: number): TagInfo | undefined {
  return tagsByNumber.get(tag);
}

/** Accepts the spec name ("Activation Date"), the normalised name ("ActivationDate") or an alias. */
export function tagByName(name: string): TagInfo | undefined {
  return lookupName(tagsByName, name);
}

/** "Object Type" or "ObjectType". */
export function enumByName(name: string): EnumInfo | undefined {
  return lookupName(enumsByName, name);
}

/** The enumeration an Enumeration-typed tag uses; undefined for 2.x "Enumeration (Tag)" items. */
export function enumForTag(tag: number): EnumInfo | undefined {
  const name = tagsByNumber.get(tag)?.enumName;
  return name === undefined || name === "Tag" ? undefined : enumsByName.get(name);
}

export function enumValueByName(e: EnumInfo, name: string): EnumValueInfo | undefined {
  return lookupName(indexOf(e).byName, name);
}

export function enumValueByNumber(e: EnumInfo, value: number): EnumValueInfo | undefined {
  return indexOf(e).byNumber.get(value);
}

export function maskByName(name: string): MaskInfo | undefined {
  return lookupName(masksByName, name);
}

export function maskForTag(tag: number): MaskInfo | undefined {
  const name = tagsByNumber.get(tag)?.maskName;
  return name === undefined ? undefined : masksByName.get(name);
}

/** False for unknown tags (extensions included: they are not in our tables). */
export function tagInVersion(tag: number, v: KmipVersion): boolean {
  const info = tagsByNumber.get(tag);
  return info !== undefined && isInVersion(info, v);
}

export function enumValueInVersion(e: EnumInfo, value: number, v: KmipVersion): boolean {
  return e.values.some((x) => x.value === value && isInVersion(x, v));
}

/** OR of the mask bits defined in version `v`. */
export function maskBitsInVersion(m: MaskInfo, v: KmipVersion): number {
  let bits = 0;
  for (const x of m.values) if (isInVersion(x, v)) bits |= x.value;
  return bits >>> 0;
}

/** Every tag, enumeration and mask (for Query, documentation, and tests). */
export const allTags: readonly TagInfo[] = TAG_TABLE;
export const allEnums: readonly EnumInfo[] = ENUM_TABLE;
export const allMasks: readonly MaskInfo[] = MASK_TABLE;
