/**
 * Operations on one attribute: Add, Modify, Delete (1.0+), Set and Adjust (2.0+).
 * KMIP 1.x names the attribute with a 1.x Attribute structure and echoes it in the response;
 * KMIP 2.x uses New Attribute, Current Attribute and Attribute Reference and echoes only the
 * Unique Identifier.
 */

import { attribute1x, attributeReference2x, singleAttribute2x } from "../objects/attribute-codecs.js";
import { newAttribute } from "../objects/attribute-fields.js";
import type { Attribute } from "../objects/attribute-table.js";
import {
  anyItem,
  enumeration,
  form,
  type Infer,
  integer,
  opt,
  optForms,
  req,
  text,
} from "../schema/index.js";
import { optUid, payloads, reqUid, request, response } from "./common.js";

/** The attribute echoed in 1.x responses ("Attribute | Yes"); 2.x has none. */
const echoed1x = () => optForms<Attribute>(form("Attribute", attribute1x, { until: 20, required: true }));

/** Add Attribute — KMIP 1.4 §4.14 Tables 200–201; KMIP 2.1 §6.1.2 Tables 167–168. */
export const AddAttributeRequest = request("KMIP 1.4 §4.14; KMIP 2.1 §6.1.2", {
  uniqueIdentifier: optUid(),
  newAttribute: newAttribute(),
});
export type AddAttributeRequest = Infer<typeof AddAttributeRequest>;
export const AddAttributeResponse = response("KMIP 1.4 §4.14; KMIP 2.1 §6.1.2", {
  uniqueIdentifier: reqUid(),
  attribute: echoed1x(),
});
export type AddAttributeResponse = Infer<typeof AddAttributeResponse>;

/** Modify Attribute — KMIP 1.4 §4.15 Tables 202–203; KMIP 2.1 §6.1.34 Tables 265–266. */
export const ModifyAttributeRequest = request("KMIP 1.4 §4.15; KMIP 2.1 §6.1.34", {
  uniqueIdentifier: optUid(),
  currentAttribute: opt("Current Attribute", singleAttribute2x, { since: 20 }),
  newAttribute: newAttribute(),
});
export type ModifyAttributeRequest = Infer<typeof ModifyAttributeRequest>;
export const ModifyAttributeResponse = response("KMIP 1.4 §4.15; KMIP 2.1 §6.1.34", {
  uniqueIdentifier: reqUid(),
  attribute: echoed1x(),
});
export type ModifyAttributeResponse = Infer<typeof ModifyAttributeResponse>;

/**
 * Delete Attribute — KMIP 1.4 §4.16 Tables 204–205 (Attribute Name REQUIRED, Attribute Index);
 * KMIP 2.1 §6.1.13 Tables 202–203 (Current Attribute or Attribute Reference).
 */
export const DeleteAttributeRequest = request("KMIP 1.4 §4.16; KMIP 2.1 §6.1.13", {
  uniqueIdentifier: optUid(),
  currentAttribute: opt("Current Attribute", singleAttribute2x, { since: 20 }),
  attributeReference: optForms<string>(
    form("Attribute Name", text, { until: 20, required: true }),
    form("Attribute Reference", attributeReference2x, { since: 20 }),
  ),
  attributeIndex: opt("Attribute Index", integer, { until: 20 }),
});
export type DeleteAttributeRequest = Infer<typeof DeleteAttributeRequest>;
export const DeleteAttributeResponse = response("KMIP 1.4 §4.16; KMIP 2.1 §6.1.13", {
  uniqueIdentifier: reqUid(),
  attribute: echoed1x(),
});
export type DeleteAttributeResponse = Infer<typeof DeleteAttributeResponse>;

/** Set Attribute (KMIP 2.0+) — KMIP 2.1 §6.1.51 Tables 322–323. */
export const SetAttributeRequest = request("KMIP 2.1 §6.1.51", {
  uniqueIdentifier: optUid(),
  newAttribute: req("New Attribute", singleAttribute2x),
});
export type SetAttributeRequest = Infer<typeof SetAttributeRequest>;
export const SetAttributeResponse = response("KMIP 2.1 §6.1.51", {
  uniqueIdentifier: reqUid(),
});
export type SetAttributeResponse = Infer<typeof SetAttributeResponse>;

/**
 * Adjust Attribute (KMIP 2.0+) — KMIP 2.1 §6.1.3 Tables 170–171. The Adjustment Value's type
 * follows the attribute being adjusted (a number, an interval or a date), so it is kept raw.
 */
export const AdjustAttributeRequest = request("KMIP 2.1 §6.1.3", {
  uniqueIdentifier: optUid(),
  attributeReference: req("Attribute Reference", attributeReference2x),
  adjustmentType: req("Adjustment Type", enumeration),
  adjustmentValue: opt("Adjustment Value", anyItem),
});
export type AdjustAttributeRequest = Infer<typeof AdjustAttributeRequest>;
export const AdjustAttributeResponse = response("KMIP 2.1 §6.1.3", {
  uniqueIdentifier: reqUid(),
});
export type AdjustAttributeResponse = Infer<typeof AdjustAttributeResponse>;

export const ATTRIBUTE_PAYLOADS = [
  payloads({
    operation: "Add Attribute",
    section: "KMIP 1.4 §4.14; KMIP 2.1 §6.1.2",
    since: 10,
    request: AddAttributeRequest,
    response: AddAttributeResponse,
  }),
  payloads({
    operation: "Modify Attribute",
    section: "KMIP 1.4 §4.15; KMIP 2.1 §6.1.34",
    since: 10,
    request: ModifyAttributeRequest,
    response: ModifyAttributeResponse,
  }),
  payloads({
    operation: "Delete Attribute",
    section: "KMIP 1.4 §4.16; KMIP 2.1 §6.1.13",
    since: 10,
    request: DeleteAttributeRequest,
    response: DeleteAttributeResponse,
  }),
  payloads({
    operation: "Set Attribute",
    section: "KMIP 2.1 §6.1.51",
    since: 20,
    request: SetAttributeRequest,
    response: SetAttributeResponse,
  }),
  payloads({
    operation: "Adjust Attribute",
    section: "KMIP 2.1 §6.1.3",
    since: 20,
    request: AdjustAttributeRequest,
    response: AdjustAttributeResponse,
  }),
];
