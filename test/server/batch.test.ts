/**
 * One request message → one response message, over a live mTLS connection: version echo and
 * gating, Unique Batch Item ID echo, the ID Placeholder, Batch Error Continuation, Maximum
 * Response Size, Message Extensions, the Asynchronous Indicator, errors and their reasons.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AsynchronousIndicator,
  BatchErrorContinuationOption,
  Operation,
  ResultReason,
  ResultStatus,
} from "../../src/kmip/generated/enums.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { decodeResponseMessage } from "../../src/kmip/messages.js";
import { TestClient } from "./client.js";
import { type Fixture, startFixture } from "./fixture.js";
import {
  activate,
  bool,
  destroy,
  enm,
  field,
  type ItemSpec,
  int,
  locate,
  request,
  s,
  text,
} from "./ttlv-builders.js";

let fx: Fixture;
let client: TestClient;
beforeAll(async () => {
  fx = await startFixture();
  client = await TestClient.connect(fx.port(), await fx.credential());
});
afterAll(async () => {
  client.close();
  await fx.close();
});
beforeEach(() => {
  fx.seen.length = 0;
});

const statuses = (r: { items: Map<number, unknown>[] }) =>
  r.items.map((i) => field(i as never, Tag.ResultStatus));
const reasons = (r: { items: Map<number, unknown>[] }) =>
  r.items.map((i) => field(i as never, Tag.ResultReason));

describe("protocol versions", () => {
  it("answers 1.0 without any 1.4 header field; 1.4+ with a Server Correlation Value only after a Client one", async () => {
    const header = [text(Tag.ClientCorrelationValue, "client-42")];
    const r10 = await client.roundTrip(request([1, 0], [locate()], header));
    expect(r10.version).toEqual([1, 0]);
    expect(r10.headerTags).toEqual([Tag.ProtocolVersion, Tag.TimeStamp, Tag.BatchCount]);
    // A strict 1.0 decoder accepts it (Vault GH-24309 broke exactly this).
    expect(() => decodeResponseMessage(r10.tree, 10, { strictVersion: true })).not.toThrow();

    const r14 = await client.roundTrip(request([1, 4], [locate()], header));
    expect(r14.version).toEqual([1, 4]);
    expect(field(r14.header, Tag.ClientCorrelationValue)).toBe("client-42");
    expect(field(r14.header, Tag.ServerCorrelationValue)).toMatch(/^[0-9a-f-]{36}$/);

    const r21 = await client.roundTrip(request([2, 1], [activate("x")], header));
    expect(r21.version).toEqual([2, 1]);
    expect(r21.header.has(Tag.ServerCorrelationValue)).toBe(true);
    // Without a Client Correlation Value, none: PyKMIP 0.10 (1.4, 2.0) cannot parse the field.
    const plain = await client.roundTrip(request([1, 4], [activate("x")]));
    expect(plain.headerTags).toEqual([Tag.ProtocolVersion, Tag.TimeStamp, Tag.BatchCount]);
    expect(fx.seen.map((x) => x.version)).toEqual([10, 14, 21, 14]);
  });

  it("serves mixed versions on one connection and answers each in its own", async () => {
    for (const v of [
      [1, 2],
      [1, 0],
      [2, 0],
      [1, 3],
    ] as [number, number][]) {
      const r = await client.roundTrip(request(v, [activate("x")]));
      expect([r.version, statuses(r)]).toEqual([v, [ResultStatus.Success]]);
    }
  });

  it("gates operations by version: Discover Versions is not in 1.0", async () => {
    const r10 = await client.roundTrip(request([1, 0], [{ operation: Operation.DiscoverVersions }]));
    expect(reasons(r10)).toEqual([ResultReason.OperationNotSupported]);
    expect(field(r10.items[0], Tag.Operation)).toBe(Operation.DiscoverVersions);
    const r11 = await client.roundTrip(request([1, 1], [{ operation: Operation.DiscoverVersions }]));
    expect(statuses(r11)).toEqual([ResultStatus.Success]);
  });

  it("reads a newer minor as our newest of that major; refuses another major", async () => {
    expect((await client.roundTrip(request([1, 7], [locate()]))).version).toEqual([1, 4]);
    const r30 = await client.roundTrip(request([3, 0], [locate()]));
    expect(r30.version).toEqual([2, 1]);
    expect(r30.items[0]?.has(Tag.Operation)).toBe(false);
    expect(reasons(r30)).toEqual([ResultReason.InvalidMessage]);
  });
});

describe("batch items", () => {
  it("echoes Operation and Unique Batch Item ID, and shares the ID Placeholder", async () => {
    const r = await client.roundTrip(request([1, 2], [locate(7), activate(undefined, 9)]));
    expect(statuses(r)).toEqual([ResultStatus.Success, ResultStatus.Success]);
    expect(r.items.map((i) => [...(field(i, Tag.UniqueBatchItemID) as Uint8Array)])).toEqual([[7], [9]]);
    expect(r.items.map((i) => field(i, Tag.Operation))).toEqual([Operation.Locate, Operation.Activate]);
    const payload = r.items[1]?.get(Tag.ResponsePayload);
    expect(payload?.value).toEqual([text(Tag.UniqueIdentifier, `uid-${fx.seen[0]?.scopeId}`)]);
  });

  it("stops at the first failure by default and returns no response for the rest", async () => {
    const r = await client.roundTrip(request([1, 4], [locate(1), destroy(2), activate("x", 3)]));
    expect(statuses(r)).toEqual([ResultStatus.Success, ResultStatus.OperationFailed]);
    expect(field(r.header, Tag.BatchCount)).toBe(2);
    expect(fx.seen.map((x) => x.operation)).toEqual(["Locate", "Destroy"]);
    const stop = [enm(Tag.BatchErrorContinuationOption, BatchErrorContinuationOption.Stop)];
    expect((await client.roundTrip(request([1, 4], [destroy(1), locate(2)], stop))).items).toHaveLength(1);
  });

  it("continues after a failure with Continue", async () => {
    const header = [enm(Tag.BatchErrorContinuationOption, BatchErrorContinuationOption.Continue)];
    const r = await client.roundTrip(request([1, 4], [destroy(1), activate("x", 2)], header));
    expect(statuses(r)).toEqual([ResultStatus.OperationFailed, ResultStatus.Success]);
    expect(reasons(r)).toEqual([ResultReason.ItemNotFound, undefined]);
  });

  it("Undo: a failure answers the items before it Operation Undone (payload kept) and stops", async () => {
    const header = [enm(Tag.BatchErrorContinuationOption, BatchErrorContinuationOption.Undo)];
    const r = await client.roundTrip(
      request([1, 4], [locate(1), activate("x", 2), destroy(3), locate(4)], header),
    );
    expect(statuses(r)).toEqual([
      ResultStatus.OperationUndone,
      ResultStatus.OperationUndone,
      ResultStatus.OperationFailed,
    ]);
    expect(reasons(r)).toEqual([undefined, undefined, ResultReason.ItemNotFound]);
    expect(field(r.items[1], Tag.ResponsePayload)).toBeDefined();
    expect(fx.seen.map((x) => x.operation)).toEqual(["Locate", "Activate", "Destroy"]);
    const ok = await client.roundTrip(request([1, 4], [locate(1), activate("x", 2)], header));
    expect(statuses(ok)).toEqual([ResultStatus.Success, ResultStatus.Success]);
  });

  it("processes in order whatever the Batch Order Option", async () => {
    const header = [bool(Tag.BatchOrderOption, false)];
    const r = await client.roundTrip(request([1, 4], [locate(1), activate(undefined, 2)], header));
    expect(statuses(r)).toEqual([ResultStatus.Success, ResultStatus.Success]);
  });

  it("fails only the item whose payload does not decode", async () => {
    const bad: ItemSpec = { operation: Operation.Activate, payload: [int(Tag.UniqueIdentifier, 5)], id: 2 };
    const header = [enm(Tag.BatchErrorContinuationOption, BatchErrorContinuationOption.Continue)];
    const r = await client.roundTrip(request([1, 4], [locate(1), bad, activate("y", 3)], header));
    expect(statuses(r)).toEqual([ResultStatus.Success, ResultStatus.OperationFailed, ResultStatus.Success]);
    expect(reasons(r)[1]).toBe(ResultReason.InvalidMessage);
    expect(field(r.items[1], Tag.Operation)).toBe(Operation.Activate);
  });

  it("answers unknown and handler-less operations with Operation Not Supported", async () => {
    const r = await client.roundTrip(request([1, 4], [{ operation: 0x7f }, { operation: Operation.Check }]));
    expect(reasons(r)).toEqual([ResultReason.OperationNotSupported]);
    const header = [enm(Tag.BatchErrorContinuationOption, BatchErrorContinuationOption.Continue)];
    const both = await client.roundTrip(
      request([1, 4], [{ operation: 0x7f }, { operation: Operation.Check }], header),
    );
    expect(reasons(both)).toEqual([ResultReason.OperationNotSupported, ResultReason.OperationNotSupported]);
    expect(field(both.items[0], Tag.Operation)).toBe(0x7f);
  });

  it("hides internal causes behind General Failure and a reference id", async () => {
    const revoke = {
      operation: Operation.Revoke,
      payload: [text(Tag.UniqueIdentifier, "x"), s(Tag.RevocationReason, [enm(Tag.RevocationReasonCode, 1)])],
    };
    const header = [enm(Tag.BatchErrorContinuationOption, BatchErrorContinuationOption.Continue)];
    const r = await client.roundTrip(request([1, 4], [{ operation: Operation.Get }, revoke], header));
    expect(reasons(r)).toEqual([ResultReason.GeneralFailure, ResultReason.GeneralFailure]);
    const message = field(r.items[0], Tag.ResultMessage) as string;
    expect(message).toMatch(/^internal error \(reference [0-9a-f]{12}\)$/);
    expect(message).not.toContain("secret");
    expect(field(r.items[1], Tag.ResultMessage)).toMatch(/cannot be expressed in KMIP 1\.4 \(reference/);
    const reference = /reference ([0-9a-f]+)/.exec(message)?.[1];
    expect(fx.logs.some((l) => l.obj.reference === reference && l.level === "error")).toBe(true);
    // A KmipError's cause is logged, not sent.
    const destroyed = await client.roundTrip(request([1, 4], [destroy()]));
    expect(field(destroyed.items[0], Tag.ResultMessage)).toBe("no such object");
  });

  it("tolerates a Credential in the header", async () => {
    const credential = s(Tag.Authentication, [
      s(Tag.Credential, [
        enm(Tag.CredentialType, 1),
        s(Tag.CredentialValue, [text(Tag.Username, "vcenter"), text(Tag.Password, "hunter2")]),
      ]),
    ]);
    const r = await client.roundTrip(request([1, 1], [locate()], [credential]));
    expect(statuses(r)).toEqual([ResultStatus.Success]);
    expect(JSON.stringify(fx.logs)).not.toContain("hunter2");
  });
});

describe("header options", () => {
  it("answers Response Too Large past the Maximum Response Size (TC-121)", async () => {
    const query = { operation: Operation.Query, payload: [enm(Tag.QueryFunction, 1)] };
    const small = await client.roundTrip(request([1, 2], [query], [int(Tag.MaximumResponseSize, 256)]));
    expect(reasons(small)).toEqual([ResultReason.ResponseTooLarge]);
    expect(field(small.items[0], Tag.ResultMessage)).toMatch(
      /Maximum Response Size indicated in request: 256/,
    );
    const big = await client.roundTrip(request([1, 2], [query], [int(Tag.MaximumResponseSize, 8192)]));
    expect(statuses(big)).toEqual([ResultStatus.Success]);
    const bad = await client.roundTrip(request([1, 2], [query], [int(Tag.MaximumResponseSize, -1)]));
    expect(reasons(bad)).toEqual([ResultReason.InvalidField]);
  });

  it("rejects a message with a critical Message Extension (TC-72), ignores a non-critical one", async () => {
    const extension = (critical: boolean) =>
      s(Tag.MessageExtension, [
        text(Tag.VendorIdentification, "Acme"),
        bool(Tag.CriticalityIndicator, critical),
        s(Tag.VendorExtension, [text(0x540001, "na")]),
      ]);
    const critical = await client.roundTrip(
      request([1, 2], [locate(1), { ...activate("x", 2), extra: [extension(true)] }]),
    );
    expect(reasons(critical)).toEqual([ResultReason.FeatureNotSupported, ResultReason.FeatureNotSupported]);
    expect(field(critical.items[1], Tag.ResultMessage)).toBe("critical Message Extension not recognized");
    expect(fx.seen).toEqual([]);
    const benign = await client.roundTrip(request([1, 2], [{ ...locate(), extra: [extension(false)] }]));
    expect(statuses(benign)).toEqual([ResultStatus.Success]);
  });

  it("answers a lone item Pending when asynchronous responses are allowed (async.test.ts), a batch of several at once", async () => {
    const r12 = await client.roundTrip(request([1, 2], [locate()], [bool(Tag.AsynchronousIndicator, true)]));
    expect(statuses(r12)).toEqual([ResultStatus.OperationPending]);
    const optional = [enm(Tag.AsynchronousIndicator, AsynchronousIndicator.Optional)];
    expect(
      statuses(await client.roundTrip(request([2, 1], [activate("x"), activate("y")], optional))),
    ).toEqual([ResultStatus.Success, ResultStatus.Success]);
    // Mandatory over several items is not something we do: the message is refused whole.
    const mandatory = [enm(Tag.AsynchronousIndicator, AsynchronousIndicator.Mandatory)];
    const r21 = await client.roundTrip(request([2, 1], [activate("x"), activate("y")], mandatory));
    expect(reasons(r21)).toEqual([ResultReason.FeatureNotSupported, ResultReason.FeatureNotSupported]);
    expect(fx.seen.map((x) => x.operation)).toEqual(["Activate", "Activate"]);
  });

  it("refuses a Batch Count that does not match the items sent", async () => {
    // Batch Count is the last field of this header: after the message and header headers (16
    // bytes) and the Protocol Version (40 bytes), it starts at byte 56.
    const patched = Uint8Array.from(request([1, 4], [locate(1), locate(2)]));
    const view = new DataView(patched.buffer);
    expect(view.getUint32(56) >>> 8).toBe(Tag.BatchCount);
    view.setInt32(64, 3);
    const r = await client.roundTrip(patched);
    expect(r.items[0]?.has(Tag.Operation)).toBe(false);
    expect(reasons(r)).toEqual([ResultReason.InvalidMessage]);
  });
});
