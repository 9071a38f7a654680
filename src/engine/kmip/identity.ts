/**
 * From a verified client certificate to its scope, role and allowed operations (contract §3).
 * Nothing is cached: each call reads storage, so a revoke, a role delete or a scope delete takes
 * effect on the next lookup.
 *
 * - Legacy and generated named CAs: the serial must be a live credential issued by that CA (by
 *   name and by the intermediate's serial, so a regenerated CA's old certificates do not map),
 *   its subject must carry `OU=<scope id>, CN=<role id>`, and the scope and role must still
 *   exist with those ids (re-created ones get new ids, §3 [INF]).
 * - Imported CAs (§2.4): the scope and role come from `scope_name`/`role_name` or from one
 *   subject field each, and name an existing scope and role; serials are not tracked (we did not
 *   issue those certificates).
 */
import { isValidName } from "./errors.js";
import type { NamedCaRecord, SubjectField } from "./records.js";
import { legacyCaName } from "./records.js";
import { grantedOperations, type OperationName } from "./role-flags.js";
import type { KmipStore } from "./store.js";

export interface ClientLookup {
  /** The peer certificate's serial number in decimal. */
  readonly serialDecimal: string;
  /** The trusted CA that verified it: a named CA, or `legacyCaName`. */
  readonly issuerCa: string;
  /** Subject fields; a field with several values never maps (it would be ambiguous). */
  readonly subject: Readonly<Partial<Record<SubjectField, string | readonly string[]>>>;
}

export interface ClientIdentity {
  readonly scopeName: string;
  readonly scopeId: string;
  readonly roleName: string;
  readonly roleId: string;
  readonly operations: ReadonlySet<OperationName>;
}

export async function resolveClient(
  store: KmipStore,
  lookup: ClientLookup,
): Promise<ClientIdentity | undefined> {
  if (lookup.issuerCa === legacyCaName) {
    const legacy = (await store.config()) ? await store.legacyCa() : undefined;
    return legacy && resolveIssued(store, lookup, legacy.intermediate.serialNumber);
  }
  const named = await store.namedCa(lookup.issuerCa);
  if (!named) return undefined;
  if (named.kind === "generated") return resolveIssued(store, lookup, named.intermediate.serialNumber);
  return resolveImported(store, lookup, named);
}

async function resolveIssued(
  store: KmipStore,
  lookup: ClientLookup,
  issuerSerial: string,
): Promise<ClientIdentity | undefined> {
  if (!/^[1-9][0-9]{0,48}$/.test(lookup.serialDecimal)) return undefined;
  const index = await store.serialIndex(lookup.serialDecimal);
  if (!index || index.caName !== lookup.issuerCa || index.issuerSerial !== issuerSerial) return undefined;
  if (single(lookup.subject.OU) !== index.scopeId || single(lookup.subject.CN) !== index.roleId)
    return undefined;
  const identity = await identityOf(store, index.scopeName, index.roleName);
  if (identity?.scopeId !== index.scopeId || identity.roleId !== index.roleId) return undefined;
  const credential = await store.credential(index.scopeId, index.roleId, lookup.serialDecimal);
  return credential ? identity : undefined;
}

async function resolveImported(
  store: KmipStore,
  lookup: ClientLookup,
  ca: Extract<NamedCaRecord, { kind: "imported" }>,
): Promise<ClientIdentity | undefined> {
  const scopeName = ca.scopeName ?? (ca.scopeField && single(lookup.subject[ca.scopeField]));
  const roleName = ca.roleName ?? (ca.roleField && single(lookup.subject[ca.roleField]));
  if (!scopeName || !roleName) return undefined;
  return identityOf(store, scopeName, roleName);
}

async function identityOf(store: KmipStore, scopeName: string, roleName: string) {
  // Names may come from certificate subjects here: only what a scope or role can be named.
  if (!isValidName(scopeName) || !isValidName(roleName)) return undefined;
  const scope = await store.scope(scopeName);
  const role = scope && (await store.role(scopeName, roleName));
  if (!scope || !role) return undefined;
  const operations = grantedOperations(role.operations);
  return { scopeName, scopeId: scope.id, roleName, roleId: role.id, operations };
}

function single(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined || typeof value === "string") return value || undefined;
  return value.length === 1 ? value[0] || undefined : undefined;
}
