/**
 * `kmipd list [-format] PATH` (Vault's "list" docs page, "wrapper command for HTTP LIST"): a
 * `LIST /v1/PATH/` request; prints `Keys`, `----` and the keys sorted, one per line, or the key
 * list as JSON. Nothing there: "No value found at PATH/" (exit 2); a response without a key list:
 * "No entries found at PATH/" (exit 2); in JSON, `{}` and exit 2 for both, as Vault does.
 */
import { FORMAT_FLAG, printData, printList } from "./format.js";
import type { Secret } from "./http-client.js";
import {
  type CliIo,
  checkArgCount,
  ensureTrailingSlash,
  errorText,
  fail,
  HTTP_FLAGS,
  prepare,
  sanitizePath,
  type Verb,
} from "./io.js";
import type { FlagSpec } from "./kv-args.js";

export const LIST_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, FORMAT_FLAG];

export async function runList(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, LIST_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 1, 1);
  if (bad !== null) return bad;
  const path = ensureTrailingSlash(sanitizePath(cmd.args[0] ?? ""));
  let secret: Secret | null;
  try {
    secret = await cmd.client.list(path);
  } catch (err) {
    return fail(io, `Error listing ${path}: ${errorText(err)}`, 2);
  }
  const keys = secret?.data?.keys;
  if (cmd.out.format !== "table" && (secret === null || !Array.isArray(keys))) {
    printData(cmd.out, {});
    return 2;
  }
  if (secret === null || secret.data === null) return fail(io, `No value found at ${path}`, 2);
  if (!Array.isArray(keys)) return fail(io, `No entries found at ${path}`, 2);
  return printList(cmd.out, secret, keys);
}

export const LIST: Verb = {
  usage: "[options] PATH",
  summary: "List data or secrets",
  flags: LIST_FLAGS,
  run: runList,
};
