/**
 * The client's message layer without a network: what `encodeRequest` writes for each protocol
 * version (read back with the server-side decoder), and how `decodeResponse` matches answers to
 * requests and reports responses it cannot read.
 */
import { describe, expect, it } from "vitest";
import { customAttribute, nameAttribute } from "../../src/client/attributes.js";
import { KmipRequestError, KmipTransportError } from "../../src/client/errors.js";
import { decodeResponse, encodeRequest } from "../../src/client/message.js";
import { createPayload, locatePayload, registerPayload, revokePayload } from "../../src/client/requests.js";
import { Operation, ResultReason, ResultStatus } from "../../src/kmip/generated/enums.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import {
  decodeRequestMessage,
  decodeRequestPayload,
  encodeResponseMessage,
  encodeResponsePayload,
  type ResponseMessage,
} from "../../src/kmip/messages.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import type { TtlvItem } from "../../src/ttlv/types.js";

let counter = 0;
const nextId = () => ++counter;

function roundTrip(version: KmipVersion, operation: number, payload: unknown) {
  const { bytes } = encodeRequest(version, [{ operation, payload }], {}, nextId);
  const tree = decodeTtlv(bytes);
  const message = decodeRequestMessage(tree);
  const item = message.batchItem[0]!;
  return { tree, message, payload: decodeRequestPayload(item.operation, item.requestPayload, version) };
}

/** Tags of the children of the Request Payload. */
function payloadTags(tree: TtlvItem): number[] {
  const batch = (tree.value as TtlvItem[])[1]!;
  const payload = (batch.value as TtlvItem[]).find((c) => c.tag === Tag.RequestPayload)!;
  return (payload.value as TtlvItem[]).map((c) => c.tag);
}

describe("encodeRequest", () => {
  const create = createPayload({
    algorithm: "AES",
    length: 256,
    name: "k1",
    attributes: [customAttribute("x-Owner", "alice")],
  });

  it.each([10, 11, 12, 13, 14] as const)(
    "sends Create attributes as a Template-Attribute in KMIP %i",
    (v) => {
      const { tree, message, payload } = roundTrip(v, Operation.Create, create);
      expect(message.requestHeader.protocolVersion).toEqual({
        protocolVersionMajor: Math.floor(v / 10),
        protocolVersionMinor: v % 10,
      });
      expect(payloadTags(tree)).toEqual([Tag.ObjectType, Tag.TemplateAttribute]);
      expect(payload).toEqual(create);
    },
  );

  it.each([20, 21] as const)("sends Create attributes as Attributes in KMIP %i", (v) => {
    const { tree, payload } = roundTrip(v, Operation.Create, create);
    expect(payloadTags(tree)).toEqual([Tag.ObjectType, Tag.Attributes]);
    expect(payload).toEqual(create);
  });

  it("carries Register, Locate and Revoke payloads unchanged", () => {
    const reg = registerPayload({
      type: "symmetric-key",
      material: new Uint8Array(16).fill(1),
      algorithm: "AES",
    });
    expect(roundTrip(14, Operation.Register, reg).payload).toMatchObject({ objectType: 2 });
    const secret = registerPayload({
      type: "secret-data",
      material: new TextEncoder().encode("pw"),
      secretDataType: "Seed",
    });
    expect(roundTrip(20, Operation.Register, secret).payload).toMatchObject({
      objectType: 7,
      object: { type: "secretData" },
    });
    const locate = locatePayload({ attributes: [nameAttribute("k1")], maximumItems: 5 });
    expect(roundTrip(10, Operation.Locate, locate).payload).toEqual({
      maximumItems: 5,
      attributes: locate.attributes,
    });
    const revoke = revokePayload("u1", "key-compromise", {
      message: "oops",
      compromiseOccurrenceDate: new Date(1000_000),
    });
    expect(roundTrip(12, Operation.Revoke, revoke).payload).toEqual({
      uniqueIdentifier: "u1",
      revocationReason: { revocationReasonCode: 2, revocationMessage: "oops" },
      compromiseOccurrenceDate: 1000n,
    });
  });

  it("numbers batch items only when there are several, and sends the continuation option only then", () => {
    const get = { operation: Operation.Get, payload: { uniqueIdentifier: "a" } };
    const one = decodeRequestMessage(
      decodeTtlv(encodeRequest(14, [get], { batchErrorContinuationOption: 1 }, nextId).bytes),
    );
    expect(one.requestHeader.batchErrorContinuationOption).toBeUndefined();
    expect(one.batchItem[0]?.uniqueBatchItemID).toBeUndefined();
    const { bytes, ids } = encodeRequest(
      14,
      [get, get],
      { batchErrorContinuationOption: 1, maximumResponseSize: 999 },
      nextId,
    );
    const two = decodeRequestMessage(decodeTtlv(bytes));
    expect(two.requestHeader).toMatchObject({
      batchCount: 2,
      batchErrorContinuationOption: 1,
      maximumResponseSize: 999,
    });
    expect(two.batchItem.map((i) => i.uniqueBatchItemID)).toEqual(ids);
    expect(Buffer.from(ids[0]!).equals(Buffer.from(ids[1]!))).toBe(false);
  });

  it("refuses what the version cannot carry, before sending", () => {
    expect(() =>
      encodeRequest(10, [{ operation: Operation.DiscoverVersions, payload: {} }], {}, nextId),
    ).toThrow(KmipRequestError);
    expect(() => encodeRequest(14, [{ operation: Operation.SetAttribute, payload: {} }], {}, nextId)).toThrow(
      /not in KMIP 1.4/,
    );
    expect(() => encodeRequest(14, [], {}, nextId)).toThrow(KmipRequestError);
  });
});

function response(version: KmipVersion, items: ResponseMessage["batchItem"]): Uint8Array {
  const header = {
    protocolVersion: { protocolVersionMajor: Math.floor(version / 10), protocolVersionMinor: version % 10 },
    timeStamp: 1n,
    attestationType: [],
    batchCount: items.length,
  };
  return encodeTtlv(
    encodeResponseMessage({ responseHeader: header, batchItem: items } as ResponseMessage, version),
  );
}

describe("decodeResponse", () => {
  const ok = (uid: string, id?: Uint8Array) => ({
    uniqueBatchItemID: id,
    resultStatus: ResultStatus.Success,
    responsePayload: encodeResponsePayload(Operation.Activate, { uniqueIdentifier: uid }, 14),
    messageExtension: [],
  });

  it("types payloads by the echoed Operation, or by the matching request when it is absent", () => {
    const ids = [new Uint8Array([1]), new Uint8Array([2])];
    const requests = [
      { operation: Operation.Destroy, payload: {} },
      { operation: Operation.Activate, payload: {} },
    ];
    // Answered in the other order, without Operation: matched by Unique Batch Item ID (1.4 §6.4).
    const bytes = response(14, [ok("second", ids[1]), ok("first", ids[0])] as ResponseMessage["batchItem"]);
    const r = decodeResponse(bytes, requests, ids);
    expect(r.batchItems.map((i) => [i.operation, i.payload])).toEqual([
      [Operation.Activate, { uniqueIdentifier: "second" }],
      [Operation.Destroy, { uniqueIdentifier: "first" }],
    ]);
  });

  it("keeps a failure's Result Reason and Message", () => {
    const failed = {
      operation: Operation.Get,
      resultStatus: ResultStatus.OperationFailed,
      resultReason: ResultReason.ItemNotFound,
      resultMessage: "gone",
      messageExtension: [],
    };
    const r = decodeResponse(
      response(20, [failed] as ResponseMessage["batchItem"]),
      [{ operation: Operation.Get, payload: {} }],
      [],
    );
    expect(r.version).toBe(20);
    expect(r.batchItems[0]).toMatchObject({
      resultStatus: 1,
      resultReason: 1,
      resultMessage: "gone",
      payload: undefined,
    });
  });

  it("reports an unreadable response as a protocol error", () => {
    const requests = [{ operation: Operation.Get, payload: {} }];
    expect(() => decodeResponse(new Uint8Array(8), requests, [])).toThrow(KmipTransportError);
    const wrongPayload = response(14, [ok("x")] as ResponseMessage["batchItem"]); // an Activate payload for a Get
    expect(() => decodeResponse(wrongPayload, requests, [])).toThrow(/cannot read the server's response/);
  });
});
