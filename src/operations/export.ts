/**
 * Export — KMIP 2.1 §6.1.18 Tables 217–219 (1.4 §4.40): "returns a Managed Object specified by
 * its Unique Identifier, together with its attributes."
 *
 * - "The Key Format Type, Key Wrap Type, Key Compression Type and Key Wrapping Specification SHALL
 *   have the same semantics as for the Get operation": the object part is Get's answer (formats,
 *   wrapping, Sensitive / Extractable rules). Fresh stays as it is: "The server SHALL change the
 *   attribute value to False as soon as the object has been served via the Get operation" (2.1
 *   §4.24) names Get only, and the OASIS cases (TC-IMPEXP-1…5-20) show it True after an Export.
 * - Attributes: "All of the object's Attributes", as Get Attributes with no reference shows them
 *   to the request's version, read before the object is served (Fresh as it was).
 * - "If the Managed Object has been Destroyed then the key material ... SHALL not be returned":
 *   there is nothing to export (Key Value Not Present, which Table 219 lists).
 * - "The server SHALL copy the Unique Identifier returned by this operations into the ID
 *   Placeholder variable."
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { ExportRequest, ExportResponse } from "../kmip/payloads/get.js";
import { exportedObject } from "./get-crypto.js";
import { attributeView, loadObject, resolveUid } from "./objects.js";
import type { OperationDef } from "./types.js";

export const Export: OperationDef<ExportRequest, ExportResponse> = {
  name: "Export",
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid);
    if (obj.material === undefined)
      throw new KmipError(
        ResultReason.KeyValueNotPresent,
        "the object is destroyed: its material is not exported",
      );
    const attributes = attributeView(obj, ctx);
    const got = await exportedObject(Object.assign({}, request, { uniqueIdentifier: uid }), ctx);
    ctx.batch.idPlaceholder = uid;
    return { objectType: got.objectType, uniqueIdentifier: uid, attributes, object: got.object };
  },
};
