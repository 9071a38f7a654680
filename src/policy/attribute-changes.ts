/**
 * Whether a client may add, modify, set or delete an attribute of an existing object: Add
 * Attribute (1.4 §4.14, 2.1 §6.1.2), Modify Attribute (1.4 §4.15, 2.1 §6.1.34), Delete Attribute
 * (1.4 §4.16, 2.1 §6.1.13), Set Attribute (2.1 §6.1.51), Adjust Attribute (2.1 §6.1.3). The
 * operation finds the instance (Attribute Index in 1.x, Current Attribute in 2.x); these checks
 * decide whether the change is allowed at all, and throw the version's Result Reason when not.
 */
import type { Attribute } from "../kmip/attributes.js";
import { State } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import { countInstances, dateValue, firstValue, isReached } from "./attribute-list.js";
import type { Permission } from "./attribute-rule-table.js";
import { type AttributeRule, attributeRule, checkMultiInstance } from "./attribute-rules.js";
import {
  type AttributeOperation,
  attributeNotFound,
  notApplicable,
  readOnly,
  singleValued,
  wrongState,
} from "./reasons.js";

/** What the checks need to know of the object (a `StoredObject` is one). */
export interface AttributeTarget {
  readonly objectType: number;
  readonly state: number;
  readonly attributes: readonly Attribute[];
}

/** How the operation applies an allowed Modify: replace the instance, or add the first one. */
export type ModifyMode = "replace" | "add";

/**
 * Dates a client moves to drive the state machine (1.4 §3.22 transitions 4 and 6: "a client
 * successfully issues a Modify Attribute operation, modifying the Activation Date …"). A Modify
 * of one of them on an object that has none yet is taken as its first value instead of refused
 * with "needs to first be added": Synology DSM activates keys this way (Cosmian KMS #760).
 */
const MODIFY_MAY_ADD = new Set([
  "Activation Date",
  "Deactivation Date",
  "Process Start Date",
  "Protect Stop Date",
]);

function ruleFor(name: string, target: AttributeTarget, version: KmipVersion, op: AttributeOperation) {
  const rule = attributeRule(name, version);
  if (rule === undefined || !rule.appliesTo.includes(target.objectType))
    throw notApplicable(version, op, name);
  return rule;
}

/** Whether a "Yes, only while …" permission holds for the object now. */
export function permissionHolds(
  permission: Permission,
  name: string,
  target: AttributeTarget,
  now: Date,
): boolean {
  const preActiveOrActive = target.state === State.PreActive || target.state === State.Active;
  switch (permission) {
    case true:
    case false:
      return permission;
    case "pre-active":
      return target.state === State.PreActive;
    case "pre-active-or-active":
      return preActiveOrActive;
    case "until-reached":
      return preActiveOrActive && !isReached(dateValue(target.attributes, name), now);
    case "no-usage-allocation":
      return !usageAllocated(target.attributes);
    case "if-absent":
      return countInstances(target.attributes, name) === 0;
  }
}

/** Get Usage Allocation has taken units once the Count no longer equals the Total (1.4 §3.21). */
function usageAllocated(list: readonly Attribute[]): boolean {
  const limits = firstValue(list, "Usage Limits") as
    | { usageLimitsTotal?: bigint; usageLimitsCount?: bigint }
    | undefined;
  if (limits?.usageLimitsCount === undefined) return false;
  return limits.usageLimitsCount !== limits.usageLimitsTotal;
}

/**
 * A permission that depends on the state refuses with the lifecycle reason (SKLC-M-3-14:
 * Permission Denied; SKLC-M-3-21: Wrong Key Lifecycle State), a plain "No" as read-only.
 */
function refuse(permission: Permission, rule: AttributeRule, version: KmipVersion, op: AttributeOperation) {
  if (permission === false) return readOnly(version, op, rule.name);
  return wrongState(version, `${rule.name} cannot be changed in this state`);
}

/** The client may give the first value: initially set by the client (or by it when it registered the object). */
function clientMayAdd(rule: AttributeRule): boolean {
  const by = rule.initiallySetBy;
  return by === "client" || by === "either" || by === "registrar";
}

/**
 * Add Attribute: "Read-Only attributes SHALL NOT be added" (1.4 §4.14); a single-instance
 * attribute that exists is refused (1.4 §11.15 Illegal Operation; 2.x Attribute Single Valued);
 * the dates that only change "while Pre-Active (or Active)" are not added later either
 * (1.4 §3.24: "Once the state transition from Pre-Active has occurred … SHALL NOT be changed").
 */
export function checkAdd(
  name: string,
  target: AttributeTarget,
  version: KmipVersion,
  now: Date,
): AttributeRule {
  const op = "Add Attribute";
  const rule = ruleFor(name, target, version, op);
  checkFirstValue(rule, target, version, now, op);
  checkMultiInstance(name, countInstances(target.attributes, name) + 1, target.objectType, version, op);
  return rule;
}

function checkFirstValue(
  rule: AttributeRule,
  target: AttributeTarget,
  version: KmipVersion,
  now: Date,
  op: AttributeOperation,
): void {
  if (!clientMayAdd(rule)) throw readOnly(version, op, rule.name);
  const permission = rule.modifiableByClient;
  const stateBound =
    permission === "pre-active" || permission === "pre-active-or-active" || permission === "until-reached";
  if (stateBound && !permissionHolds(permission, rule.name, target, now))
    throw refuse(permission, rule, version, op);
}

/**
 * Modify Attribute: the client may change it ("Modifiable by client"), under its condition;
 * "Only existing attributes MAY be changed" (1.4 §4.15) — except the lifecycle dates above.
 * State is never modifiable (1.4 §3.22; BL-M-7-21: Attribute Read Only).
 */
export function checkModify(
  name: string,
  target: AttributeTarget,
  version: KmipVersion,
  now: Date,
): ModifyMode {
  const op = "Modify Attribute";
  const rule = ruleFor(name, target, version, op);
  const permission = rule.modifiableByClient;
  if (permission === false) throw readOnly(version, op, name);
  if (!permissionHolds(permission, name, target, now)) throw refuse(permission, rule, version, op);
  if (countInstances(target.attributes, name) > 0) return "replace";
  if (MODIFY_MAY_ADD.has(name)) return "add";
  throw attributeNotFound(version, op, name);
}

/**
 * Delete Attribute: "Deletable by client"; "Attributes that are always REQUIRED to have a value
 * SHALL never be deleted" (1.4 §4.16; §11.17 Permission Denied; 2.x Attribute Read Only).
 */
export function checkDelete(
  name: string,
  target: AttributeTarget,
  version: KmipVersion,
  now: Date,
): AttributeRule {
  const op = "Delete Attribute";
  const rule = ruleFor(name, target, version, op);
  const permission = rule.deletableByClient;
  if (permission === false || rule.alwaysHasValue === true) throw readOnly(version, op, name);
  if (!permissionHolds(permission, name, target, now)) throw refuse(permission, rule, version, op);
  if (countInstances(target.attributes, name) === 0) throw attributeNotFound(version, op, name);
  return rule;
}

/**
 * Set Attribute (2.x): "If the object did not have any instances of the attribute, one is
 * created. If the object had exactly one instance, then it is modified. If it has more than one
 * instance an error is raised" (2.1 §6.1.51; Multi Valued Attribute, TC-SETATTR-3-20).
 * Adjust Attribute (2.1 §6.1.3) follows the same rule.
 */
export function checkSet(
  name: string,
  target: AttributeTarget,
  version: KmipVersion,
  now: Date,
  op: "Set Attribute" | "Adjust Attribute" = "Set Attribute",
): ModifyMode {
  const rule = ruleFor(name, target, version, op);
  const count = countInstances(target.attributes, name);
  if (count > 1) throw singleValued(version, op, name);
  if (count === 0) {
    checkFirstValue(rule, target, version, now, op);
    return "add";
  }
  const permission = rule.modifiableByClient;
  if (permission === false) throw readOnly(version, op, name);
  if (!permissionHolds(permission, name, target, now)) throw refuse(permission, rule, version, op);
  return "replace";
}
