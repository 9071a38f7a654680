/**
 * The token store (Vault docs "Tokens"; API docs auth/token). Records live behind the barrier:
 *
 *   salt                               the per-installation HMAC salt (32 random bytes)
 *   id/<hash>                          the TokenEntry, named by the token's salted hash
 *   accessor/<salted accessor>         { accessor, hash }: lookup and revoke by accessor
 *   parent/<parent hash>/<child hash>  the token tree, for revoking a token with its children
 *
 * Expiry: a token past its expire time, or whose parent is gone or expired, is revoked (with its
 * children) the moment it is looked up, and `tidy` sweeps the rest; either way an expired token is
 * never accepted. Revoking a token revokes its children, as Vault does; revoke-orphan instead makes
 * the children orphans.
 */
import { randomBytes } from "node:crypto";
import { formatDuration } from "../config/duration.js";
import type { KvOp, KvStore } from "../storage/types.js";
import { badRequest } from "./errors.js";
import { getJson, jsonOp, keysUnder } from "./kv-json.js";
import { MAX_TTL_SECONDS, type TokenEntry } from "./token-entry.js";
import { newAccessor, newTokenId, SALT_BYTES, saltedHash, sameHash } from "./token-id.js";
import type { TokenPlan } from "./token-rules.js";

/** How far up the parent chain a lookup checks; deeper chains are left to `tidy`. */
const PARENT_DEPTH_MAX = 32;
const TOKEN_CHARS_MAX = 512;

export class TokenStore {
  private constructor(
    private readonly kv: KvStore,
    private readonly salt: Uint8Array,
    private readonly now: () => Date,
  ) {}

  /** Opens the store in `kv` (a sealed view), creating the salt on first use. */
  static async open(kv: KvStore, now: () => Date): Promise<TokenStore> {
    let salt = await kv.get("salt");
    if (salt === undefined) {
      salt = Uint8Array.from(randomBytes(SALT_BYTES));
      await kv.put("salt", salt);
    }
    return new TokenStore(kv, salt, now);
  }

  /** Writes a token for `plan`; `parent` is the creating token (ignored for an orphan). */
  async create(
    plan: TokenPlan,
    parent: TokenEntry | undefined,
  ): Promise<{ token: string; entry: TokenEntry }> {
    const token = plan.id ?? newTokenId();
    const hash = saltedHash(this.salt, token);
    if (plan.id !== undefined && (await this.kv.get(`id/${hash}`)) !== undefined) {
      throw badRequest("a token with this id already exists");
    }
    const nowMs = this.now().getTime();
    const entry: TokenEntry = {
      hash,
      accessor: newAccessor(),
      policies: plan.policies,
      parent: plan.orphan || !parent ? "" : parent.hash,
      meta: plan.meta,
      displayName: plan.displayName,
      path: plan.path,
      creationTimeMs: nowMs,
      creationTtl: plan.ttl,
      expireTimeMs: plan.ttl === 0 ? 0 : nowMs + plan.ttl * 1000,
      explicitMaxTtl: plan.explicitMaxTtl,
      renewable: plan.renewable,
    };
    const ops: KvOp[] = [
      jsonOp(`id/${hash}`, entry),
      jsonOp(`accessor/${this.#accessorKey(entry.accessor)}`, { accessor: entry.accessor, hash }),
    ];
    if (entry.parent !== "") ops.push(jsonOp(`parent/${entry.parent}/${hash}`, {}));
    await this.kv.batch(ops);
    return { token, entry };
  }

  /** The live entry of `token`, or undefined (unknown, expired, or its parent is gone). */
  async lookup(token: string): Promise<TokenEntry | undefined> {
    if (token.length === 0 || token.length > TOKEN_CHARS_MAX) return undefined;
    const hash = saltedHash(this.salt, token);
    const entry = await getJson<TokenEntry>(this.kv, `id/${hash}`);
    if (!entry || !sameHash(entry.hash, hash)) return undefined;
    return (await this.#alive(entry, 0)) ? entry : undefined;
  }

  async lookupAccessor(accessor: string): Promise<TokenEntry | undefined> {
    if (accessor.length === 0 || accessor.length > TOKEN_CHARS_MAX) return undefined;
    const index = await getJson<{ accessor: string; hash: string }>(
      this.kv,
      `accessor/${this.#accessorKey(accessor)}`,
    );
    if (!index || index.accessor !== accessor) return undefined;
    const entry = await getJson<TokenEntry>(this.kv, `id/${index.hash}`);
    return entry && (await this.#alive(entry, 0)) ? entry : undefined;
  }

  /** Accessors of every live token (auth/token/accessors). */
  async accessors(): Promise<string[]> {
    const out: string[] = [];
    for (const key of await keysUnder(this.kv, "accessor/")) {
      const index = await getJson<{ accessor: string }>(this.kv, key);
      if (index) out.push(index.accessor);
    }
    return out.sort();
  }

  /** Checks expiry and the parent chain; revokes what is dead. */
  async #alive(entry: TokenEntry, depth: number): Promise<boolean> {
    const nowMs = this.now().getTime();
    let dead = entry.expireTimeMs !== 0 && nowMs >= entry.expireTimeMs;
    if (!dead && entry.parent !== "" && depth < PARENT_DEPTH_MAX) {
      const parent = await getJson<TokenEntry>(this.kv, `id/${entry.parent}`);
      dead = !parent || !(await this.#alive(parent, depth + 1));
    }
    if (dead) await this.revoke(entry);
    return !dead;
  }

  /** Revokes `entry` and every token below it. */
  async revoke(entry: TokenEntry): Promise<void> {
    const stack = [entry.hash];
    while (stack.length > 0) {
      const hash = stack.pop()!;
      const children = await this.kv.list(`parent/${hash}/`);
      stack.push(...children.filter((c) => !c.endsWith("/")));
      await this.#remove(hash, children);
    }
  }

  /** Revokes `entry` alone; its children become orphans (auth/token/revoke-orphan). */
  async revokeOrphan(entry: TokenEntry): Promise<void> {
    const children = await this.kv.list(`parent/${entry.hash}/`);
    for (const child of children) {
      const e = await getJson<TokenEntry>(this.kv, `id/${child}`);
      if (e) await this.kv.batch([jsonOp(`id/${child}`, { ...e, parent: "" })]);
    }
    await this.#remove(entry.hash, children);
  }

  /** Deletes one token's records and its links (to its parent, and to `children`). */
  async #remove(hash: string, children: string[]): Promise<void> {
    const entry = await getJson<TokenEntry>(this.kv, `id/${hash}`);
    const ops: KvOp[] = [{ op: "delete", key: `id/${hash}` }];
    for (const child of children) ops.push({ op: "delete", key: `parent/${hash}/${child}` });
    if (entry) {
      ops.push({ op: "delete", key: `accessor/${this.#accessorKey(entry.accessor)}` });
      if (entry.parent !== "") ops.push({ op: "delete", key: `parent/${entry.parent}/${hash}` });
    }
    await this.kv.batch(ops);
  }

  /**
   * Extends the token's lease by `increment` seconds (or its creation TTL), never past its
   * explicit max TTL or the system max counted from creation (API docs "Renew a Token").
   */
  async renew(entry: TokenEntry, increment: number): Promise<{ entry: TokenEntry; warnings: string[] }> {
    if (!entry.renewable) throw badRequest("this token is not renewable");
    if (entry.expireTimeMs === 0) return { entry, warnings: [] };
    const nowMs = this.now().getTime();
    const ttl = increment > 0 ? increment : entry.creationTtl;
    const maxTtl =
      entry.explicitMaxTtl > 0 ? Math.min(entry.explicitMaxTtl, MAX_TTL_SECONDS) : MAX_TTL_SECONDS;
    const limitMs = entry.creationTimeMs + maxTtl * 1000;
    const warnings: string[] = [];
    let expireTimeMs = nowMs + ttl * 1000;
    if (expireTimeMs > limitMs) {
      expireTimeMs = limitMs;
      const left = Math.max(0, Math.floor((limitMs - nowMs) / 1000));
      warnings.push(
        `TTL of "${formatDuration(ttl)}" exceeded the effective max_ttl of "${formatDuration(left)}"; TTL value is capped accordingly`,
      );
    }
    const renewed: TokenEntry = { ...entry, expireTimeMs, lastRenewalTimeMs: nowMs };
    await this.kv.batch([jsonOp(`id/${entry.hash}`, renewed)]);
    return { entry: renewed, warnings };
  }

  /** Revokes every expired token (and what hangs below it); returns how many were found expired. */
  async tidy(): Promise<number> {
    let expired = 0;
    for (const name of await this.kv.list("id/")) {
      const entry = await getJson<TokenEntry>(this.kv, `id/${name}`);
      if (entry && !(await this.#alive(entry, 0))) expired++;
    }
    return expired;
  }

  #accessorKey(accessor: string): string {
    return saltedHash(this.salt, `accessor:${accessor}`);
  }
}
