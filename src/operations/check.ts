/**
 * Check — KMIP 1.0 §4.9; 1.4 §4.10 Tables 192–193; 2.1 §6.1.7 Tables 182–185.
 *
 * "If the server determines that the client is allowed to use the object according to the
 * specified attributes, then the server returns the Unique Identifier of the object. If … not
 * allowed …, then the server empties the ID Placeholder and does not return the Unique
 * Identifier." Each value given is checked against the object:
 * - Cryptographic Usage Mask: every bit asked for must be in the object's mask (policy
 *   `requireUsage`: 1.4 §11.11 Permission Denied; 2.x Incompatible Cryptographic Usage Mask, as
 *   OASIS BL-M-2-21 expects);
 * - Usage Limits Count: at most what the object's Usage Limits still allow (an object without
 *   Usage Limits is not limited); 2.x Usage Limit Exceeded, 1.x Permission Denied;
 * - Lease Time: at most the object's Lease Time (without one, no lease limit applies); Permission
 *   Denied in every version (2.1 lists no reason of its own).
 * A failure is reported as the Result Reason with no payload, as BL-M-2-21 shows (the payload
 * fields "returned by the Server if …" have nowhere to go in a failed batch item).
 * 1.4 §11.11 "Check cannot be performed on this object" → Illegal Operation (2.x Illegal Object
 * Type): a Template, which only describes other objects.
 */
import { KmipError } from "../kmip/errors.js";
import { ObjectType, ResultReason } from "../kmip/generated/enums.js";
import type { CheckRequest, CheckResponse } from "../kmip/payloads/get.js";
import { firstValue, reasonForVersion, requireUsage } from "../policy/index.js";
import type { StoredObject } from "../storage/objects.js";
import { loadObject, resolveUid } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

function checkObjectType(obj: StoredObject, ctx: OperationContext): void {
  if (obj.objectType !== ObjectType.Template) return;
  const reason = ctx.version >= 20 ? ResultReason.IllegalObjectType : ResultReason.IllegalOperation;
  throw new KmipError(reason, "Check cannot be performed on a Template");
}

function checkUsageLimits(obj: StoredObject, asked: bigint | undefined, ctx: OperationContext): void {
  if (asked === undefined) return;
  const limits = firstValue(obj.attributes, "Usage Limits") as
    | { usageLimitsTotal: bigint; usageLimitsCount?: bigint }
    | undefined;
  if (limits === undefined) return;
  const left = limits.usageLimitsCount ?? limits.usageLimitsTotal;
  if (asked <= left) return;
  throw new KmipError(
    reasonForVersion(ResultReason.UsageLimitExceeded, ctx.version),
    "the object's Usage Limits do not allow that much use",
  );
}

function checkLeaseTime(obj: StoredObject, asked: number | undefined): void {
  if (asked === undefined) return;
  const lease = firstValue(obj.attributes, "Lease Time");
  if (typeof lease !== "number" || asked <= lease) return;
  throw new KmipError(ResultReason.PermissionDenied, "the server grants no lease that long");
}

function check(obj: StoredObject, request: CheckRequest, ctx: OperationContext): void {
  checkObjectType(obj, ctx);
  if (request.cryptographicUsageMask !== undefined)
    requireUsage(obj, request.cryptographicUsageMask, ctx.version);
  checkUsageLimits(obj, request.usageLimitsCount, ctx);
  checkLeaseTime(obj, request.leaseTime);
}

export const Check: OperationDef<CheckRequest, CheckResponse> = {
  name: "Check",
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid);
    try {
      check(obj, request, ctx);
    } catch (e) {
      ctx.batch.idPlaceholder = undefined;
      throw e;
    }
    return { uniqueIdentifier: uid };
  },
};
