/**
 * Request and Response Messages for KMIP 1.0–2.1 (src/kmip/messages.ts) and the second step that
 * decodes each Batch Item's payload by its Operation (src/kmip/payloads/registry.ts): hand-built
 * messages through binary TTLV, version gating of header fields and enumeration values, and the
 * errors a client would see.
 */
import { describe, expect, it } from "vitest";
import { KmipError } from "../../src/kmip/errors.js";
import {
  CredentialType,
  KeyFormatType,
  ObjectType,
  Operation,
  ResultReason,
  ResultStatus,
} from "../../src/kmip/generated/enums.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import {
  decodeRequestMessage,
  decodeRequestPayload,
  decodeResponseMessage,
  decodeResponsePayload,
  encodeRequestMessage,
  encodeRequestPayload,
  encodeResponseMessage,
  encodeResponsePayload,
  messageVersion,
  peekProtocolVersion,
  type ResponseMessage,
} from "../../src/kmip/messages.js";
import type { GetResponse } from "../../src/kmip/payloads/get.js";
import { KmipDecodeError, KmipEncodeError, newDecodeReport } from "../../src/kmip/schema/index.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";

function version(major: number, minor: number): TtlvItem {
  return s(Tag.ProtocolVersion, [int(Tag.ProtocolVersionMajor, major), int(Tag.ProtocolVersionMinor, minor)]);
}

/** A KMIP 1.0 Create of an AES-256 key, as 1.0 §4.1 and the 1.0 Template-Attribute (§2.1.8) write it. */
const create10 = s(Tag.RequestMessage, [
  s(Tag.RequestHeader, [version(1, 0), int(Tag.BatchCount, 1)]),
  s(Tag.BatchItem, [
    enm(Tag.Operation, Operation.Create),
    s(Tag.RequestPayload, [
      enm(Tag.ObjectType, ObjectType.SymmetricKey),
      s(Tag.TemplateAttribute, [
        attr("Cryptographic Algorithm", enm(Tag.AttributeValue, 3)),
        attr("Cryptographic Length", int(Tag.AttributeValue, 256)),
        attr("Cryptographic Usage Mask", int(Tag.AttributeValue, 12)),
      ]),
    ]),
  ]),
]);

describe("request messages", () => {
  it("reads a KMIP 1.0 Create through binary TTLV, and writes the same bytes back", () => {
    const bytes = encodeTtlv(create10);
    const item = decodeTtlv(bytes);
    const v = messageVersion(item);
    expect(v).toBe(10);
    const message = decodeRequestMessage(item, v);
    expect(message.requestHeader).toEqual({
      protocolVersion: { protocolVersionMajor: 1, protocolVersionMinor: 0 },
      batchCount: 1,
    });
    const [batchItem] = message.batchItem;
    const payload = decodeRequestPayload(batchItem!.operation, batchItem!.requestPayload, v);
    expect(payload).toEqual({
      objectType: ObjectType.SymmetricKey,
      attributes: [
        { name: "Cryptographic Algorithm", value: 3 },
        { name: "Cryptographic Length", value: 256 },
        { name: "Cryptographic Usage Mask", value: 12 },
      ],
    });
    const again = {
      ...message,
      batchItem: [{ ...batchItem!, requestPayload: encodeRequestPayload(Operation.Create, payload, v) }],
    };
    expect(encodeTtlv(encodeRequestMessage(again, v)).equals(bytes)).toBe(true);
  });

  it("reads a KMIP 1.2 batch with a username and password credential and batch item ids", () => {
    const message = s(Tag.RequestMessage, [
      s(Tag.RequestHeader, [
        version(1, 2),
        bool(Tag.AttestationCapableIndicator, true),
        s(Tag.Authentication, [
          s(Tag.Credential, [
            enm(Tag.CredentialType, CredentialType.UsernameAndPassword),
            s(Tag.CredentialValue, [txt(Tag.Username, "alice"), txt(Tag.Password, "secret")]),
          ]),
        ]),
        enm(Tag.BatchErrorContinuationOption, 1),
        bool(Tag.BatchOrderOption, true),
        int(Tag.BatchCount, 2),
      ]),
      s(Tag.BatchItem, [
        enm(Tag.Operation, Operation.Activate),
        bytes(Tag.UniqueBatchItemID, [1]),
        s(Tag.RequestPayload, [txt(Tag.UniqueIdentifier, "k1")]),
      ]),
      s(Tag.BatchItem, [
        enm(Tag.Operation, Operation.Destroy),
        bytes(Tag.UniqueBatchItemID, [2]),
        s(Tag.RequestPayload, []),
      ]),
    ]);
    const m = decodeRequestMessage(decodeTtlv(encodeTtlv(message)));
    expect(m.requestHeader.authentication?.credential).toEqual([
      {
        credentialType: CredentialType.UsernameAndPassword,
        credentialValue: { username: "alice", password: "secret" },
      },
    ]);
    expect(m.requestHeader.attestationCapableIndicator).toBe(true);
    expect(m.batchItem.map((b) => [b.operation, b.uniqueBatchItemID])).toEqual([
      [Operation.Activate, new Uint8Array([1])],
      [Operation.Destroy, new Uint8Array([2])],
    ]);
    expect(decodeRequestPayload(Operation.Destroy, m.batchItem[1]!.requestPayload, 12)).toEqual({});
    expect(encodeRequestMessage(m, 12)).toEqual(message);
  });

  it("drops a KMIP 1.4 header field when writing for a 1.0 peer", () => {
    const m = decodeRequestMessage(
      s(Tag.RequestMessage, [
        s(Tag.RequestHeader, [
          version(1, 4),
          txt(Tag.ClientCorrelationValue, "c-42"),
          int(Tag.BatchCount, 1),
        ]),
        s(Tag.BatchItem, [
          enm(Tag.Operation, Operation.Query),
          s(Tag.RequestPayload, [enm(Tag.QueryFunction, 1)]),
        ]),
      ]),
    );
    expect(m.requestHeader.clientCorrelationValue).toBe("c-42");
    const header10 = encodeRequestMessage(m, 10).value[0] as TtlvItem & { value: TtlvItem[] };
    expect(header10.value.map((c) => c.tag)).toEqual([Tag.ProtocolVersion, Tag.BatchCount]);
  });

  it("reads Asynchronous Indicator as a Boolean in 1.x and an Enumeration in 2.x", () => {
    const withIndicator = (v: TtlvItem, indicator: TtlvItem) =>
      s(Tag.RequestMessage, [
        s(Tag.RequestHeader, [v, indicator, int(Tag.BatchCount, 1)]),
        s(Tag.BatchItem, [
          enm(Tag.Operation, Operation.Query),
          s(Tag.RequestPayload, [enm(Tag.QueryFunction, 1)]),
        ]),
      ]);
    expect(
      decodeRequestMessage(withIndicator(version(1, 4), bool(Tag.AsynchronousIndicator, true))).requestHeader
        .asynchronousIndicator,
    ).toBe(true);
    expect(
      decodeRequestMessage(withIndicator(version(2, 0), enm(Tag.AsynchronousIndicator, 2))).requestHeader
        .asynchronousIndicator,
    ).toBe(2);
    const e = catchError(
      () => decodeRequestMessage(withIndicator(version(2, 0), bool(Tag.AsynchronousIndicator, true))),
      KmipDecodeError,
    );
    expect(e.publicMessage).toMatch(
      /^Request Message > Request Header > Asynchronous Indicator: expected Enumeration, got Boolean/,
    );
  });

  it("refuses to write a KMIP 2.x enumeration value for a 1.x peer, and answers its payload Operation Not Supported", () => {
    const log = (v: TtlvItem) =>
      s(Tag.RequestMessage, [
        s(Tag.RequestHeader, [v, int(Tag.BatchCount, 1)]),
        s(Tag.BatchItem, [
          enm(Tag.Operation, Operation.Log),
          s(Tag.RequestPayload, [txt(Tag.LogMessage, "hello")]),
        ]),
      ]);
    const m14 = decodeRequestMessage(log(version(1, 4)));
    expect(m14.batchItem[0]!.operation).toBe(Operation.Log);
    const e = catchError(
      () => decodeRequestPayload(Operation.Log, m14.batchItem[0]!.requestPayload, 14),
      KmipError,
    );
    expect([e.reason, e.publicMessage]).toEqual([
      ResultReason.OperationNotSupported,
      "operation Log is not in KMIP 1.4",
    ]);
    expect(catchError(() => encodeRequestMessage(m14, 14), KmipEncodeError).message).toBe(
      "Request Message > Batch Item > Operation: Operation value 0x2c is not in KMIP 1.4",
    );
    const m20 = decodeRequestMessage(log(version(2, 0)));
    expect(decodeRequestPayload(Operation.Log, m20.batchItem[0]!.requestPayload, 20)).toEqual({
      logMessage: "hello",
    });
  });

  it("reports a later version's field under an older header, and leaves it out when answering", () => {
    const locate = s(Tag.RequestPayload, [int(Tag.MaximumItems, 16), int(Tag.OffsetItems, 16)]);
    const report = newDecodeReport();
    const payload = decodeRequestPayload(Operation.Locate, locate, 10, { report });
    expect(payload).toEqual({ maximumItems: 16, offsetItems: 16 });
    expect(report.outOfVersion.map((r) => r.name)).toEqual(["Offset Items"]);
    expect(encodeRequestPayload(Operation.Locate, payload, 10).value).toEqual([int(Tag.MaximumItems, 16)]);
  });
});

describe("response messages", () => {
  const keyBlock = s(Tag.KeyBlock, [
    enm(Tag.KeyFormatType, KeyFormatType.Raw),
    s(Tag.KeyValue, [bytes(Tag.KeyMaterial, [0, 1, 2, 3, 4, 5, 6, 7])]),
    enm(Tag.CryptographicAlgorithm, 3),
    int(Tag.CryptographicLength, 64),
  ]);

  function response(v: TtlvItem, ...items: TtlvItem[]): TtlvItem {
    return s(Tag.ResponseMessage, [
      s(Tag.ResponseHeader, [v, dt(Tag.TimeStamp, 1_700_000_000n), int(Tag.BatchCount, items.length)]),
      ...items,
    ]);
  }

  it("reads a KMIP 2.1 batch with a failure and a Get of a symmetric key", () => {
    const failure = s(Tag.BatchItem, [
      enm(Tag.Operation, Operation.Destroy),
      enm(Tag.ResultStatus, ResultStatus.OperationFailed),
      enm(Tag.ResultReason, ResultReason.ItemNotFound),
      txt(Tag.ResultMessage, "no such object"),
    ]);
    const get = s(Tag.BatchItem, [
      enm(Tag.Operation, Operation.Get),
      enm(Tag.ResultStatus, ResultStatus.Success),
      s(Tag.ResponsePayload, [
        enm(Tag.ObjectType, ObjectType.SymmetricKey),
        txt(Tag.UniqueIdentifier, "k1"),
        s(Tag.SymmetricKey, [keyBlock]),
      ]),
    ]);
    const item = response(version(2, 1), failure, get);
    const m: ResponseMessage = decodeResponseMessage(item);
    expect(m.batchItem[0]).toEqual({
      operation: Operation.Destroy,
      resultStatus: ResultStatus.OperationFailed,
      resultReason: ResultReason.ItemNotFound,
      resultMessage: "no such object",
    });
    const payload = decodeResponsePayload(Operation.Get, m.batchItem[1]!.responsePayload!, 21) as GetResponse;
    expect(payload.object).toEqual({
      type: "symmetricKey",
      value: {
        keyBlock: {
          keyFormatType: KeyFormatType.Raw,
          keyValue: { keyMaterial: new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]) },
          cryptographicAlgorithm: 3,
          cryptographicLength: 64,
        },
      },
    });
    expect(encodeResponsePayload(Operation.Get, payload, 21)).toEqual(m.batchItem[1]!.responsePayload);
    expect(encodeResponseMessage(m, 21)).toEqual(item);
  });

  it("refuses a KMIP 2.x Result Reason for a 1.x peer, but echoes the client's own Operation", () => {
    const m = decodeResponseMessage(
      response(
        version(1, 1),
        s(Tag.BatchItem, [
          enm(Tag.Operation, Operation.Encrypt),
          enm(Tag.ResultStatus, ResultStatus.OperationFailed),
          enm(Tag.ResultReason, ResultReason.OperationNotSupported),
        ]),
      ),
    );
    expect(encodeResponseMessage(m, 11)).toBeDefined();
    const invalidTicket = {
      ...m,
      batchItem: [{ ...m.batchItem[0]!, resultReason: ResultReason.InvalidTicket }],
    };
    expect(catchError(() => encodeResponseMessage(invalidTicket, 11), KmipEncodeError).message).toMatch(
      /Result Reason value 0x19 is not in KMIP 1\.1$/,
    );
    expect(encodeResponseMessage(invalidTicket, 20)).toBeDefined();
  });

  it("writes a 1.4 Response Header's correlation values only for 1.4 and later", () => {
    const m = decodeResponseMessage(
      s(Tag.ResponseMessage, [
        s(Tag.ResponseHeader, [
          version(1, 4),
          dt(Tag.TimeStamp, 1n),
          txt(Tag.ClientCorrelationValue, "c"),
          int(Tag.BatchCount, 1),
        ]),
        s(Tag.BatchItem, [enm(Tag.ResultStatus, ResultStatus.Success)]),
      ]),
    );
    const tags = (v: KmipVersion) =>
      (encodeResponseMessage(m, v).value[0] as TtlvItem & { value: TtlvItem[] }).value.map((c) => c.tag);
    expect(tags(14)).toContain(Tag.ClientCorrelationValue);
    expect(tags(13)).not.toContain(Tag.ClientCorrelationValue);
  });

  it("keeps a Poll response payload raw: it is the polled operation's", () => {
    const raw = s(Tag.ResponsePayload, [txt(Tag.UniqueIdentifier, "k9")]);
    expect(decodeResponsePayload(Operation.Poll, raw, 14)).toBe(raw);
    expect(encodeResponsePayload(Operation.Poll, raw, 14)).toEqual(raw);
  });
});

describe("errors a client sees", () => {
  it("names the payload path in Invalid Message errors", () => {
    const bad = s(Tag.RequestPayload, [
      txt(Tag.UniqueIdentifier, "k"),
      s(Tag.RevocationReason, [txt(Tag.RevocationMessage, "lost")]),
    ]);
    const e = catchError(() => decodeRequestPayload(Operation.Revoke, bad, 14), KmipDecodeError);
    expect([e.reason, e.publicMessage]).toEqual([
      ResultReason.InvalidMessage,
      "Request Payload > Revocation Reason: missing required field Revocation Reason Code",
    ]);
  });

  it("answers Operation Not Supported for an operation no version has", () => {
    const e = catchError(() => decodeRequestPayload(0x7777, s(Tag.RequestPayload, []), 21), KmipError);
    expect([e.reason, e.publicMessage]).toEqual([
      ResultReason.OperationNotSupported,
      "operation 0x00007777 is not in KMIP 2.1",
    ]);
  });

  it("reads the protocol version first, and refuses one it does not know", () => {
    const v3 = s(Tag.RequestMessage, [s(Tag.RequestHeader, [version(3, 0), int(Tag.BatchCount, 0)])]);
    expect(peekProtocolVersion(v3)).toEqual({ major: 3, minor: 0 });
    const e = catchError(() => messageVersion(v3), KmipError);
    expect([e.reason, e.publicMessage]).toEqual([
      ResultReason.InvalidMessage,
      "unsupported message: protocol version 3.0",
    ]);
    expect(peekProtocolVersion(s(Tag.RequestMessage, []))).toBeUndefined();
  });
});

/* ---------------------------------------------------------------------------------------- */

function attr(name: string, value: TtlvItem): TtlvItem {
  return s(Tag.Attribute, [txt(Tag.AttributeName, name), value]);
}
function s(tag: number, value: TtlvItem[]): TtlvItem & { value: TtlvItem[] } {
  return { tag, type: ItemType.Structure, value };
}
function txt(tag: number, value: string): TtlvItem {
  return { tag, type: ItemType.TextString, value };
}
function int(tag: number, value: number): TtlvItem {
  return { tag, type: ItemType.Integer, value };
}
function enm(tag: number, value: number): TtlvItem {
  return { tag, type: ItemType.Enumeration, value };
}
function bool(tag: number, value: boolean): TtlvItem {
  return { tag, type: ItemType.Boolean, value };
}
function bytes(tag: number, value: number[]): TtlvItem {
  return { tag, type: ItemType.ByteString, value: new Uint8Array(value) };
}
function dt(tag: number, value: bigint): TtlvItem {
  return { tag, type: ItemType.DateTime, value };
}

function catchError<E extends Error>(f: () => unknown, type: new (...args: never[]) => E): E {
  try {
    f();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}`);
}
