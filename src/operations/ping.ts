/**
 * Ping — KMIP 2.1 §6.1.36 Tables 271–272: no fields either way. A client checks that the server
 * answers; reaching this handler (after identity and role checks) is the whole answer.
 */
import type { PingRequest, PingResponse } from "../kmip/payloads/session.js";
import type { OperationDef } from "./types.js";

export const Ping: OperationDef<PingRequest, PingResponse> = {
  name: "Ping",
  handler: async () => ({}),
};
