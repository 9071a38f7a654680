/**
 * Role operation flags (contract §2.7): the 26 operations and the pseudo-operations
 * `operation_all` / `operation_none`, plus flags for the operations kmipd serves beyond Vault's
 * (check, archive, recover, obtain_lease, get_usage_allocation, set/adjust_attribute, hash,
 * derive_key).
 *
 * Semantics chosen where the contract leaves a choice (its recommendation, strict mode):
 * - `operation_all` and `operation_none` both true → 400; either of them true together with a
 *   specific flag set to true in the same request → 400 ("May not be specified with any other
 *   `operation_` params"). Specific flags sent as false next to a pseudo-op are accepted and
 *   change nothing beyond what the pseudo-op does.
 * - A pseudo-op set to true replaces every stored flag ("all" or "none" stands alone).
 * - A specific flag set to true on a role holding a pseudo-op replaces the pseudo-op ("it will be
 *   overwritten with the newly set of provided operations", DOC-1x/2x).
 * - Writes merge: flags not sent keep their value; a flag sent as false clears only that flag (on
 *   a role holding `operation_all` it changes nothing: all stays all).
 * - Both spellings of the key-pair flags are accepted (`operation_create_keypair` and
 *   `operation_create_key_pair`, same for rekey); reads emit `_key_pair`.
 */
import type { FieldDef, LogicalRequest } from "../../api/framework/types.js";
import { type Operation, Operation as OperationEnum } from "../../kmip/generated/enums.js";
import { badRequest } from "./errors.js";
import { sent } from "./fields.js";

export type OperationName = keyof typeof Operation;

/** Canonical flag (field name without `operation_`) → KMIP operation (contract §2.7 table). */
export const operationFlags: Readonly<Record<string, OperationName>> = {
  activate: "Activate",
  add_attribute: "AddAttribute",
  create: "Create",
  create_key_pair: "CreateKeyPair",
  decrypt: "Decrypt",
  delete_attribute: "DeleteAttribute",
  destroy: "Destroy",
  discover_versions: "DiscoverVersions",
  encrypt: "Encrypt",
  get: "Get",
  get_attribute_list: "GetAttributeList",
  get_attributes: "GetAttributes",
  import: "Import",
  locate: "Locate",
  mac: "MAC",
  mac_verify: "MACVerify",
  modify_attribute: "ModifyAttribute",
  query: "Query",
  register: "Register",
  rekey: "ReKey",
  rekey_key_pair: "ReKeyKeyPair",
  revoke: "Revoke",
  rng_retrieve: "RNGRetrieve",
  rng_seed: "RNGSeed",
  sign: "Sign",
  signature_verify: "SignatureVerify",
  // Beyond Vault's 26 (kmipd serves these operations too; Vault has no flag for them).
  adjust_attribute: "AdjustAttribute",
  archive: "Archive",
  check: "Check",
  derive_key: "DeriveKey",
  get_usage_allocation: "GetUsageAllocation",
  hash: "Hash",
  obtain_lease: "ObtainLease",
  recover: "Recover",
  set_attribute: "SetAttribute",
};

/** The docs' spelling (DOC-1x/2x) → the real API field (OAPI, TF). */
const aliases: Readonly<Record<string, string>> = {
  create_keypair: "create_key_pair",
  rekey_keypair: "rekey_key_pair",
};

const pseudo = ["all", "none"] as const;

/** One bool field per flag, alias and pseudo-op. */
export function operationFields(): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {
    operation_all: {
      type: "bool",
      description: "Grant every operation. May not be combined with other operation flags.",
    },
    operation_none: {
      type: "bool",
      description: "Grant no operation. May not be combined with other operation flags.",
    },
  };
  for (const [flag, operation] of Object.entries(operationFlags)) {
    out[`operation_${flag}`] = { type: "bool", description: `Allow the KMIP ${operation} operation.` };
  }
  for (const [alias, flag] of Object.entries(aliases)) {
    out[`operation_${alias}`] = { type: "bool", description: `Alias of operation_${flag}.` };
  }
  return out;
}

/** The specific flags this request sets, by canonical name. */
function sentFlags(req: LogicalRequest): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const names = [...Object.keys(operationFlags), ...Object.keys(aliases)];
  for (const name of names) {
    const value = sent<boolean>(req, `operation_${name}`);
    if (value === undefined) continue;
    const flag = aliases[name] ?? name;
    if (out.has(flag) && out.get(flag) !== value) {
      throw badRequest(`operation_${flag} and its alias were sent with different values`);
    }
    out.set(flag, value);
  }
  return out;
}

/** The stored operation list after this request (see the module comment for the rules). */
export function mergeOperations(stored: readonly string[], req: LogicalRequest): string[] {
  const flags = sentFlags(req);
  const all = sent<boolean>(req, "operation_all");
  const none = sent<boolean>(req, "operation_none");
  const granted = [...flags].filter(([, value]) => value).map(([flag]) => flag);
  if (all === true && none === true)
    throw badRequest("operation_all and operation_none are mutually exclusive");
  if ((all === true || none === true) && granted.length > 0) {
    const which = all === true ? "operation_all" : "operation_none";
    throw badRequest(`${which} may not be specified with other operation_ params set to true`);
  }
  if (all === true) return ["all"];
  if (none === true) return ["none"];
  let next = new Set(stored);
  if (all === false) next.delete("all");
  if (none === false) next.delete("none");
  if (granted.length > 0) next = new Set([...next].filter((flag) => !pseudo.includes(flag as "all")));
  if (!next.has("all")) {
    for (const [flag, value] of flags) value ? next.add(flag) : next.delete(flag);
  }
  return [...next].sort();
}

/**
 * The KMIP operations a stored list grants. `operation_all` grants every operation ("Grant all
 * permissions to this role", contract §2.7), including those that have no flag of their own.
 */
export function grantedOperations(stored: readonly string[]): Set<OperationName> {
  if (stored.includes("all")) return new Set(Object.keys(OperationEnum) as OperationName[]);
  const out = new Set<OperationName>();
  for (const flag of stored) {
    const operation = operationFlags[flag];
    if (operation) out.add(operation);
  }
  return out;
}

/** "The response contains only the operation flags that are true" (contract §2.7). */
export function flagsResponse(stored: readonly string[]): Record<string, true> {
  const out: Record<string, true> = {};
  for (const flag of stored) out[`operation_${flag}`] = true;
  return out;
}
