/**
 * `kmipd secrets enable|list|disable` (Vault's "secrets enable", "secrets list" and "secrets
 * disable" docs pages; API: `sys/mounts`).
 *
 * - `enable [-path=P] [-description=D] [-default-lease-ttl] [-max-lease-ttl] [-local]
 *   [-seal-wrap] [-options=k=v] [-version=N] TYPE`: `POST sys/mounts/P/` (P defaults to TYPE) →
 *   "Success! Enabled the TYPE secrets engine at: P/".
 * - `list [-format]`: `GET sys/mounts` → a Path/Type/Accessor/Description table sorted by path
 *   (an empty description reads `n/a`), or the mounts as JSON.
 * - `disable PATH`: `DELETE sys/mounts/PATH/` → "Success! Disabled the secrets engine (if it
 *   existed) at: PATH/".
 */
import { goDurationString } from "../config/duration.js";
import { FORMAT_FLAG, goValue, printData, sortDeep, table } from "./format.js";
import { isRecord } from "./http-client.js";
import {
  type CliIo,
  checkArgCount,
  ensureTrailingSlash,
  errorText,
  fail,
  HTTP_FLAGS,
  prepare,
  sanitizePath,
  say,
  type Verb,
} from "./io.js";
import type { FlagSpec, ParsedArgs } from "./kv-args.js";

export const ENABLE_FLAGS: readonly FlagSpec[] = [
  ...HTTP_FLAGS,
  { name: "path", kind: "string", help: "Where to mount the engine (default: its type)." },
  { name: "description", kind: "string", help: "A human-friendly description of the mount." },
  { name: "default-lease-ttl", kind: "duration", help: "The default lease TTL for the mount." },
  { name: "max-lease-ttl", kind: "duration", help: "The maximum lease TTL for the mount." },
  { name: "local", kind: "bool", help: "Mark the mount local-only (not replicated)." },
  { name: "seal-wrap", kind: "bool", help: "Enable seal wrapping for the mount." },
  { name: "options", kind: "map", help: "An engine option as key=value; repeatable." },
  { name: "version", kind: "int", help: "Shorthand for -options=version=N." },
];
export const LIST_MOUNTS_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, FORMAT_FLAG];
export const DISABLE_FLAGS: readonly FlagSpec[] = HTTP_FLAGS;

function mountBody(type: string, f: ParsedArgs): Record<string, unknown> {
  const config: Record<string, string> = {};
  if (f.has("default-lease-ttl"))
    config.default_lease_ttl = goDurationString(f.number("default-lease-ttl", 0));
  if (f.has("max-lease-ttl")) config.max_lease_ttl = goDurationString(f.number("max-lease-ttl", 0));
  const options = f.map("options");
  if (f.has("version")) options.version = String(f.number("version", 0));
  return {
    type,
    description: f.string("description") ?? "",
    config,
    local: f.bool("local"),
    seal_wrap: f.bool("seal-wrap"),
    options: Object.keys(options).length > 0 ? options : null,
  };
}

export async function runSecretsEnable(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, ENABLE_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 1, 1);
  if (bad !== null) return bad;
  const type = (cmd.args[0] ?? "").trim();
  const mountPath = ensureTrailingSlash(sanitizePath(cmd.flags.string("path") ?? type));
  try {
    await cmd.client.request("POST", `sys/mounts/${mountPath}`, { body: mountBody(type, cmd.flags) });
  } catch (err) {
    return fail(io, `Error enabling: ${errorText(err)}`, 2);
  }
  say(io, `Success! Enabled the ${type} secrets engine at: ${mountPath}`);
  return 0;
}

export async function runSecretsDisable(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, DISABLE_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 1, 1);
  if (bad !== null) return bad;
  const mountPath = ensureTrailingSlash(sanitizePath(cmd.args[0] ?? ""));
  try {
    await cmd.client.request("DELETE", `sys/mounts/${mountPath}`);
  } catch (err) {
    return fail(io, `Error disabling secrets engine at ${mountPath}: ${errorText(err)}`, 2);
  }
  say(io, `Success! Disabled the secrets engine (if it existed) at: ${mountPath}`);
  return 0;
}

/** The mounts of a `sys/mounts` response: its `data`, else the top-level `path/` keys. */
function mountsOf(body: unknown): Record<string, Record<string, unknown>> {
  const source = isRecord(body) && isRecord(body.data) ? body.data : isRecord(body) ? body : {};
  const mounts: Record<string, Record<string, unknown>> = {};
  for (const [path, mount] of Object.entries(source))
    if (isRecord(mount) && path.endsWith("/")) mounts[path] = mount;
  return mounts;
}

export async function runSecretsList(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, LIST_MOUNTS_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 0, 0);
  if (bad !== null) return bad;
  let mounts: Record<string, Record<string, unknown>>;
  try {
    mounts = mountsOf(await cmd.client.json("GET", "sys/mounts"));
  } catch (err) {
    return fail(io, `Error listing secrets engines: ${errorText(err)}`, 2);
  }
  if (cmd.out.format !== "table") return printData(cmd.out, sortDeep(mounts));
  const text = (v: unknown) => (v === undefined || v === null ? "" : goValue(v));
  const rows = Object.keys(mounts)
    .sort()
    .map((p) => [p, text(mounts[p]?.type), text(mounts[p]?.accessor), text(mounts[p]?.description)]);
  say(io, table([["Path", "Type", "Accessor", "Description"], ...rows]));
  return 0;
}

export const SECRETS: Record<string, Verb> = {
  enable: {
    usage: "[options] TYPE",
    summary: "Enable a secrets engine",
    flags: ENABLE_FLAGS,
    run: runSecretsEnable,
  },
  list: {
    usage: "[options]",
    summary: "List enabled secrets engines",
    flags: LIST_MOUNTS_FLAGS,
    run: runSecretsList,
  },
  disable: {
    usage: "[options] PATH",
    summary: "Disable a secrets engine",
    flags: DISABLE_FLAGS,
    run: runSecretsDisable,
  },
};
