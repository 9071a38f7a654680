/**
 * Comparing lists whose order carries no meaning (the attributes of an object): each expected
 * item is matched with a not yet matched actual item of the same key that compares equal by the
 * ordinary rules (instances of one attribute, e.g. two Links, may come in any order: KMIP 1.4
 * §3 gives the Attribute Index no meaning beyond naming an instance); when none does, the
 * difference reported is the one with the first candidate. Which items are such lists, how they are keyed, and which
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
  /** Runs one trial comparison; a trial that finds a difference must leave no bindings behind. */
  trial?: <T>(compare: () => T | undefined) => T | undefined;
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
    const candidates = unmatched.flatMap((x, i) => (rule.key(x) === k ? [i] : []));
    if (candidates.length === 0) {
      if (rule.mayLack(ei)) continue;
      return differenceAt(name(ei), ei, undefined, contextOf(e), contextOf(a));
    }
    const at: Where = { path: name(ei), ancestors: inner.ancestors };
    const equal = candidates.find((i) => tryEqual(() => recurse(ei, unmatched[i]!, at), rule));
    if (equal === undefined) return recurse(ei, unmatched[candidates[0]!]!, at);
    unmatched.splice(equal, 1);
  }
  const extra = unmatched.find((x) => !rule.mayAdd(x));
  return extra === undefined
    ? undefined
    : differenceAt(name(extra), undefined, extra, contextOf(e), contextOf(a));
}

/** Whether a trial comparison finds no difference (its bindings kept only then). */
function tryEqual(compare: () => Difference | undefined, rule: UnorderedRule): boolean {
  const trial = rule.trial ?? ((c) => c());
  return trial(() => (compare() === undefined ? true : undefined)) === true;
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
