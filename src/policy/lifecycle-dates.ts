/**
 * Date-driven state transitions, evaluated lazily. KMIP 1.4 §3.22 (2.1 §4.57):
 *  - transition 1: an object created or registered with an Activation Date that "has already
 *    occurred" starts Active; otherwise Pre-Active;
 *  - transition 4: Pre-Active → Active when "the Activation Date is reached" (also after a client
 *    modifies the Activation Date "to a date in the past, or the current date");
 *  - transition 6: Active → Deactivated when "the object's Deactivation Date is reached" (or is
 *    modified to the past).
 * Nothing runs in the background: every read of an object applies its dates first, so an object
 * whose Activation Date has passed is Active when read. A date-driven transition took place at the
 * date itself, so Last Change Date moves to that date (never backwards), whoever reads it and when.
 */
import type { Attribute } from "../kmip/attributes.js";
import { ObjectType, State } from "../kmip/generated/enums.js";
import { dateValue, isReached, type KmipDate } from "./attribute-list.js";
import { isCryptographicObject } from "./object-types.js";

/** A new state and the attribute entries to set with it (canonical single-instance entries). */
export interface LifecycleResult {
  readonly state: number;
  readonly changes: Attribute[];
  /** The states entered, in order, one per transition (empty when nothing changed). */
  readonly path: readonly number[];
  /** Destroy of a Template removes the object and all its metadata (1.4 §4.21). */
  readonly removeObject?: boolean;
}

export interface LifecycleObject {
  readonly objectType: number;
  readonly state: number;
  readonly attributes: readonly Attribute[];
}

/**
 * Whether the object goes through the state machine: the Cryptographic Objects of 1.x (1.4 §3.22
 * "Applies to"), and in 2.x any object that has an Activation Date (2.1 §4.57: All Objects). A
 * Template's dates are values for the objects made from it, not its own (1.4 §2.2.6).
 */
function hasDates(obj: LifecycleObject): boolean {
  if (obj.objectType === ObjectType.Template) return false;
  return isCryptographicObject(obj.objectType) || dateValue(obj.attributes, "Activation Date") !== undefined;
}

function later(a: KmipDate | undefined, b: KmipDate): KmipDate {
  return a === undefined || b > a ? b : a;
}

/** The state `obj` is in at `now` once its Activation and Deactivation Dates are applied. */
export function applyDates(obj: LifecycleObject, now: Date): LifecycleResult {
  if (!hasDates(obj)) return { state: obj.state, changes: [], path: [] };
  const activation = dateValue(obj.attributes, "Activation Date");
  const deactivation = dateValue(obj.attributes, "Deactivation Date");
  let state = obj.state;
  const path: number[] = [];
  let lastChange = dateValue(obj.attributes, "Last Change Date");
  if (state === State.PreActive && isReached(activation, now)) {
    state = State.Active; // transition 4
    path.push(state);
    lastChange = later(lastChange, activation as KmipDate);
  }
  if (state === State.Active && isReached(deactivation, now)) {
    state = State.Deactivated; // transition 6
    path.push(state);
    lastChange = later(lastChange, deactivation as KmipDate);
  }
  if (state === obj.state) return { state, changes: [], path };
  const changes: Attribute[] = [{ name: "State", value: state }];
  if (lastChange !== undefined) changes.push({ name: "Last Change Date", value: lastChange });
  return { state, changes, path };
}

/**
 * Transition 1: the state a new object starts in. "If … the operation that creates or registers
 * the object contains an Activation Date that has already occurred, then the state immediately
 * transitions from Pre-Active to Active" (and on to Deactivated if its Deactivation Date has
 * passed too — the next read would do so anyway).
 */
export function initialState(objectType: number, attributes: readonly Attribute[], now: Date): number {
  return applyDates({ objectType, state: State.PreActive, attributes }, now).state;
}
