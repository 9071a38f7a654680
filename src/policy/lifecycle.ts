/**
 * The key lifecycle state machine of KMIP 1.4 §3.22 (identical in 2.1 §4.57, Figure 1), with the
 * operations that drive it: Activate (1.4 §4.19, 2.1 §6.1.1), Revoke (1.4 §4.20, 2.1 §6.1.44) and
 * Destroy (1.4 §4.21, 2.1 §6.1.15). Each function applies the object's dates first (see
 * lifecycle-dates.ts), then the transition, and returns the new state with every attribute entry
 * to set — or throws the version's Result Reason. "Only the transitions described above are
 * permitted."
 */
import type { Attribute } from "../kmip/attributes.js";
import { ObjectType, RevocationReasonCode, State } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import { dateValue, type KmipDate, kmipDate, mergeChanges } from "./attribute-list.js";
import { applyDates, type LifecycleObject, type LifecycleResult } from "./lifecycle-dates.js";
import { isCryptographicObject } from "./object-types.js";
import { invalidField, invalidObjectType, objectDestroyed, wrongState } from "./reasons.js";

export type Trigger =
  | "Activate"
  | "Activation Date"
  | "Revoke (compromise)"
  | "Revoke"
  | "Deactivation Date"
  | "Destroy";

export interface StateTransition {
  /** The transition's number in the list of 1.4 §3.22 / 2.1 §4.57. */
  readonly n: number;
  readonly from: number;
  readonly to: number;
  readonly trigger: Trigger;
}

const { PreActive, Active, Deactivated, Compromised, Destroyed, DestroyedCompromised } = State;

/** Transitions 2–10 (1 is creation: `initialState`). */
export const STATE_TRANSITIONS: readonly StateTransition[] = [
  { n: 2, from: PreActive, to: Destroyed, trigger: "Destroy" },
  { n: 3, from: PreActive, to: Compromised, trigger: "Revoke (compromise)" },
  { n: 4, from: PreActive, to: Active, trigger: "Activate" },
  { n: 4, from: PreActive, to: Active, trigger: "Activation Date" },
  { n: 5, from: Active, to: Compromised, trigger: "Revoke (compromise)" },
  { n: 6, from: Active, to: Deactivated, trigger: "Deactivation Date" },
  { n: 6, from: Active, to: Deactivated, trigger: "Revoke" },
  { n: 7, from: Deactivated, to: Destroyed, trigger: "Destroy" },
  { n: 8, from: Deactivated, to: Compromised, trigger: "Revoke (compromise)" },
  // 2.1 §6.1.15 says Destroy needs "Pre-Active or Deactivated", but transition 9 of the same
  // diagram, and 1.4 §11.22 ("not in Pre-Active, Deactivated or Compromised state"), allow it.
  { n: 9, from: Compromised, to: DestroyedCompromised, trigger: "Destroy" },
  { n: 10, from: Destroyed, to: DestroyedCompromised, trigger: "Revoke (compromise)" },
];

/** The state `trigger` leads to from `from`, or undefined when the diagram has no such arrow. */
export function nextState(from: number, trigger: Trigger): number | undefined {
  return STATE_TRANSITIONS.find((t) => t.from === from && t.trigger === trigger)?.to;
}

const STATE_NAMES: Readonly<Record<number, string>> = {
  [PreActive]: "Pre-Active",
  [Active]: "Active",
  [Deactivated]: "Deactivated",
  [Compromised]: "Compromised",
  [Destroyed]: "Destroyed",
  [DestroyedCompromised]: "Destroyed Compromised",
};

export function stateName(state: number): string {
  return STATE_NAMES[state] ?? `State ${state}`;
}

/** The date-driven changes, then the operation's: State, its dates, Last Change Date (1.4 §3.38). */
function transition(dated: LifecycleResult, to: number, set: Attribute[], now: Date): LifecycleResult {
  const changes = mergeChanges(dated.changes, [
    { name: "State", value: to },
    ...set,
    { name: "Last Change Date", value: kmipDate(now) },
  ]);
  return { state: to, changes, path: [...dated.path, to] };
}

/**
 * Activate: "SHALL only be performed on an object in the Pre-Active state and has the effect of
 * changing its state to Active, and setting its Activation Date to the current date and time"
 * (1.4 §4.19). 1.x activates Managed Cryptographic Objects only (§11.20: a template "or other
 * object that is not able to be activated" → Illegal Operation); 2.x any Managed Object.
 */
export function activate(obj: LifecycleObject, now: Date, version: KmipVersion): LifecycleResult {
  if (obj.objectType === ObjectType.Template || (version < 20 && !isCryptographicObject(obj.objectType)))
    throw invalidObjectType(version, "this object cannot be activated");
  const view = applyDates(obj, now);
  if (view.state !== PreActive)
    throw wrongState(version, `the object is ${stateName(view.state)}, not Pre-Active`);
  return transition(view, Active, [{ name: "Activation Date", value: kmipDate(now) }], now);
}

/** The Revocation Reason value (1.4 §3.31, 2.1 §4.47). */
export interface RevocationReasonValue {
  readonly revocationReasonCode: number;
  readonly revocationMessage?: string | undefined;
}

const KNOWN_REASONS = new Set<number>(Object.values(RevocationReasonCode));

/** "key compromise" or "CA compromise" (1.4 §4.20). */
export function isCompromise(code: number): boolean {
  return code === RevocationReasonCode.KeyCompromise || code === RevocationReasonCode.CACompromise;
}

function checkRevokeRequest(reason: RevocationReasonValue, occurred: KmipDate | undefined): void {
  // 1.4 §11.21: "Revocation Reason is not recognized" → Invalid Field.
  if (!KNOWN_REASONS.has(reason.revocationReasonCode)) throw invalidField("unknown Revocation Reason Code");
  // 1.4 §4.20: Compromise Occurrence Date "SHALL NOT be specified for other Revocation Reason enumerations".
  if (occurred !== undefined && !isCompromise(reason.revocationReasonCode))
    throw invalidField("Compromise Occurrence Date is only for a compromise");
}

/**
 * Revoke. "If the revocation reason is 'key compromise' or 'CA compromise', then the object is
 * placed into the 'compromised' state; the Date is set to the current date and time; and the
 * Compromise Occurrence Date is set to the value (if provided) … if a value is not provided …
 * SHOULD be set to the Initial Date for the object. If the revocation reason is neither …, the
 * object is placed into the 'deactivated' state, and the Deactivation Date is set to the current
 * date and time" (1.4 §4.20). Transitions 3, 5, 8, 10 (compromise) and 6 (Active only).
 */
export function revoke(
  obj: LifecycleObject,
  reason: RevocationReasonValue,
  compromiseOccurrenceDate: KmipDate | undefined,
  now: Date,
  version: KmipVersion,
): LifecycleResult {
  // 1.4 §4.20: "The request SHALL NOT specify a Template object" (§11.21 Illegal Operation).
  if (obj.objectType === ObjectType.Template)
    throw invalidObjectType(version, "a Template cannot be revoked");
  checkRevokeRequest(reason, compromiseOccurrenceDate);
  const view = applyDates(obj, now);
  const compromise = isCompromise(reason.revocationReasonCode);
  const to = nextState(view.state, compromise ? "Revoke (compromise)" : "Revoke");
  if (to === undefined)
    throw wrongState(version, `a ${stateName(view.state)} object cannot be revoked for this reason`);
  const revocation: Attribute = { name: "Revocation Reason", value: revocationValue(reason) };
  const dates: Attribute[] = compromise
    ? [
        { name: "Compromise Date", value: kmipDate(now) },
        { name: "Compromise Occurrence Date", value: occurrence(obj, compromiseOccurrenceDate, now) },
      ]
    : [{ name: "Deactivation Date", value: kmipDate(now) }];
  return transition(view, to, [revocation, ...dates], now);
}

function revocationValue(reason: RevocationReasonValue): RevocationReasonValue {
  const { revocationReasonCode, revocationMessage } = reason;
  return revocationMessage === undefined
    ? { revocationReasonCode }
    : { revocationReasonCode, revocationMessage };
}

function occurrence(obj: LifecycleObject, given: KmipDate | undefined, now: Date): KmipDate {
  return given ?? dateValue(obj.attributes, "Initial Date") ?? kmipDate(now);
}

/**
 * Destroy: "Cryptographic Objects MAY only be destroyed if they are in either Pre-Active or
 * Deactivated state" (1.4 §4.21) — plus Compromised → Destroyed Compromised (transition 9).
 * An Active object is refused (SKLC-M-2-14 Permission Denied; SKLC-M-2-21 Wrong Key Lifecycle
 * State), a destroyed one too (1.4 §11.22; 2.1 Object Destroyed). A Template is removed whole.
 */
export function destroy(obj: LifecycleObject, now: Date, version: KmipVersion): LifecycleResult {
  if (obj.objectType === ObjectType.Template)
    return { state: Destroyed, changes: [], path: [Destroyed], removeObject: true };
  const view = applyDates(obj, now);
  if (view.state === Destroyed || view.state === DestroyedCompromised)
    throw objectDestroyed(version, "Destroy");
  const to = nextState(view.state, "Destroy");
  if (to === undefined) throw wrongState(version, `a ${stateName(view.state)} object cannot be destroyed`);
  return transition(view, to, [{ name: "Destroy Date", value: kmipDate(now) }], now);
}
