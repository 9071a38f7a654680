/**
 * The mechanics of comparing two TTLV trees: walk both in order, name each item by its path,
 * stop at the first difference. What counts as equal is not decided here but by the policy that
 * `compare.ts` defines (its RULES), so every rule lives in one place.
 */
import { type ItemContext, topLevelContext } from "../ttlv/dictionary.js";
import { ItemType, type StructureItem, type TtlvItem } from "../ttlv/types.js";
import { showItem, tagName } from "./values.js";

export interface Difference {
  /** e.g. `ResponseMessage/BatchItem[0]/ResponsePayload/UniqueIdentifier`. */
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
}

/** Where an item sits: its path, and the expected structures that hold it (outermost first). */
export interface Where {
  readonly path: string;
  readonly ancestors: readonly TtlvItem[];
}

/** Compares two items from `where` on, with the policy's rules (for the policy's own rules). */
export type Recurse = (e: TtlvItem, a: TtlvItem, where: Where) => Difference | undefined;

/** The decisions the walk asks for; see `compare.ts`. */
export interface ComparePolicy {
  /** Items that may be missing on either side (e.g. Result Message). */
  optional(tag: number, where: Where): boolean;
  /** A structure compared by a rule of its own, or "default" for the ordered walk. */
  structure(
    e: StructureItem,
    a: StructureItem,
    where: Where,
    recurse: Recurse,
  ): Difference | undefined | "default";
  /** Whether an actual scalar matches the expected one (binding placeholders as it goes). */
  scalarMatches(e: TtlvItem, a: TtlvItem, where: Where): boolean;
}

export function compareTrees(
  expected: TtlvItem,
  actual: TtlvItem,
  policy: ComparePolicy,
): Difference | undefined {
  const recurse: Recurse = (e, a, where) => compareItem(e, a, where, policy, recurse);
  return recurse(expected, actual, { path: tagName(expected.tag), ancestors: [] });
}

/** A difference at `path`, showing both items (or "(absent)"). */
export function differenceAt(
  path: string,
  e: TtlvItem | undefined,
  a: TtlvItem | undefined,
  eCtx: ItemContext = topLevelContext,
  aCtx: ItemContext = topLevelContext,
): Difference {
  return { path, expected: showItem(e, eCtx), actual: showItem(a, aCtx) };
}

function compareItem(
  e: TtlvItem,
  a: TtlvItem,
  where: Where,
  policy: ComparePolicy,
  recurse: Recurse,
): Difference | undefined {
  const parent = where.ancestors.at(-1);
  const eCtx = contextOf(parent);
  if (e.tag !== a.tag || e.type !== a.type) return differenceAt(where.path, e, a, eCtx, eCtx);
  if (e.type !== ItemType.Structure) {
    return policy.scalarMatches(e, a, where) ? undefined : differenceAt(where.path, e, a, eCtx, eCtx);
  }
  const own = policy.structure(e, a as StructureItem, where, recurse);
  if (own !== "default") return own;
  return compareChildren(e, a as StructureItem, where, policy, recurse);
}

function contextOf(parent: TtlvItem | undefined): ItemContext {
  return parent?.type === ItemType.Structure
    ? { parentTag: parent.tag, siblings: parent.value }
    : topLevelContext;
}

/** Children in order; optional items may be skipped on either side. */
function compareChildren(
  e: StructureItem,
  a: StructureItem,
  where: Where,
  policy: ComparePolicy,
  recurse: Recurse,
): Difference | undefined {
  const es = e.value;
  const as = a.value;
  const inner: Where = { path: where.path, ancestors: [...where.ancestors, e] };
  const name = childNamer(where.path, es, as);
  let i = 0;
  let j = 0;
  while (i < es.length || j < as.length) {
    const ei = es[i];
    const aj = as[j];
    if (ei !== undefined && aj?.tag !== ei.tag && policy.optional(ei.tag, inner)) {
      i++;
      continue;
    }
    if (aj !== undefined && ei?.tag !== aj.tag && policy.optional(aj.tag, inner)) {
      j++;
      continue;
    }
    if (ei === undefined || aj === undefined) {
      return differenceAt(name((ei ?? aj)!), ei, aj, contextOf(e), contextOf(a));
    }
    const d = recurse(ei, aj, { path: name(ei), ancestors: inner.ancestors });
    if (d !== undefined) return d;
    i++;
    j++;
  }
  return undefined;
}

/**
 * Paths name a child by tag, indexed from 0 (`BatchItem[1]`) when either side has several
 * children with that tag; the index counts as the item is met in its own list.
 */
export function childNamer(
  parent: string,
  es: readonly TtlvItem[],
  as: readonly TtlvItem[],
): (item: TtlvItem) => string {
  const count = (list: readonly TtlvItem[], tag: number) => list.filter((x) => x.tag === tag).length;
  const seen = new Map<TtlvItem, number>();
  for (const list of [es, as]) {
    const next = new Map<number, number>();
    for (const item of list) {
      const n = next.get(item.tag) ?? 0;
      seen.set(item, n);
      next.set(item.tag, n + 1);
    }
  }
  return (item) => {
    const many = Math.max(count(es, item.tag), count(as, item.tag)) > 1;
    const segment = many ? `${tagName(item.tag)}[${seen.get(item) ?? 0}]` : tagName(item.tag);
    return `${parent}/${segment}`;
  };
}
