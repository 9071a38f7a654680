/**
 * `kmipd operator init|unseal|seal` (Vault's "operator init", "operator unseal" and "operator
 * seal" docs pages; API: `sys/init`, `sys/unseal`, `sys/seal`).
 *
 * - `init [-key-shares=5] [-key-threshold=3] [-status] [-format]`: `PUT sys/init` with
 *   `secret_shares` and `secret_threshold`; prints `Unseal Key N: <base64>` lines and
 *   `Initial Root Token: <token>`, then advice. `-format=json` prints Vault's machine form
 *   (`unseal_keys_b64`, `unseal_keys_hex`, `unseal_shares`, `unseal_threshold`,
 *   `recovery_keys_*`, `root_token`). `-status` exits 0 when initialized, 2 when not.
 * - `unseal [KEY]` (prompted for, unechoed, when absent) and `unseal -reset`: `PUT sys/unseal`,
 *   then the seal status table of `status`.
 * - `seal`: `PUT sys/seal`.
 *
 * Wording: lines that scripts parse keep Vault's exact words (`Unseal Key 1:`, `Initial Root
 * Token:`, `Success! Vault is sealed.`, the status table); the advice after `init`, which no
 * script parses and which names commands, says kmipd.
 */
import { FORMAT_FLAG, printData, wrapAtLength } from "./format.js";
import { isRecord } from "./http-client.js";
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
import type { FlagSpec } from "./kv-args.js";
import { printSealStatus } from "./status.js";

export const INIT_FLAGS: readonly FlagSpec[] = [
  ...HTTP_FLAGS,
  FORMAT_FLAG,
  { name: "key-shares", kind: "int", help: "Number of key shares to split the root key into (default 5)." },
  { name: "key-threshold", kind: "int", help: "Number of key shares needed to unseal (default 3)." },
  { name: "status", kind: "bool", help: "Print the initialization status: exit 0 if initialized, 2 if not." },
];
export const UNSEAL_FLAGS: readonly FlagSpec[] = [
  ...HTTP_FLAGS,
  FORMAT_FLAG,
  { name: "reset", kind: "bool", help: "Discard the unseal keys given so far." },
];
export const SEAL_FLAGS: readonly FlagSpec[] = HTTP_FLAGS;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function initAdvice(shares: number, threshold: number): string[] {
  return [
    `kmipd initialized with ${shares} key shares and a key threshold of ${threshold}. Please ` +
      "securely distribute the key shares printed above. When kmipd is re-sealed, restarted, " +
      `or stopped, you must supply at least ${threshold} of these keys to unseal it before it ` +
      "can start servicing requests.",
    `kmipd does not store the generated root key. Without at least ${threshold} keys to ` +
      "reconstruct the root key, kmipd will remain permanently sealed!",
  ];
}

async function initStatus(io: CliIo, cmd: Prepared): Promise<number> {
  let res: unknown;
  try {
    res = await cmd.client.json("GET", "sys/init");
  } catch (err) {
    return fail(io, `Error checking init status: ${errorText(err)}`, 1);
  }
  const initialized = isRecord(res) && res.initialized === true;
  say(io, initialized ? "Vault is initialized" : "Vault is not initialized");
  return initialized ? 0 : 2;
}

export async function runOperatorInit(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, INIT_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 0, 0);
  if (bad !== null) return bad;
  if (cmd.flags.bool("status")) return initStatus(io, cmd);
  const shares = cmd.flags.number("key-shares", 5);
  const threshold = cmd.flags.number("key-threshold", 3);
  let res: unknown;
  try {
    res = await cmd.client.json("PUT", "sys/init", { secret_shares: shares, secret_threshold: threshold });
  } catch (err) {
    return fail(io, `Error initializing: ${errorText(err)}`, 2);
  }
  const r = isRecord(res) ? res : {};
  const hex = strings(r.keys);
  const b64 = strings(r.keys_base64);
  const rootToken = typeof r.root_token === "string" ? r.root_token : "";
  if (cmd.out.format !== "table") {
    return printData(cmd.out, {
      unseal_keys_b64: b64,
      unseal_keys_hex: hex,
      unseal_shares: hex.length === 0 ? 1 : shares,
      unseal_threshold: hex.length === 0 ? 1 : threshold,
      recovery_keys_b64: strings(r.recovery_keys_base64),
      recovery_keys_hex: strings(r.recovery_keys),
      recovery_keys_shares: 0,
      recovery_keys_threshold: 0,
      root_token: rootToken,
    });
  }
  hex.forEach((key, i) => {
    say(io, `Unseal Key ${i + 1}: ${b64.length === hex.length ? b64[i] : key}`);
  });
  say(io, "");
  say(io, `Initial Root Token: ${rootToken}`);
  if (hex.length > 0) for (const text of initAdvice(shares, threshold)) say(io, `\n${wrapAtLength(text)}`);
  return 0;
}

export async function runOperatorUnseal(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, UNSEAL_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 0, cmd.flags.bool("reset") ? 0 : 1);
  if (bad !== null) return bad;
  let body: Record<string, unknown> = { reset: true };
  if (!cmd.flags.bool("reset")) {
    let key = cmd.args[0];
    try {
      key ??= await io.readSecret("Unseal Key (will be hidden): ");
    } catch (err) {
      return fail(io, `An error occurred attempting to ask for an unseal key: ${errorText(err)}`, 1);
    }
    body = { key: key.trim() };
  }
  let status: unknown;
  try {
    status = await cmd.client.json("PUT", "sys/unseal", body);
  } catch (err) {
    const doing = body.reset ? "resetting unseal process" : "unsealing";
    return fail(io, `Error ${doing}: ${errorText(err)}`, 2);
  }
  return printSealStatus(cmd.out, cmd.client, isRecord(status) ? status : {});
}

export async function runOperatorSeal(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, SEAL_FLAGS);
  if (typeof cmd === "number") return cmd;
  const bad = checkArgCount(io, cmd.args, 0, 0);
  if (bad !== null) return bad;
  try {
    await cmd.client.request("PUT", "sys/seal");
  } catch (err) {
    return fail(io, `Error sealing: ${errorText(err)}`, 2);
  }
  say(io, "Success! Vault is sealed.");
  return 0;
}

export const OPERATOR: Record<string, Verb> = {
  init: { usage: "[options]", summary: "Initializes a server", flags: INIT_FLAGS, run: runOperatorInit },
  unseal: {
    usage: "[options] [KEY]",
    summary: "Unseals the server",
    flags: UNSEAL_FLAGS,
    run: runOperatorUnseal,
  },
  seal: { usage: "[options]", summary: "Seals the server", flags: SEAL_FLAGS, run: runOperatorSeal },
};
