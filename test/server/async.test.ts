/**
 * Asynchronous batch items (KMIP 1.4 §4.27 Cancel, §4.28 Poll, §6.7–6.8; 2.1 §9.2 Table 431):
 * Operation Pending with a 16-byte Asynchronous Correlation Value, the operation run at the first
 * Poll and its answer kept, Cancel before and after, scopes, roles, bounds, Mandatory, and what
 * stays synchronous. The batch layer is driven through `answerMessage` with recording handlers;
 * the last tests go through a live KMIP service over mTLS.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { KmipResponse } from "../../src/client/message.js";
import { decodeResponse } from "../../src/client/message.js";
import { createPayload } from "../../src/client/requests.js";
import { KmipError } from "../../src/kmip/errors.js";
import {
  AsynchronousIndicator,
  BatchErrorContinuationOption,
  CancellationResult,
  ObjectType,
  Operation,
  QueryFunction,
  ResultReason,
  ResultStatus,
} from "../../src/kmip/generated/enums.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { encodeRequestMessage, encodeRequestPayload, type RequestHeader } from "../../src/kmip/messages.js";
import { type KmipVersion, versionParts } from "../../src/kmip/version.js";
import { Query } from "../../src/operations/query.js";
import { buildOperationRegistry } from "../../src/operations/registry.js";
import type { ClientIdentity, OperationDef } from "../../src/operations/types.js";
import { AsyncOperations } from "../../src/server/async-table.js";
import { answerMessage, type MessageDeps } from "../../src/server/message.js";
import type { BatchItemView } from "../../src/server/options.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { DEFAULT_TTLV_LIMITS } from "../../src/ttlv/limits.js";
import { TestClient } from "./client.js";
import { type Fixture, serverInfo, startFixture } from "./fixture.js";
import { bool, enm, field, locate, request as rawRequest } from "./ttlv-builders.js";

/** Handler calls, by operation name. */
const calls: string[] = [];
const audit: string[] = [];

const defs: OperationDef[] = [
  {
    name: "Create",
    handler: async () => {
      calls.push("Create");
      return { objectType: ObjectType.SymmetricKey, uniqueIdentifier: `uid-${calls.length}` };
    },
  },
  {
    name: "Locate",
    handler: async () => {
      calls.push("Locate");
      return { uniqueIdentifier: ["uid-located"] };
    },
  },
  {
    name: "Destroy",
    handler: async () => {
      calls.push("Destroy");
      throw new KmipError(ResultReason.ItemNotFound, "no such object");
    },
  },
  Query as OperationDef,
];
const operations = buildOperationRegistry(defs);
const storage = SqliteStorage.open({ path: ":memory:" });

/** `null`: a service that keeps no asynchronous operations. */
function deps(table: AsyncOperations | null = new AsyncOperations()): MessageDeps {
  const log = () => undefined;
  const name = (v: BatchItemView) => (v.operation === undefined ? "?" : String(v.operation));
  return {
    operations,
    serverInfo: serverInfo(() => [...operations.keys()]),
    objects: storage.objects,
    sealer: { seal: (p) => p, open: (p) => p },
    now: () => new Date(),
    logger: { info: log, warn: log, error: log },
    ttlvLimits: DEFAULT_TTLV_LIMITS,
    asynchronous: table ?? undefined,
    audit: {
      request: (v) => audit.push(`request ${name(v)}`),
      response: (v, a) => audit.push(`response ${name(v)} ${a.resultStatus}`),
    },
  };
}

function identity(scopeId: string, allowed = ["Create", "Locate", "Destroy", "Query"]): ClientIdentity {
  return {
    scopeName: scopeId,
    scopeId,
    roleName: "role",
    roleId: "role-id",
    certificateSerial: "1",
    operations: new Set(allowed) as ClientIdentity["operations"],
  };
}

const alice = identity("scope-a");
const bob = identity("scope-b");

interface Item {
  readonly operation: number;
  readonly payload: unknown;
}

const create: Item = {
  operation: Operation.Create,
  payload: createPayload({ algorithm: "AES", length: 128 }),
};
const locateItem: Item = { operation: Operation.Locate, payload: { attributes: [] } };
const destroyItem: Item = { operation: Operation.Destroy, payload: { uniqueIdentifier: "missing" } };
const poll = (value: Uint8Array): Item => ({
  operation: Operation.Poll,
  payload: { asynchronousCorrelationValue: value },
});
const cancel = (value: Uint8Array): Item => ({
  operation: Operation.Cancel,
  payload: { asynchronousCorrelationValue: value },
});

/** 1.x: Asynchronous Indicator True; 2.x: the enumeration value given. */
const asyncHeader = (version: KmipVersion, indicator?: number): Partial<RequestHeader> => ({
  asynchronousIndicator: version < 20 ? true : (indicator ?? AsynchronousIndicator.Optional),
});

async function send(
  d: MessageDeps,
  who: ClientIdentity,
  items: Item[],
  options: { version?: KmipVersion; header?: Partial<RequestHeader> } = {},
): Promise<KmipResponse> {
  const version = options.version ?? 14;
  const { major, minor } = versionParts(version);
  const ids = items.map((_, n) => (items.length > 1 ? Uint8Array.of(n + 1) : undefined));
  const batchItem = items.map((item, n) => ({
    operation: item.operation,
    uniqueBatchItemID: ids[n],
    requestPayload: encodeRequestPayload(item.operation, item.payload, version),
    messageExtension: [],
  }));
  const requestHeader = {
    protocolVersion: { protocolVersionMajor: major, protocolVersionMinor: minor },
    attestationType: [],
    batchCount: items.length,
    ...options.header,
  } as RequestHeader;
  const bytes = encodeTtlv(encodeRequestMessage({ requestHeader, batchItem }, version));
  const session = { mountUuid: "mount", identity: who, logFields: {} };
  const answer = await answerMessage(bytes, d, session);
  return decodeResponse(
    answer,
    items.map((i) => ({ operation: i.operation, payload: i.payload })),
    ids,
  );
}

function only(r: KmipResponse) {
  expect(r.batchItems).toHaveLength(1);
  return r.batchItems[0]!;
}

/** Sends `item` allowing asynchronous answers and returns its correlation value (it must be pending). */
async function pending(d: MessageDeps, who: ClientIdentity, item: Item, version: KmipVersion = 14) {
  const answer = only(await send(d, who, [item], { version, header: asyncHeader(version) }));
  expect(answer.resultStatus).toBe(ResultStatus.OperationPending);
  expect(answer.operation).toBe(item.operation);
  expect(answer.payload).toBeUndefined();
  expect(answer.asynchronousCorrelationValue).toHaveLength(16);
  return answer.asynchronousCorrelationValue!;
}

beforeEach(() => {
  calls.length = 0;
  audit.length = 0;
});

afterAll(async () => {
  await storage.close();
});

describe("Operation Pending, then Poll", () => {
  it("defers the item without running it; the first Poll runs it and answers as the operation", async () => {
    const d = deps();
    const value = await pending(d, alice, locateItem);
    expect(calls).toEqual([]);
    const answer = only(await send(d, alice, [poll(value)]));
    expect(answer.operation).toBe(Operation.Locate);
    expect(answer.resultStatus).toBe(ResultStatus.Success);
    expect(answer.payload).toMatchObject({ uniqueIdentifier: ["uid-located"] });
    expect(calls).toEqual(["Locate"]);
    // A repeated Poll gets the same answer; the operation does not run again.
    const again = only(await send(d, alice, [poll(value)]));
    expect([again.operation, again.resultStatus, again.payload]).toEqual([
      answer.operation,
      answer.resultStatus,
      answer.payload,
    ]);
    expect(calls).toEqual(["Locate"]);
  });

  it("audits the pending answer, the Poll, and the operation when it runs", async () => {
    const d = deps();
    const value = await pending(d, alice, locateItem);
    await send(d, alice, [poll(value)]);
    const [L, P] = [Operation.Locate, Operation.Poll];
    const { OperationPending: pend, Success: ok } = ResultStatus;
    expect(audit).toEqual([
      `request ${L}`,
      `response ${L} ${pend}`,
      `request ${P}`,
      `request ${L}`,
      `response ${L} ${ok}`,
      `response ${P} ${ok}`,
    ]);
  });

  it("answers a failed operation's failure, with its Operation and Result Reason", async () => {
    const d = deps();
    const value = await pending(d, alice, destroyItem);
    const answer = only(await send(d, alice, [poll(value)]));
    expect(answer.operation).toBe(Operation.Destroy);
    expect([answer.resultStatus, answer.resultReason]).toEqual([
      ResultStatus.OperationFailed,
      ResultReason.ItemNotFound,
    ]);
  });

  it("polls a 1.2 item from a 1.4 message: the answer is the one the 1.2 request would have had", async () => {
    const d = deps();
    const value = await pending(d, alice, create, 12);
    const answer = only(await send(d, alice, [poll(value)], { version: 14 }));
    expect([answer.operation, answer.resultStatus]).toEqual([Operation.Create, ResultStatus.Success]);
    expect(answer.payload).toMatchObject({ uniqueIdentifier: "uid-1" });
  });
});

describe("Cancel", () => {
  it("before the first Poll: Canceled, and the operation never runs", async () => {
    const d = deps();
    const value = await pending(d, alice, create);
    const canceled = only(await send(d, alice, [cancel(value)]));
    expect([canceled.operation, canceled.resultStatus]).toEqual([Operation.Cancel, ResultStatus.Success]);
    expect(canceled.payload).toEqual({
      asynchronousCorrelationValue: value,
      cancellationResult: CancellationResult.Canceled,
    });
    const polled = only(await send(d, alice, [poll(value)]));
    expect([polled.operation, polled.resultStatus, polled.resultReason]).toEqual([
      Operation.Create,
      ResultStatus.OperationFailed,
      ResultReason.OperationCanceledByRequester,
    ]);
    const twice = only(await send(d, alice, [cancel(value)]));
    expect(twice.payload).toMatchObject({ cancellationResult: CancellationResult.Canceled });
    expect(calls).toEqual([]);
  });

  it("after a Poll: Completed for a success, Failed for a failure", async () => {
    const d = deps();
    const done = await pending(d, alice, locateItem);
    const failed = await pending(d, alice, destroyItem);
    await send(d, alice, [poll(done)]);
    await send(d, alice, [poll(failed)]);
    const r = await send(d, alice, [cancel(done), cancel(failed)]);
    expect(r.batchItems.map((i) => (i.payload as { cancellationResult: number }).cancellationResult)).toEqual(
      [CancellationResult.Completed, CancellationResult.Failed],
    );
  });

  it("while the operation runs: Unable To Cancel", async () => {
    let release: () => void = () => undefined;
    const slow: OperationDef = {
      name: "Locate",
      handler: () =>
        new Promise((resolve) => {
          release = () => resolve({ uniqueIdentifier: ["slow"] });
        }),
    };
    const d = { ...deps(), operations: buildOperationRegistry([slow]) };
    const value = await pending(d, alice, locateItem);
    const polling = send(d, alice, [poll(value)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const r = only(await send(d, alice, [cancel(value)]));
    expect(r.payload).toMatchObject({ cancellationResult: CancellationResult.UnableToCancel });
    release();
    expect(only(await polling).payload).toMatchObject({ uniqueIdentifier: ["slow"] });
  });
});

describe("unknown values, scopes and roles", () => {
  it("an unknown value: Poll Item Not Found (1.x) or Invalid Asynchronous Correlation Value (2.x); Cancel Unavailable", async () => {
    const d = deps();
    const value = new Uint8Array(16).fill(7);
    const p14 = only(await send(d, alice, [poll(value)]));
    expect([p14.operation, p14.resultStatus, p14.resultReason]).toEqual([
      Operation.Poll,
      ResultStatus.OperationFailed,
      ResultReason.ItemNotFound,
    ]);
    const p21 = only(await send(d, alice, [poll(value)], { version: 21 }));
    expect(p21.resultReason).toBe(ResultReason.InvalidAsynchronousCorrelationValue);
    const c = only(await send(d, alice, [cancel(value)]));
    expect([c.resultStatus, c.payload]).toEqual([
      ResultStatus.Success,
      { asynchronousCorrelationValue: value, cancellationResult: CancellationResult.Unavailable },
    ]);
  });

  it("another scope can neither poll nor cancel it; the owner still can", async () => {
    const d = deps();
    const value = await pending(d, alice, locateItem);
    expect(only(await send(d, bob, [poll(value)])).resultReason).toBe(ResultReason.ItemNotFound);
    const c = only(await send(d, bob, [cancel(value)]));
    expect(c.payload).toMatchObject({ cancellationResult: CancellationResult.Unavailable });
    expect(calls).toEqual([]);
    expect(only(await send(d, alice, [poll(value)])).resultStatus).toBe(ResultStatus.Success);
  });

  it("checks the role for the original operation at Poll time, without using the entry up", async () => {
    const d = deps();
    const value = await pending(d, alice, locateItem);
    const narrowed = identity("scope-a", ["Create"]);
    const denied = only(await send(d, narrowed, [poll(value)]));
    expect([denied.operation, denied.resultReason]).toEqual([Operation.Poll, ResultReason.PermissionDenied]);
    expect(only(await send(d, narrowed, [cancel(value)])).resultReason).toBe(ResultReason.PermissionDenied);
    expect(calls).toEqual([]);
    expect(only(await send(d, alice, [poll(value)])).resultStatus).toBe(ResultStatus.Success);
    // An answer already kept is not given to a role that may not have it either.
    expect(only(await send(d, narrowed, [poll(value)])).resultReason).toBe(ResultReason.PermissionDenied);
  });

  it("forgets an entry after its lifetime", async () => {
    let now = 0;
    const d = deps(new AsyncOperations({ ttlMs: 1000 }, () => now));
    const value = await pending(d, alice, locateItem);
    now = 1000;
    expect(only(await send(d, alice, [poll(value)])).resultReason).toBe(ResultReason.ItemNotFound);
    expect(calls).toEqual([]);
  });
});

describe("what stays synchronous", () => {
  it("past the bound, the item is answered synchronously (2.x Mandatory: Server Limit Exceeded)", async () => {
    const table = new AsyncOperations({ entriesPerScopeMax: 1 });
    const d = deps(table);
    await pending(d, alice, locateItem);
    const sync = only(await send(d, alice, [locateItem], { header: asyncHeader(14) }));
    expect(sync.resultStatus).toBe(ResultStatus.Success);
    expect(calls).toEqual(["Locate"]);
    const header = asyncHeader(21, AsynchronousIndicator.Mandatory);
    const refused = only(await send(d, alice, [locateItem], { version: 21, header }));
    expect(refused.resultReason).toBe(ResultReason.ServerLimitExceeded);
    // Another scope has a table of its own.
    await pending(d, bob, locateItem);
  });

  it("bounds the bytes kept per scope too, and forgets a detached mount's entries", async () => {
    const small = deps(new AsyncOperations({ bytesPerScopeMax: 8 }));
    const sync = only(await send(small, alice, [create], { header: asyncHeader(14) }));
    expect(sync.resultStatus).toBe(ResultStatus.Success);
    const table = new AsyncOperations();
    const d = deps(table);
    const kept = await pending(d, alice, locateItem);
    table.dropMount("other-mount");
    expect(only(await send(d, alice, [poll(kept)])).resultStatus).toBe(ResultStatus.Success);
    const dropped = await pending(d, alice, locateItem);
    table.dropMount("mount");
    expect(only(await send(d, alice, [poll(dropped)])).resultReason).toBe(ResultReason.ItemNotFound);
    expect(calls).toEqual(["Create", "Locate"]);
  });

  it("never defers without the indicator, for 2.x Prohibited, or for several items or an Undo batch", async () => {
    const d = deps();
    const statuses = (r: KmipResponse) => r.batchItems.map((i) => i.resultStatus);
    expect(statuses(await send(d, alice, [locateItem]))).toEqual([ResultStatus.Success]);
    const prohibited = { asynchronousIndicator: AsynchronousIndicator.Prohibited };
    expect(statuses(await send(d, alice, [locateItem], { version: 21, header: prohibited }))).toEqual([
      ResultStatus.Success,
    ]);
    expect(statuses(await send(d, alice, [locateItem, create], { header: asyncHeader(14) }))).toEqual([
      ResultStatus.Success,
      ResultStatus.Success,
    ]);
    const undo = { ...asyncHeader(14), batchErrorContinuationOption: BatchErrorContinuationOption.Undo };
    expect(statuses(await send(d, alice, [locateItem], { header: undo }))).toEqual([ResultStatus.Success]);
    expect(calls).toEqual(["Locate", "Locate", "Locate", "Create", "Locate"]);
  });

  it("answers Query at once, and it advertises Poll, Cancel and the Asynchronous Capability", async () => {
    const queryItem: Item = {
      operation: Operation.Query,
      payload: { queryFunction: [QueryFunction.QueryOperations, QueryFunction.QueryCapabilities] },
    };
    const served = only(await send(deps(), alice, [queryItem], { header: asyncHeader(14) }));
    expect(served.resultStatus).toBe(ResultStatus.Success);
    const payload = served.payload as {
      operation: number[];
      capabilityInformation: { asynchronousCapability: boolean }[];
    };
    expect(payload.operation).toEqual(expect.arrayContaining([Operation.Poll, Operation.Cancel]));
    expect(payload.capabilityInformation[0]?.asynchronousCapability).toBe(true);
    // A service that keeps no asynchronous operations claims neither.
    const plain = only(await send(deps(null), alice, [queryItem])).payload as typeof payload;
    expect(plain.operation).not.toContain(Operation.Poll);
    expect(plain.capabilityInformation[0]?.asynchronousCapability).toBe(false);
  });

  it("refuses Poll and Cancel in an Undo batch: they could not be undone", async () => {
    const d = deps();
    const value = await pending(d, alice, locateItem);
    const undo = { batchErrorContinuationOption: BatchErrorContinuationOption.Undo };
    const r = await send(d, alice, [poll(value), cancel(value)], { header: undo });
    // The Poll fails, so the batch stops there (Undo stops at the first failure, 1.4 §6.13).
    expect(r.batchItems.map((i) => [i.operation, i.resultReason])).toEqual([
      [Operation.Poll, ResultReason.FeatureNotSupported],
    ]);
    const alone = only(await send(d, alice, [cancel(value)], { header: undo }));
    expect(alone.resultReason).toBe(ResultReason.FeatureNotSupported);
    // The entry is untouched: still pending, so a plain Cancel cancels it.
    const c = only(await send(d, alice, [cancel(value)]));
    expect(c.payload).toMatchObject({ cancellationResult: CancellationResult.Canceled });
    expect(calls).toEqual([]);
  });
});

describe("2.x Asynchronous Indicator Mandatory", () => {
  const mandatory = asyncHeader(21, AsynchronousIndicator.Mandatory);

  it("defers a single item, and answers Poll and Query in the same mode synchronously", async () => {
    const d = deps();
    const answer = only(await send(d, alice, [locateItem], { version: 21, header: mandatory }));
    expect(answer.resultStatus).toBe(ResultStatus.OperationPending);
    const polled = only(
      await send(d, alice, [poll(answer.asynchronousCorrelationValue!)], { version: 21, header: mandatory }),
    );
    expect([polled.operation, polled.resultStatus]).toEqual([Operation.Locate, ResultStatus.Success]);
    const query: Item = {
      operation: Operation.Query,
      payload: { queryFunction: [QueryFunction.QueryOperations] },
    };
    const queried = only(await send(d, alice, [query], { version: 21, header: mandatory }));
    expect(queried.resultStatus).toBe(ResultStatus.Success);
  });

  it("refuses what it cannot defer: several items, an Undo batch, a service without the table", async () => {
    const two = await send(deps(), alice, [locateItem, create], { version: 21, header: mandatory });
    expect(two.batchItems.map((i) => i.resultReason)).toEqual([
      ResultReason.FeatureNotSupported,
      ResultReason.FeatureNotSupported,
    ]);
    const undo = { ...mandatory, batchErrorContinuationOption: BatchErrorContinuationOption.Undo };
    const u = only(await send(deps(), alice, [locateItem], { version: 21, header: undo }));
    expect(u.resultReason).toBe(ResultReason.FeatureNotSupported);
    const none = only(await send(deps(null), alice, [locateItem], { version: 21, header: mandatory }));
    expect(none.resultReason).toBe(ResultReason.FeatureNotSupported);
    expect(calls).toEqual([]);
  });
});

describe("through a live KMIP service", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx.close();
  });

  it("answers Pending on one connection and the result on a Poll from another", async () => {
    const tls = await fx.credential();
    const [first, second] = [
      await TestClient.connect(fx.port(), tls),
      await TestClient.connect(fx.port(), tls),
    ];
    try {
      const r = await first.roundTrip(
        rawRequest([1, 4], [locate()], [bool(Tag.AsynchronousIndicator, true)]),
      );
      expect(field(r.items[0], Tag.ResultStatus)).toBe(ResultStatus.OperationPending);
      const value = field(r.items[0], Tag.AsynchronousCorrelationValue) as Uint8Array;
      expect(fx.seen).toEqual([]);
      const payload = [{ tag: Tag.AsynchronousCorrelationValue, type: 8, value } as never];
      const polled = await second.roundTrip(rawRequest([1, 4], [{ operation: Operation.Poll, payload }]));
      expect(field(polled.items[0], Tag.Operation)).toBe(Operation.Locate);
      expect(field(polled.items[0], Tag.ResultStatus)).toBe(ResultStatus.Success);
      expect(fx.seen.map((s) => s.operation)).toEqual(["Locate"]);
      const mandatory = [enm(Tag.AsynchronousIndicator, AsynchronousIndicator.Mandatory)];
      const m = await first.roundTrip(rawRequest([2, 1], [locate()], mandatory));
      expect(field(m.items[0], Tag.ResultStatus)).toBe(ResultStatus.OperationPending);
    } finally {
      first.close();
      second.close();
    }
  });
});
