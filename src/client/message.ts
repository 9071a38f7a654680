/**
 * A client's side of the message layer: a list of batch items (operation + typed payload) into
 * one Request Message, and a Response Message back into batch items with typed payloads,
 * matched to the requests they answer. KMIP 1.4 §6–7, KMIP 2.1 §8–9.
 */
import { KmipError } from "../kmip/errors.js";
import {
  decodeResponseMessage,
  decodeResponsePayload,
  encodeRequestMessage,
  encodeRequestPayload,
  messageVersion,
  type RequestBatchItem,
  type RequestHeader,
  type ResponseBatchItem,
  type ResponseHeader,
} from "../kmip/messages.js";
import { KmipEncodeError } from "../kmip/schema/index.js";
import { type KmipVersion, versionParts, versionString } from "../kmip/version.js";
import { decodeTtlv } from "../ttlv/decode.js";
import { encodeTtlv } from "../ttlv/encode.js";
import type { TtlvLimits } from "../ttlv/limits.js";
import { KmipRequestError, KmipTransportError } from "./errors.js";

/** One operation to send: its Operation enumeration value and its typed request payload. */
export interface BatchItemRequest {
  readonly operation: number;
  readonly payload: unknown;
  /** Sent as given; when several items go without one, the client numbers them (1.4 §6.4). */
  readonly uniqueBatchItemID?: Uint8Array;
}

/** Request Header fields a caller may set (1.4 §7.2 Table 282; 2.1 §8.2 Table 395). */
export interface HeaderOptions {
  /** Maximum Response Size in bytes (1.4 §6.3). */
  readonly maximumResponseSize?: number;
  /** Batch Error Continuation Option value (1.4 §6.13); sent only with more than one item. */
  readonly batchErrorContinuationOption?: number;
  /** Batch Order Option (1.4 §6.12). */
  readonly batchOrderOption?: boolean;
  /** Time Stamp, seconds since the epoch (1.4 §6.5). */
  readonly timeStamp?: bigint;
  /** Client Correlation Value (KMIP 1.4+, §6.18). */
  readonly clientCorrelationValue?: string;
  /** Protocol Version of this message, if not the client's. */
  readonly version?: KmipVersion;
}

/** One answered batch item, its payload decoded by its Operation. */
export interface BatchItemResponse {
  /** The Operation (echoed by the server, else taken from the matching request). */
  readonly operation: number;
  readonly uniqueBatchItemID: Uint8Array | undefined;
  readonly resultStatus: number;
  readonly resultReason: number | undefined;
  readonly resultMessage: string | undefined;
  readonly asynchronousCorrelationValue: Uint8Array | undefined;
  /** The typed Response Payload (`payloads/*.ts`), absent on failure. */
  readonly payload: unknown;
}

export interface KmipResponse {
  /** Protocol Version the server answered in. */
  readonly version: KmipVersion;
  readonly header: ResponseHeader;
  readonly batchItems: BatchItemResponse[];
}

/** Unique Batch Item IDs the client makes: a 4-byte big-endian counter. */
function batchItemId(n: number): Uint8Array {
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, n >>> 0);
  return id;
}

function requestHeader(version: KmipVersion, count: number, o: HeaderOptions): RequestHeader {
  const { major, minor } = versionParts(version);
  return {
    protocolVersion: { protocolVersionMajor: major, protocolVersionMinor: minor },
    maximumResponseSize: o.maximumResponseSize,
    clientCorrelationValue: o.clientCorrelationValue,
    // "SHALL only be present if the Batch Count is greater than 1" (1.4 §6.13).
    batchErrorContinuationOption: count > 1 ? o.batchErrorContinuationOption : undefined,
    batchOrderOption: o.batchOrderOption,
    timeStamp: o.timeStamp,
    attestationType: [],
    batchCount: count,
  } as RequestHeader;
}

/** The Request Message bytes; `nextId` numbers items when the batch has more than one. */
export function encodeRequest(
  version: KmipVersion,
  items: readonly BatchItemRequest[],
  options: HeaderOptions,
  nextId: () => number,
): { bytes: Uint8Array; ids: (Uint8Array | undefined)[] } {
  if (items.length === 0) throw new KmipRequestError("a KMIP request needs at least one batch item");
  // "Unique Batch Item ID … REQUIRED if Batch Count > 1" (1.4 §7.2 Table 283).
  const ids = items.map((i) => i.uniqueBatchItemID ?? (items.length > 1 ? batchItemId(nextId()) : undefined));
  try {
    const batchItem = items.map(
      (item, n): RequestBatchItem => ({
        operation: item.operation,
        uniqueBatchItemID: ids[n],
        requestPayload: encodeRequestPayload(item.operation, item.payload, version),
        messageExtension: [],
      }),
    );
    const message = { requestHeader: requestHeader(version, items.length, options), batchItem };
    return { bytes: encodeTtlv(encodeRequestMessage(message, version)), ids };
  } catch (e) {
    if (!(e instanceof KmipError || e instanceof KmipEncodeError)) throw e;
    const why = e instanceof KmipError ? e.publicMessage : e.message;
    throw new KmipRequestError(`cannot send this request in KMIP ${versionString(version)}: ${why}`, {
      cause: e,
    });
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a !== undefined && b !== undefined && Buffer.from(a).equals(Buffer.from(b));
}

/** The request an answer belongs to: by Unique Batch Item ID, else by position (1.4 §6.4). */
function matchRequest(
  item: ResponseBatchItem,
  position: number,
  requests: readonly BatchItemRequest[],
  ids: readonly (Uint8Array | undefined)[],
): BatchItemRequest | undefined {
  if (item.uniqueBatchItemID !== undefined) {
    const at = ids.findIndex((id) => sameBytes(id, item.uniqueBatchItemID));
    if (at >= 0) return requests[at];
  }
  return requests[position];
}

function decodeItem(
  item: ResponseBatchItem,
  request: BatchItemRequest | undefined,
  version: KmipVersion,
): BatchItemResponse {
  const operation = item.operation ?? request?.operation;
  if (operation === undefined) throw new KmipTransportError("protocol", "a response item has no Operation");
  const raw = item.responsePayload;
  const payload = raw === undefined ? undefined : decodeResponsePayload(operation, raw, version);
  return {
    operation,
    uniqueBatchItemID: item.uniqueBatchItemID,
    resultStatus: item.resultStatus,
    resultReason: item.resultReason,
    resultMessage: item.resultMessage,
    asynchronousCorrelationValue: item.asynchronousCorrelationValue,
    payload,
  };
}

/** Decodes a Response Message and its payloads; a malformed one is a KmipTransportError("protocol"). */
export function decodeResponse(
  bytes: Uint8Array,
  requests: readonly BatchItemRequest[],
  ids: readonly (Uint8Array | undefined)[],
  limits?: Partial<TtlvLimits>,
): KmipResponse {
  try {
    const tree = decodeTtlv(bytes, limits);
    const version = messageVersion(tree);
    const message = decodeResponseMessage(tree, version);
    const batchItems = message.batchItem.map((item, n) =>
      decodeItem(item, matchRequest(item, n, requests, ids), version),
    );
    return { version, header: message.responseHeader, batchItems };
  } catch (e) {
    if (e instanceof KmipTransportError) throw e;
    const why = e instanceof KmipError ? e.publicMessage : e instanceof Error ? e.message : String(e);
    throw new KmipTransportError("protocol", `cannot read the server's response: ${why}`, { cause: e });
  }
}
