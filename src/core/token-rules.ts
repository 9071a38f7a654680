/**
 * Vault's rules for creating a child token (API docs auth/token "Create Token"; docs
 * "Policies" > "Tokens"):
 * - `policies` must be a subset of the calling token's policies, "unless the calling token is root
 *   or contains sudo capabilities to auth/token/create"; absent, they default to the caller's;
 * - the `default` policy is added unless `no_default_policy` (and never to a root token);
 * - `id` (a chosen token id) and `no_parent` on auth/token/create need root or sudo;
 *   auth/token/create-orphan makes orphans without either;
 * - `ttl` defaults to the default lease TTL (768h), "or indefinitely if the root policy is used";
 *   no TTL passes the explicit max TTL or the system max (768h): it is capped, with a warning;
 * - `display_name` becomes "token-<name>" ("token" when absent).
 * Decision: a root policy can be given only by a root token (sudo alone is not enough).
 */
import { formatDuration } from "../config/duration.js";
import { badRequest } from "./errors.js";
import { DEFAULT_TTL_SECONDS, isRootEntry, MAX_TTL_SECONDS, type TokenEntry } from "./token-entry.js";
import { checkCustomId } from "./token-id.js";

export interface CreateTokenInput {
  id?: string;
  policies?: readonly string[];
  meta?: Record<string, unknown>;
  noParent?: boolean;
  noDefaultPolicy?: boolean;
  renewable?: boolean;
  /** Seconds; 0 for the default. */
  ttl?: number;
  explicitMaxTtl?: number;
  displayName?: string;
}

export interface TokenCaller {
  readonly entry: TokenEntry;
  /** Whether the caller's ACL grants sudo on auth/token/create. */
  readonly sudo: boolean;
}

/** What the token store needs to write a token. */
export interface TokenPlan {
  id?: string;
  policies: string[];
  meta: Record<string, string> | null;
  orphan: boolean;
  renewable: boolean;
  ttl: number;
  explicitMaxTtl: number;
  displayName: string;
  path: string;
}

export function normalizePolicies(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.trim().toLowerCase()).filter((n) => n !== ""))].sort();
}

export function planToken(
  input: CreateTokenInput,
  caller: TokenCaller,
  endpoint: { path: string; orphan: boolean },
): { plan: TokenPlan; warnings: string[] } {
  const root = isRootEntry(caller.entry);
  const privileged = root || caller.sudo;
  if (input.id !== undefined && input.id !== "") checkId(input.id, privileged);
  if (input.noParent && !endpoint.orphan && !privileged) {
    throw badRequest("root or sudo privileges required to create an orphan token");
  }
  const policies = childPolicies(input, caller.entry, privileged, root);
  const warnings: string[] = [];
  const ttl = childTtl(input, policies, warnings);
  const plan: TokenPlan = {
    ...(input.id ? { id: input.id } : {}),
    policies,
    meta: checkMeta(input.meta),
    orphan: endpoint.orphan || input.noParent === true,
    renewable: input.renewable ?? true,
    ttl,
    explicitMaxTtl: input.explicitMaxTtl ?? 0,
    displayName: displayName(input.displayName),
    path: endpoint.path,
  };
  return { plan, warnings };
}

function checkId(id: string, privileged: boolean): void {
  if (!privileged) throw badRequest("root or sudo privileges required to specify a token id");
  const problem = checkCustomId(id);
  if (problem) throw badRequest(problem);
}

function childPolicies(
  input: CreateTokenInput,
  parent: TokenEntry,
  privileged: boolean,
  root: boolean,
): string[] {
  const asked = normalizePolicies(input.policies ?? []);
  const requested = asked.length > 0 ? asked : [...parent.policies];
  if (requested.includes("root") && !root) throw badRequest("only a root token can create a root token");
  if (!privileged) {
    const extra = requested.filter((p) => p !== "default" && !parent.policies.includes(p));
    if (extra.length > 0)
      throw badRequest(`child policies must be subset of parent (not held: ${extra.join(", ")})`);
  }
  let out = requested.filter((p) => p !== "default");
  if (!input.noDefaultPolicy && !out.includes("root")) out = [...out, "default"];
  if (out.length === 0) throw badRequest("token must have at least one policy");
  return normalizePolicies(out);
}

function childTtl(input: CreateTokenInput, policies: string[], warnings: string[]): number {
  const explicitMax = input.explicitMaxTtl ?? 0;
  const asked = input.ttl ?? 0;
  if (asked === 0 && explicitMax === 0 && policies.includes("root")) return 0;
  const ttl = asked > 0 ? asked : DEFAULT_TTL_SECONDS;
  const max = explicitMax > 0 ? Math.min(explicitMax, MAX_TTL_SECONDS) : MAX_TTL_SECONDS;
  if (ttl <= max) return ttl;
  if (asked > 0) {
    warnings.push(
      `TTL of "${formatDuration(ttl)}" exceeded the effective max_ttl of "${formatDuration(max)}"; TTL value is capped accordingly`,
    );
  }
  return max;
}

function checkMeta(meta: Record<string, unknown> | undefined): Record<string, string> | null {
  if (meta === undefined || Object.keys(meta).length === 0) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta)) {
    if (typeof v !== "string") throw badRequest(`meta values must be strings; "${k}" is not`);
    out[k] = v;
  }
  return out;
}

/** Vault shows "token-<display_name>", with characters outside [A-Za-z0-9-] replaced by "-". */
function displayName(name: string | undefined): string {
  if (name === undefined || name.trim() === "") return "token";
  return `token-${name.trim().replace(/[^A-Za-z0-9-]/g, "-")}`.slice(0, 256);
}
