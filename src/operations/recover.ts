/**
 * Recover — KMIP 1.4 §4.23 (errors §11.24); KMIP 2.1 §6.1.42 (errors §6.1.42.1).
 *
 * "This operation is used to obtain access to a Managed Object that has been archived … Once the
 * response is received, the object is now on-line, and MAY be obtained (e.g., via a Get
 * operation)." The server "SHALL delete [the Archive Date] attribute whenever a Recover operation
 * is performed" (1.4 §3.32) and sets Last Change Date (§3.38). The only error either version lists
 * besides the general ones is a missing object, so a Recover of an object that is already on-line
 * succeeds and changes nothing. Recovery is immediate: no asynchronous response is needed.
 */
import type { ByIdentifierRequest, ByIdentifierResponse } from "../kmip/payloads/lifecycle.js";
import { ObjectStoreError } from "../storage/objects.js";
import { removeAll, stampLastChange } from "./attribute-instances.js";
import { loadObject, resolveUid } from "./objects.js";
import { generalFailure } from "./reasons.js";
import type { OperationContext, OperationDef } from "./types.js";

/** Brings the object on-line if it is archived; the write is conditional on the revision read. */
async function bringOnLine(ctx: OperationContext, uid: string): Promise<void> {
  const obj = await loadObject(ctx, uid, { allowArchived: true });
  if (!obj.archived) return;
  const now = ctx.now();
  const attributes = stampLastChange(removeAll(obj.attributes, "Archive Date"), now);
  await ctx.objects.update(ctx.scope, uid, obj.revision, { archived: false, attributes, updatedAt: now });
}

export async function recover(
  request: ByIdentifierRequest,
  ctx: OperationContext,
): Promise<ByIdentifierResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await bringOnLine(ctx, uid);
      return { uniqueIdentifier: uid };
    } catch (e) {
      if (!(e instanceof ObjectStoreError && e.code === "stale")) throw e;
      ctx.logger.warn({ uid }, "object changed by another writer; reading it again");
    }
  }
  throw generalFailure("the object is being changed by another request; try again");
}

export const Recover: OperationDef<ByIdentifierRequest, ByIdentifierResponse> = {
  name: "Recover",
  handler: recover,
};
