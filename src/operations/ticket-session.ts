/**
 * Requests that carry a Ticket (KMIP 2.1 §9.11 Table 416, Credential Type Ticket) in their
 * Authentication header (§9.4): what the batch layer asks before and during a message.
 *
 * - `admitTicket`, once per message: a ticket that is not a live one of this client refuses every
 *   item with Invalid Ticket; one whose Request Count is spent, with Usage Limit Exceeded (2.1
 *   §11.46). A good ticket is counted and its grant goes to the operations' context. A message
 *   without a Ticket credential is served on the client certificate alone, as before.
 * - `checkTicketRights`, per item of a message whose ticket is delegated (§6.1.12): the item's
 *   operation and every object it names must be allowed by one Right, else Not Authorised
 *   (0x39; 2.1 §11.46 "Not Authorised").
 */
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { CredentialType, ResultReason, TicketType } from "../kmip/generated/enums.js";
import type { RequestHeader } from "../kmip/messages.js";
import type { TicketBook, TicketGrant, TicketHolder } from "../policy/ticket-book.js";
import { needsGroups, rightsAllow } from "../policy/ticket-rights.js";
import { resolveUid, type UidField } from "./objects.js";
import type { ClientIdentity, OperationContext } from "./types.js";

export interface TicketRefusal {
  readonly reason: number;
  readonly message: (index: number) => string;
}

export type TicketAdmission =
  | { readonly grant: TicketGrant | undefined; readonly refusal?: undefined }
  | { readonly grant?: undefined; readonly refusal: TicketRefusal };

interface TicketCredentialValue {
  readonly ticket: { readonly ticketType: number; readonly ticketValue: Uint8Array };
}

const refuse = (reason: number, text: string): TicketAdmission => ({
  refusal: { reason, message: () => text },
});

/** The Ticket credentials of a header (normally none or one). */
function headerTickets(header: RequestHeader): TicketCredentialValue["ticket"][] {
  const credentials = header.authentication?.credential ?? [];
  return credentials
    .filter((c) => c.credentialType === CredentialType.Ticket)
    .map((c) => (c.credentialValue as TicketCredentialValue).ticket);
}

export function admitTicket(
  header: RequestHeader,
  mountUuid: string,
  identity: ClientIdentity,
  book: TicketBook | undefined,
  now: Date,
): TicketAdmission {
  const tickets = headerTickets(header);
  if (tickets.length === 0) return { grant: undefined };
  const invalid = "the ticket is not valid (unknown, expired, logged out or issued to another client)";
  if (tickets.length > 1) return refuse(ResultReason.InvalidTicket, "one Ticket credential per request");
  const ticket = tickets[0]!;
  if (
    book === undefined ||
    ticket.ticketType !== TicketType.Login ||
    !(ticket.ticketValue instanceof Uint8Array)
  )
    return refuse(ResultReason.InvalidTicket, invalid);
  const holder: TicketHolder = {
    mountUuid,
    scopeId: identity.scopeId,
    roleId: identity.roleId,
    certificateSerial: identity.certificateSerial,
  };
  const admitted = book.admit(ticket.ticketValue, holder, now);
  if (admitted.ok) return { grant: admitted.grant };
  return admitted.why === "exhausted"
    ? refuse(ResultReason.UsageLimitExceeded, "the ticket's Request Count is used up")
    : refuse(ResultReason.InvalidTicket, invalid);
}

/** Every Unique Identifier a decoded request names, at any depth. */
function namedUids(value: unknown, ctx: OperationContext, out: string[]): void {
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return;
  if (Array.isArray(value)) {
    for (const v of value) namedUids(v, ctx, out);
    return;
  }
  for (const [key, field] of Object.entries(value)) {
    if (key !== "uniqueIdentifier") namedUids(field, ctx, out);
    else for (const f of Array.isArray(field) ? field : [field]) out.push(resolveUid(f as UidField, ctx));
  }
}

function uidsOf(request: unknown, ctx: OperationContext): string[] {
  const out: string[] = [];
  namedUids(request, ctx, out);
  const top = (request as { uniqueIdentifier?: unknown } | undefined)?.uniqueIdentifier;
  // An item that names no object acts on the ID Placeholder's, where there is one.
  if (top === undefined && ctx.batch.idPlaceholder !== undefined) out.push(ctx.batch.idPlaceholder);
  return [...new Set(out)];
}

async function groupsOf(uids: readonly string[], ctx: OperationContext): Promise<Map<string, string[]>> {
  const groups = new Map<string, string[]>();
  for (const uid of uids) {
    const obj = await ctx.objects.get(ctx.scope, uid).catch(() => undefined);
    const values = (obj?.attributes ?? []).filter((a: Attribute) => a.name === "Object Group");
    groups.set(
      uid,
      values.map((a) => a.value).filter((v): v is string => typeof v === "string"),
    );
  }
  return groups;
}

/** Throws Not Authorised unless the request's delegated ticket allows this item. */
export async function checkTicketRights(
  operation: number,
  request: unknown,
  ctx: OperationContext,
): Promise<void> {
  const rights = ctx.ticket?.rights;
  if (rights === undefined) return;
  let uids: string[];
  try {
    uids = uidsOf(request, ctx);
  } catch {
    uids = []; // a reference we cannot resolve names no object a Right can list
  }
  const groups = needsGroups(rights) ? await groupsOf(uids, ctx) : new Map<string, string[]>();
  const allowed = rightsAllow(rights, { operation, uids, groupsOf: (uid) => groups.get(uid) ?? [] });
  if (!allowed) throw new KmipError(ResultReason.NotAuthorised, "the ticket's Rights do not allow this");
}
