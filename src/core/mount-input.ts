/**
 * Checks of sys/mounts/:path input (API docs sys/mounts, "Enable Secrets Engine").
 *
 * Paths are normalised to "a/b/" (no leading slash, one trailing slash). Decisions: a path uses
 * printable ASCII (the docs' advice) without `*` or `+` (which would read as ACL globs), and no
 * empty, "." or ".." segment; mounts under `sys/`, `auth/`, `cubbyhole/` and `identity/` are
 * refused, those prefixes being Vault's own. `config` keeps the documented keys (TTLs as seconds,
 * `force_no_cache`, the header and audit lists, `listing_visibility`). Vault's Go client sends
 * every field of its MountConfigInput, most of them empty (`"options": null`, `"token_type": ""`),
 * so empty values are skipped silently and any other key kmipd does not use is skipped with a
 * warning.
 */
import { ApiError } from "../api/framework/types.js";
import { parseBool, parseDuration, parseList } from "../config/duration.js";
import { badRequest } from "./errors.js";

export const RESERVED_PREFIXES = ["sys/", "auth/", "cubbyhole/", "identity/"] as const;
const PATH_CHARS_MAX = 256;

export interface MountConfig {
  default_lease_ttl: number;
  max_lease_ttl: number;
  force_no_cache: boolean;
  [key: string]: unknown;
}

export function normalizeMountPath(input: string): string {
  let p = input.trim();
  while (p.startsWith("/")) p = p.slice(1);
  if (!p.endsWith("/")) p += "/";
  if (p === "/") throw badRequest("a mount path is required");
  if (p.length > PATH_CHARS_MAX) throw badRequest(`a mount path is at most ${PATH_CHARS_MAX} characters`);
  if (!/^[\x21-\x7e]+$/.test(p) || /[*+]/.test(p)) {
    throw badRequest("a mount path uses printable ASCII characters other than '*' and '+', without spaces");
  }
  const segments = p.slice(0, -1).split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) {
    throw badRequest(`invalid mount path "${p}": empty, "." and ".." segments are not allowed`);
  }
  return p;
}

export function checkNotReserved(path: string): void {
  for (const prefix of RESERVED_PREFIXES) {
    if (path.startsWith(prefix)) throw badRequest(`cannot mount under "${prefix}": the path is reserved`);
  }
}

const LIST_KEYS = [
  "audit_non_hmac_request_keys",
  "audit_non_hmac_response_keys",
  "passthrough_request_headers",
  "allowed_response_headers",
] as const;

/** The mount config, and the keys given with a value that kmipd does not use. */
export function mountConfig(input: unknown): { config: MountConfig; ignored: string[] } {
  const config: MountConfig = { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false };
  const ignored: string[] = [];
  if (input === undefined || input === null) return { config, ignored };
  if (typeof input !== "object" || Array.isArray(input)) throw badRequest("config must be an object");
  for (const [key, value] of Object.entries(input)) {
    try {
      if (!readConfigKey(config, key, value) && !isEmpty(value)) ignored.push(key);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw badRequest(`invalid config "${key}": ${(err as Error).message}`);
    }
  }
  return { config, ignored: ignored.sort() };
}

/** Reads one documented key into `config`; false for a key kmipd does not use. */
function readConfigKey(config: MountConfig, key: string, value: unknown): boolean {
  if (key === "default_lease_ttl" || key === "max_lease_ttl") config[key] = parseDuration(value);
  else if (key === "force_no_cache") config.force_no_cache = parseBool(value ?? false);
  else if ((LIST_KEYS as readonly string[]).includes(key)) config[key] = parseList(value);
  else if (key === "listing_visibility") config[key] = listingVisibility(value ?? "");
  else return false;
  return true;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "" || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

function listingVisibility(value: unknown): string {
  if (value === "" || value === "unauth" || value === "hidden") return value;
  throw new Error('must be "unauth" or "hidden"');
}

/** Mount options are a map of strings (numbers and booleans are written as strings). */
export function mountOptions(input: unknown): Record<string, string> | null {
  if (input === undefined || input === null) return null;
  if (typeof input !== "object" || Array.isArray(input)) throw badRequest("options must be an object");
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === "string") out[key] = value;
    else if (typeof value === "number" || typeof value === "boolean") out[key] = String(value);
    else throw badRequest(`option "${key}" must be a string`);
  }
  return out;
}
