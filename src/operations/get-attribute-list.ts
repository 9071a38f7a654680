/**
 * Get Attribute List — KMIP 1.0 §4.12; 1.4 §4.13 Tables 198–199 (Attribute Name, "Yes, MAY be
 * repeated"); 2.1 §6.1.21 Tables 226–228 (Attribute Reference).
 *
 * "Requests a list of the attribute names associated with a Managed Object." Each name once, in
 * the order the object holds them, and only names the request's version has (policy
 * `attributeNamesForVersion`): a 1.0 client is never told of Fresh.
 */
import type { GetAttributeListRequest, GetAttributeListResponse } from "../kmip/payloads/get.js";
import { attributeNamesForVersion } from "../policy/index.js";
import { loadObject, resolveUid } from "./objects.js";
import type { OperationDef } from "./types.js";

export const GetAttributeList: OperationDef<GetAttributeListRequest, GetAttributeListResponse> = {
  name: "Get Attribute List",
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid, { allowArchived: true });
    return {
      uniqueIdentifier: uid,
      attributeReference: attributeNamesForVersion(obj.attributes, ctx.version),
    };
  },
};
