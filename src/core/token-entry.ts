/**
 * A stored token and the two shapes Vault shows of it: the lookup data (API docs auth/token,
 * "Lookup a Token") and the `auth` block of token-creating and renewing responses ("Create Token",
 * "Renew a Token"). The stored record never holds the token itself, only its salted hash.
 */

/** Vault's system default and maximum lease TTL: 768h (32 days). */
export const DEFAULT_TTL_SECONDS = 768 * 3600;
export const MAX_TTL_SECONDS = 768 * 3600;

export interface TokenEntry {
  /** HMAC-SHA256 of the token under the installation salt (its storage name). */
  hash: string;
  accessor: string;
  /** Sorted, unique, lowercase. */
  policies: string[];
  /** The parent's hash; "" for an orphan. */
  parent: string;
  meta: Record<string, string> | null;
  displayName: string;
  /** The API path that created it, e.g. "auth/token/create". */
  path: string;
  creationTimeMs: number;
  /** The TTL given at creation, seconds; 0 for a token that never expires. */
  creationTtl: number;
  /** When the token expires, Unix ms; 0 for never. */
  expireTimeMs: number;
  explicitMaxTtl: number;
  renewable: boolean;
  lastRenewalTimeMs?: number;
}

export function isRootEntry(entry: Pick<TokenEntry, "policies">): boolean {
  return entry.policies.includes("root");
}

/** Whole seconds left before expiry (0 for a token without expiry). */
export function ttlLeft(entry: TokenEntry, nowMs: number): number {
  if (entry.expireTimeMs === 0) return 0;
  return Math.max(0, Math.round((entry.expireTimeMs - nowMs) / 1000));
}

/** The data of lookup, lookup-self and lookup-accessor; `id` is "" when looked up by accessor. */
export function lookupData(entry: TokenEntry, id: string, nowMs: number): Record<string, unknown> {
  return {
    accessor: entry.accessor,
    creation_time: Math.floor(entry.creationTimeMs / 1000),
    creation_ttl: entry.creationTtl,
    display_name: entry.displayName,
    entity_id: "",
    expire_time: entry.expireTimeMs === 0 ? null : new Date(entry.expireTimeMs).toISOString(),
    explicit_max_ttl: entry.explicitMaxTtl,
    id,
    issue_time: new Date(entry.creationTimeMs).toISOString(),
    ...(entry.lastRenewalTimeMs ? renewalFields(entry.lastRenewalTimeMs) : {}),
    meta: entry.meta,
    num_uses: 0,
    orphan: entry.parent === "",
    path: entry.path,
    policies: entry.policies,
    renewable: entry.renewable,
    ttl: ttlLeft(entry, nowMs),
    type: "service",
  };
}

function renewalFields(ms: number): Record<string, unknown> {
  return { last_renewal: new Date(ms).toISOString(), last_renewal_time: Math.floor(ms / 1000) };
}

/** The envelope's `auth` block; `clientToken` is "" where Vault leaves it empty (renew-accessor). */
export function authBlock(entry: TokenEntry, clientToken: string, nowMs: number): Record<string, unknown> {
  return {
    client_token: clientToken,
    accessor: entry.accessor,
    policies: entry.policies,
    token_policies: entry.policies,
    metadata: entry.meta,
    lease_duration: ttlLeft(entry, nowMs),
    renewable: entry.renewable && entry.expireTimeMs !== 0,
    entity_id: "",
    token_type: "service",
    orphan: entry.parent === "",
    mfa_requirement: null,
    num_uses: 0,
  };
}
