/**
 * Obtain Lease — KMIP 1.4 §4.17 (errors §11.18); KMIP 2.1 §6.1.35 (errors §6.1.35.1).
 *
 * "The Lease Time is an interval value that determines when the client's internal cache of
 * information about the object expires and needs to be renewed … If the server determines that a
 * new lease SHALL NOT be issued for the specified cryptographic object, then the server SHALL
 * respond to the Obtain Lease request with an error. The response payload … contains the current
 * value of the Last Change Date attribute."
 *
 * - The lease is the object's Lease Time attribute (1.4 §3.20: "the maximum Lease Time it is able
 *   to serve"), or one hour when it has none — what the OASIS test case TC-95 shows. Lease Time is
 *   an Interval on the wire (strict clients reject an Integer, peers.md §5.3): the payload schema
 *   encodes it so.
 * - No lease for an object that must not be used: Compromised, Destroyed, Destroyed Compromised
 *   (TC-95: "CO is in state Compromised, no lease given" → Permission Denied, the reason 1.4
 *   §11.18 and 2.1 Table 270 give), nor for one whose Usage Limits are spent (2.x Usage Limit
 *   Exceeded, 1.x Permission Denied).
 * - Nothing is written: Obtain Lease is not among the operations that set Last Change Date (§3.38).
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason, State } from "../kmip/generated/enums.js";
import type { ObtainLeaseRequest, ObtainLeaseResponse } from "../kmip/payloads/lifecycle.js";
import { dateValue, firstValue, kmipDate, stateName } from "../policy/index.js";
import { SERVER_LEASE_SECONDS } from "../policy/new-object.js";
import type { StoredObject } from "../storage/objects.js";
import { loadObject, resolveUid } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

/** The lease for an object without a Lease Time attribute (made before kmipd stored one), in seconds. */
export const DEFAULT_LEASE_SECONDS = SERVER_LEASE_SECONDS;

const NO_LEASE = new Set<number>([State.Compromised, State.Destroyed, State.DestroyedCompromised]);

function checkLeasable(obj: StoredObject, ctx: OperationContext): void {
  if (NO_LEASE.has(obj.state))
    throw new KmipError(
      ResultReason.PermissionDenied,
      `the object is ${stateName(obj.state)}; no lease given`,
    );
  const limits = firstValue(obj.attributes, "Usage Limits") as { usageLimitsCount?: bigint } | undefined;
  if (limits?.usageLimitsCount === 0n) {
    const reason = ctx.version >= 20 ? ResultReason.UsageLimitExceeded : ResultReason.PermissionDenied;
    throw new KmipError(reason, "the object's usage limits are spent; no lease given");
  }
}

export async function obtainLease(
  request: ObtainLeaseRequest,
  ctx: OperationContext,
): Promise<ObtainLeaseResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const obj = await loadObject(ctx, uid);
  checkLeasable(obj, ctx);
  const leaseTime = (firstValue(obj.attributes, "Lease Time") as number | undefined) ?? DEFAULT_LEASE_SECONDS;
  const lastChangeDate = dateValue(obj.attributes, "Last Change Date") ?? kmipDate(obj.updatedAt);
  return { uniqueIdentifier: uid, leaseTime, lastChangeDate };
}

export const ObtainLease: OperationDef<ObtainLeaseRequest, ObtainLeaseResponse> = {
  name: "Obtain Lease",
  handler: obtainLease,
};
