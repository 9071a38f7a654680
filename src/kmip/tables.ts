/**
 * Runtime lookups over the KMIP tables generated from spec/*.json (tags, enumerations, masks of
 * every KMIP version, with the version that introduced and the version that removed each entry).
 * Every lookup is a Map built once at module load.
 */
import type { ItemTypeName } from "../ttlv/types.js";
import { ENUM_TABLE } from "./generated/enums.js";
import { MASK_TABLE } from "./generated/masks.js";
import { TAG_TABLE } from "./generated/tags.js";
import { looseNameKey, normalizeName } from "./names.js";
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
  /** First version with this enumeration (absent for enumerations built by callers). */
  since?: KmipVersion;
  until?: KmipVersion;
  aliases?: readonly string[];
  /** Values reserved for vendor extensions, as the spec prints them ("8XXXXXXX"; masks "XXX00000"). */
  extensions?: string;
}

/** A bit mask: each value is a single bit. */
export type MaskInfo = EnumInfo;

type Named = { name: string; xmlName: string; aliases?: readonly string[] };

/** The XML/JSON spellings of an entry: its normalised name and those of its older names. */
function xmlNamesOf(e: Named): string[] {
  return [e.xmlName, ...(e.aliases ?? []).map(normalizeName)];
}

/** Exact XML/JSON names only (what the encodings must use). */
function xmlIndex<T extends Named>(rows: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const row of rows) for (const n of xmlNamesOf(row)) if (!out.has(n)) out.set(n, row);
  return out;
}

/**
 * Lenient name index: spec names, XML names and older names exactly, then a loose key (case,
 * spacing and punctuation ignored) where that stays unambiguous.
 */
function nameIndex<T extends Named>(rows: readonly T[]): Map<string, T> {
  const exact = new Map<string, T>();
  const loose = new Map<string, T | null>();
  for (const row of rows) {
    for (const n of [row.name, ...(row.aliases ?? []), ...xmlNamesOf(row)]) {
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
const tagsByXmlName = xmlIndex(TAG_TABLE);
const enumsByName = nameIndex(ENUM_TABLE);
const masksByName = nameIndex(MASK_TABLE);

interface ValueIndex {
  byName: Map<string, EnumValueInfo>;
  byXmlName: Map<string, EnumValueInfo>;
  /** Every entry for a number, newest first (a number may have been renamed or reused). */
  byNumber: Map<number, EnumValueInfo[]>;
}

function buildIndex(values: readonly EnumValueInfo[]): ValueIndex {
  const byNumber = new Map<number, EnumValueInfo[]>();
  for (const v of values) byNumber.set(v.value, [...(byNumber.get(v.value) ?? []), v]);
  for (const list of byNumber.values()) list.sort((a, b) => b.since - a.since);
  return { byName: nameIndex(values), byXmlName: xmlIndex(values), byNumber };
}

const valueIndexes = new Map<EnumInfo, ValueIndex>();
for (const e of [...ENUM_TABLE, ...MASK_TABLE]) valueIndexes.set(e, buildIndex(e.values));

function indexOf(e: EnumInfo): ValueIndex {
  let idx = valueIndexes.get(e);
  if (idx === undefined) {
    // An EnumInfo built by a caller rather than taken from our tables: index it on first use.
    idx = buildIndex(e.values);
    valueIndexes.set(e, idx);
  }
  return idx;
}

export function tagByNumber(tag: number): TagInfo | undefined {
  return tagsByNumber.get(tag);
}

/**
 * Lenient: the spec name ("Activation Date"), the normalised name ("ActivationDate"), an older
 * name, or failing those a unique match ignoring case, spacing and punctuation.
 */
export function tagByName(name: string): TagInfo | undefined {
  return lookupName(tagsByName, name);
}

/** Strict: only the normalised XML/JSON name ("ActivationDate"), as the encodings require. */
export function tagByXmlName(name: string): TagInfo | undefined {
  return tagsByXmlName.get(name);
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

/** The entry for a number (the newest, if the number was ever renamed or reused). */
/** Strict: only the normalised XML/JSON name ("SymmetricKey"). */
export function enumValueByXmlName(e: EnumInfo, name: string): EnumValueInfo | undefined {
  return indexOf(e).byXmlName.get(name);
}

export function enumValueByNumber(e: EnumInfo, value: number): EnumValueInfo | undefined {
  return indexOf(e).byNumber.get(value)?.[0];
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
  return (
    indexOf(e)
      .byNumber.get(value)
      ?.some((x) => isInVersion(x, v)) ?? false
  );
}

/** Whether `type` is an item type `tag` may carry in version `v` (see TagInfo.typeSince). */
export function tagAllowsType(info: TagInfo, type: ItemTypeName, v: KmipVersion): boolean {
  return info.types.includes(type) && (info.typeSince?.[type] ?? info.since) <= v && isInVersion(info, v);
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
