/**
 * `kmipd delete [-format] [-field] PATH [K=V...]` (Vault's "delete" docs page): `DELETE /v1/PATH`,
 * the data arguments as query parameters (`kmipd delete kmip/scope/finance force=true`). An empty
 * response prints "Success! Data deleted (if it existed) at: PATH" in table format.
 */
import { FIELD_FLAG, FORMAT_FLAG, printSecret } from "./format.js";
import type { Secret } from "./http-client.js";
import {
  type CliIo,
  checkArgCount,
  errorText,
  fail,
  HTTP_FLAGS,
  prepare,
  sanitizePath,
  say,
  type Verb,
} from "./io.js";
import { type FlagSpec, parseKvData, toQuery } from "./kv-args.js";

export const DELETE_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, FORMAT_FLAG, FIELD_FLAG];

export async function runDelete(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, DELETE_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 1, Number.POSITIVE_INFINITY);
  if (bad !== null) return bad;
  const [rawPath = "", ...rest] = cmd.args;
  const path = sanitizePath(rawPath);
  let data: Record<string, unknown>;
  try {
    data = await parseKvData(rest, io);
  } catch (err) {
    return fail(io, `Failed to parse K=V data: ${errorText(err)}`, 1);
  }
  let secret: Secret | null;
  try {
    secret = await cmd.client.delete(path, toQuery(data));
  } catch (err) {
    return fail(io, `Error deleting ${path}: ${errorText(err)}`, 2);
  }
  if (secret === null) {
    if (cmd.out.format === "table") say(io, `Success! Data deleted (if it existed) at: ${path}`);
    return 0;
  }
  return printSecret(cmd.out, secret);
}

export const DELETE: Verb = {
  usage: "[options] PATH [K=V...]",
  summary: "Delete secrets and configuration",
  flags: DELETE_FLAGS,
  run: runDelete,
};
