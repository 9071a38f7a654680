/**
 * Activate, Revoke and Destroy share one shape: read the object, let the policy's state machine
 * (1.4 §3.22, 2.1 §4.57) decide the new state and the attributes it sets, write conditionally on
 * the revision read. The response echoes the Unique Identifier ("Unique Identifier | Yes" in
 * every version; real clients read it back — MongoDB, Percona).
 */
import { type LifecycleResult, withChanges } from "../policy/index.js";
import type { ObjectChanges, StoredObject } from "../storage/objects.js";
import { updateObject } from "./objects.js";
import type { OperationContext } from "./types.js";

/** The stored changes of a lifecycle result. */
export function lifecycleChanges(obj: StoredObject, result: LifecycleResult): ObjectChanges {
  return { state: result.state, attributes: withChanges(obj.attributes, result.changes) };
}

/** Apply `decide` to the object `uid` and store its result. */
export async function changeLifecycle(
  ctx: OperationContext,
  uid: string,
  decide: (obj: StoredObject) => LifecycleResult,
  write: "update" | "destroyMaterial" = "update",
): Promise<StoredObject> {
  return updateObject(ctx, uid, (obj) => lifecycleChanges(obj, decide(obj)), write);
}
