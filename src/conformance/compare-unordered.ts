/**
 * Comparing lists whose order carries no meaning (the attributes of an object): each expected
 * item is matched with the first not yet matched actual item of the same key, and the pair is
 * compared by the ordinary rules. Which items are such lists, how they are keyed, and which
 * unmatched items are allowed is decided by `compare.ts`.
 */
import { type ItemContext, topLevelContext } from "../ttlv/dictionary.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import { childNamer, type Difference, differenceAt, type Recurse, type Where } from "./compare-walk.js";

export interface UnorderedRule {
  /** Items with equal keys are instances of the same thing (e.g. the same attribute name). */
  key(item: TtlvItem): string;
  /** An expected item the server may lack. */
  mayLack(item: TtlvItem): boolean;
  /** An actual item the expected list lacks, which the server may add. */
  mayAdd(item: TtlvItem): boolean;
}

/** Compares `es` with `as` (children of `e` and `a` at `where`) as unordered lists. */
export function compareUnordered(
  e: TtlvItem,
  a: TtlvItem,
  es: readonly TtlvItem[],
  as: readonly TtlvItem[],
  where: Where,
  recurse: Recurse,
  rule: UnorderedRule,
): Difference | undefined {
  const name = childNamer(where.path, es, as);
  const inner: Where = { path: where.path, ancestors: [...where.ancestors, e] };
  const unmatched = [...as];
  for (const ei of es) {
    const k = rule.key(ei);
    const at = unmatched.findIndex((x) => rule.key(x) === k);
    if (at < 0) {
      if (rule.mayLack(ei)) continue;
      return differenceAt(name(ei), ei, undefined, contextOf(e), contextOf(a));
    }
    const [aj] = unmatched.splice(at, 1);
    const d = recurse(ei, aj!, { path: name(ei), ancestors: inner.ancestors });
    if (d !== undefined) return d;
  }
  const extra = unmatched.find((x) => !rule.mayAdd(x));
  return extra === undefined
    ? undefined
    : differenceAt(name(extra), undefined, extra, contextOf(e), contextOf(a));
}

/**
 * Compares a subsequence: every expected item must be in the actual list, in the same relative
 * order; the actual list may hold more.
 */
export function compareSubsequence(
  e: TtlvItem,
  es: readonly TtlvItem[],
  as: readonly TtlvItem[],
  where: Where,
  recurse: Recurse,
): Difference | undefined {
  const name = childNamer(where.path, es, as);
  const inner: Where = { path: where.path, ancestors: [...where.ancestors, e] };
  let j = 0;
  for (const ei of es) {
    while (j < as.length && recurse(ei, as[j]!, { path: name(ei), ancestors: inner.ancestors }) !== undefined)
      j++;
    if (j === as.length) return differenceAt(name(ei), ei, undefined, contextOf(e));
    j++;
  }
  return undefined;
}

function contextOf(item: TtlvItem): ItemContext {
  return item.type === ItemType.Structure ? { parentTag: item.tag, siblings: item.value } : topLevelContext;
}
