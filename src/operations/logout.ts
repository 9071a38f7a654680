/**
 * Logout — KMIP 2.1 §6.1.31 Tables 256–258: "terminate the Login and prevent future
 * unauthenticated sessions being created without the ticket". A ticket that is not a live one of
 * the caller's (unknown, expired, another identity's, or not of Ticket Type Login) is an Invalid
 * Ticket, the one reason §6.1.31.1 names; nothing tells another holder's ticket from none.
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason, TicketType } from "../kmip/generated/enums.js";
import type { LogoutRequest, LogoutResponse } from "../kmip/payloads/session.js";
import { holderOf, ticketBookOf } from "./ticket-issue.js";
import type { OperationDef } from "./types.js";

export const Logout: OperationDef<LogoutRequest, LogoutResponse> = {
  name: "Logout",
  handler: async (request, ctx) => {
    const { ticketType, ticketValue } = request.ticket;
    const revoked =
      ticketType === TicketType.Login && ticketBookOf(ctx).revoke(ticketValue, holderOf(ctx), ctx.now());
    if (!revoked)
      throw new KmipError(ResultReason.InvalidTicket, "the ticket is not a live ticket of this client");
    return {};
  },
};
