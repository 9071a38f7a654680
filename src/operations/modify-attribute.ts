/**
 * Modify Attribute — KMIP 1.4 §4.15 (errors §11.16); KMIP 2.1 §6.1.34 (errors §6.1.34.1).
 *
 * - 1.x: the instance is named by Attribute Name and Index: "If no Attribute Index is specified in
 *   the request, then the Attribute Index SHALL be assumed to be 0 … Specifying an Attribute Index
 *   for which there exists no Attribute object SHALL result in an error" (§11.16: Item Not Found).
 *   The response returns "the modified Attribute (new value)", index 0 omitted.
 * - 2.x: "the OPTIONAL Current Attribute existing value and the New Attribute new value. If no
 *   Current Attribute is specified … if there is only a single instance of the Attribute it SHALL
 *   be selected …, and if there are multiple instances of the Attribute an error SHALL be
 *   returned" — Multi Valued Attribute, the reason 2.1 §11.46 defines for an attribute "that has
 *   multiple values". A Current Attribute that no instance holds: Attribute Instance Not Found.
 * - Read-only attributes and state-bound dates are the policy's (`checkModify`); a Modify of the
 *   Activation Date of a Pre-Active object to now or the past activates it (1.4 §3.22 transition
 *   4; Synology DSM, Cosmian KMS #760), and a missing lifecycle date is added rather than refused.
 */
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { ModifyAttributeRequest, ModifyAttributeResponse } from "../kmip/payloads/attribute-ops.js";
import type { KmipVersion } from "../kmip/version.js";
import { checkModify, instanceNotFound, invalidField } from "../policy/index.js";
import type { StoredObject } from "../storage/objects.js";
import { changesAfter, clientValue } from "./attribute-effects.js";
import { echoAttribute, inputAttribute } from "./attribute-input.js";
import {
  addInstance,
  allowsMany,
  type Instance,
  instancesOf,
  replaceInstance,
  sameValue,
} from "./attribute-instances.js";
import { resolveUid, updateObject } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

export async function modifyAttribute(
  request: ModifyAttributeRequest,
  ctx: OperationContext,
): Promise<ModifyAttributeResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const attribute = clientValue(inputAttribute(request.newAttribute, ctx, "Modify Attribute"));
  const current =
    request.currentAttribute && inputAttribute(request.currentAttribute, ctx, "Modify Attribute");
  if (current !== undefined && current.name !== attribute.name)
    throw invalidField("Current Attribute and New Attribute name different attributes");
  let modified: Attribute | undefined;
  await updateObject(ctx, uid, (obj) => {
    const now = ctx.now();
    const mode = checkModify(attribute.name, obj, ctx.version, now);
    let list: Attribute[];
    if (mode === "add") {
      ({ list, added: modified } = addInstance(
        obj.attributes,
        attribute,
        allowsMany(attribute.name, obj.objectType, ctx.version),
      ));
    } else {
      const target = selectInstance(obj, attribute, current, ctx.version);
      list = replaceInstance(obj.attributes, target.at, attribute.value);
      modified = { name: attribute.name, index: target.index, value: attribute.value };
    }
    return changesAfter(obj, list, now);
  });
  if (ctx.version >= 20 || modified === undefined) return { uniqueIdentifier: uid };
  return { uniqueIdentifier: uid, attribute: echoAttribute(modified, ctx.version) };
}

/** The instance the request names: by Attribute Index (1.x) or by Current Attribute value (2.x). */
function selectInstance(
  obj: StoredObject,
  attribute: Attribute,
  current: Attribute | undefined,
  version: KmipVersion,
): Instance {
  const instances = instancesOf(obj.attributes, attribute.name);
  let found: Instance | undefined;
  if (version < 20) {
    const index = attribute.index ?? 0;
    found = instances.find((i) => i.index === index);
  } else if (current !== undefined) {
    found = instances.find((i) => sameValue(i.attribute.value, current.value));
  } else {
    if (instances.length > 1)
      throw new KmipError(
        ResultReason.MultiValuedAttribute,
        `${attribute.name} has several instances; name one`,
      );
    found = instances[0];
  }
  if (found === undefined) throw instanceNotFound(version, attribute.name);
  return found;
}

export const ModifyAttribute: OperationDef<ModifyAttributeRequest, ModifyAttributeResponse> = {
  name: "Modify Attribute",
  handler: modifyAttribute,
};
