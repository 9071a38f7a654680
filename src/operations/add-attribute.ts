/**
 * Add Attribute — KMIP 1.4 §4.14 (errors §11.15); KMIP 2.1 §6.1.2 (errors §6.1.2.1).
 *
 * "This operation requests the server to add a new attribute instance to be associated with a
 * Managed Object and set its value … For multi-instance attributes, this is how the first and
 * subsequent values are created. Existing attribute values SHALL only be changed by the Modify
 * Attribute operation. Read-Only attributes SHALL NOT be added."
 *
 * - 1.x: "The Attribute Index SHALL NOT be specified in the request" (§11.15: Invalid Field); "The
 *   response returns a new Attribute Index and the Attribute Index MAY be omitted if the index of
 *   the added attribute instance is 0" — the response echoes the attribute with its index.
 * - 2.x: New Attribute in, the Unique Identifier alone out.
 * - A Name the object already has (same value and type) is refused: 1.4 §11.15 "The specified
 *   attribute already exists" (Illegal Operation), 2.x Non Unique Name Attribute (BL-M-8-21).
 * - Custom attributes ("x-…", 2.x vendor attributes) of any item type are stored as sent
 *   (NetApp ONTAP sends about sixteen x-NETAPP-* attributes and reads them back).
 */
import type { Attribute } from "../kmip/attributes.js";
import type { AddAttributeRequest, AddAttributeResponse } from "../kmip/payloads/attribute-ops.js";
import { checkAdd, invalidField, nameExists } from "../policy/index.js";
import { changesAfter, clientValue } from "./attribute-effects.js";
import { echoAttribute, inputAttribute } from "./attribute-input.js";
import { addInstance, allowsMany } from "./attribute-instances.js";
import { resolveUid, updateObject } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

type NameValue = { nameValue?: unknown; nameType?: unknown };

function hasName(list: readonly Attribute[], name: NameValue): boolean {
  return list.some((a) => {
    const v = a.value as NameValue;
    return a.name === "Name" && v.nameValue === name.nameValue && v.nameType === name.nameType;
  });
}

export async function addAttribute(
  request: AddAttributeRequest,
  ctx: OperationContext,
): Promise<AddAttributeResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  if (request.newAttribute.index !== undefined)
    throw invalidField("the Attribute Index of a new attribute is assigned by the server");
  const attribute = clientValue(inputAttribute(request.newAttribute, ctx, "Add Attribute"));
  let added: Attribute | undefined;
  await updateObject(ctx, uid, (obj) => {
    const now = ctx.now();
    checkAdd(attribute.name, obj, ctx.version, now);
    if (attribute.name === "Name" && hasName(obj.attributes, attribute.value as NameValue))
      throw nameExists(ctx.version);
    const result = addInstance(
      obj.attributes,
      attribute,
      allowsMany(attribute.name, obj.objectType, ctx.version),
    );
    added = result.added;
    return changesAfter(obj, result.list, now);
  });
  if (ctx.version >= 20 || added === undefined) return { uniqueIdentifier: uid };
  return { uniqueIdentifier: uid, attribute: echoAttribute(added, ctx.version) };
}

export const AddAttribute: OperationDef<AddAttributeRequest, AddAttributeResponse> = {
  name: "Add Attribute",
  handler: addAttribute,
};
