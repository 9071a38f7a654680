/**
 * Get Constraints — KMIP 2.1 §6.1.22 Tables 229–231: "return the constraints that are being
 * applied to Managed Objects during operations": the scope's, as Set Constraints stored them
 * (an empty Constraints structure when none are set).
 */
import type { GetConstraintsRequest, GetConstraintsResponse } from "../kmip/payloads/server.js";
import { loadConstraints } from "./constraints.js";
import type { OperationDef } from "./types.js";

export const GetConstraints: OperationDef<GetConstraintsRequest, GetConstraintsResponse> = {
  name: "Get Constraints",
  handler: async (_request, ctx) => ({ constraints: await loadConstraints(ctx) }),
};
