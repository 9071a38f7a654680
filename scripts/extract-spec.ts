/**
 * Extract the KMIP tables from the OASIS specification texts into spec/tags.json, spec/enums.json
 * and spec/masks.json.
 *
 *   npx tsx scripts/extract-spec.ts            (reads ../shared/spec/oasis, or KMIPD_SPEC_DIR)
 *
 * What is read, per version (kmip-spec-v1.0.txt … kmip-spec-v2.1.txt, tables rendered as
 * `cell | cell` lines):
 *  - the tag table: 1.x §9.1.3.1 "Tags", 2.x §11.x "Tag Enumeration";
 *  - every enumeration table: 1.x §9.1.3.2.x, 2.x §11.x ("<Name> Enumeration");
 *  - every bit mask table: 1.x §9.1.3.3.x, 2.x §12.x;
 *  - every table with an "Encoding" column (object, attribute and message structures), whose
 *    rows give the item type of the tag named in the first cell ("Tag Length | Integer | No").
 * Versions are then merged: an entry's `since` is the first version listing it, its `until` the
 * first later version that no longer does (dropped, or turned into "(Reserved)").
 * Anything the text leaves ambiguous is settled in scripts/spec-overrides.ts, with a reason.
 *
 * `extractSpec(dir)` is pure (reads, returns the file texts) so a test can check that the
 * committed spec/*.json is what the texts say.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { normalizeName } from "../src/kmip/names.js";
import type { ItemTypeName } from "../src/ttlv/types.js";
import {
  ENUM_OVERRIDES,
  ENUM_VALUE_FIXES,
  IGNORED_ENCODING_ROWS,
  REFERENCED_VALUES,
  TYPE_OVERRIDES,
  VALUE_ALIASES,
} from "./spec-overrides.js";

export const SPEC_VERSIONS = ["1.0", "1.1", "1.2", "1.3", "1.4", "2.0", "2.1"] as const;
export type SpecVersion = (typeof SPEC_VERSIONS)[number];

// ---------------------------------------------------------------------------------------------
// Reading a document: headings and tables.

interface Heading {
  line: number;
  number: string;
  title: string;
}

interface Table {
  line: number;
  /** The heading the table sits under. */
  section: Heading | undefined;
  header: string[];
  rows: string[][];
}

interface Doc {
  version: SpecVersion;
  file: string;
  headings: Heading[];
  tables: Table[];
}

/** "9.1.3.2.5 Recommended Curve Enumeration" (numbered lists in the body are "4. The …"). */
const HEADING = /^(\d{1,2}(?:\.\d{1,3})*) ([A-Z(].*)$/;
/** "Appendix C. Tag Cross-Reference". */
const APPENDIX = /^(Appendix [A-Z])\.? ([A-Z].*)$/;

/**
 * Numbered headings follow the outline: a first child ("9.1.3.2" → "9.1.3.2.1") or a later
 * sibling of the heading or one of its ancestors (2.0 skips 6.1.37.1). Anything else that looks
 * like a heading is running text.
 */
function followsOutline(prev: number[], n: number[]): boolean {
  const samePrefix = (d: number) => n.slice(0, d).every((x, i) => x === prev[i]);
  if (n.length === prev.length + 1 && samePrefix(prev.length) && n[n.length - 1]! >= 1) return true;
  return n.length <= prev.length && samePrefix(n.length - 1) && n[n.length - 1]! > prev[n.length - 1]!;
}

function parseHeading(text: string, line: number, prev: Heading | undefined): Heading | undefined {
  const appendix = APPENDIX.exec(text);
  if (appendix) return { line, number: appendix[1]!, title: appendix[2]!.trim() };
  const m = HEADING.exec(text);
  // Once the appendices begin, a numbered line is running text.
  if (!m || prev?.number.startsWith("Appendix")) return undefined;
  const prevNumber = prev ? prev.number.split(".").map(Number) : [0];
  return followsOutline(prevNumber, m[1]!.split(".").map(Number))
    ? { line, number: m[1]!, title: m[2]!.trim() }
    : undefined;
}

function readDoc(dir: string, version: SpecVersion): Doc {
  const file = `kmip-spec-v${version}.txt`;
  const lines = readFileSync(join(dir, file), "utf8").replace(/\r/g, "").split("\n");
  // The table of contents lists every heading with a page number ("1 Introduction. 8"); the
  // body starts at the heading line itself.
  const body = lines.indexOf("1 Introduction");
  if (body < 0) throw new Error(`${file}: no "1 Introduction" heading`);
  const headings: Heading[] = [];
  const tables: Table[] = [];
  let current: Heading | undefined;
  for (let i = body; i < lines.length; i++) {
    const text = lines[i]!;
    if (isTableLine(text)) {
      const start = i;
      while (i + 1 < lines.length && isTableLine(lines[i + 1]!)) i++;
      const rows = lines.slice(start, i + 1).map(splitCells);
      tables.push({
        line: start + 1,
        section: current,
        header: rows[0]!,
        rows: rows.slice(1),
      });
      continue;
    }
    const h = parseHeading(text.trim(), i + 1, current);
    if (h) {
      current = h;
      headings.push(h);
    }
  }
  return { version, file, headings, tables };
}

/** A table row is `cell | cell`; "Hash(Password || Username)" in running text is not. */
function isTableLine(line: string): boolean {
  return line.includes("|") && !line.includes("||");
}

function splitCells(line: string): string[] {
  return line.split("|").map(clean);
}

/** Collapse whitespace (the texts carry non-breaking and doubled spaces) and trim. */
function clean(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, " ").trim();
}

/** Tables under the heading `h` and its subsections, up to the next heading of the same depth. */
function tablesUnder(doc: Doc, h: Heading): Table[] {
  const depth = h.number.split(".").length;
  const next = doc.headings.find((x) => x.line > h.line && x.number.split(".").length <= depth);
  return doc.tables.filter((t) => t.line > h.line && (next === undefined || t.line < next.line));
}

// ---------------------------------------------------------------------------------------------
// Value cells: "420001", "0x42016A", "420014 (deprecated as of version 1.1)", "8XXXXXXX",
// "4200A2 – 42FFFF".

interface ValueCell {
  value?: number;
  range?: { from: string; to: string };
  pattern?: string;
  note?: string;
}

function parseValueCell(cell: string): ValueCell | undefined {
  const text = cell.replace(/^0x/i, "");
  const range = /^(?:0x)?([0-9A-FX]+)\s*[-–]\s*(?:0x)?([0-9A-FX]+)$/i.exec(text);
  if (range) return { range: { from: `0x${range[1]!.toUpperCase()}`, to: `0x${range[2]!.toUpperCase()}` } };
  const m = /^([0-9A-F]+)\b\s*(.*)$/i.exec(text);
  if (m && !/X/i.test(m[1]!)) {
    const note = m[2]!.replace(/^\(|\)$/g, "").trim();
    return { value: Number.parseInt(m[1]!, 16), ...(note ? { note } : {}) };
  }
  if (/^[0-9A-FX]+$/i.test(text)) return { pattern: text.toUpperCase() };
  return undefined;
}

const PLACEHOLDER = /^\((Reserved|Unused)\)$/i;

// ---------------------------------------------------------------------------------------------
// Per-version raw tables.

interface RawEntry {
  name: string;
  value: number;
  note?: string;
}

interface RawTable {
  /** Name as derived from the section title ("Object Type"). */
  name: string;
  section: string;
  entries: RawEntry[];
  /** Vendor extension patterns and value ranges ("8XXXXXXX", "540000 – 54FFFF"). */
  ranges: { name: string; from?: string; to?: string; pattern?: string }[];
}

function readNameValueTables(tables: Table[]): RawEntry[] {
  return tables.flatMap((t) => (isNameValueHeader(t.header) ? t.rows : [])).flatMap(rowToEntry);
}

function isNameValueHeader(header: string[]): boolean {
  return header.length === 2 && /^(Name|Object)$/.test(header[0]!) && /^(Value|Tag Value)$/.test(header[1]!);
}

function rowToEntry(row: string[]): RawEntry[] {
  const [name, cell] = [row[0] ?? "", row[1] ?? ""];
  const v = parseValueCell(cell);
  if (v?.value === undefined || PLACEHOLDER.test(name) || name === "Extensions" || name === "") return [];
  return [{ name, value: v.value, ...(v.note ? { note: v.note } : {}) }];
}

function rangesOf(tables: Table[]): RawTable["ranges"] {
  const out: RawTable["ranges"] = [];
  for (const t of tables) {
    if (!isNameValueHeader(t.header)) continue;
    for (const row of t.rows) {
      const v = parseValueCell(row[1] ?? "");
      if (v?.range) out.push({ name: row[0]!, ...v.range });
      else if (v?.pattern) out.push({ name: row[0]!, pattern: v.pattern });
    }
  }
  return out;
}

/** "Recommended Curve Enumeration for ECDSA, ECDH, and ECMQV" → "Recommended Curve". */
function tableNameFromTitle(title: string): string {
  return title.replace(/\s+Enumerations?\b.*$/, "").trim();
}

function findHeading(doc: Doc, pattern: RegExp): Heading[] {
  return doc.headings.filter((h) => pattern.test(`${h.number} ${h.title}`));
}

function readTagTable(doc: Doc): RawTable {
  const [h] = findHeading(
    doc,
    doc.version.startsWith("1.") ? /^9\.1\.3\.1 Tags$/ : /^11\.\d+ Tag Enumeration$/,
  );
  if (!h) throw new Error(`${doc.file}: tag table section not found`);
  const tables = tablesUnder(doc, h);
  return { name: "Tag", section: h.number, entries: readNameValueTables(tables), ranges: rangesOf(tables) };
}

/** Enumeration sections: 1.x §9.1.3.2.x, 2.x §11.x (except the tag table itself). */
function enumHeadings(doc: Doc): Heading[] {
  const pattern = doc.version.startsWith("1.") ? /^9\.1\.3\.2\.\d+ / : /^11\.\d+ /;
  return findHeading(doc, pattern).filter(
    (h) => /Enumeration/.test(h.title) && !/^Tag Enumeration$/.test(h.title),
  );
}

/** Bit mask sections: 1.x §9.1.3.3.x, 2.x §12.x. */
function maskHeadings(doc: Doc): Heading[] {
  return findHeading(doc, doc.version.startsWith("1.") ? /^9\.1\.3\.3\.\d+ / : /^12\.\d+ /);
}

function readTables(doc: Doc, headings: Heading[]): RawTable[] {
  return headings.map((h) => {
    const tables = tablesUnder(doc, h);
    const name = tableNameFromTitle(h.title);
    const entries = readNameValueTables(tables).map((e) => fixEnumValue(name, e));
    return { name, section: h.number, entries, ranges: rangesOf(tables) };
  });
}

function fixEnumValue(table: string, e: RawEntry): RawEntry {
  const fix = ENUM_VALUE_FIXES.find((f) => f.enum === table && f.printed === e.name);
  return fix ? { ...e, name: fix.name } : e;
}

// ---------------------------------------------------------------------------------------------
// Item types from the "Encoding" columns.

/** Keywords of an Encoding cell, longest first so "Long Integer" is not read as "Integer". */
const TYPE_WORDS: [RegExp, ItemTypeName][] = [
  [/date[- ]?time[- ]?extended/g, "DateTimeExtended"],
  [/date[- ]?time/g, "DateTime"],
  [/long ?integer/g, "LongInteger"],
  [/big ?integer/g, "BigInteger"],
  [/integer/g, "Integer"],
  [/text ?string/g, "TextString"],
  [/byte ?string/g, "ByteString"],
  [/enumeration/g, "Enumeration"],
  [/boolean/g, "Boolean"],
  [/interval/g, "Interval"],
  [/structure|attribute object|rng parameters/g, "Structure"],
];

interface EncodingCell {
  types: ItemTypeName[];
  /** "Varies …" / "Any …": the text does not pin the type down. */
  varies: boolean;
  /** Section number an "Enumeration, see 9.1.3.2.5" points to. */
  enumSection?: string;
  /** "Enumeration (Tag)", "Enumeration (Item Type)". */
  enumName?: string;
}

function parseEncodingCell(cell: string): EncodingCell {
  let text = cell.toLowerCase();
  const types: ItemTypeName[] = [];
  for (const [re, type] of TYPE_WORDS) {
    if (re.test(text) && !types.includes(type)) types.push(type);
    re.lastIndex = 0;
    text = text.replace(re, " ");
  }
  const out: EncodingCell = { types, varies: /^(varies|any)\b/i.test(cell) };
  const see = /Enumeration,? see (\d+(?:\.\d+)+)/i.exec(cell);
  if (see) out.enumSection = see[1]!;
  const named = /Enumeration \(([^)]+)\)/i.exec(cell);
  if (named) out.enumName = named[1]!;
  return out;
}

interface TypeFacts {
  types: Set<ItemTypeName>;
  /** Types read from a Description cell ("An Integer object that …"), used only when no table
   * of that version gives the tag an Encoding. */
  described: Set<ItemTypeName>;
  varies: boolean;
  enums: Set<string>;
  /** Sections whose tables gave an Encoding, and those that only described the type. */
  sections: Set<string>;
  describedIn: Set<string>;
}

/** Strip what follows a tag name in a first cell: "Unique Identifier, see 3.1", "Key Value (…)". */
function rowTagName(cell: string): string {
  return cell
    .replace(/\s*(,|\(|\bsee\b).*$/i, "")
    .replace(/\*+$/, "")
    .trim();
}

/**
 * Where a table states item types: an "Encoding" column (structure and attribute tables), or the
 * "Type" column of the 1.x tag cross-reference table ("Object | Defined | Type | Notes").
 */
function typeColumn(header: string[]): number {
  const i = header.findIndex(
    (h, n) => n > 0 && (h === "Encoding" || (h === "Type" && header[1] === "Defined")),
  );
  return i;
}

/** "An Integer object that indicates …", "Structure, contents depend on the Operation". */
const DESCRIBED_TYPE =
  /^(?:An?\s+)?(Structure|Integer|Long Integer|Big Integer|Enumeration|Boolean|Text String|Byte String|Date-Time|Interval)\b/i;

/** Item types per tag name for one version, from every table that states them. */
function readTypes(
  doc: Doc,
  tagNames: Map<string, string>,
  enumSections: Map<string, string>,
): Map<string, TypeFacts> {
  const out = new Map<string, TypeFacts>();
  for (const t of doc.tables) {
    const col = typeColumn(t.header);
    const desc = t.header.indexOf("Description");
    if (col < 0 && desc < 1) continue;
    const section = t.section?.number ?? "?";
    for (const row of t.rows) {
      const tag = singleRowOwner(t, tagNames) ?? tagNames.get(looseKey(rowTagName(row[0] ?? "")));
      if (tag === undefined) continue;
      const facts = factsFor(out, tag);
      if (col > 0) addEncoding(facts, tag, row[col] ?? "", enumSections, section);
      else addDescription(facts, row[desc] ?? "", section);
    }
  }
  return out;
}

/**
 * An attribute section ("3.47 Comment", "4.3 Always Sensitive") holds a one-row Encoding table for
 * the attribute it is named after. A few of those rows misname it ("Description | Text String"
 * under Comment, "Sensitive | Boolean" under Always Sensitive, "Server Correlation Value" under
 * 1.4 §6.18 Client Correlation Value): the section title wins.
 */
function singleRowOwner(t: Table, tagNames: Map<string, string>): string | undefined {
  if (t.rows.length !== 1 || typeColumn(t.header) < 0 || t.section === undefined) return undefined;
  return tagNames.get(looseKey(t.section.title));
}

function factsFor(out: Map<string, TypeFacts>, tag: string): TypeFacts {
  let facts = out.get(tag);
  if (!facts) {
    facts = {
      types: new Set(),
      described: new Set(),
      varies: false,
      enums: new Set(),
      sections: new Set(),
      describedIn: new Set(),
    };
    out.set(tag, facts);
  }
  return facts;
}

function addEncoding(
  facts: TypeFacts,
  tag: string,
  cell: string,
  enumSections: Map<string, string>,
  section: string,
): void {
  if (cell === "" || IGNORED_ENCODING_ROWS.some((r) => r.tag === tag && r.cell === cell)) return;
  const parsed = parseEncodingCell(cell);
  for (const t of parsed.types) facts.types.add(t);
  facts.varies ||= parsed.varies;
  facts.sections.add(section);
  const viaSection = parsed.enumSection === undefined ? undefined : enumSections.get(parsed.enumSection);
  if (viaSection) facts.enums.add(viaSection);
  if (parsed.enumName) facts.enums.add(parsed.enumName);
}

function addDescription(facts: TypeFacts, cell: string, section: string): void {
  const m = DESCRIBED_TYPE.exec(cell);
  if (!m) return;
  facts.described.add(parseEncodingCell(m[1]!).types[0]!);
  facts.describedIn.add(section);
}

function looseKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

// ---------------------------------------------------------------------------------------------
// One version, read in full.

interface VersionTables {
  version: SpecVersion;
  tags: RawTable;
  enums: RawTable[];
  masks: RawTable[];
  types: Map<string, TypeFacts>;
}

function readVersion(dir: string, version: SpecVersion): VersionTables {
  const doc = readDoc(dir, version);
  const tags = readTagTable(doc);
  const enums = readTables(doc, enumHeadings(doc));
  const masks = readTables(doc, maskHeadings(doc));
  const tagNames = new Map(tags.entries.map((e) => [looseKey(e.name), e.name]));
  const enumSections = new Map(enums.map((e) => [e.section, e.name]));
  return { version, tags, enums, masks, types: readTypes(doc, tagNames, enumSections) };
}

// ---------------------------------------------------------------------------------------------
// Merging versions.

interface Lifetime {
  since: SpecVersion;
  until?: SpecVersion;
}

/** Versions in which something is present → since/until; a gap (gone, then back) is an error. */
function lifetime(present: SpecVersion[], what: string): Lifetime {
  const idx = present.map((v) => SPEC_VERSIONS.indexOf(v)).sort((a, b) => a - b);
  const first = idx[0]!;
  const last = idx[idx.length - 1]!;
  if (last - first + 1 !== idx.length)
    throw new Error(`${what}: missing from some versions in between (${present.join(", ")})`);
  const until = SPEC_VERSIONS[last + 1];
  return { since: SPEC_VERSIONS[first]!, ...(until ? { until } : {}) };
}

export interface SpecValue {
  name: string;
  xmlName: string;
  value: string;
  since: SpecVersion;
  until?: SpecVersion;
  deprecated?: string;
  aliases?: string[];
  /** The table that first lists the value, e.g. "1.0 §9.1.3.2.11". */
  section: string;
}

interface Slot {
  names: Map<string, SpecVersion[]>;
  versions: SpecVersion[];
  notes: Set<string>;
}

/** One version's entries of a table, with the section that holds them. */
type VersionEntries = [SpecVersion, RawEntry[], string];

function collectSlots(perVersion: VersionEntries[], what: string, width: number): Map<number, Slot> {
  const byValue = new Map<number, Slot>();
  for (const [v, entries] of perVersion) {
    for (const e of entries) {
      let slot = byValue.get(e.value);
      if (!slot) {
        slot = { names: new Map(), versions: [], notes: new Set() };
        byValue.set(e.value, slot);
      }
      if (slot.versions.includes(v))
        throw new Error(`${what} ${v}: value ${hex(e.value, width)} listed twice`);
      slot.versions.push(v);
      slot.names.set(e.name, [...(slot.names.get(e.name) ?? []), v]);
      if (e.note) slot.notes.add(e.note);
    }
  }
  return byValue;
}

/** Merge one numbered table across versions: per value, its names, lifetime and section. */
function mergeEntries(perVersion: VersionEntries[], what: string, width: number): SpecValue[] {
  const sections = new Map(perVersion.map(([v, , section]) => [v, section]));
  return [...collectSlots(perVersion, what, width).entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([value, slot]) => {
      const names = [...slot.names.keys()];
      const newest = slot.versions[slot.versions.length - 1]!;
      const name = names.find((n) => slot.names.get(n)!.includes(newest))!; // as the newest version prints it
      const aliases = names.filter((n) => n !== name);
      const life = lifetime(slot.versions, `${what} ${hex(value, width)} (${name})`);
      const deprecated = [...slot.notes].find((n) => /deprecated/i.test(n));
      return {
        name,
        xmlName: normalizeName(name),
        value: hex(value, width),
        ...life,
        ...(deprecated ? { deprecated } : {}),
        ...(aliases.length ? { aliases } : {}),
        section: `${life.since} §${sections.get(life.since)}`,
      };
    });
}

function hex(value: number, width: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(width, "0")}`;
}

export interface SpecTable {
  name: string;
  xmlName: string;
  since: SpecVersion;
  until?: SpecVersion;
  aliases?: string[];
  /** Section per version, e.g. { "1.4": "9.1.3.2.12", "2.0": "11.34" }. */
  sections: Partial<Record<SpecVersion, string>>;
  /** Vendor extension values ("8XXXXXXX"; for masks the free bits, e.g. "XXX00000"). */
  extensions?: string;
  values: SpecValue[];
}

/** Merge the enumeration (or mask) tables of every version, matched by normalised name. */
function mergeTables(
  versions: VersionTables[],
  pick: (v: VersionTables) => RawTable[],
  width: number,
): SpecTable[] {
  const byKey = new Map<string, [SpecVersion, RawTable][]>();
  for (const vt of versions) {
    for (const t of pick(vt)) {
      const key = looseKey(t.name);
      byKey.set(key, [...(byKey.get(key) ?? []), [vt.version, t]]);
    }
  }
  return [...byKey.values()]
    .map((list) => {
      const names = [...new Set(list.map(([, t]) => t.name))];
      const name = names[names.length - 1]!;
      const aliases = names.filter((n) => n !== name);
      const ext = list.flatMap(([, t]) => t.ranges.filter((r) => r.name === "Extensions" && r.pattern));
      const values = mergeEntries(
        list.map(([v, t]) => [v, t.entries, t.section]),
        name,
        width,
      );
      return {
        name,
        xmlName: normalizeName(name),
        ...lifetime(
          list.map(([v]) => v),
          name,
        ),
        ...(aliases.length ? { aliases } : {}),
        sections: Object.fromEntries(list.map(([v, t]) => [v, t.section])),
        ...(ext.length ? { extensions: ext[ext.length - 1]!.pattern! } : {}),
        values,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, "en"));
}

// ---------------------------------------------------------------------------------------------
// Tags: values merged across versions, then item types, enumerations and masks attached.

export interface SpecTag extends SpecValue {
  types: ItemTypeName[];
  /** Item types that appear only from a later version than the tag's `since`. */
  typeSince?: Partial<Record<ItemTypeName, SpecVersion>>;
  enum?: string;
  mask?: string;
  /** Where the newest version that has the tag defines its encoding, e.g. ["2.1 §4.1"]. */
  definedIn: string[];
  /** Versions whose text gives no Encoding for the tag (types taken from the nearest version). */
  typesInferred?: SpecVersion[];
  /** Set when the type comes (in part) from scripts/spec-overrides.ts. */
  override?: string;
}

function mergeTags(versions: VersionTables[], enums: SpecTable[], masks: SpecTable[]): SpecTag[] {
  const values = mergeEntries(
    versions.map((v) => [v.version, v.tags.entries, v.tags.section]),
    "Tag",
    6,
  );
  const problems: string[] = [];
  const tags = values.map((t) => attachTypes(t, versions, enums, masks, problems));
  if (problems.length) throw new Error(`cannot type every tag:\n  ${problems.join("\n  ")}`);
  return tags;
}

function attachTypes(
  t: SpecValue,
  versions: VersionTables[],
  enums: SpecTable[],
  masks: SpecTable[],
  problems: string[],
): SpecTag {
  const live = versions.filter((v) => inRange(v.version, t));
  const overrides = TYPE_OVERRIDES.filter((o) => o.tag === t.name);
  const perVersion = new Map<SpecVersion, ItemTypeName[]>();
  const enumRefs = new Set<string>();
  let definedIn: string[] = [];
  for (const vt of live) {
    const facts = [t.name, ...(t.aliases ?? [])].map((n) => vt.types.get(n)).find((f) => f !== undefined);
    const override = overrides.find((o) => o.versions === undefined || o.versions.includes(vt.version));
    const types = override ? override.types : facts ? typesOf(facts) : [];
    if (types.length > 0) perVersion.set(vt.version, types);
    for (const e of facts?.enums ?? []) enumRefs.add(e);
    const where = facts && (facts.sections.size > 0 ? facts.sections : facts.describedIn);
    if (where && where.size > 0) definedIn = [...where].map((s) => `${vt.version} §${s}`).sort();
  }
  const inferred = fillGaps(
    perVersion,
    live.map((v) => v.version),
  );
  if (perVersion.size === 0)
    problems.push(`${t.name} (${t.value}): no version of the text gives an item type`);
  const typeSince: Partial<Record<ItemTypeName, SpecVersion>> = {};
  for (const [v, types] of perVersion) for (const type of types) typeSince[type] ??= v;
  const types = ORDER.filter((x) => typeSince[x] !== undefined);
  const later = Object.fromEntries(Object.entries(typeSince).filter(([, v]) => v !== t.since));
  const out: SpecTag = {
    ...t,
    types,
    ...(Object.keys(later).length ? { typeSince: sortKeys(later) } : {}),
    definedIn,
    ...(inferred.length ? { typesInferred: inferred } : {}),
    ...(overrides.length ? { override: overrides.map((o) => o.reason).join(" / ") } : {}),
  };
  attachEnum(out, enumRefs, enums, problems);
  const mask = masks.find((m) => m.name === t.name);
  if (mask && types.includes("Integer")) out.mask = mask.name; // the mask tags carry the mask's name
  return out;
}

/**
 * A version whose text gives a tag no Encoding (2.x dropped the 1.x tag cross-reference table;
 * 1.3 and 1.4 list some tags that only 2.0 describes) takes the types of the nearest version that
 * does, the earlier one on a tie. Returns the versions filled in this way.
 */
function fillGaps(perVersion: Map<SpecVersion, ItemTypeName[]>, live: SpecVersion[]): SpecVersion[] {
  const known = [...perVersion.keys()];
  if (known.length === 0) return [];
  const pos = (v: SpecVersion) => SPEC_VERSIONS.indexOf(v);
  const filled: SpecVersion[] = [];
  for (const v of live) {
    if (perVersion.has(v)) continue;
    const nearest = [...known].sort(
      (a, b) => Math.abs(pos(a) - pos(v)) - Math.abs(pos(b) - pos(v)) || pos(a) - pos(b),
    )[0]!;
    perVersion.set(v, perVersion.get(nearest)!);
    filled.push(v);
  }
  return filled;
}

/** What the text says: Encoding cells, else Description cells; nothing when it says "Varies". */
function typesOf(facts: TypeFacts): ItemTypeName[] {
  if (facts.varies) return [];
  return facts.types.size > 0 ? [...facts.types] : [...facts.described];
}

const ORDER: ItemTypeName[] = [
  "Structure",
  "Integer",
  "LongInteger",
  "BigInteger",
  "Enumeration",
  "Boolean",
  "TextString",
  "ByteString",
  "DateTime",
  "Interval",
  "DateTimeExtended",
];

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(o).sort(
      (a, b) => ORDER.indexOf(a[0] as ItemTypeName) - ORDER.indexOf(b[0] as ItemTypeName),
    ),
  );
}

/**
 * The enumeration of an Enumeration tag: an override, else the enumeration named like the tag,
 * else the one its Encoding cells point to ("Enumeration, see 9.1.3.2.5", "Enumeration (Tag)").
 */
function attachEnum(tag: SpecTag, refs: Set<string>, enums: SpecTable[], problems: string[]): void {
  if (!tag.types.includes("Enumeration")) return;
  const override = ENUM_OVERRIDES.find((o) => o.tag === tag.name);
  const byName = enums.find(
    (e) =>
      looseKey(e.name) === looseKey(tag.name) || e.aliases?.some((a) => looseKey(a) === looseKey(tag.name)),
  );
  const referenced = [...refs].map((r) =>
    r === "Tag" ? r : (enums.find((e) => e.name === r || e.aliases?.includes(r))?.name ?? r),
  );
  const distinct = [...new Set(referenced)];
  if (override) {
    if (override.enum !== null) tag.enum = override.enum;
  } else if (byName) {
    tag.enum = byName.name; // section references are not always renumbered between versions
  } else if (distinct.length === 1) {
    tag.enum = distinct[0]!;
  } else {
    problems.push(`${tag.name}: enumeration unclear (referenced: ${distinct.join(", ") || "none"})`);
  }
  if (tag.enum !== undefined && tag.enum !== "Tag" && !enums.some((e) => e.name === tag.enum)) {
    problems.push(`${tag.name}: enumeration "${tag.enum}" does not exist`);
  }
}

function inRange(v: SpecVersion, life: Lifetime): boolean {
  const i = SPEC_VERSIONS.indexOf(v);
  return (
    i >= SPEC_VERSIONS.indexOf(life.since) &&
    (life.until === undefined || i < SPEC_VERSIONS.indexOf(life.until))
  );
}

// ---------------------------------------------------------------------------------------------
// Output.

/** Tag value ranges that are not entries (vendor extensions, unused and reserved space). */
function tagRanges(
  versions: VersionTables[],
): { name: string; from: string; to: string; since: SpecVersion }[] {
  const seen = new Map<string, { name: string; from: string; to: string; since: SpecVersion }>();
  for (const vt of versions) {
    for (const r of vt.tags.ranges) {
      if (r.from === undefined || r.to === undefined || r.name === "(Reserved)") continue;
      const key = `${r.name} ${r.from}`;
      if (!seen.has(key)) seen.set(key, { name: r.name, from: r.from, to: r.to, since: vt.version });
    }
  }
  return [...seen.values()];
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

const NOTE =
  "Extracted by scripts/extract-spec.ts from the OASIS KMIP specification texts; do not edit by hand.";

/** Read the specification texts in `dir`; return spec/tags.json, spec/enums.json and spec/masks.json. */
export function extractSpec(dir: string): Record<string, string> {
  const versions = SPEC_VERSIONS.map((v) => readVersion(dir, v));
  const enums = mergeTables(versions, (v) => v.enums, 8);
  const masks = mergeTables(versions, (v) => v.masks, 8);
  addReferencedValues(enums);
  addValueAliases([...enums, ...masks]);
  const tags = mergeTags(versions, enums, masks);
  const tagSections = Object.fromEntries(versions.map((v) => [v.version, v.tags.section]));
  return {
    "spec/tags.json": json({ note: NOTE, sections: tagSections, ranges: tagRanges(versions), tags }),
    "spec/enums.json": json({ note: NOTE, enums }),
    "spec/masks.json": json({ note: NOTE, masks }),
  };
}

/** Fills enumerations the text defines by reference to another standard (spec-overrides.ts). */
function addReferencedValues(enums: SpecTable[]): void {
  for (const ref of REFERENCED_VALUES) {
    const table = enums.find((e) => e.name === ref.enum);
    if (!table) throw new Error(`REFERENCED_VALUES: no enumeration ${ref.enum}`);
    if (table.values.length) throw new Error(`REFERENCED_VALUES: ${ref.enum} already has values`);
    table.values = ref.values.map(([name, value]) => ({
      name,
      xmlName: normalizeName(name),
      value: hex(value, 8),
      since: table.since,
      ...(table.until ? { until: table.until } : {}),
      section: ref.section,
    }));
  }
}

/** Adds the extra spellings of VALUE_ALIASES to the value they name. */
function addValueAliases(tables: SpecTable[]): void {
  for (const a of VALUE_ALIASES) {
    const value = tables.find((t) => t.name === a.table)?.values.find((v) => v.value === hex(a.value, 8));
    if (!value) throw new Error(`VALUE_ALIASES: no value ${hex(a.value, 8)} in ${a.table}`);
    value.aliases = [...(value.aliases ?? []), a.alias];
  }
}

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function defaultSpecDir(): string {
  return process.env.KMIPD_SPEC_DIR ?? resolve(repoRoot, "../shared/spec/oasis");
}

function main(): void {
  const files = extractSpec(defaultSpecDir());
  for (const [path, text] of Object.entries(files)) {
    writeFileSync(join(repoRoot, path), text);
    console.log(`wrote ${path}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
