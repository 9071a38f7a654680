/**
 * Get Usage Allocation — KMIP 1.4 §4.18 (errors §11.19); KMIP 2.1 §6.1.23 (errors §6.1.23.1).
 *
 * "This operation requests the server to obtain an allocation from the current Usage Limits value
 * … The allocation only applies to Managed Cryptographic Objects that are able to be used for
 * applying protection … and is only valid if the Managed Cryptographic Object has a Usage Limits
 * attribute … The operation SHALL only be requested during the time that protection is enabled for
 * these objects (i.e., after the Activation Date and before the Protect Stop Date) … If the
 * requested amount is not available … the server SHALL return an error. The server SHALL assume
 * that the entire allocated amount is going to be consumed."
 *
 * Usage Limits Count is "the currently remaining number of Usage Limits Units" (1.4 §3.21): the
 * allocation is taken from it, and from then on the client may no longer change the limits.
 * Refusals, 1.x (§11.19) / 2.x (Table 234):
 * - no Usage Limits: Illegal Operation / Attribute Not Found;
 * - no usage bit that applies protection (encrypt, sign, MAC, wrap, derive …): Illegal Operation /
 *   Invalid Object Type;
 * - not Active, or past the Protect Stop Date: Illegal Operation / Wrong Key Lifecycle State;
 * - more than remains: Permission Denied (OASIS TC-51) / Usage Limit Exceeded;
 * - a count that is not positive: Invalid Field.
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason, State } from "../kmip/generated/enums.js";
import type { GetUsageAllocationRequest, GetUsageAllocationResponse } from "../kmip/payloads/lifecycle.js";
import type { KmipVersion } from "../kmip/version.js";
import {
  dateValue,
  firstValue,
  invalidField,
  invalidObjectType,
  isReached,
  PURPOSES,
  withChanges,
} from "../policy/index.js";
import type { ObjectChanges, StoredObject } from "../storage/objects.js";
import { changesAfter } from "./attribute-effects.js";
import { resolveUid, updateObject } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

interface UsageLimitsValue {
  usageLimitsTotal: bigint;
  usageLimitsCount?: bigint | undefined;
  usageLimitsUnit: number;
}

/** Cryptographic Usage Mask bits of the purposes that apply protection (2.1 §12.1). */
const PROTECTING_BITS = Object.values(PURPOSES)
  .filter((p) => p.protects)
  .reduce((mask, p) => mask | p.usage, 0);

function versionReason(version: KmipVersion, reason2x: number, message: string): KmipError {
  return new KmipError(version >= 20 ? reason2x : ResultReason.IllegalOperation, message);
}

function usageLimits(obj: StoredObject, version: KmipVersion): UsageLimitsValue {
  const limits = firstValue(obj.attributes, "Usage Limits") as UsageLimitsValue | undefined;
  if (limits === undefined)
    throw versionReason(version, ResultReason.AttributeNotFound, "the object has no Usage Limits");
  return limits;
}

function checkProtecting(obj: StoredObject, now: Date, version: KmipVersion): void {
  const mask = firstValue(obj.attributes, "Cryptographic Usage Mask") as number | undefined;
  if (mask !== undefined && (mask & PROTECTING_BITS) === 0)
    throw invalidObjectType(version, "the object cannot be used for applying cryptographic protection");
  const stopped = isReached(dateValue(obj.attributes, "Protect Stop Date"), now);
  if (obj.state !== State.Active || stopped)
    throw versionReason(
      version,
      ResultReason.WrongKeyLifecycleState,
      "protection is not enabled for the object now",
    );
}

function allocate(obj: StoredObject, amount: bigint, now: Date, version: KmipVersion): ObjectChanges {
  const limits = usageLimits(obj, version);
  checkProtecting(obj, now, version);
  const remaining = limits.usageLimitsCount ?? limits.usageLimitsTotal;
  if (amount > remaining) {
    const reason = version >= 20 ? ResultReason.UsageLimitExceeded : ResultReason.PermissionDenied;
    throw new KmipError(reason, "unable to allocate the requested amount");
  }
  const value = Object.assign({}, limits, { usageLimitsCount: remaining - amount });
  return changesAfter(obj, withChanges(obj.attributes, [{ name: "Usage Limits", value }]), now);
}

export async function getUsageAllocation(
  request: GetUsageAllocationRequest,
  ctx: OperationContext,
): Promise<GetUsageAllocationResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  if (request.usageLimitsCount <= 0n) throw invalidField("Usage Limits Count must be positive");
  await updateObject(ctx, uid, (obj) => allocate(obj, request.usageLimitsCount, ctx.now(), ctx.version));
  return { uniqueIdentifier: uid };
}

export const GetUsageAllocation: OperationDef<GetUsageAllocationRequest, GetUsageAllocationResponse> = {
  name: "Get Usage Allocation",
  handler: getUsageAllocation,
};
