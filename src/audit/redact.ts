/**
 * Secret values in audit records become HMACs (Vault docs "Audit devices" > "Sensitive
 * information": "Most strings contained within requests and responses are hashed with a salt using
 * HMAC-SHA256 ... so that secrets aren't in plaintext within your audit logs. However, you're still
 * able to check the value of secrets by generating HMACs yourself", with `/sys/audit-hash`).
 *
 * The rule kmipd applies, like Vault's "HMAC all strings" default:
 * - every string in request and response `data` and `auth`, at any depth (map values and list
 *   items), is written as `hmac-sha256:<hex>`, the HMAC-SHA256 of its UTF-8 bytes keyed with the
 *   device's salt (32 random bytes kept in sealed storage): tokens, key material, private keys,
 *   passwords, credentials' `private_key`, unseal keys, list keys...;
 * - except the values of `NON_SECRET_FIELDS`, which name or describe things and never carry a
 *   secret (kept in clear so the log can be read without the salt);
 * - accessors (`accessor`, `token_accessor`, `client_token_accessor`) are hashed unless the device
 *   has `hmac_accessor=false` (Vault's file device option);
 * - numbers, booleans and null stay as they are, and map keys (field names) stay in clear, as in
 *   Vault ("only strings ... are HMAC'd");
 * - a device with `log_raw=true` writes everything in clear (Vault's option; for debugging only).
 */
import { createHmac } from "node:crypto";

export const HMAC_PREFIX = "hmac-sha256:";

/** Fields whose string values are written in clear: names, types and descriptions. */
export const NON_SECRET_FIELDS: ReadonlySet<string> = new Set([
  "type",
  "description",
  "path",
  "name",
  "display_name",
  "policies",
  "token_policies",
  "token_type",
  "format",
  "serial_number",
]);

const ACCESSOR_FIELDS: ReadonlySet<string> = new Set(["accessor", "token_accessor", "client_token_accessor"]);

/** The HMAC of one value, as written in the log (`hmac-sha256:` and 64 hex digits). */
export function hmacValue(salt: Uint8Array, value: string): string {
  return HMAC_PREFIX + createHmac("sha256", salt).update(value, "utf8").digest("hex");
}

export interface RedactOptions {
  readonly salt: Uint8Array;
  /** Vault's `hmac_accessor` (default true). */
  readonly hmacAccessor: boolean;
  /** Vault's `log_raw` (default false): nothing is hashed. */
  readonly logRaw: boolean;
}

/** Hashes the secrets of one device's records. */
export class Redactor {
  constructor(private readonly options: RedactOptions) {}

  /** A secret string (a token): its HMAC, or itself for a `log_raw` device. */
  secret(value: string): string {
    return this.options.logRaw ? value : hmacValue(this.options.salt, value);
  }

  /** A token accessor: hashed unless `hmac_accessor` is false. */
  accessor(value: string): string {
    return this.options.hmacAccessor && value !== "" ? this.secret(value) : value;
  }

  /** A request or response body: every string hashed but the non-secret fields' values. */
  data(value: unknown, field?: string): unknown {
    if (this.options.logRaw || value === null || value === undefined) return value;
    if (typeof value === "string") return this.#string(value, field);
    if (Array.isArray(value)) return value.map((item) => this.data(item, field));
    if (typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) out[key] = this.data(inner, key);
      return out;
    }
    return value;
  }

  #string(value: string, field: string | undefined): string {
    if (field !== undefined && NON_SECRET_FIELDS.has(field)) return value;
    if (field !== undefined && ACCESSOR_FIELDS.has(field)) return this.accessor(value);
    return this.secret(value);
  }
}
