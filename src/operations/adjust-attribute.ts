/**
 * Adjust Attribute (KMIP 2.0+) — KMIP 2.1 §6.1.3 (errors §6.1.3.1); 2.0 §6.1.3.
 *
 * "This operation requests the server to adjust the value of an attribute … If the object did not
 * have value for the attribute, the previous value is assumed to be a 0 for numeric types and
 * intervals, or false for Boolean, otherwise an error is raised. If the object had exactly one
 * instance, then it is modified. If it has more than one instance an error is raised. Read-Only
 * attributes SHALL NOT be added or modified using this operation."
 *
 * The instance rules are Set Attribute's (`checkSet`, Multi Valued Attribute, Read Only
 * Attribute); the arithmetic is `attribute-adjust.ts`. An absent attribute with no zero (a date)
 * is Attribute Not Found. A custom attribute keeps its item type; an absent one takes the
 * Adjustment Value's (an Integer when there is none).
 */
import { type Attribute, attributeDef } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { AdjustAttributeRequest, AdjustAttributeResponse } from "../kmip/payloads/attribute-ops.js";
import { resolveTag } from "../kmip/schema/index.js";
import { checkSet } from "../policy/index.js";
import { ItemType, type ItemTypeCode, type TtlvItem } from "../ttlv/types.js";
import { type AdjustableValue, adjustValue, isAdjustableType, zeroOf } from "./attribute-adjust.js";
import { changesAfter } from "./attribute-effects.js";
import { inputName, isRawItem } from "./attribute-input.js";
import { addInstance, instancesOf, replaceInstance } from "./attribute-instances.js";
import { resolveUid, updateObject } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

const ATTRIBUTE_VALUE_TAG = resolveTag("Attribute Value").tag;

/** A new custom attribute takes the Adjustment Value's type when that is a number, else Integer. */
function newCustomType(adjustmentValue: TtlvItem | undefined): ItemTypeCode {
  if (adjustmentValue !== undefined && zeroOf(adjustmentValue.type) !== undefined)
    return adjustmentValue.type;
  return ItemType.Integer;
}

/** The item type of the attribute's value: its codec's, the stored item's, or a new custom one's. */
function valueType(name: string, existing: unknown, adjustmentValue: TtlvItem | undefined): ItemTypeCode {
  const types = attributeDef(name)?.codec.itemTypes;
  let type: ItemTypeCode | undefined;
  if (types !== undefined) type = types.length === 1 ? types[0] : undefined;
  else type = isRawItem(existing) ? existing.type : newCustomType(adjustmentValue);
  if (type === undefined || !isAdjustableType(type))
    throw new KmipError(ResultReason.InvalidDataType, `${name} is not a number, date or Boolean`);
  return type;
}

/** The adjusted value, typed for a standard attribute and a raw item for a custom one. */
function adjusted(name: string, existing: Attribute | undefined, request: AdjustAttributeRequest): unknown {
  const stored = existing?.value;
  const type = valueType(name, stored, request.adjustmentValue);
  const current = isRawItem(stored)
    ? (stored.value as AdjustableValue)
    : ((stored as AdjustableValue | undefined) ?? zeroOf(type));
  if (current === undefined)
    throw new KmipError(ResultReason.AttributeNotFound, `the object has no ${name} to adjust`);
  const value = adjustValue(type, current, request.adjustmentType, request.adjustmentValue);
  if (attributeDef(name) !== undefined) return value;
  return { tag: isRawItem(stored) ? stored.tag : ATTRIBUTE_VALUE_TAG, type, value } as TtlvItem;
}

export async function adjustAttribute(
  request: AdjustAttributeRequest,
  ctx: OperationContext,
): Promise<AdjustAttributeResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const name = inputName(request.attributeReference, ctx, "Adjust Attribute");
  await updateObject(ctx, uid, (obj) => {
    const now = ctx.now();
    checkSet(name, obj, ctx.version, now, "Adjust Attribute");
    const existing = instancesOf(obj.attributes, name)[0];
    const value = adjusted(name, existing?.attribute, request);
    const list =
      existing === undefined
        ? addInstance(obj.attributes, { name, value }, false).list
        : replaceInstance(obj.attributes, existing.at, value);
    return changesAfter(obj, list, now);
  });
  return { uniqueIdentifier: uid };
}

export const AdjustAttribute: OperationDef<AdjustAttributeRequest, AdjustAttributeResponse> = {
  name: "Adjust Attribute",
  handler: adjustAttribute,
};
