/**
 * Archive — KMIP 1.4 §4.22 (errors §11.23); KMIP 2.1 §6.1.4 (errors §6.1.4.1).
 *
 * "This operation is used to specify that a Managed Object MAY be archived … This request is only
 * an indication from a client that, from its point of view, the key management system MAY archive
 * the object." This server archives at once: the object leaves on-line storage (`archived`), so a
 * Locate finds it only with the Archival Storage bit of the Storage Status Mask (2.1 §6.1.28;
 * OASIS TC-101), and every other operation but Recover answers Object Archived until it is
 * recovered ("any archived object SHALL first be made available by a Recover", 1.4 §4).
 * Archive Date "is set by the server as a part of the Archive operation" (1.4 §3.32), Last Change
 * Date too (§3.38). "Object is already archived" → Object Archived (1.4 §11.23, 2.1 §6.1.4.1).
 */
import type { ByIdentifierRequest, ByIdentifierResponse } from "../kmip/payloads/lifecycle.js";
import { kmipDate, withChanges } from "../policy/index.js";
import { stampLastChange } from "./attribute-instances.js";
import { resolveUid, updateObject } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

export async function archive(
  request: ByIdentifierRequest,
  ctx: OperationContext,
): Promise<ByIdentifierResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  await updateObject(ctx, uid, (obj) => {
    const now = ctx.now();
    const dated = withChanges(obj.attributes, [{ name: "Archive Date", value: kmipDate(now) }]);
    return { archived: true, attributes: stampLastChange(dated, now) };
  });
  return { uniqueIdentifier: uid };
}

export const Archive: OperationDef<ByIdentifierRequest, ByIdentifierResponse> = {
  name: "Archive",
  handler: archive,
};
