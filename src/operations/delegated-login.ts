/**
 * Delegated Login — KMIP 2.1 §6.1.12 Tables 199–201: a ticket whose requests "MUST only be
 * permitted to perform the operations specified in the Rights section" — those "allowed by at
 * least one of the contained Right structures" (Right §7.34, Rights §7.35).
 *
 * - Each Right becomes a restriction on operations, objects and object groups
 *   (`policy/ticket-rights.ts`); the batch layer enforces it on every item of every request that
 *   carries the ticket (`ticket-session.ts`). The role still applies: a ticket never grants more.
 * - An object named by the ID Placeholder (2.x Unique Identifier enumeration) is resolved now.
 * - Rights with no Right would allow nothing (Invalid Field); a Right's Usage Limits are refused
 *   as the request's are (Feature Not Supported, `ticket-issue.ts`).
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { DelegatedLoginRequest, DelegatedLoginResponse } from "../kmip/payloads/session.js";
import type { TicketRight } from "../policy/ticket-rights.js";
import { resolveUid, type UidField } from "./objects.js";
import { featureNotSupported } from "./reasons.js";
import { issueTicket, ticketTerms } from "./ticket-issue.js";
import type { OperationContext, OperationDef } from "./types.js";

type RightValue = NonNullable<DelegatedLoginRequest["rights"]["right"]>[number];

function rightOf(right: RightValue, ctx: OperationContext): TicketRight {
  if (right.usageLimits !== undefined)
    throw featureNotSupported("Usage Limits in a Right are not supported; use Request Count and Lease Time");
  const uids = right.objects?.uniqueIdentifier as readonly UidField[] | undefined;
  return {
    operations: right.operations === undefined ? undefined : new Set(right.operations.operation ?? []),
    objects: uids === undefined ? undefined : new Set(uids.map((u) => resolveUid(u, ctx))),
    objectGroups:
      right.objectGroups === undefined ? undefined : new Set(right.objectGroups.objectGroup ?? []),
  };
}

export const DelegatedLogin: OperationDef<DelegatedLoginRequest, DelegatedLoginResponse> = {
  name: "Delegated Login",
  handler: async (request, ctx) => {
    const terms = ticketTerms(request, ctx);
    const given = request.rights.right ?? [];
    if (given.length === 0)
      throw new KmipError(ResultReason.InvalidField, "Rights must hold at least one Right");
    const rights = given.map((r) => rightOf(r, ctx));
    return { ticket: issueTicket(ctx, Object.assign({}, terms, { rights })) };
  },
};
