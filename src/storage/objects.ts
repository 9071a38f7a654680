/**
 * The managed-object store: every KMIP managed object (key, certificate, secret data …) with its
 * attributes, one row per object, owned by one scope of one KMIP mount.
 *
 * - **Scopes are walls.** Every call names a `ScopeKey`; an object of another scope or mount is
 *   never seen, located, changed or deleted (it is simply "not found").
 * - **Material is sealed before it gets here.** `material` is the managed object's key block or
 *   value already sealed by the barrier (AES-256-GCM under the root key); the store keeps opaque
 *   bytes and never sees plaintext key material.
 * - **Writes are conditional.** `update` and `destroyMaterial` name the revision the caller read;
 *   the adapter writes with `UPDATE … WHERE revision = $expected` and bumps the revision, so of two
 *   writers that read the same revision exactly one wins and the other gets `stale`.
 * - **Locate is a query, not a scan**: adapters keep an index row per attribute value
 *   (`indexRows`) and turn a `LocateQuery` into one indexed statement from `planLocate`
 *   (the second half of this file; KMIP 1.4 §4.9, KMIP 2.1 §6.1.28).
 */
import { type Attribute, attributeDef } from "../kmip/attributes.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import { canonicalText, encodeAttributes } from "./attribute-json.js";
import { STORAGE_LIMITS, StorageError } from "./types.js";

/** Which scope of which KMIP mount an object belongs to. */
export interface ScopeKey {
  readonly mountUuid: string;
  readonly scopeId: string;
}

export interface StoredObject {
  /** Unique Identifier (KMIP 1.4 §3.1, 2.1 §4.58); see `uid.ts`. */
  uid: string;
  scope: ScopeKey;
  /** Object Type enumeration (`ObjectType` in `src/kmip/generated/enums.ts`). */
  objectType: number;
  /** State enumeration (KMIP 1.4 §3.22; `State` in the generated enums). */
  state: number;
  /**
   * The canonical attribute list. Where it holds Unique Identifier, Object Type or State, those
   * must equal the fields above (the store refuses a mismatch); Locate reads the fields.
   */
  attributes: Attribute[];
  /** The key block or object value, sealed by the caller; absent once destroyed (or never held). */
  material?: Uint8Array;
  /** Starts where the caller sets it (1 by convention) and grows by one on every write. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  /** Moved to archival storage by Archive (KMIP 1.4 §4.23); Recover clears it. */
  archived: boolean;
}

/** What `update` may change; absent fields stay as they are. */
export interface ObjectChanges {
  state?: number;
  attributes?: readonly Attribute[];
  /** New sealed material (e.g. resealed under a new root key); `null` erases it. */
  material?: Uint8Array | null;
  archived?: boolean;
  /** Defaults to the store's clock. */
  updatedAt?: Date;
}

export interface LocateQuery {
  /**
   * Attributes that must all match (canonical entries, as a Locate request decodes them). Rules:
   * equality for scalars and text; a structure matches on the fields given (Name by Name Value and,
   * when given, Name Type; Link by type and target); Cryptographic Usage Mask "all these bits set";
   * a Date attribute given twice is an inclusive range; custom attributes match by item type and
   * value. Attribute Index values are ignored (KMIP 1.4 §4.9).
   */
  attributes?: readonly Attribute[];
  /** Object Group Member (KMIP 1.4 §9.1.3.2.33): 1 Group Member Fresh, 2 Group Member Default. */
  objectGroupMember?: number;
  /** Storage Status Mask bits (KMIP 2.1 §6.1.28): 1 on-line, 2 archival, 4 destroyed. Default 1. */
  storageStatusMask?: number;
  maxItems?: number;
  offsetItems?: number;
}

export interface LocateResult {
  /** Most recently created first (KMIP 2.1 §6.1.28); group member queries serve oldest first. */
  uids: string[];
  /** Every match, before Offset Items and Maximum Items (the Located Items of the response). */
  total: number;
}

export interface ObjectStore {
  /** Fails with `exists` when the Unique Identifier is taken (in any scope). */
  insert(obj: StoredObject): Promise<void>;
  get(scope: ScopeKey, uid: string): Promise<StoredObject | undefined>;
  /** Conditional write: `not-found`, or `stale` when the revision is no longer `expectedRevision`. */
  update(
    scope: ScopeKey,
    uid: string,
    expectedRevision: number,
    changes: ObjectChanges,
  ): Promise<StoredObject>;
  /** Erases the sealed material and keeps every attribute (KMIP 1.4 §4.21 Destroy); conditional like update. */
  destroyMaterial(
    scope: ScopeKey,
    uid: string,
    expectedRevision: number,
    changes?: Omit<ObjectChanges, "material">,
  ): Promise<StoredObject>;
  /** Removes the object and its attributes; false when there was none. */
  delete(scope: ScopeKey, uid: string): Promise<boolean>;
  countInScope(scope: ScopeKey): Promise<number>;
  /** Removes every object of the scope in one transaction; returns how many. */
  deleteScope(scope: ScopeKey): Promise<number>;
  locate(scope: ScopeKey, query: LocateQuery): Promise<LocateResult>;
}

/** `exists` and `stale` are conflicts (StorageError kind "conflict"); the others kind "invalid". */
export type ObjectErrorCode = "exists" | "stale" | "not-found" | "invalid";

export class ObjectStoreError extends StorageError {
  constructor(
    readonly code: ObjectErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, code === "exists" || code === "stale" ? "conflict" : "invalid", options);
  }
}

export function invalidObject(message: string): ObjectStoreError {
  return new ObjectStoreError("invalid", message);
}

export function checkScope(scope: ScopeKey): void {
  if (typeof scope !== "object" || scope === null) throw invalidObject("a scope key is required");
  checkName("mount", scope.mountUuid);
  checkName("scope", scope.scopeId);
}

export function checkUid(uid: string): void {
  checkName("Unique Identifier", uid);
}

export function checkRevision(revision: number): void {
  if (!Number.isSafeInteger(revision) || revision < 0)
    throw invalidObject("a revision is a non-negative integer");
}

/** Validates a whole object and returns its attributes encoded (see `attribute-json.ts`). */
export function checkObject(obj: StoredObject): string {
  if (typeof obj !== "object" || obj === null) throw invalidObject("an object is required");
  checkUid(obj.uid);
  checkScope(obj.scope);
  checkEnum("Object Type", obj.objectType);
  checkEnum("State", obj.state);
  checkRevision(obj.revision);
  checkDate("createdAt", obj.createdAt);
  checkDate("updatedAt", obj.updatedAt);
  if (typeof obj.archived !== "boolean") throw invalidObject("archived is a boolean");
  if (obj.material !== undefined) checkMaterial(obj.material);
  return checkAttributes(obj);
}

/** The object after `changes`, one revision on; validated as a whole. */
export function applyChanges(current: StoredObject, changes: ObjectChanges, now: Date): StoredObject {
  if (typeof changes !== "object" || changes === null) throw invalidObject("changes are required");
  const next: StoredObject = Object.assign({}, current, {
    state: changes.state ?? current.state,
    attributes: changes.attributes === undefined ? current.attributes : [...changes.attributes],
    archived: changes.archived ?? current.archived,
    revision: current.revision + 1,
    updatedAt: changes.updatedAt ?? now,
  });
  if (changes.material === null) delete next.material;
  else if (changes.material !== undefined) next.material = changes.material;
  return next;
}

function checkAttributes(obj: StoredObject): string {
  if (!Array.isArray(obj.attributes)) throw invalidObject("attributes must be a list");
  for (const a of obj.attributes) {
    if (a?.templateReference === true)
      throw invalidObject("a Template reference is not an attribute of an object");
    // These three live in their own columns as well; the two copies must agree.
    if (a?.name === "Unique Identifier" && a.value !== obj.uid) throw mismatch(a.name);
    if (a?.name === "Object Type" && a.value !== obj.objectType) throw mismatch(a.name);
    if (a?.name === "State" && a.value !== obj.state) throw mismatch(a.name);
  }
  const json = encodeAttributes(obj.attributes);
  if (Buffer.byteLength(json) > STORAGE_LIMITS.valueBytesMax) throw invalidObject("attributes too large");
  return json;
}

function mismatch(name: string): ObjectStoreError {
  return invalidObject(`the ${name} attribute does not match the object's ${name}`);
}

function checkMaterial(material: Uint8Array): void {
  if (!(material instanceof Uint8Array)) throw invalidObject("material is sealed bytes");
  if (material.byteLength > STORAGE_LIMITS.valueBytesMax) throw invalidObject("material too large");
}

function checkName(what: string, value: string): void {
  if (
    typeof value !== "string" ||
    value.length === 0 ||
    Buffer.byteLength(value) > STORAGE_LIMITS.keyBytesMax
  ) {
    throw invalidObject(`${what} must be 1 to ${STORAGE_LIMITS.keyBytesMax} bytes of text`);
  }
}

/** Enumerations are unsigned 32-bit (KMIP 1.4 §9.1.1.4). */
function checkEnum(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
    throw invalidObject(`${what} is an enumeration value`);
}

function checkDate(what: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw invalidObject(`${what} must be a valid Date`);
}

export function checkChanges(changes: ObjectChanges): void {
  if (typeof changes !== "object" || changes === null) throw invalidObject("changes are required");
  if (changes.state !== undefined) checkEnum("State", changes.state);
  if (changes.archived !== undefined && typeof changes.archived !== "boolean")
    throw invalidObject("archived is a boolean");
  if (changes.material !== undefined && changes.material !== null) checkMaterial(changes.material);
  if (changes.updatedAt !== undefined) checkDate("updatedAt", changes.updatedAt);
}

// ─── The attribute index and the Locate plan: the matching rules every adapter shares ───────────

/** One typed index value: enumerations, integers, booleans and Date-Times as 64-bit integers. */
export type IndexValue =
  | { readonly col: "int"; readonly value: bigint }
  | { readonly col: "text"; readonly value: string }
  | { readonly col: "bytes"; readonly value: Uint8Array };

/** One index row: `field` of instance `position` (the 1.x Attribute Index) of attribute `name`. */
export interface IndexRow {
  name: string;
  position: number;
  field: string;
  value: IndexValue;
}

/** Attributes the objects table holds as columns, so the index leaves them out. */
const COLUMN_ATTRIBUTES = new Map<string, "uid" | "objectType" | "state">([
  ["Unique Identifier", "uid"],
  ["Object Type", "objectType"],
  ["State", "state"],
]);

export function indexRows(attributes: readonly Attribute[]): IndexRow[] {
  const rows: IndexRow[] = [];
  const positions = new Map<string, number>();
  for (const a of attributes) {
    const position = positions.get(a.name) ?? 0;
    positions.set(a.name, position + 1);
    if (COLUMN_ATTRIBUTES.has(a.name) || a.value === undefined) continue;
    for (const [field, value] of valueFields(a.name, a.value))
      rows.push({ name: a.name, position, field, value });
  }
  return rows;
}

/**
 * The (field, value) pairs of one attribute value. A custom attribute's raw item gives one pair
 * under "#<item type>", so an Integer 5 never equals an Enumeration 5. A structure gives "" (the
 * whole, as canonical text) and a pair per field present, so a Locate can name only some fields
 * (KMIP 1.4 §4.9: "all of the structure fields are not REQUIRED to be specified"). Anything else
 * gives "" and the value.
 */
function valueFields(name: string, value: unknown): [string, IndexValue][] {
  if (attributeDef(name) === undefined && isItem(value)) return [[`#${value.type}`, itemValue(value)]];
  if (!isStructure(value)) return [["", indexValue(value)]];
  const out: [string, IndexValue][] = [["", { col: "text", value: canonical(value) }]];
  for (const [k, v] of Object.entries(value)) if (v !== undefined && k !== "") out.push([k, indexValue(v)]);
  return out;
}

function itemValue(item: TtlvItem): IndexValue {
  const whole = item.type === ItemType.Structure || item.type === ItemType.BigInteger;
  return whole ? { col: "text", value: canonical(item.value) } : indexValue(item.value);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function indexValue(v: unknown): IndexValue {
  if (typeof v === "boolean") return { col: "int", value: v ? 1n : 0n };
  if (typeof v === "number" && Number.isSafeInteger(v)) return { col: "int", value: BigInt(v) };
  if (typeof v === "bigint" && v >= INT64_MIN && v <= INT64_MAX) return { col: "int", value: v };
  if (typeof v === "string") return { col: "text", value: v };
  if (v instanceof Uint8Array) return { col: "bytes", value: v };
  return { col: "text", value: canonical(v) };
}

/** NUL first: no text attribute a client sets collides with an encoded structure by accident. */
function canonical(v: unknown): string {
  return `\u0000${canonicalText(v)}`;
}

function isStructure(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    !(v instanceof Date)
  );
}

function isItem(v: unknown): v is TtlvItem {
  if (!isStructure(v) || typeof v.tag !== "number" || !("value" in v)) return false;
  return typeof v.type === "number" && v.type >= ItemType.Structure && v.type <= ItemType.DateTimeExtended;
}

export type FieldTest =
  | { readonly field: string; readonly op: "eq" | "gte" | "allBits"; readonly value: IndexValue }
  | { readonly field: string; readonly op: "between"; readonly value: IndexValue; readonly upper: IndexValue }
  /** Some instance exists (a structure given with no fields). */
  | { readonly field: string; readonly op: "present" };

export type LocateTerm =
  | {
      readonly kind: "column";
      readonly column: "uid" | "objectType" | "state";
      readonly value: string | number;
    }
  /** One instance of `name` passes every test. */
  | { readonly kind: "attribute"; readonly name: string; readonly tests: readonly FieldTest[] };

export interface LocatePlan {
  readonly terms: readonly LocateTerm[];
  readonly storageStatusMask: number;
  /** "newest" (KMIP 2.1 §6.1.28); group members are served oldest first, fresh ones first for Default. */
  readonly order: "newest" | "oldest" | "fresh-first";
  /** Group Member Default: the one default object of the group. */
  readonly single: boolean;
  readonly limit: number | undefined;
  readonly offset: number;
}

/** Bounds on what one Locate may ask (a client controls the query). */
export const LOCATE_LIMITS = { termsMax: 64, fieldsMax: 32 } as const;

export const StorageStatus = { OnLine: 1, Archival: 2, Destroyed: 4 } as const;
const GroupMember = { Fresh: 1, Default: 2 } as const;

export function planLocate(query: LocateQuery): LocatePlan {
  if (typeof query !== "object" || query === null) throw invalidObject("a Locate query is required");
  const terms = attributeTerms(query.attributes ?? []);
  const member = query.objectGroupMember;
  if (member !== undefined && member !== GroupMember.Fresh && member !== GroupMember.Default) {
    throw invalidObject("Object Group Member is Group Member Fresh or Group Member Default");
  }
  // KMIP 1.4 §3.34, §4.9: Group Member Fresh asks for objects not yet served to a client.
  if (member === GroupMember.Fresh) terms.push(attributeTerm("Fresh", true));
  const mask = query.storageStatusMask ?? StorageStatus.OnLine;
  if (!Number.isInteger(mask) || mask < 0 || mask > 7)
    throw invalidObject("Storage Status Mask has bits 1, 2 and 4 only");
  if (terms.length > LOCATE_LIMITS.termsMax)
    throw invalidObject(`a Locate may name ${LOCATE_LIMITS.termsMax} attributes`);
  return {
    terms,
    storageStatusMask: mask,
    order: member === undefined ? "newest" : member === GroupMember.Fresh ? "oldest" : "fresh-first",
    single: member === GroupMember.Default,
    limit: query.maxItems === undefined ? undefined : count("Maximum Items", query.maxItems),
    offset: query.offsetItems === undefined ? 0 : count("Offset Items", query.offsetItems),
  };
}

function attributeTerms(attributes: readonly Attribute[]): LocateTerm[] {
  if (!Array.isArray(attributes)) throw invalidObject("Locate attributes must be a list");
  const byName = new Map<string, unknown[]>();
  for (const a of attributes) {
    if (typeof a?.name !== "string" || a.name === "") throw invalidObject("a Locate attribute needs a name");
    if (a.templateReference === true || a.value === undefined)
      throw invalidObject(`Locate attribute ${a.name} needs a value`);
    byName.set(a.name, [...(byName.get(a.name) ?? []), a.value]);
  }
  return [...byName].flatMap(([name, values]) => termsFor(name, values));
}

function termsFor(name: string, values: unknown[]): LocateTerm[] {
  const column = COLUMN_ATTRIBUTES.get(name);
  if (column !== undefined) return values.map((v) => columnTerm(column, name, v));
  if (isDateAttribute(name)) return dateTerms(name, values);
  return values.map((v) => attributeTerm(name, v));
}

function columnTerm(column: "uid" | "objectType" | "state", name: string, v: unknown): LocateTerm {
  const ok = column === "uid" ? typeof v === "string" : Number.isInteger(v);
  if (!ok) throw invalidObject(`Locate attribute ${name} has a value of the wrong type`);
  return { kind: "column", column, value: v as string | number };
}

/**
 * KMIP 1.4 §4.9, KMIP 2.1 §6.1.28: one instance of a Date attribute matches that date; two are a
 * range, limits included; a date "set to its largest possible value" is as if not given.
 */
function dateTerms(name: string, values: unknown[]): LocateTerm[] {
  const dates = values.map((v) => {
    if (typeof v === "bigint" || Number.isSafeInteger(v)) return BigInt(v as bigint | number);
    throw invalidObject(`Locate attribute ${name} is a Date-Time`);
  });
  if (dates.length > 2) throw invalidObject(`Locate attribute ${name} may be given at most twice (a range)`);
  if (dates.length === 1 && dates[0] === INT64_MAX) return [];
  const [a, b = a] = dates as [bigint, bigint?];
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  const test: FieldTest =
    lo === hi
      ? { field: "", op: "eq", value: { col: "int", value: lo } }
      : { field: "", op: "between", value: { col: "int", value: lo }, upper: { col: "int", value: hi } };
  return [{ kind: "attribute", name, tests: [test] }];
}

function attributeTerm(name: string, value: unknown): LocateTerm {
  let tests: FieldTest[];
  if (name === "Cryptographic Usage Mask") {
    // KMIP 1.4 §4.9: a candidate has every bit of the requested mask set (and may have more).
    if (!Number.isInteger(value)) throw invalidObject("Cryptographic Usage Mask is an integer");
    tests = [{ field: "", op: "allBits", value: indexValue(value) }];
  } else if (attributeDef(name) !== undefined && isStructure(value)) {
    tests = structureTests(name, value);
  } else {
    tests = valueFields(name, value).map(([field, v]) => ({ field, op: "eq", value: v }));
  }
  if (tests.length > LOCATE_LIMITS.fieldsMax)
    throw invalidObject(`Locate attribute ${name} has too many fields`);
  return { kind: "attribute", name, tests: tests.sort((x, y) => selectivity(x) - selectivity(y)) };
}

/** Usage Limits (KMIP 1.4 §4.9): a candidate's Total and Count are at least those asked for. */
const AT_LEAST_FIELDS = new Set(["usageLimitsTotal", "usageLimitsCount"]);

function structureTests(name: string, value: Record<string, unknown>): FieldTest[] {
  const fields = valueFields(name, value).slice(1);
  if (fields.length === 0) return [{ field: "", op: "present" }];
  return fields.map(([field, v]) => ({
    field,
    op: name === "Usage Limits" && AT_LEAST_FIELDS.has(field) ? "gte" : "eq",
    value: v,
  }));
}

/** Text and byte equality first: they narrow most, so a statement starts from them. */
function selectivity(t: FieldTest): number {
  if (t.op !== "eq") return 2;
  return t.value.col === "int" ? 1 : 0;
}

/** How much an attribute term narrows (lower is better): that of its first, best test. */
export function termRank(term: LocateTerm): number {
  return term.kind === "attribute" ? selectivity(term.tests[0]!) : 0;
}

function isDateAttribute(name: string): boolean {
  const types = attributeDef(name)?.codec.itemTypes;
  return types !== undefined && types.length === 1 && types[0] === ItemType.DateTime;
}

/** Maximum Items and Offset Items are KMIP Integers (KMIP 1.4 §4.9); negative ones are refused. */
function count(what: string, n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff)
    throw invalidObject(`${what} must be a non-negative integer`);
  return n;
}
