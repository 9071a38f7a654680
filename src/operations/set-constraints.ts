/**
 * Set Constraints — KMIP 2.1 §6.1.52 Tables 325–327: "instructs the server to set the
 * constraints that will be applied to Managed Objects during operations." The set replaces the
 * scope's earlier one; a request without Constraints (or with an empty one) clears them, as
 * OASIS TC-MD-24-21 step 3 does. How Constraints are applied: `constraints.ts`. Not in a batch
 * with Batch Error Continuation Option Undo: only object writes are staged there, so a set could
 * not be undone (Feature Not Supported, as Poll and Cancel there).
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { SetConstraintsRequest, SetConstraintsResponse } from "../kmip/payloads/server.js";
import { checkConstraints, saveConstraints } from "./constraints.js";
import type { OperationDef } from "./types.js";

export const SetConstraints: OperationDef<SetConstraintsRequest, SetConstraintsResponse> = {
  name: "Set Constraints",
  handler: async (request, ctx) => {
    // Undo stages object writes only (server/batch-undo.ts); a scope setting would stay written.
    if (ctx.batch.undo === true)
      throw new KmipError(
        ResultReason.FeatureNotSupported,
        "Set Constraints cannot be undone; send it without Batch Error Continuation Option Undo",
      );
    const constraints = request.constraints ?? { constraint: [] };
    checkConstraints(constraints);
    await saveConstraints(ctx, constraints);
    ctx.logger.info(
      { scope: ctx.identity.scopeName, constraints: constraints.constraint?.length ?? 0 },
      "KMIP scope constraints set",
    );
    return {};
  },
};
