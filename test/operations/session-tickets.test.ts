/**
 * Login, Logout and Delegated Login (KMIP 2.1 §6.1.30, §6.1.31, §6.1.12) and what a request
 * carrying their ticket may do (`ticket-session.ts`): bound to the identity that logged in, lease
 * and Request Count enforced, Logout final, delegated Rights enforced per item.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialType, Operation, ResultReason, TicketType } from "../../src/kmip/generated/enums.js";
import type { RequestHeader } from "../../src/kmip/messages.js";
import { Create } from "../../src/operations/create.js";
import { DelegatedLogin } from "../../src/operations/delegated-login.js";
import { Login } from "../../src/operations/login.js";
import { Logout } from "../../src/operations/logout.js";
import { SESSION_OPERATIONS } from "../../src/operations/session-set.js";
import { admitTicket, checkTicketRights } from "../../src/operations/ticket-session.js";
import type { ClientIdentity, OperationContext } from "../../src/operations/types.js";
import { TicketBook } from "../../src/policy/ticket-book.js";
import { createAes, type Harness, harness, reasonOf, run, SCOPE_B } from "./harness.js";

let h: Harness;
let book: TicketBook;
beforeEach(() => {
  h = harness();
  book = new TicketBook();
});
afterEach(async () => h.close());

function ctx(options: { serial?: string; scope?: typeof SCOPE_B } = {}): OperationContext {
  const base = h.ctx(21, options.scope === undefined ? {} : { scope: options.scope });
  const identity = { ...base.identity, certificateSerial: options.serial ?? "1" };
  return { ...base, identity, tickets: book };
}

function header(value: Uint8Array, ticketType: number = TicketType.Login): RequestHeader {
  const ticket = { ticketType, ticketValue: value };
  return {
    protocolVersion: { protocolVersionMajor: 2, protocolVersionMinor: 1 },
    batchCount: 1,
    authentication: { credential: [{ credentialType: CredentialType.Ticket, credentialValue: { ticket } }] },
  } as unknown as RequestHeader;
}

const admit = (value: Uint8Array, c: OperationContext) =>
  admitTicket(header(value), c.scope.mountUuid, c.identity as ClientIdentity, book, c.now());

async function login(c: OperationContext, request = {}) {
  const { response } = await run(Login, request, c);
  expect(response.ticket.ticketType).toBe(TicketType.Login);
  expect(response.ticket.ticketValue.length).toBe(32);
  return response.ticket.ticketValue;
}

describe("Login (2.1 §6.1.30)", () => {
  it("is registered with Logout, Delegated Login, Export and Import", () => {
    expect(SESSION_OPERATIONS.map((d) => d.name)).toEqual([
      "Login",
      "Logout",
      "Delegated Login",
      "Export",
      "Import",
    ]);
  });

  it("returns a ticket good for the same identity only", async () => {
    const value = await login(ctx());
    expect(admit(value, ctx()).refusal).toBeUndefined();
    const otherCert = admit(value, ctx({ serial: "2" }));
    expect(otherCert.refusal?.reason).toBe(ResultReason.InvalidTicket);
    const otherScope = admit(value, ctx({ scope: SCOPE_B }));
    expect(otherScope.refusal?.reason).toBe(ResultReason.InvalidTicket);
    expect(admit(new Uint8Array(32), ctx()).refusal?.reason).toBe(ResultReason.InvalidTicket);
    expect(admitTicket(header(value, 2), "mount-1", ctx().identity, book, h.clock.now).refusal?.reason).toBe(
      ResultReason.InvalidTicket,
    );
  });

  it("counts requests: the one past Request Count is Usage Limit Exceeded", async () => {
    const value = await login(ctx(), { requestCount: 2 });
    expect(admit(value, ctx()).refusal).toBeUndefined();
    expect(admit(value, ctx()).refusal).toBeUndefined();
    expect(admit(value, ctx()).refusal?.reason).toBe(ResultReason.UsageLimitExceeded);
  });

  it("expires after the Lease Time asked, bounded by the maximum", async () => {
    const short = await login(ctx(), { leaseTime: 60 });
    const long = await login(ctx(), { leaseTime: 10 * 86_400 });
    h.clock.now = new Date(h.clock.now.getTime() + 61_000);
    expect(admit(short, ctx()).refusal?.reason).toBe(ResultReason.InvalidTicket);
    expect(admit(long, ctx()).refusal).toBeUndefined();
    h.clock.now = new Date(h.clock.now.getTime() + 86_400_000);
    expect(admit(long, ctx()).refusal?.reason).toBe(ResultReason.InvalidTicket);
  });

  it("Lease Time 0 takes the default lease", async () => {
    const value = await login(ctx(), { leaseTime: 0 });
    h.clock.now = new Date(h.clock.now.getTime() + 3_599_000);
    expect(admit(value, ctx()).refusal).toBeUndefined();
    h.clock.now = new Date(h.clock.now.getTime() + 2_000);
    expect(admit(value, ctx()).refusal?.reason).toBe(ResultReason.InvalidTicket);
  });

  it("refuses a negative Request Count, Usage Limits, and too many tickets", async () => {
    expect(await reasonOf(Login.handler({ requestCount: -1 }, ctx()))).toBe(ResultReason.InvalidField);
    const usageLimits = { usageLimitsTotal: 10n, usageLimitsUnit: 2 };
    expect(await reasonOf(Login.handler({ usageLimits }, ctx()))).toBe(ResultReason.FeatureNotSupported);
    book = new TicketBook({ leaseDefaultMs: 1000, leaseMaxMs: 1000, perHolderMax: 1, totalMax: 10 });
    await login(ctx());
    expect(await reasonOf(Login.handler({}, ctx()))).toBe(ResultReason.ServerLimitExceeded);
    await login(ctx({ serial: "2" }));
  });

  it("a request without a Ticket credential is served on its certificate alone", () => {
    const bare = { protocolVersion: { protocolVersionMajor: 2, protocolVersionMinor: 1 }, batchCount: 1 };
    const admitted = admitTicket(
      bare as unknown as RequestHeader,
      "mount-1",
      ctx().identity,
      book,
      h.clock.now,
    );
    expect(admitted).toEqual({ grant: undefined });
  });
});

describe("Logout (2.1 §6.1.31)", () => {
  it("invalidates the ticket; a second Logout is Invalid Ticket", async () => {
    const value = await login(ctx());
    await run(Logout, { ticket: { ticketType: TicketType.Login, ticketValue: value } }, ctx());
    expect(admit(value, ctx()).refusal?.reason).toBe(ResultReason.InvalidTicket);
    const again = Logout.handler({ ticket: { ticketType: TicketType.Login, ticketValue: value } }, ctx());
    expect(await reasonOf(again)).toBe(ResultReason.InvalidTicket);
  });

  it("cannot log out another identity's ticket", async () => {
    const value = await login(ctx());
    const other = Logout.handler(
      { ticket: { ticketType: TicketType.Login, ticketValue: value } },
      ctx({ serial: "9" }),
    );
    expect(await reasonOf(other)).toBe(ResultReason.InvalidTicket);
    expect(admit(value, ctx()).refusal).toBeUndefined();
  });
});

describe("Delegated Login (2.1 §6.1.12)", () => {
  async function delegated(rights: unknown[], c = ctx()) {
    const { response } = await run(DelegatedLogin, { rights: { right: rights } } as never, c);
    const admitted = admit(response.ticket.ticketValue, c);
    expect(admitted.refusal).toBeUndefined();
    return { ...c, ticket: admitted.grant };
  }

  it("allows only the operations and objects of its Rights", async () => {
    const a = (await run(Create, createAes(), ctx())).response.uniqueIdentifier as string;
    const b = (await run(Create, createAes(), ctx())).response.uniqueIdentifier as string;
    const c = await delegated([
      { operations: { operation: [Operation.Query] } },
      { operations: { operation: [Operation.GetAttributes] }, objects: { uniqueIdentifier: [a] } },
    ]);
    await checkTicketRights(Operation.Query, {}, c);
    await checkTicketRights(Operation.GetAttributes, { uniqueIdentifier: a }, c);
    const denied = [
      checkTicketRights(Operation.Get, { uniqueIdentifier: a }, c),
      checkTicketRights(Operation.GetAttributes, { uniqueIdentifier: b }, c),
      checkTicketRights(Operation.Create, {}, c),
    ];
    for (const d of denied) expect(await reasonOf(d)).toBe(ResultReason.NotAuthorised);
  });

  it("checks an object named by the ID Placeholder, and Object Groups", async () => {
    const group = { name: "Object Group", value: "payments" };
    const a = (await run(Create, createAes(256, [group]), ctx())).response.uniqueIdentifier as string;
    const b = (await run(Create, createAes(), ctx())).response.uniqueIdentifier as string;
    const c = await delegated([
      { operations: { operation: [Operation.Get] }, objectGroups: { objectGroup: ["payments"] } },
    ]);
    await checkTicketRights(Operation.Get, { uniqueIdentifier: a }, c);
    expect(await reasonOf(checkTicketRights(Operation.Get, { uniqueIdentifier: b }, c))).toBe(
      ResultReason.NotAuthorised,
    );
    const viaPlaceholder = { ...c, batch: { idPlaceholder: b } };
    expect(await reasonOf(checkTicketRights(Operation.Get, {}, viaPlaceholder))).toBe(
      ResultReason.NotAuthorised,
    );
  });

  it("a delegated ticket cannot obtain another ticket; empty Rights are refused", async () => {
    const c = await delegated([{ operations: { operation: [Operation.Login, Operation.DelegatedLogin] } }]);
    expect(await reasonOf(Login.handler({}, c))).toBe(ResultReason.PermissionDenied);
    expect(await reasonOf(DelegatedLogin.handler({ rights: { right: [{}] } } as never, c))).toBe(
      ResultReason.PermissionDenied,
    );
    expect(await reasonOf(DelegatedLogin.handler({ rights: { right: [] } } as never, ctx()))).toBe(
      ResultReason.InvalidField,
    );
  });

  it("a Login ticket grants no restriction beyond the role", async () => {
    const value = await login(ctx());
    const grant = admit(value, ctx()).grant;
    await checkTicketRights(Operation.Destroy, { uniqueIdentifier: "x" }, { ...ctx(), ticket: grant });
  });
});
