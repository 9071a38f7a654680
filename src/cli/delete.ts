/**
 * `kmipd delete [-format] [-field] PATH [K=V...]` (Vault's "delete" docs page): `DELETE /v1/PATH`,
 * the data arguments as query parameters (`kmipd delete kmip/scope/finance force=true`). An empty
 * response prints "Success! Data deleted (if it existed) at: PATH" in table format.
 */
import { FIELD_FLAG, FORMAT_FLAG, printSecret } from "./format.js";
import type { Secret } from "./http-client.js";
import { type CliIo, errorText, fail, HTTP_FLAGS, preparePathQuery, say, type Verb } from "./io.js";
import type { FlagSpec } from "./kv-args.js";

export const DELETE_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, FORMAT_FLAG, FIELD_FLAG];

export async function runDelete(argv: readonly string[], io: CliIo): Promise<number> {
  const prepared = await preparePathQuery(io, argv, DELETE_FLAGS);
  if (typeof prepared === "number") return prepared;
  const { cmd, path, query } = prepared;
  let secret: Secret | null;
  try {
    secret = await cmd.client.delete(path, query);
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
