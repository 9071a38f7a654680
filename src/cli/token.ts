/**
 * `kmipd token create|lookup|revoke|renew` (Vault's "token create", "token lookup", "token revoke"
 * and "token renew" docs pages; API: the token auth method's `auth/token/*` endpoints).
 *
 * - `create [-policy=P...] [-ttl] [-explicit-max-ttl] [-period] [-renewable=true] [-orphan]
 *   [-no-default-policy] [-display-name] [-use-limit] [-metadata=k=v...] [-id] [-role] [-type]`:
 *   `POST auth/token/create` (or `create/ROLE`); prints the token table (`token`,
 *   `token_accessor`, `token_duration`, `token_renewable`, `token_policies`,
 *   `identity_policies`, `policies`). `-policy` may repeat or hold a comma list.
 * - `lookup [TOKEN] [-accessor]`: `GET auth/token/lookup-self`, `POST auth/token/lookup` or
 *   `POST auth/token/lookup-accessor`.
 * - `revoke [TOKEN] [-self] [-accessor] [-mode=orphan|path]`: `PUT auth/token/revoke`,
 *   `revoke-self`, `revoke-accessor`, `revoke-orphan` or `sys/leases/revoke-prefix/TOKEN` →
 *   "Success! Revoked token (if it existed)".
 * - `renew [TOKEN] [-increment] [-accessor]`: `PUT auth/token/renew-self`, `renew` or
 *   `renew-accessor`; prints the token table.
 */
import { goDurationString } from "../config/duration.js";
import { FIELD_FLAG, FORMAT_FLAG, printSecret } from "./format.js";
import { parseSecret, type Secret } from "./http-client.js";
import {
  type CliIo,
  checkArgCount,
  errorText,
  fail,
  HTTP_FLAGS,
  type Prepared,
  prepare,
  say,
  type Verb,
} from "./io.js";
import type { FlagSpec, ParsedArgs } from "./kv-args.js";

const OUTPUT = [...HTTP_FLAGS, FORMAT_FLAG, FIELD_FLAG];

export const TOKEN_CREATE_FLAGS: readonly FlagSpec[] = [
  ...OUTPUT,
  { name: "policy", kind: "list", commas: true, help: "A policy to attach; repeatable." },
  { name: "ttl", kind: "duration", help: "Initial TTL of the token." },
  { name: "explicit-max-ttl", kind: "duration", help: "Hard upper bound of the token's lifetime." },
  { name: "period", kind: "duration", help: "Make a periodic token renewed for this long." },
  { name: "renewable", kind: "bool", help: "Allow renewing the token (default true)." },
  { name: "orphan", kind: "bool", help: "Create the token without a parent." },
  { name: "no-default-policy", kind: "bool", help: "Do not attach the default policy." },
  { name: "display-name", kind: "string", help: "Name shown for the token." },
  { name: "use-limit", kind: "int", help: "Number of uses before the token expires (0: unlimited)." },
  { name: "metadata", kind: "map", help: "Metadata as key=value; repeatable." },
  { name: "id", kind: "string", help: "The token's value (root only)." },
  { name: "role", kind: "string", help: "Create the token against this token role." },
  { name: "type", kind: "string", help: 'Token type: "service" (default) or "batch".' },
];
const ACCESSOR: FlagSpec = { name: "accessor", kind: "bool", help: "Treat the argument as an accessor." };
export const TOKEN_LOOKUP_FLAGS: readonly FlagSpec[] = [...OUTPUT, ACCESSOR];
export const TOKEN_REVOKE_FLAGS: readonly FlagSpec[] = [
  ...HTTP_FLAGS,
  ACCESSOR,
  { name: "self", kind: "bool", help: "Revoke the token in use." },
  { name: "mode", kind: "string", help: '"orphan" (keep children) or "path" (all tokens under a path).' },
];
export const TOKEN_RENEW_FLAGS: readonly FlagSpec[] = [
  ...OUTPUT,
  ACCESSOR,
  { name: "increment", kind: "duration", help: "Requested extension of the TTL." },
];

function createBody(f: ParsedArgs): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (f.string("id")) body.id = f.string("id");
  if (f.list("policy").length > 0) body.policies = f.list("policy");
  if (Object.keys(f.map("metadata")).length > 0) body.meta = f.map("metadata");
  for (const [flag, field] of [
    ["ttl", "ttl"],
    ["explicit-max-ttl", "explicit_max_ttl"],
    ["period", "period"],
  ] as const) {
    if (f.number(flag, 0) > 0) body[field] = goDurationString(f.number(flag, 0));
  }
  if (f.bool("orphan")) body.no_parent = true;
  if (f.bool("no-default-policy")) body.no_default_policy = true;
  body.display_name = f.string("display-name") ?? "";
  body.num_uses = f.number("use-limit", 0);
  body.renewable = f.bool("renewable", true);
  body.type = f.string("type") ?? "service";
  body.entity_alias = "";
  return body;
}

/** Sends a token request and prints the response envelope. */
async function tokenCall(
  cmd: Prepared,
  io: CliIo,
  doing: string,
  method: string,
  path: string,
  body?: unknown,
) {
  let secret: Secret | null;
  try {
    secret = parseSecret((await cmd.client.request(method, path, { body })).text);
  } catch (err) {
    return fail(io, `Error ${doing} token: ${errorText(err)}`, 2);
  }
  return secret === null ? 0 : printSecret(cmd.out, secret);
}

export async function runTokenCreate(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, TOKEN_CREATE_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 0, 0);
  if (bad !== null) return bad;
  const role = cmd.flags.string("role");
  const path = role ? `auth/token/create/${role}` : "auth/token/create";
  return tokenCall(cmd, io, "creating", "POST", path, createBody(cmd.flags));
}

export async function runTokenLookup(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, TOKEN_LOOKUP_FLAGS);
  if (typeof cmd === "number") return cmd;
  const accessor = cmd.flags.bool("accessor");
  const bad = checkArgCount(io, cmd.args, accessor ? 1 : 0, 1);
  if (bad !== null) return bad;
  const token = cmd.args[0]?.trim();
  if (token === undefined) return tokenCall(cmd, io, "looking up", "GET", "auth/token/lookup-self");
  if (accessor)
    return tokenCall(cmd, io, "looking up", "POST", "auth/token/lookup-accessor", { accessor: token });
  return tokenCall(cmd, io, "looking up", "POST", "auth/token/lookup", { token });
}

/** Vault's revoke checks, in its order; null when the flags and arguments agree. */
function revokeUsage(f: ParsedArgs, args: readonly string[]): string | null {
  const [self, accessor, mode] = [f.bool("self"), f.bool("accessor"), f.string("mode") ?? ""];
  if (!["", "orphan", "path"].includes(mode)) return `Invalid mode: ${mode}`;
  if (self && args.length > 0) return `Too many arguments with -self (expected 0, got ${args.length})`;
  if (!self && args.length > 1) return `Too many arguments (expected 1 or -self, got ${args.length})`;
  if (!self && args.length < 1) return `Not enough arguments (expected 1 or -self, got ${args.length})`;
  if (self && accessor) return "Cannot use -self with -accessor!";
  if (self && mode !== "") return "Cannot use -self with -mode!";
  if (accessor && mode !== "") return `Cannot use -accessor with -mode=${mode}!`;
  return null;
}

export async function runTokenRevoke(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, TOKEN_REVOKE_FLAGS);
  if (typeof cmd === "number") return cmd;
  const usage = revokeUsage(cmd.flags, cmd.args);
  if (usage !== null) return fail(io, usage, 1);
  const token = cmd.args[0]?.trim() ?? "";
  const mode = cmd.flags.string("mode");
  const [path, body] = cmd.flags.bool("self")
    ? ["auth/token/revoke-self", undefined]
    : cmd.flags.bool("accessor")
      ? ["auth/token/revoke-accessor", { accessor: token }]
      : mode === "orphan"
        ? ["auth/token/revoke-orphan", { token }]
        : mode === "path"
          ? [`sys/leases/revoke-prefix/${token}`, undefined]
          : ["auth/token/revoke", { token }];
  try {
    await cmd.client.request("PUT", path, { body });
  } catch (err) {
    return fail(io, `Error revoking token: ${errorText(err)}`, 2);
  }
  say(io, "Success! Revoked token (if it existed)");
  return 0;
}

export async function runTokenRenew(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, TOKEN_RENEW_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 0, 1);
  if (bad !== null) return bad;
  const increment = cmd.flags.number("increment", 0);
  const token = cmd.args[0]?.trim();
  if (token === undefined)
    return tokenCall(cmd, io, "renewing", "PUT", "auth/token/renew-self", { increment });
  if (cmd.flags.bool("accessor")) {
    return tokenCall(cmd, io, "renewing", "PUT", "auth/token/renew-accessor", { accessor: token, increment });
  }
  return tokenCall(cmd, io, "renewing", "PUT", "auth/token/renew", { token, increment });
}

export const TOKEN: Record<string, Verb> = {
  create: {
    usage: "[options]",
    summary: "Create a new token",
    flags: TOKEN_CREATE_FLAGS,
    run: runTokenCreate,
  },
  lookup: {
    usage: "[options] [TOKEN]",
    summary: "Display information about a token",
    flags: TOKEN_LOOKUP_FLAGS,
    run: runTokenLookup,
  },
  revoke: {
    usage: "[options] [TOKEN]",
    summary: "Revoke a token and its children",
    flags: TOKEN_REVOKE_FLAGS,
    run: runTokenRevoke,
  },
  renew: {
    usage: "[options] [TOKEN]",
    summary: "Renew a token lease",
    flags: TOKEN_RENEW_FLAGS,
    run: runTokenRenew,
  },
};
