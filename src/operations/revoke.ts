/**
 * Revoke — KMIP 1.0 §4.19; 1.4 §4.20 Tables 212–213; 2.1 §6.1.44 Tables 295–297.
 *
 * "If the revocation reason is 'key compromise' or 'CA compromise', then the object is placed
 * into the 'compromised' state; the Date is set to the current date and time; and the Compromise
 * Occurrence Date is set to the value (if provided) in the Revoke request and if a value is not
 * provided … SHOULD be set to the Initial Date for the object. If the revocation reason is
 * neither …, the object is placed into the 'deactivated' state, and the Deactivation Date is set
 * to the current date and time." Which states may be revoked, an unknown reason code (Invalid
 * Field) and a Compromise Occurrence Date with another reason (Invalid Field, "SHALL NOT be
 * specified") are the policy's `revoke`.
 */
import type { RevokeRequest, RevokeResponse } from "../kmip/payloads/lifecycle.js";
import { revoke } from "../policy/index.js";
import { changeLifecycle } from "./lifecycle-change.js";
import { resolveUid } from "./objects.js";
import type { OperationDef } from "./types.js";

export const Revoke: OperationDef<RevokeRequest, RevokeResponse> = {
  name: "Revoke",
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const { revocationReason, compromiseOccurrenceDate } = request;
    await changeLifecycle(ctx, uid, (obj) =>
      revoke(obj, revocationReason, compromiseOccurrenceDate, ctx.now(), ctx.version),
    );
    return { uniqueIdentifier: uid };
  },
};
