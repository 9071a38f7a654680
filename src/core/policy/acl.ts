/**
 * The ACL of a token: its policies merged, answering "may this token do this operation on this
 * path" (docs "Policies" > "Priority matching"):
 * - deny by default: a path no rule matches allows nothing;
 * - a pattern matches a path exactly, or as a prefix when it ends in the glob `*`; a `+` segment
 *   matches any one segment;
 * - "If the same pattern appears in multiple policies, we take the union of the capabilities. If
 *   different patterns appear in the applicable policies, we take only the highest-priority match";
 * - priority between two matching patterns P1 and P2 (the first rule that differs decides):
 *   1. the first wildcard (`+`) or glob (`*`) occurring earlier in P1 makes P1 lower;
 *   2. P1 ending in `*` while P2 does not makes P1 lower;
 *   3. more `+` segments in P1 make it lower;
 *   4. a shorter P1 is lower;
 *   5. a lexicographically smaller P1 is lower;
 * - `deny` in the chosen capabilities takes precedence over everything, sudo included;
 * - the built-in `root` policy allows everything.
 */
import type { Operation } from "../../api/framework/types.js";
import type { Capability, Policy } from "./parse.js";

interface Pattern {
  readonly text: string;
  readonly regex: RegExp;
  readonly capabilities: Set<Capability>;
}

export class Acl {
  readonly #patterns: Pattern[];

  private constructor(
    patterns: Pattern[],
    readonly root: boolean,
  ) {
    this.#patterns = patterns;
  }

  static fromPolicies(policies: readonly Policy[]): Acl {
    const root = policies.some((p) => p.name === "root");
    const merged = new Map<string, Pattern>();
    for (const policy of policies) {
      for (const rule of policy.rules) {
        const existing = merged.get(rule.pattern);
        if (existing) for (const c of rule.capabilities) existing.capabilities.add(c);
        else merged.set(rule.pattern, compile(rule.pattern, rule.capabilities));
      }
    }
    return new Acl([...merged.values()], root);
  }

  /**
   * The capabilities on `path` after priority and deny: an empty set when denied. For a list
   * (`path` in its prefix form, "a/b/"), an exact rule for "a/b" counts as well, so that both
   * `path "sys/policies/acl"` and `path "sys/policies/acl/"` grant listing it, as in Vault.
   */
  capabilities(path: string, list = false): Set<Capability> {
    if (this.root) return new Set(["create", "read", "update", "patch", "delete", "list", "sudo"]);
    let best: Pattern | undefined;
    for (const p of this.#patterns) {
      if (p.regex.test(path) && (best === undefined || comparePriority(p.text, best.text) > 0)) best = p;
    }
    if (list && best?.text !== path && path.endsWith("/")) {
      best = this.#patterns.find((p) => p.text === path.slice(0, -1)) ?? best;
    }
    if (!best || best.capabilities.has("deny")) return new Set();
    return new Set(best.capabilities);
  }

  /** Whether `operation` on `path` is allowed, with sudo as well when `sudo` is asked. */
  allows(path: string, operation: Operation, sudo = false): boolean {
    const caps = this.capabilities(path, operation === "list");
    return caps.has(operation) && (!sudo || caps.has("sudo"));
  }
}

function compile(text: string, capabilities: ReadonlySet<Capability>): Pattern {
  const glob = text.endsWith("*");
  const base = glob ? text.slice(0, -1) : text;
  const body = base
    .split("/")
    .map((seg) => (seg === "+" ? "[^/]*" : escapeRegex(seg)))
    .join("/");
  return {
    text,
    regex: new RegExp(`^${body}${glob ? "[\\s\\S]*" : ""}$`),
    capabilities: new Set(capabilities),
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Offset of the first `+` segment or trailing `*`; Infinity for an exact path. */
function firstWildcard(p: string): number {
  let offset = 0;
  for (const seg of p.split("/")) {
    if (seg === "+") return offset;
    offset += seg.length + 1;
  }
  return p.endsWith("*") ? p.length - 1 : Number.POSITIVE_INFINITY;
}

function plusSegments(p: string): number {
  return p.split("/").filter((s) => s === "+").length;
}

/** Positive when `a` has higher priority than `b` (the five rules in the module comment). */
export function comparePriority(a: string, b: string): number {
  const wa = firstWildcard(a);
  const wb = firstWildcard(b);
  if (wa !== wb) return wa < wb ? -1 : 1;
  const ga = a.endsWith("*");
  const gb = b.endsWith("*");
  if (ga !== gb) return ga ? -1 : 1;
  const pa = plusSegments(a);
  const pb = plusSegments(b);
  if (pa !== pb) return pa > pb ? -1 : 1;
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
