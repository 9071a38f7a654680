/**
 * `kmipd status`: the seal status (`GET sys/seal-status`) and HA status (`GET sys/leader`), as
 * Vault's "status" docs page shows them. The exit code is the seal status, as there: 0 unsealed,
 * 1 error, 2 sealed.
 *
 * The table (also printed by `operator unseal`): Seal Type, Initialized, Sealed, Total Shares,
 * Threshold, Unseal Progress and Unseal Nonce (only while sealed; an empty nonce reads `n/a`),
 * Version, Build Date, Storage Type, Cluster Name and Cluster ID (when both are set), HA Enabled,
 * and the HA rows when HA is on and the server unsealed. A server without `sys/leader` (or whose
 * `sys/leader` fails) is shown as `HA Enabled false`, where Vault would give up with exit 1.
 * JSON and YAML print the seal-status fields in the order of Vault's sys/seal-status docs, then
 * `ha_enabled` and the leader fields.
 */
import { FORMAT_FLAG, type Output, printData, table } from "./format.js";
import { isRecord, type VaultClient } from "./http-client.js";
import { type CliIo, checkArgCount, errorText, fail, HTTP_FLAGS, prepare, type Verb } from "./io.js";

type Json = Record<string, unknown>;

export const STATUS_FLAGS = [...HTTP_FLAGS, FORMAT_FLAG];

const STATUS_FIELDS = [
  "type",
  "initialized",
  "sealed",
  "t",
  "n",
  "progress",
  "nonce",
  "version",
  "build_date",
  "migration",
  "cluster_name",
  "cluster_id",
  "recovery_seal",
  "recovery_seal_type",
  "storage_type",
];
const LEADER_FIELDS = ["is_self", "active_time", "leader_address", "leader_cluster_address"];

async function leaderStatus(client: VaultClient): Promise<Json> {
  try {
    const leader = await client.json("GET", "sys/leader");
    return isRecord(leader) ? leader : {};
  } catch {
    return {};
  }
}

function statusJson(status: Json, leader: Json): Json {
  const o: Json = {};
  for (const k of STATUS_FIELDS) if (status[k] !== undefined) o[k] = status[k];
  o.ha_enabled = leader.ha_enabled === true;
  if (leader.ha_enabled === true)
    for (const k of LEADER_FIELDS) if (leader[k] !== undefined) o[k] = leader[k];
  return o;
}

const str = (v: unknown): string => (v === undefined || v === null ? "" : String(v));

function haRows(status: Json, leader: Json): string[][] {
  const rows = [["HA Enabled", String(leader.ha_enabled === true)]];
  if (leader.ha_enabled !== true || status.sealed === true) return rows;
  const active = leader.is_self === true;
  rows.push(["HA Cluster", str(leader.leader_cluster_address)], ["HA Mode", active ? "active" : "standby"]);
  if (active && leader.active_time) rows.push(["Active Since", str(leader.active_time)]);
  if (!active) rows.push(["Active Node Address", str(leader.leader_address) || "<none>"]);
  return rows;
}

/** The rows of Vault's seal status table, without the header. */
export function sealStatusRows(status: Json, leader: Json): string[][] {
  const recovery = status.recovery_seal === true ? "Recovery " : "";
  const rows = [[`${recovery}Seal Type`, str(status.type)]];
  if (recovery) rows.push(["Recovery Seal Type", str(status.recovery_seal_type)]);
  rows.push(["Initialized", String(status.initialized === true)], ["Sealed", String(status.sealed === true)]);
  rows.push([`Total ${recovery}Shares`, str(status.n ?? 0)], ["Threshold", str(status.t ?? 0)]);
  if (status.sealed === true) {
    rows.push(["Unseal Progress", `${str(status.progress ?? 0)}/${str(status.t ?? 0)}`]);
    rows.push(["Unseal Nonce", str(status.nonce)]);
  }
  if (status.migration === true) rows.push(["Seal Migration in Progress", "true"]);
  rows.push(["Version", str(status.version)], ["Build Date", str(status.build_date)]);
  rows.push(["Storage Type", str(status.storage_type)]);
  if (status.cluster_name && status.cluster_id) {
    rows.push(["Cluster Name", str(status.cluster_name)], ["Cluster ID", str(status.cluster_id)]);
  }
  return [...rows, ...haRows(status, leader)];
}

/** Vault's OutputSealStatus. */
export async function printSealStatus(out: Output, client: VaultClient, status: Json): Promise<number> {
  const leader = await leaderStatus(client);
  if (out.format !== "table") return printData(out, statusJson(status, leader));
  out.io.out(`${table([["Key", "Value"], ...sealStatusRows(status, leader)])}\n`);
  return 0;
}

/** `status`: exit 2 when sealed, 1 on any error (so 2 always means sealed). */
export async function runStatus(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd = await prepare(io, argv, STATUS_FLAGS);
  if (typeof cmd === "number") return 1;
  const bad = checkArgCount(io, cmd.args, 0, 0);
  if (bad !== null) return bad;
  let status: unknown;
  try {
    status = await cmd.client.json("GET", "sys/seal-status");
  } catch (err) {
    return fail(io, `Error checking seal status: ${errorText(err)}`, 1);
  }
  if (!isRecord(status)) return fail(io, "Error checking seal status: the response is empty", 1);
  const code = await printSealStatus(cmd.out, cmd.client, status);
  return status.sealed === true ? 2 : code;
}

export const STATUS: Verb = {
  usage: "[options]",
  summary: "Print seal and HA status",
  flags: STATUS_FLAGS,
  run: runStatus,
};
