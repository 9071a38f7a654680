/**
 * Get Attributes — KMIP 1.0 §4.11; 1.4 §4.12 Tables 196–197 (Attribute Name, MAY be repeated);
 * 2.1 §6.1.20 Tables 223–225 (Attribute Reference; Attributes REQUIRED in the response).
 *
 * "If a specified attribute has multiple instances, then all instances are returned. If a
 * specified attribute does not exist (i.e., has no value), then it SHALL NOT be present in the
 * returned response. If no requested attributes exist, then the response SHALL consist only of
 * the Unique Identifier. If no attribute name is specified in the request, all attributes SHALL
 * be deemed to match." (1.4 §4.12.)
 * - Only attributes the request's version has are sent (policy `attributesForVersion`): a 1.0
 *   client polling State (MongoDB, Percona) never gets Fresh or Original Creation Date; an
 *   attribute a client names that its version lacks is, for it, an attribute that does not exist.
 * - "The same attribute name SHALL NOT be present more than once in a request": Invalid Message
 *   (1.4 §11.13; `distinctNames`).
 * - 1.x instances carry their Attribute Index (1.4 §2.1.1), 0 left out ("MAY be omitted").
 * - Works on destroyed objects (their metadata is kept, 2.1 §6.1.15) and on archived ones: kmipd
 *   archives key material only, metadata stays on line. 1.4 §11.13 lists Object Archived for a
 *   server whose archive is off line; but Archive Date exists only while an object is archived
 *   (1.4 §3.32: deleted by Recover), so refusing would make it unreadable, and the OASIS test
 *   case TC-10.1 (kmip-1.1/1.2 testcases-ovh TC_101) reads it from an archived object.
 */
import type { Attribute } from "../kmip/attributes.js";
import type { GetAttributesRequest, GetAttributesResponse } from "../kmip/payloads/get.js";
import { attributeView, loadObject, resolveUid } from "./objects.js";
import { distinctNames } from "./request-attributes.js";
import type { OperationDef } from "./types.js";

/** The instances of each requested name, in the order the names were asked for. */
function selected(all: readonly Attribute[], names: readonly string[]): Attribute[] {
  return names.flatMap((n) => all.filter((a) => a.name === n));
}

export const GetAttributes: OperationDef<GetAttributesRequest, GetAttributesResponse> = {
  name: "Get Attributes",
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid, { allowArchived: true });
    const all = attributeView(obj, ctx);
    const names = distinctNames(request.attributeReference ?? [], ctx);
    return { uniqueIdentifier: uid, attributes: names.length === 0 ? all : selected(all, names) };
  },
};
