/**
 * Small, pure helpers over the canonical attribute list (`src/kmip/attributes.ts`): KMIP Date-Time
 * values, single-instance replacement and instance counts. Time is always a parameter.
 */
import type { Attribute } from "../kmip/attributes.js";

/** A KMIP Date-Time: signed POSIX seconds (1.4 §9.1.1.4, 2.1 §9.1.1.4), as the codecs hold it. */
export type KmipDate = bigint;

/** `now` as a KMIP Date-Time (whole seconds, rounded down). */
export function kmipDate(now: Date): KmipDate {
  return BigInt(Math.floor(now.getTime() / 1000));
}

/** A KMIP Date-Time as a JavaScript Date. */
export function dateOf(value: KmipDate): Date {
  return new Date(Number(value) * 1000);
}

/** True once `date` is at or before `now` ("the Activation Date is reached", 1.4 §3.22). */
export function isReached(date: KmipDate | undefined, now: Date): boolean {
  return date !== undefined && date <= kmipDate(now);
}

/** The first instance of `name` (Template references are not attributes of the object). */
export function firstValue(list: readonly Attribute[], name: string): unknown {
  for (const a of list) if (a.name === name && a.templateReference !== true) return a.value;
  return undefined;
}

/** The first instance of a Date-Time attribute, if it holds one. */
export function dateValue(list: readonly Attribute[], name: string): KmipDate | undefined {
  const v = firstValue(list, name);
  return typeof v === "bigint" ? v : undefined;
}

/** How many instances of `name` the list holds. */
export function countInstances(list: readonly Attribute[], name: string): number {
  let n = 0;
  for (const a of list) if (a.name === name && a.templateReference !== true) n++;
  return n;
}

export function hasAttribute(list: readonly Attribute[], name: string): boolean {
  return countInstances(list, name) > 0;
}

/**
 * `list` with each change applied as a single-instance set: the first instance of the same name
 * is replaced in place (later instances of it are dropped), or the entry is appended.
 */
export function withChanges(list: readonly Attribute[], changes: readonly Attribute[]): Attribute[] {
  let out = [...list];
  for (const change of changes) {
    const same = (a: Attribute) => a.name === change.name && a.templateReference !== true;
    const at = out.findIndex(same);
    if (at < 0) out.push(change);
    else out = out.map((a, i) => (i === at ? change : a)).filter((a, i) => i === at || !same(a));
  }
  return out;
}

/** Merge change lists: a later entry for the same name replaces an earlier one. */
export function mergeChanges(...lists: readonly (readonly Attribute[])[]): Attribute[] {
  const byName = new Map<string, Attribute>();
  for (const list of lists) for (const c of list) byName.set(c.name, c);
  return [...byName.values()];
}
