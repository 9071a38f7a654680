/**
 * The attribute rules for one protocol version, and the check a Create or Register template goes
 * through (1.4 §4.1–4.3, 2.1 §6.1.8–6.1.10, §6.1.43): every attribute the client names must be
 * one it may set initially, must apply to the object type, and a single-instance attribute may
 * appear once.
 */
import { type Attribute, attributeDef, splitCustomName } from "../kmip/attributes.js";
import { ObjectType } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import {
  type AlwaysHasValue,
  ATTRIBUTE_RULE_ROWS,
  type AttributeRuleRow,
  type ByVersion,
  CERTIFICATE_COMPONENT_RULE,
  CLIENT_CUSTOM_RULE,
  type Multiplicity,
  type Permission,
  SERVER_CUSTOM_RULE,
  type Setter,
} from "./attribute-rule-table.js";
import type { ObjectTypeList } from "./object-types.js";
import {
  type CreationOperation,
  instanceLimit,
  notApplicable,
  type PolicyOperation,
  readOnly,
  singleValued,
} from "./reasons.js";

/** A rule row resolved for one version. */
export interface AttributeRule {
  readonly name: string;
  readonly section: string;
  readonly custom: boolean;
  readonly alwaysHasValue: AlwaysHasValue;
  readonly initiallySetBy: Setter;
  readonly modifiableByServer: Permission;
  readonly modifiableByClient: Permission;
  readonly deletableByClient: Permission;
  readonly multipleInstances: Multiplicity;
  readonly appliesTo: ObjectTypeList;
  /** The client can never set, change or delete it (1.4 §3: "Read-only attributes …"). */
  readonly readOnlyForClient: boolean;
}

/**
 * At most this many instances of one multi-instance attribute on one object (a server limit, as
 * 1.4 §11.15 "the server limit on instances has been reached" allows; every input is bounded).
 */
export const ATTRIBUTE_INSTANCES_MAX = 64;

const ROWS = new Map<string, AttributeRuleRow>(ATTRIBUTE_RULE_ROWS.map((r) => [r.name, r]));
const CERTIFICATE_COMPONENT =
  /^Certificate (Subject|Issuer) (CN|O|OU|Email|C|ST|L|UID|Serial Number|Title|DC|DN Qualifier)$/;

function atVersion<T>(cell: ByVersion<T>, version: KmipVersion): T {
  if (typeof cell !== "object" || cell === null || !("changed" in cell)) return cell as T;
  let value = cell.changed[0]?.[1] as T;
  for (const [since, v] of cell.changed) if (since <= version) value = v;
  return value;
}

function rowFor(name: string): { row: Omit<AttributeRuleRow, "name">; custom: boolean } | undefined {
  const row = ROWS.get(name);
  if (row !== undefined) return { row, custom: false };
  if (CERTIFICATE_COMPONENT.test(name)) return { row: CERTIFICATE_COMPONENT_RULE, custom: false };
  const custom = splitCustomName(name);
  if (custom === undefined) return undefined;
  return { row: custom.vendor === "y" ? SERVER_CUSTOM_RULE : CLIENT_CUSTOM_RULE, custom: true };
}

/** The rule of `name` in `version`; undefined for a name that is neither standard nor custom. */
export function attributeRule(name: string, version: KmipVersion): AttributeRule | undefined {
  const found = rowFor(name);
  if (found === undefined) return undefined;
  const { row, custom } = found;
  const rule = {
    name,
    section: row.section,
    custom,
    alwaysHasValue: atVersion(row.alwaysHasValue, version),
    initiallySetBy: row.initiallySetBy,
    modifiableByServer: row.modifiableByServer,
    modifiableByClient: row.modifiableByClient,
    deletableByClient: row.deletableByClient,
    multipleInstances: atVersion(row.multipleInstances, version),
    appliesTo: atVersion(row.appliesTo, version),
  };
  const serverOnly = rule.initiallySetBy === "server" || rule.initiallySetBy === "request";
  const readOnlyForClient =
    serverOnly && rule.modifiableByClient === false && rule.deletableByClient === false;
  return Object.assign({}, rule, { readOnlyForClient });
}

/** Whether several instances of the attribute may exist on an object of this type. */
export function allowsMultipleInstances(rule: AttributeRule, objectType: number): boolean {
  if (rule.multipleInstances === "pgp-keys") return objectType === ObjectType.PGPKey;
  return rule.multipleInstances;
}

/**
 * Whether the attribute belongs to the protocol family of `version`. A client of 1.0 may name a
 * 1.4 attribute (1.4 §11.1: a different minor version is processed, not refused), but a 2.x-only
 * attribute means nothing to 1.x and a 1.x-only one (Operation Policy Name …) nothing to 2.x.
 */
function knownToVersion(name: string, version: KmipVersion): boolean {
  const def = attributeDef(name);
  if (def === undefined) return true;
  const major = version < 20 ? 1 : 2;
  const firstMajor = def.since < 20 ? 1 : 2;
  const lastMajor = def.until === undefined || def.until > 20 ? 2 : 1;
  return firstMajor <= major && major <= lastMajor;
}

/** Who may set `name` when `op` makes a new object: the client, or only the server. */
function clientMaySetOnCreation(rule: AttributeRule, op: CreationOperation): boolean {
  switch (rule.initiallySetBy) {
    case "client":
    case "either":
    case "request":
      return true;
    case "registrar":
      // 1.4 §3.44: an RNG named in a Create template is a demand the server must meet (or fail).
      return op === "Register" || op === "Import" || rule.name === "Random Number Generator";
    case "server":
      return false;
  }
}

/**
 * Whether a client may give `name` when `op` (Create, Register …) makes an object of
 * `objectType`. Throws the version's reason: read-only (Unique Identifier, State, Initial Date,
 * Digest, Last Change Date, "y-" attributes …; 2.x Attribute Read Only, 1.x Permission Denied),
 * or not applicable / unknown (2.x Invalid Attribute, 1.x Invalid Field).
 */
export function checkClientSettable(
  name: string,
  objectType: number,
  version: KmipVersion,
  op: CreationOperation = "Create",
): AttributeRule {
  const rule = attributeRule(name, version);
  if (rule === undefined || !knownToVersion(name, version)) throw notApplicable(version, op, name);
  if (!clientMaySetOnCreation(rule, op)) throw readOnly(version, op, name);
  if (!rule.appliesTo.includes(objectType)) throw notApplicable(version, op, name);
  return rule;
}

/** Refuses a second instance of a single-instance attribute, and more instances than the limit. */
export function checkMultiInstance(
  name: string,
  count: number,
  objectType: number,
  version: KmipVersion,
  op: PolicyOperation,
): void {
  const rule = attributeRule(name, version);
  if (rule === undefined || count <= 1) return;
  if (!allowsMultipleInstances(rule, objectType)) throw singleValued(version, op, name);
  if (count > ATTRIBUTE_INSTANCES_MAX) throw instanceLimit(version, name);
}

/**
 * The whole template of a creating operation: each attribute settable by the client, each
 * single-instance attribute at most once. An Object Type entry equal to the request's Object
 * Type is tolerated (clients echo it); any other is refused as read-only.
 */
export function checkTemplate(
  template: readonly Attribute[],
  objectType: number,
  version: KmipVersion,
  op: CreationOperation = "Create",
): void {
  const counts = new Map<string, number>();
  for (const a of template) {
    if (a.templateReference === true) continue;
    if (a.name === "Object Type" && a.value === objectType) continue;
    checkClientSettable(a.name, objectType, version, op);
    counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
  }
  for (const [name, count] of counts) checkMultiInstance(name, count, objectType, version, op);
}
