/**
 * `kmipd read [-format] [-field] PATH [K=V...]` (Vault's "read" docs page): `GET /v1/PATH`, the
 * data arguments as query parameters. A 404 without data or warnings prints "No value found at
 * PATH" (exit 2), as Vault's client reads a 404 as "nothing there".
 */
import { FIELD_FLAG, FORMAT_FLAG, printSecret } from "./format.js";
import type { Secret } from "./http-client.js";
import { type CliIo, errorText, fail, HTTP_FLAGS, preparePathQuery, type Verb } from "./io.js";
import type { FlagSpec } from "./kv-args.js";

export const READ_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, FORMAT_FLAG, FIELD_FLAG];

export async function runRead(argv: readonly string[], io: CliIo): Promise<number> {
  const prepared = await preparePathQuery(io, argv, READ_FLAGS);
  if (typeof prepared === "number") return prepared;
  const { cmd, path, query } = prepared;
  let secret: Secret | null;
  try {
    secret = await cmd.client.read(path, query);
  } catch (err) {
    return fail(io, `Error reading ${path}: ${errorText(err)}`, 2);
  }
  if (secret === null) return fail(io, `No value found at ${path}`, 2);
  return printSecret(cmd.out, secret);
}

export const READ: Verb = {
  usage: "[options] PATH [K=V...]",
  summary: "Read data and retrieve secrets",
  flags: READ_FLAGS,
  run: runRead,
};
