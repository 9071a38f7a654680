/**
 * Destroy — KMIP 1.0 §4.20; 1.4 §4.21 Tables 214–215; 2.1 §6.1.15 Tables 208–210.
 *
 * "The key material for the specified Managed Object SHALL be destroyed … The meta-data for the
 * key material SHALL be retained by the server" (2.1; 1.x "MAY be retained"): the sealed
 * material is erased (`destroyMaterial`, SQLite overwrites freed pages) and the attributes stay,
 * with State Destroyed or Destroyed Compromised and a Destroy Date. "If the Unique Identifier
 * specifies a Template object, then the object itself, including all meta-data, SHALL be
 * destroyed" (1.4). Which states may be destroyed — Pre-Active, Deactivated, Compromised; an
 * Active object is refused until revoked (1.4 §11.22 Permission Denied, 2.1 Wrong Key Lifecycle
 * State) — is the policy's `destroy`.
 */
import type { ByIdentifierRequest, ByIdentifierResponse } from "../kmip/payloads/lifecycle.js";
import { destroy } from "../policy/index.js";
import { changeLifecycle } from "./lifecycle-change.js";
import { loadObject, resolveUid } from "./objects.js";
import { notFound } from "./reasons.js";
import type { OperationDef } from "./types.js";

export const Destroy: OperationDef<ByIdentifierRequest, ByIdentifierResponse> = {
  name: "Destroy",
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid);
    if (destroy(obj, ctx.now(), ctx.version).removeObject === true) {
      if (!(await ctx.objects.delete(ctx.scope, uid))) throw notFound(ctx.version);
    } else {
      await changeLifecycle(
        ctx,
        uid,
        (current) => destroy(current, ctx.now(), ctx.version),
        "destroyMaterial",
      );
    }
    return { uniqueIdentifier: uid };
  },
};
