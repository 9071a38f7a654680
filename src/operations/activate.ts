/**
 * Activate — KMIP 1.0 §4.18; 1.4 §4.19 Tables 210–211; 2.1 §6.1.1 Tables 164–166.
 *
 * "The operation SHALL only be performed on an object in the Pre-Active state and has the effect
 * of changing its state to Active, and setting its Activation Date to the current date and
 * time." Not Pre-Active: 1.4 §11.20 Permission Denied, 2.x Wrong Key Lifecycle State; a Template
 * (1.x) or other object that cannot be activated: 1.x Illegal Operation, 2.x Invalid Object Type
 * (policy `activate`).
 */
import type { ByIdentifierRequest, ByIdentifierResponse } from "../kmip/payloads/lifecycle.js";
import { activate } from "../policy/index.js";
import { changeLifecycle } from "./lifecycle-change.js";
import { resolveUid } from "./objects.js";
import type { OperationDef } from "./types.js";

export const Activate: OperationDef<ByIdentifierRequest, ByIdentifierResponse> = {
  name: "Activate",
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    await changeLifecycle(ctx, uid, (obj) => activate(obj, ctx.now(), ctx.version));
    return { uniqueIdentifier: uid };
  },
};
