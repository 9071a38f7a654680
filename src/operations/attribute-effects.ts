/**
 * What follows from changing an attribute, beyond the change itself:
 *
 * - the lifecycle: "A client successfully issues a Modify Attribute operation, modifying the
 *   Activation Date to a date in the past, or the current date" moves a Pre-Active object to
 *   Active, and the same for the Deactivation Date and Active → Deactivated (1.4 §3.22
 *   transitions 4 and 6; 2.1 §4.57). Synology DSM activates keys this way (Cosmian KMS #760);
 * - Always Sensitive and Never Extractable once Sensitive or Extractable change (1.4 §3.49, §3.51);
 * - Last Change Date (1.4 §3.38);
 * - Usage Limits: "The Usage Limits Count value SHALL NOT be set or modified by the client via the
 *   Add Attribute or Modify Attribute operations" (1.4 §3.21), so the server sets it to the Total.
 *
 * Name uniqueness (1.4 §3.2 "Names SHALL be unique within a given key management domain"; §11.15
 * lists "the same value that another object already has") is not enforced here, as Create and
 * Register do not enforce it (see create.ts): clients re-register names, and one object refusing a
 * Name another got at creation would be a rule with a hole in it.
 */
import type { Attribute } from "../kmip/attributes.js";
import { applyDates, sensitivityChanges, withChanges } from "../policy/index.js";
import type { ObjectChanges, StoredObject } from "../storage/objects.js";
import { stampLastChange } from "./attribute-instances.js";

/** The object's new state and attribute list once `list` replaces its attributes at `now`. */
export function changesAfter(obj: StoredObject, list: readonly Attribute[], now: Date): ObjectChanges {
  const sensitive = withChanges(list, sensitivityChanges(list));
  const dated = applyDates({ objectType: obj.objectType, state: obj.state, attributes: sensitive }, now);
  const attributes = stampLastChange(withChanges(sensitive, dated.changes), now);
  return { state: dated.state, attributes };
}

interface UsageLimitsValue {
  usageLimitsTotal: bigint;
  usageLimitsCount?: bigint | undefined;
  usageLimitsUnit: number;
}

/** A client's Usage Limits with the Count the server keeps: the Total (1.4 §3.21). */
export function clientValue(a: Attribute): Attribute {
  if (a.name !== "Usage Limits") return a;
  const limits = a.value as UsageLimitsValue;
  return Object.assign({}, a, {
    value: Object.assign({}, limits, { usageLimitsCount: limits.usageLimitsTotal }),
  });
}
