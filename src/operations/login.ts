/**
 * Login — KMIP 2.1 §6.1.30 Tables 253–255: "requests the server to allow future requests to be
 * authenticated using a ticket that is returned by this operation". The ticket is good only over
 * the identity that asked for it, for the bounded Lease Time and the Request Count asked
 * (`policy/ticket-book.ts`), and grants what that identity's role grants.
 */
import type { LoginRequest, LoginResponse } from "../kmip/payloads/session.js";
import { issueTicket, ticketTerms } from "./ticket-issue.js";
import type { OperationDef } from "./types.js";

export const Login: OperationDef<LoginRequest, LoginResponse> = {
  name: "Login",
  handler: async (request, ctx) => ({ ticket: issueTicket(ctx, ticketTerms(request, ctx)) }),
};
