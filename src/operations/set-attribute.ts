/**
 * Set Attribute (KMIP 2.0+) — KMIP 2.1 §6.1.51 (errors §6.1.51.1); 2.0 §6.1.47.
 *
 * "This operation requests the server to either add or modify an attribute … If the object did
 * not have any instances of the attribute, one is created. If the object had exactly one
 * instance, then it is modified. If it has more than one instance an error is raised" (Multi
 * Valued Attribute, OASIS TC-SETATTR-3-20). "Read-Only attributes SHALL NOT be added or modified
 * using this operation" (Read Only Attribute). The rules are the policy's `checkSet`; the effects
 * (lifecycle dates, Last Change Date, Usage Limits Count) those of Add and Modify Attribute.
 * KMIP 1.x has no Set Attribute: the payload registry refuses it before it gets here.
 */
import type { SetAttributeRequest, SetAttributeResponse } from "../kmip/payloads/attribute-ops.js";
import { checkSet } from "../policy/index.js";
import { changesAfter, clientValue } from "./attribute-effects.js";
import { inputAttribute } from "./attribute-input.js";
import { addInstance, instancesOf, replaceInstance } from "./attribute-instances.js";
import { resolveUid, updateObject } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

export async function setAttribute(
  request: SetAttributeRequest,
  ctx: OperationContext,
): Promise<SetAttributeResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const attribute = clientValue(inputAttribute(request.newAttribute, ctx, "Set Attribute"));
  await updateObject(ctx, uid, (obj) => {
    const now = ctx.now();
    const mode = checkSet(attribute.name, obj, ctx.version, now);
    const existing = instancesOf(obj.attributes, attribute.name)[0];
    const list =
      mode === "add" || existing === undefined
        ? addInstance(obj.attributes, attribute, false).list
        : replaceInstance(obj.attributes, existing.at, attribute.value);
    return changesAfter(obj, list, now);
  });
  return { uniqueIdentifier: uid };
}

export const SetAttribute: OperationDef<SetAttributeRequest, SetAttributeResponse> = {
  name: "Set Attribute",
  handler: setAttribute,
};
