/**
 * Usage Limits on Encrypt and Sign — KMIP 1.4 §4.29 and §4.31 (2.1 §6.1.17, §6.1.55): "If the
 * Managed Cryptographic Object referenced has a Usage Limits attribute then the server SHALL
 * obtain an allocation from the current Usage Limits value prior to performing the encryption
 * operation. If the allocation is unable to be obtained the operation SHALL return with a result
 * status of Operation Failed and result reason of Permission Denied."
 *
 * The allocation is taken from Usage Limits Count (1.4 §3.21, "the currently remaining number of
 * Usage Limits Units"): the Data's length for the Byte unit, one for the Object unit. Permission
 * Denied in every version, as the operation text says and OASIS CS-BC-M-7-21 (2.1) expects,
 * though 2.x also has Usage Limit Exceeded. A multi-part operation takes its bytes part by part
 * and its one object at the first part. The write is conditional on the revision read, like every
 * other change (`updateObject`).
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason, UsageLimitsUnit } from "../kmip/generated/enums.js";
import { firstValue, withChanges } from "../policy/index.js";
import type { StoredObject } from "../storage/objects.js";
import { stampLastChange } from "./attribute-instances.js";
import { updateObject } from "./objects.js";
import type { OperationContext } from "./types.js";

interface UsageLimitsValue {
  usageLimitsTotal: bigint;
  usageLimitsCount?: bigint | undefined;
  usageLimitsUnit: number;
}

export interface UsageAmount {
  /** Bytes of data protected by this request. */
  readonly bytes: number;
  /** Whether this request starts the protection of one object (single part, or the first part). */
  readonly object: boolean;
}

function limitsOf(obj: StoredObject): UsageLimitsValue | undefined {
  return firstValue(obj.attributes, "Usage Limits") as UsageLimitsValue | undefined;
}

function amountIn(limits: UsageLimitsValue, amount: UsageAmount): bigint {
  if (limits.usageLimitsUnit === UsageLimitsUnit.Byte) return BigInt(amount.bytes);
  return amount.object ? 1n : 0n;
}

/** Takes `amount` from the object's Usage Limits, when it has any. */
export async function allocateUsage(
  ctx: OperationContext,
  obj: StoredObject,
  amount: UsageAmount,
): Promise<void> {
  const limits = limitsOf(obj);
  if (limits === undefined || amountIn(limits, amount) === 0n) return;
  await updateObject(ctx, obj.uid, (current) => {
    const now = limitsOf(current);
    if (now === undefined) return {};
    const wanted = amountIn(now, amount);
    const remaining = now.usageLimitsCount ?? now.usageLimitsTotal;
    if (wanted > remaining)
      throw new KmipError(ResultReason.PermissionDenied, "the key's Usage Limits are exhausted");
    const value = Object.assign({}, now, { usageLimitsCount: remaining - wanted });
    return {
      attributes: stampLastChange(
        withChanges(current.attributes, [{ name: "Usage Limits", value }]),
        ctx.now(),
      ),
    };
  });
}
