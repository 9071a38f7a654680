/**
 * `kmipd policy write|read|list|delete` (Vault's "policy write", "policy read", "policy list" and
 * "policy delete" docs pages; API: `sys/policies/acl/NAME`). Policy names are trimmed and
 * lowercased, as Vault does.
 *
 * - `write NAME FILE|-`: reads the HCL or JSON policy from FILE or standard input and sends it
 *   unparsed as `PUT sys/policies/acl/NAME {"policy": TEXT}` → "Success! Uploaded policy: NAME".
 * - `read NAME`: prints the policy text (table format) or `{"policy": TEXT}`; a missing policy is
 *   "No policy named: NAME" (exit 2).
 * - `list`: `LIST sys/policies/acl` → the names, one per line (no table), or a JSON list.
 * - `delete NAME`: `DELETE sys/policies/acl/NAME` → "Success! Deleted policy: NAME".
 */
import { readFile } from "node:fs/promises";
import { FORMAT_FLAG, printData } from "./format.js";
import { type CliIo, checkArgCount, errorText, fail, HTTP_FLAGS, prepare, say, type Verb } from "./io.js";
import type { FlagSpec } from "./kv-args.js";

export const POLICY_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, FORMAT_FLAG];

const policyName = (name: string | undefined) => (name ?? "").trim().toLowerCase();

export async function runPolicyWrite(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, HTTP_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 2, 2);
  if (bad !== null) return bad;
  const name = policyName(cmd.args[0]);
  const source = cmd.args[1] ?? "-";
  let rules: string;
  try {
    rules = source === "-" ? await io.readStdin() : await readFile(source, "utf8");
  } catch (err) {
    return fail(io, `Error opening policy file: ${errorText(err)}`, 1);
  }
  try {
    await cmd.client.request("PUT", `sys/policies/acl/${name}`, { body: { policy: rules } });
  } catch (err) {
    return fail(io, `Error uploading policy: ${errorText(err)}`, 2);
  }
  say(io, `Success! Uploaded policy: ${name}`);
  return 0;
}

export async function runPolicyRead(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, POLICY_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 1, 1);
  if (bad !== null) return bad;
  const name = policyName(cmd.args[0]);
  let rules = "";
  try {
    const secret = await cmd.client.read(`sys/policies/acl/${name}`);
    const policy = secret?.data?.policy;
    rules = typeof policy === "string" ? policy : "";
  } catch (err) {
    return fail(io, `Error reading policy named ${name}: ${errorText(err)}`, 2);
  }
  if (rules === "") return fail(io, `No policy named: ${name}`, 2);
  if (cmd.out.format !== "table") return printData(cmd.out, { policy: rules });
  say(io, rules.trim());
  return 0;
}

export async function runPolicyList(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, POLICY_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 0, 0);
  if (bad !== null) return bad;
  let names: string[];
  try {
    const keys = (await cmd.client.list("sys/policies/acl/"))?.data?.keys;
    names = Array.isArray(keys) ? keys.map(String) : [];
  } catch (err) {
    return fail(io, `Error listing policies: ${errorText(err)}`, 2);
  }
  if (cmd.out.format !== "table") return printData(cmd.out, names);
  for (const name of names) say(io, name);
  return 0;
}

export async function runPolicyDelete(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, HTTP_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 1, 1);
  if (bad !== null) return bad;
  const name = policyName(cmd.args[0]);
  try {
    await cmd.client.request("DELETE", `sys/policies/acl/${name}`);
  } catch (err) {
    return fail(io, `Error deleting ${name}: ${errorText(err)}`, 2);
  }
  say(io, `Success! Deleted policy: ${name}`);
  return 0;
}

export const POLICY: Record<string, Verb> = {
  write: {
    usage: "[options] NAME PATH",
    summary: "Uploads a named policy from a file",
    flags: HTTP_FLAGS,
    run: runPolicyWrite,
  },
  read: {
    usage: "[options] NAME",
    summary: "Prints the contents of a policy",
    flags: POLICY_FLAGS,
    run: runPolicyRead,
  },
  list: {
    usage: "[options]",
    summary: "Lists the installed policies",
    flags: POLICY_FLAGS,
    run: runPolicyList,
  },
  delete: {
    usage: "[options] NAME",
    summary: "Deletes a policy by name",
    flags: HTTP_FLAGS,
    run: runPolicyDelete,
  },
};
