/**
 * ACL policies in Vault's syntax, HCL or JSON (docs "Policies" > "Policy syntax"):
 *
 *   path "kmip/*" { capabilities = ["create", "read", "update", "delete", "list", "sudo"] }
 *
 * JSON is the same tree: {"path": {"kmip/*": {"capabilities": [...]}}}. A path may appear more
 * than once; its capabilities are then merged. The legacy `policy = "read"` form is read as Vault
 * defines it (deny; read = read+list; write = create+read+update+delete+list; sudo = write+sudo).
 *
 * Decisions where kmipd is stricter than Vault, so that an administrator is never led to believe
 * a restriction applies when it does not: parameter constraints (`allowed_parameters`,
 * `denied_parameters`, `required_parameters`), wrapping TTLs, control groups and MFA are refused
 * with a 400 instead of being stored and ignored; unknown capabilities and keys are refused; the
 * glob `*` is accepted only as the last character (Vault's docs: "only supported as the last
 * character of the path"); identity templates (`{{identity.entity.id}}`) are refused, as kmipd has
 * no identity store to fill them from.
 */
import { HclError, parseConfigText } from "../../config/hcl.js";
import { badRequest } from "../errors.js";

export const CAPABILITIES = [
  "create",
  "read",
  "update",
  "patch",
  "delete",
  "list",
  "sudo",
  "deny",
  "subscribe",
  "recover",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface PathRule {
  readonly pattern: string;
  readonly capabilities: ReadonlySet<Capability>;
}

export interface Policy {
  readonly name: string;
  /** The text as written, returned by sys/policies/acl/:name. */
  readonly raw: string;
  readonly rules: readonly PathRule[];
}

const LEGACY: Record<string, Capability[]> = {
  deny: ["deny"],
  read: ["read", "list"],
  write: ["create", "read", "update", "delete", "list"],
  sudo: ["create", "read", "update", "delete", "list", "sudo"],
};

const UNSUPPORTED = new Set([
  "allowed_parameters",
  "denied_parameters",
  "required_parameters",
  "min_wrapping_ttl",
  "max_wrapping_ttl",
  "control_group",
  "mfa_methods",
]);

export function parsePolicy(name: string, raw: string): Policy {
  let tree: Record<string, unknown>;
  try {
    tree = parseConfigText(raw) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof HclError) throw badRequest(`failed to parse policy: ${err.message}`);
    throw err;
  }
  for (const key of Object.keys(tree)) {
    if (key !== "path" && key !== "name") throw badRequest(`failed to parse policy: invalid key "${key}"`);
  }
  const paths = tree.path ?? {};
  if (!isObject(paths)) throw badRequest('failed to parse policy: "path" must be a block per path');
  const rules = Object.entries(paths).map(([pattern, body]) => parseRule(pattern, body));
  return { name, raw, rules };
}

function parseRule(pattern: string, body: unknown): PathRule {
  const where = `path "${pattern}"`;
  const p = pattern.startsWith("/") ? pattern.slice(1) : pattern;
  if (p.indexOf("*") !== -1 && p.indexOf("*") !== p.length - 1) {
    throw badRequest(`failed to parse policy: ${where}: the glob * is only allowed at the end of a path`);
  }
  if (p.includes("{{"))
    throw badRequest(`failed to parse policy: ${where}: templated paths are not supported`);
  const bodies = Array.isArray(body) ? body : [body];
  const capabilities = new Set<Capability>();
  for (const b of bodies) {
    if (!isObject(b)) throw badRequest(`failed to parse policy: ${where} must be a block`);
    for (const c of stanzaCapabilities(b, where)) capabilities.add(c);
  }
  return { pattern: p, capabilities };
}

function stanzaCapabilities(body: Record<string, unknown>, where: string): Capability[] {
  const out: Capability[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === "capabilities") out.push(...capabilityList(value, where));
    else if (key === "policy") out.push(...legacyPolicy(value, where));
    else if (UNSUPPORTED.has(key))
      throw badRequest(`failed to parse policy: ${where}: "${key}" is not supported`);
    else throw badRequest(`failed to parse policy: ${where}: invalid key "${key}"`);
  }
  return out;
}

function capabilityList(value: unknown, where: string): Capability[] {
  if (!Array.isArray(value))
    throw badRequest(`failed to parse policy: ${where}: capabilities must be a list`);
  return value.map((c) => {
    const name = typeof c === "string" ? c.trim().toLowerCase() : "";
    if (!(CAPABILITIES as readonly string[]).includes(name)) {
      throw badRequest(`failed to parse policy: ${where}: invalid capability ${JSON.stringify(c)}`);
    }
    return name as Capability;
  });
}

function legacyPolicy(value: unknown, where: string): Capability[] {
  const caps = typeof value === "string" ? LEGACY[value.trim().toLowerCase()] : undefined;
  if (!caps) throw badRequest(`failed to parse policy: ${where}: invalid policy ${JSON.stringify(value)}`);
  return caps;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
