/**
 * Delete Attribute — KMIP 1.4 §4.16 (errors §11.17); KMIP 2.1 §6.1.13 (errors §6.1.13.1).
 *
 * - 1.x: Attribute Name and the OPTIONAL Attribute Index: "If no Attribute Index is specified in
 *   the request, then the Attribute Index SHALL be assumed to be 0 … The response returns the
 *   deleted Attribute and the Attribute Index MAY be omitted if the index of the deleted attribute
 *   instance is 0." Strict clients fail when the deleted attribute is missing from the response
 *   (Cosmian KMS, peers.md §5.3). KMIP 1.0 §11.16 differs: "Attribute Index is not specified and
 *   the attribute has multiple instances" → Invalid Field (OASIS TC-171: "would have failed under
 *   KMIP-1.0").
 * - 2.x: Current Attribute names one instance by value; "If no Current Attribute is specified in
 *   the request, and an Attribute Reference is specified, then all instances of the specified
 *   attribute SHALL be deleted." Neither is an Invalid Message (a required field missing).
 * - "Attributes that are always REQUIRED to have a value SHALL never be deleted" and the
 *   client-deletable rules are the policy's (`checkDelete`).
 */
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { DeleteAttributeRequest, DeleteAttributeResponse } from "../kmip/payloads/attribute-ops.js";
import { checkDelete, instanceNotFound, invalidField } from "../policy/index.js";
import type { ObjectChanges, StoredObject } from "../storage/objects.js";
import { changesAfter } from "./attribute-effects.js";
import { echoAttribute, inputAttribute, inputName } from "./attribute-input.js";
import { type Instance, instancesOf, removeAll, removeInstance, sameValue } from "./attribute-instances.js";
import { resolveUid, updateObject } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

/** What to delete: one instance (by index or by value) or, in 2.x, every instance. */
type Target =
  | { readonly name: string; readonly index: number | undefined }
  | { readonly name: string; readonly value: unknown }
  | { readonly name: string; readonly all: true };

function targetOf(request: DeleteAttributeRequest, ctx: OperationContext): Target {
  const op = "Delete Attribute";
  if (ctx.version < 20) {
    if (request.attributeReference === undefined)
      throw new KmipError(ResultReason.InvalidMessage, "Attribute Name is required");
    return { name: inputName(request.attributeReference, ctx, op), index: request.attributeIndex };
  }
  if (request.currentAttribute !== undefined) {
    const current = inputAttribute(request.currentAttribute, ctx, op);
    const named = request.attributeReference && inputName(request.attributeReference, ctx, op);
    if (named !== undefined && named !== current.name)
      throw invalidField("Current Attribute and Attribute Reference name different attributes");
    return { name: current.name, value: current.value };
  }
  if (request.attributeReference === undefined)
    throw new KmipError(ResultReason.InvalidMessage, "Current Attribute or Attribute Reference is required");
  return { name: inputName(request.attributeReference, ctx, op), all: true };
}

function findInstance(obj: StoredObject, target: Target, ctx: OperationContext): Instance {
  const instances = instancesOf(obj.attributes, target.name);
  let found: Instance | undefined;
  if ("value" in target) {
    found = instances.find((i) => sameValue(i.attribute.value, target.value));
  } else if ("index" in target) {
    if (ctx.version === 10 && target.index === undefined && instances.length > 1)
      throw invalidField(`${target.name} has several instances; KMIP 1.0 needs an Attribute Index`);
    found = instances.find((i) => i.index === (target.index ?? 0));
  }
  if (found === undefined) throw instanceNotFound(ctx.version, target.name);
  return found;
}

export async function deleteAttribute(
  request: DeleteAttributeRequest,
  ctx: OperationContext,
): Promise<DeleteAttributeResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const target = targetOf(request, ctx);
  let deleted: Attribute | undefined;
  await updateObject(ctx, uid, (obj): ObjectChanges => {
    const now = ctx.now();
    checkDelete(target.name, obj, ctx.version, now);
    if ("all" in target) return changesAfter(obj, removeAll(obj.attributes, target.name), now);
    const instance = findInstance(obj, target, ctx);
    deleted = Object.assign({}, instance.attribute, { index: instance.index });
    return changesAfter(obj, removeInstance(obj.attributes, instance.at), now);
  });
  if (ctx.version >= 20 || deleted === undefined) return { uniqueIdentifier: uid };
  return { uniqueIdentifier: uid, attribute: echoAttribute(deleted, ctx.version) };
}

export const DeleteAttribute: OperationDef<DeleteAttributeRequest, DeleteAttributeResponse> = {
  name: "Delete Attribute",
  handler: deleteAttribute,
};
