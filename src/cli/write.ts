/**
 * `kmipd write [-f|-force] [-format] [-field] PATH [K=V...]` (Vault's "write" docs page):
 * `PUT /v1/PATH` with the data as a JSON object. Values from `key=value` are strings; values
 * read as JSON (`-` or `@file.json` alone) keep their types. No data needs `-force` ("Must supply
 * data or use -force", exit 1), which sends `{}`. An empty (204) response prints
 * "Success! Data written to: PATH" in table format and nothing otherwise.
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
import { type FlagSpec, parseKvData } from "./kv-args.js";

export const WRITE_FLAGS: readonly FlagSpec[] = [
  ...HTTP_FLAGS,
  FORMAT_FLAG,
  FIELD_FLAG,
  { name: "force", alias: "f", kind: "bool", help: "Allow the write with no data." },
];

export async function runWrite(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, WRITE_FLAGS);
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
  if (Object.keys(data).length === 0 && !cmd.flags.bool("force")) {
    return fail(io, "Must supply data or use -force", 1);
  }
  let secret: Secret | null;
  try {
    secret = await cmd.client.write(path, data);
  } catch (err) {
    return fail(io, `Error writing data to ${path}: ${errorText(err)}`, 2);
  }
  if (secret === null) {
    if (cmd.out.format === "table") say(io, `Success! Data written to: ${path}`);
    return 0;
  }
  return printSecret(cmd.out, secret);
}

export const WRITE: Verb = {
  usage: "[options] PATH [K=V...]",
  summary: "Write data, configuration, and secrets",
  flags: WRITE_FLAGS,
  run: runWrite,
};
