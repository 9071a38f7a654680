/**
 * Instances of one attribute in an object's canonical list, and how Add, Modify, Set, Delete and
 * Adjust Attribute change them.
 *
 * KMIP 1.x names an instance by its Attribute Index (1.4 §2.1.1): "Attribute Indices SHALL start
 * with 0. The Attribute Index of an attribute SHALL NOT change when other instances are added or
 * deleted. Single-instance Attributes … SHALL have an Attribute Index of 0." An entry without
 * `index` has the index of its position among the instances of its name (how a new object's list
 * is built); once an instance of a multi-instance attribute is added or deleted, every instance of
 * it carries its index explicitly, so the indices of the others stay as they were. Index 0 is
 * never written (an entry without index at position 0 has it). KMIP 2.x names an instance by its
 * value (Current Attribute, 2.1 §5.6), so values are compared in full.
 */
import type { Attribute } from "../kmip/attributes.js";
import type { KmipVersion } from "../kmip/version.js";
import { allowsMultipleInstances, attributeRule, kmipDate, withChanges } from "../policy/index.js";

export interface Instance {
  /** Position in the whole list. */
  readonly at: number;
  /** The 1.x Attribute Index. */
  readonly index: number;
  readonly attribute: Attribute;
}

/** Every instance of `name`, in list order, with its Attribute Index. */
export function instancesOf(list: readonly Attribute[], name: string): Instance[] {
  const out: Instance[] = [];
  list.forEach((attribute, at) => {
    if (attribute.name !== name || attribute.templateReference === true) return;
    out.push({ at, index: attribute.index ?? out.length, attribute });
  });
  return out;
}

/** Whether an object of `objectType` may hold several instances of `name` (the rule tables). */
export function allowsMany(name: string, objectType: number, version: KmipVersion): boolean {
  const rule = attributeRule(name, version);
  return rule !== undefined && allowsMultipleInstances(rule, objectType);
}

function withIndex(a: Attribute, index: number): Attribute {
  const { index: _old, ...rest } = a;
  return index === 0 ? rest : Object.assign({}, rest, { index });
}

/** The list with every instance of `name` carrying its index explicitly (0 left implicit). */
function pinned(list: readonly Attribute[], name: string): Attribute[] {
  const out = [...list];
  for (const i of instancesOf(list, name)) out[i.at] = withIndex(i.attribute, i.index);
  return out;
}

/**
 * `attribute` added as a new instance: the next index after the highest in use for a
 * multi-instance attribute (1.4 §4.14 "The response returns a new Attribute Index"), 0 otherwise.
 */
export function addInstance(
  list: readonly Attribute[],
  attribute: Attribute,
  many: boolean,
): { list: Attribute[]; added: Attribute } {
  const existing = instancesOf(list, attribute.name);
  const next = existing.reduce((max, i) => Math.max(max, i.index + 1), 0);
  const added = withIndex({ name: attribute.name, value: attribute.value }, many ? next : 0);
  const base = many ? pinned(list, attribute.name) : [...list];
  return { list: [...base, added], added };
}

/** The instance at `at` with a new value; its name and index stay. */
export function replaceInstance(list: readonly Attribute[], at: number, value: unknown): Attribute[] {
  return list.map((a, i) => (i === at ? Object.assign({}, a, { value }) : a));
}

/** The instance at `at` removed; the other instances of its name keep their indices. */
export function removeInstance(list: readonly Attribute[], at: number): Attribute[] {
  const name = list[at]?.name;
  const base = name === undefined ? [...list] : pinned(list, name);
  return base.filter((_, i) => i !== at);
}

/** Every instance of `name` removed. */
export function removeAll(list: readonly Attribute[], name: string): Attribute[] {
  return list.filter((a) => a.name !== name || a.templateReference === true);
}

/** 1.4 §3.38: Last Change Date is set by every Add, Modify and Delete Attribute (and 2.x Set, Adjust). */
export function stampLastChange(list: readonly Attribute[], now: Date): Attribute[] {
  return withChanges(list, [{ name: "Last Change Date", value: kmipDate(now) }]);
}

/**
 * Whether two canonical values are the same: primitives by value, byte strings byte for byte,
 * structures field by field (absent and undefined fields alike), raw items by tag, type and value.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array || b instanceof Uint8Array) return sameBytes(a, b);
  if (Array.isArray(a) || Array.isArray(b)) return sameList(a, b);
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  // A Big Integer's recorded wire length is not part of its value.
  for (const k of keys) if (k !== "byteLength" && !sameValue(x[k], y[k])) return false;
  return true;
}

function sameBytes(a: unknown, b: unknown): boolean {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) return false;
  return a.every((byte, i) => byte === b[i]);
}

function sameList(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((v, i) => sameValue(v, b[i]));
}
