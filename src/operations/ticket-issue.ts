/**
 * What Login and Delegated Login share (KMIP 2.1 §6.1.30, §6.1.12): the caller as a ticket holder,
 * the checks on Lease Time, Request Count and Usage Limits, and the Ticket returned (§7.39, Ticket
 * Type Login).
 *
 * - Usage Limits on a ticket (Tables 199, 253) are refused with Feature Not Supported (both error
 *   tables list it): Request Count and Lease Time are the bounds this server enforces.
 * - A request authenticated by a delegated ticket cannot obtain another ticket: that would shed
 *   the Rights it was given (Permission Denied).
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason, TicketType } from "../kmip/generated/enums.js";
import type { TicketBook, TicketHolder, TicketTerms } from "../policy/ticket-book.js";
import { featureNotSupported, generalFailure } from "./reasons.js";
import type { OperationContext } from "./types.js";

export interface TicketRequest {
  readonly leaseTime?: number | undefined;
  readonly requestCount?: number | undefined;
  readonly usageLimits?: unknown;
}

export interface TicketValue {
  readonly ticketType: number;
  readonly ticketValue: Uint8Array;
}

/** The identity the ticket is bound to: mount, scope, role and client certificate. */
export function holderOf(ctx: OperationContext): TicketHolder {
  return {
    mountUuid: ctx.scope.mountUuid,
    scopeId: ctx.scope.scopeId,
    roleId: ctx.identity.roleId,
    certificateSerial: ctx.identity.certificateSerial,
  };
}

export function ticketBookOf(ctx: OperationContext): TicketBook {
  if (ctx.tickets === undefined) throw generalFailure("this server keeps no tickets");
  return ctx.tickets;
}

/** Lease Time, Request Count and Usage Limits as the book takes them, or the reason not. */
export function ticketTerms(request: TicketRequest, ctx: OperationContext): TicketTerms {
  if (ctx.ticket?.rights !== undefined)
    throw new KmipError(ResultReason.PermissionDenied, "a delegated ticket cannot obtain another ticket");
  if (request.usageLimits !== undefined)
    throw featureNotSupported("Usage Limits on a ticket are not supported; use Request Count and Lease Time");
  const count = request.requestCount;
  if (count !== undefined && count < 0)
    throw new KmipError(ResultReason.InvalidField, "Request Count must not be negative");
  return { leaseSeconds: request.leaseTime, requestCount: count };
}

/** Issues the ticket and returns it as the response's Ticket structure. */
export function issueTicket(ctx: OperationContext, terms: TicketTerms): TicketValue {
  const issued = ticketBookOf(ctx).issue(holderOf(ctx), terms, ctx.now());
  if (!issued.ok) {
    const whose = issued.why === "holder-limit" ? "this client holds" : "the server holds";
    throw new KmipError(ResultReason.ServerLimitExceeded, `${whose} too many tickets; Logout some first`);
  }
  ctx.logger.info({ expiresAt: issued.expiresAt.toISOString() }, "KMIP ticket issued");
  return { ticketType: TicketType.Login, ticketValue: issued.value };
}
