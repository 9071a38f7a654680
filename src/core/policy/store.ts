/**
 * ACL policies behind the barrier (API docs sys/policies/acl), one record per policy under the
 * store's view: `<name>` → {name, policy}. Names are lowercased, as Vault does. Parsed policies are
 * cached until written or deleted; the contents "are parsed in real-time whenever the token is
 * used" in Vault's words, which the cache keeps true because every change goes through here.
 */
import type { KvStore } from "../../storage/types.js";
import { badRequest } from "../errors.js";
import { getJson, putJson } from "../kv-json.js";
import { Acl } from "./acl.js";
import { DEFAULT_POLICY, DEFAULT_POLICY_TEXT, ROOT_POLICY } from "./builtin.js";
import { type Policy, parsePolicy } from "./parse.js";

const ACL_CACHE_MAX = 1000;
const NAME = /^[a-z0-9_][a-z0-9._@-]{0,127}$/;
const ROOT: Policy = { name: ROOT_POLICY, raw: "", rules: [] };

interface StoredPolicy {
  name: string;
  policy: string;
}

/** Lowercases and checks a policy name; a 400 for a name that cannot be stored. */
export function policyName(name: string): string {
  const n = name.trim().toLowerCase();
  if (!NAME.test(n)) {
    throw badRequest("policy names are 1 to 128 characters: letters, digits, '_', '.', '@' and '-'");
  }
  return n;
}

export class PolicyStore {
  readonly #cache = new Map<string, Policy | null>();
  /** ACLs by policy set; dropped with any change to a policy. */
  readonly #acls = new Map<string, Acl>();
  /** Bumped by every change, so an ACL built across a change is not cached. */
  #generation = 0;

  constructor(private readonly kv: KvStore) {}

  /** Writes the default policy if there is none yet (at init). */
  async ensureDefault(): Promise<void> {
    if ((await this.kv.get(DEFAULT_POLICY)) === undefined)
      await this.put(DEFAULT_POLICY, DEFAULT_POLICY_TEXT);
  }

  async get(name: string): Promise<Policy | undefined> {
    const n = name.trim().toLowerCase();
    if (n === ROOT_POLICY) return ROOT;
    if (!NAME.test(n)) return undefined;
    if (this.#cache.has(n)) return this.#cache.get(n) ?? undefined;
    const generation = this.#generation;
    const stored = await getJson<StoredPolicy>(this.kv, n);
    const policy = stored ? parsePolicy(n, stored.policy) : undefined;
    if (generation === this.#generation) this.#cache.set(n, policy ?? null);
    return policy;
  }

  async put(name: string, text: string): Promise<void> {
    const n = policyName(name);
    if (n === ROOT_POLICY) throw badRequest('cannot update the "root" policy');
    const policy = parsePolicy(n, text);
    await putJson(this.kv, n, { name: n, policy: text } satisfies StoredPolicy);
    this.#cache.set(n, policy);
    this.#changed();
  }

  /** Idempotent, as Vault's: deleting a policy that does not exist succeeds. */
  async delete(name: string): Promise<void> {
    const n = policyName(name);
    if (n === ROOT_POLICY) throw badRequest('cannot delete the "root" policy');
    if (n === DEFAULT_POLICY) throw badRequest('cannot delete the "default" policy');
    await this.kv.delete(n);
    this.#cache.delete(n);
    this.#changed();
  }

  /** Stored names, sorted, then "root" (which `vault policy list` shows too). */
  async list(): Promise<string[]> {
    const names = (await this.kv.list("")).filter((k) => !k.endsWith("/")).sort();
    return [...names, ROOT_POLICY];
  }

  /** The ACL of a token holding `names`; names without a policy are skipped. */
  async acl(names: readonly string[]): Promise<Acl> {
    const key = [...names].sort().join("\n");
    const cached = this.#acls.get(key);
    if (cached) return cached;
    const generation = this.#generation;
    const policies: Policy[] = [];
    for (const name of names) {
      const p = await this.get(name);
      if (p) policies.push(p);
    }
    const acl = Acl.fromPolicies(policies);
    if (generation !== this.#generation) return acl;
    if (this.#acls.size >= ACL_CACHE_MAX) this.#acls.clear();
    this.#acls.set(key, acl);
    return acl;
  }

  clearCache(): void {
    this.#cache.clear();
    this.#changed();
  }

  #changed(): void {
    this.#generation++;
    this.#acls.clear();
  }
}
