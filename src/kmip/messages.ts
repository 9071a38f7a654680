/**
 * Request and Response Messages, their headers and batch items, for every version 1.0–2.1.
 * KMIP 1.x: §6 (message contents), §7 (message format); KMIP 2.x: §8 (messages), §9 (message
 * data structures). Payloads stay raw items here and are decoded in a second step chosen by the
 * Operation (`payloads/registry.ts`).
 */
import { ItemType, type StructureItem, type TtlvItem } from "../ttlv/types.js";
import { KmipError } from "./errors.js";
import { ResultReason } from "./generated/enums.js";
import { Authentication, Nonce } from "./objects/credential.js";
import { ProtocolVersion } from "./objects/server-info.js";
import {
  anyItem,
  boolean,
  bytes,
  type DecodeOptions,
  dateTime,
  decodeStruct,
  echoedEnumeration,
  encodeStruct,
  enumeration,
  form,
  type Infer,
  integer,
  many,
  opt,
  optForms,
  req,
  resolveTag,
  some,
  struct,
  text,
} from "./schema/index.js";
import { type KmipVersion, versionCode } from "./version.js";

/** Message Extension — KMIP 1.4 §6.16 Table 276; KMIP 2.1 §9.13 Table 418. */
export const MessageExtension = struct("Message Extension", "KMIP 1.4 §6.16; KMIP 2.1 §9.13", {
  vendorIdentification: req("Vendor Identification", text),
  criticalityIndicator: req("Criticality Indicator", boolean),
  vendorExtension: req("Vendor Extension", anyItem),
});

/**
 * Request Header — KMIP 1.0 §7.2; 1.2 adds Attestation Capable Indicator and Attestation Type;
 * 1.4 adds Client and Server Correlation Value (1.4 §7.2 Table 282); KMIP 2.1 §8.2 Table 395.
 * Asynchronous Indicator is a Boolean in 1.x (1.4 §6.7) and an Enumeration in 2.x (2.1 §9.2).
 */
export const RequestHeader = struct("Request Header", "KMIP 1.4 §7.2; KMIP 2.1 §8.2", {
  protocolVersion: req("Protocol Version", ProtocolVersion),
  maximumResponseSize: opt("Maximum Response Size", integer),
  clientCorrelationValue: opt("Client Correlation Value", text, { since: 14 }),
  serverCorrelationValue: opt("Server Correlation Value", text, { since: 14 }),
  asynchronousIndicator: optForms<boolean | number>(
    form("Asynchronous Indicator", boolean, { until: 20 }),
    form("Asynchronous Indicator", enumeration, { since: 20 }),
  ),
  attestationCapableIndicator: opt("Attestation Capable Indicator", boolean, { since: 12 }),
  attestationType: many("Attestation Type", enumeration, { since: 12 }),
  authentication: opt("Authentication", Authentication),
  batchErrorContinuationOption: opt("Batch Error Continuation Option", enumeration),
  batchOrderOption: opt("Batch Order Option", boolean),
  timeStamp: opt("Time Stamp", dateTime),
  batchCount: req("Batch Count", integer),
});

/**
 * Request Batch Item — KMIP 1.4 §7.2 Table 283; KMIP 2.1 §8.3 Table 396 adds Ephemeral and lets
 * Message Extension repeat (read as a list in every version).
 */
export const RequestBatchItem = struct("Batch Item", "KMIP 1.4 §7.2; KMIP 2.1 §8.3", {
  operation: req("Operation", enumeration),
  ephemeral: opt("Ephemeral", boolean, { since: 20 }),
  uniqueBatchItemID: opt("Unique Batch Item ID", bytes),
  requestPayload: req("Request Payload", anyItem),
  messageExtension: many("Message Extension", MessageExtension),
});

/** Request Message — KMIP 1.4 §7.1 Table 280; KMIP 2.1 §8.1 Table 394. */
export const RequestMessage = struct("Request Message", "KMIP 1.4 §7.1; KMIP 2.1 §8.1", {
  requestHeader: req("Request Header", RequestHeader),
  batchItem: some("Batch Item", RequestBatchItem),
});

/**
 * Response Header — KMIP 1.0 §7.2 (Protocol Version, Time Stamp, Batch Count); 1.2 adds Nonce and
 * Attestation Type; 1.4 the correlation values (1.4 Table 284); 2.0 Server Hashed Password
 * (2.1 §8.5 Table 398).
 */
export const ResponseHeader = struct("Response Header", "KMIP 1.4 §7.2; KMIP 2.1 §8.5", {
  protocolVersion: req("Protocol Version", ProtocolVersion),
  timeStamp: req("Time Stamp", dateTime),
  nonce: opt("Nonce", Nonce, { since: 12 }),
  serverHashedPassword: opt("Server Hashed Password", bytes, { since: 20 }),
  attestationType: many("Attestation Type", enumeration, { since: 12 }),
  clientCorrelationValue: opt("Client Correlation Value", text, { since: 14 }),
  serverCorrelationValue: opt("Server Correlation Value", text, { since: 14 }),
  batchCount: req("Batch Count", integer),
});

/**
 * Response Batch Item — KMIP 1.4 §7.2 Table 285; KMIP 2.1 §8.6 Table 399. Operation is "Yes, if
 * specified in Request Batch Item", Result Reason "Yes, if Result Status is Failure", Response
 * Payload "Yes, if not a failure": optional here, the batch layer enforces the conditions.
 */
export const ResponseBatchItem = struct("Batch Item", "KMIP 1.4 §7.2; KMIP 2.1 §8.6", {
  // Echoed from the request even when the version lacks it (the answer is then Operation Not Supported).
  operation: opt("Operation", echoedEnumeration),
  uniqueBatchItemID: opt("Unique Batch Item ID", bytes),
  resultStatus: req("Result Status", enumeration),
  resultReason: opt("Result Reason", enumeration),
  resultMessage: opt("Result Message", text),
  asynchronousCorrelationValue: opt("Asynchronous Correlation Value", bytes),
  responsePayload: opt("Response Payload", anyItem),
  messageExtension: many("Message Extension", MessageExtension),
});

/** Response Message — KMIP 1.4 §7.1 Table 281; KMIP 2.1 §8.4 Table 397. */
export const ResponseMessage = struct("Response Message", "KMIP 1.4 §7.1; KMIP 2.1 §8.4", {
  responseHeader: req("Response Header", ResponseHeader),
  batchItem: some("Batch Item", ResponseBatchItem),
});

export type RequestHeader = Infer<typeof RequestHeader>;
export type RequestBatchItem = Infer<typeof RequestBatchItem>;
export type RequestMessage = Infer<typeof RequestMessage>;
export type ResponseHeader = Infer<typeof ResponseHeader>;
export type ResponseBatchItem = Infer<typeof ResponseBatchItem>;
export type ResponseMessage = Infer<typeof ResponseMessage>;

const TAG = {
  protocolVersion: resolveTag("Protocol Version").tag,
  major: resolveTag("Protocol Version Major").tag,
  minor: resolveTag("Protocol Version Minor").tag,
};

function childOf(item: TtlvItem | undefined, tag: number): TtlvItem | undefined {
  if (item === undefined || item.type !== ItemType.Structure) return undefined;
  for (const c of item.value) if (c.tag === tag) return c;
  return undefined;
}

/**
 * The Protocol Version a message claims, read before anything else (the version decides how the
 * rest is read). Undefined when the header or version is missing or malformed.
 */
export function peekProtocolVersion(message: TtlvItem): { major: number; minor: number } | undefined {
  if (message.type !== ItemType.Structure) return undefined;
  const header = message.value[0];
  const pv = childOf(header, TAG.protocolVersion);
  const major = childOf(pv, TAG.major);
  const minor = childOf(pv, TAG.minor);
  if (major?.type !== ItemType.Integer || minor?.type !== ItemType.Integer) return undefined;
  return { major: major.value, minor: minor.value };
}

/** The version to read a message in: its own, which must be one we know. */
export function messageVersion(message: TtlvItem): KmipVersion {
  const pv = peekProtocolVersion(message);
  const v = pv === undefined ? undefined : versionCode(pv.major, pv.minor);
  if (v === undefined) {
    const claimed = pv === undefined ? "no protocol version" : `protocol version ${pv.major}.${pv.minor}`;
    throw new KmipError(ResultReason.InvalidMessage, `unsupported message: ${claimed}`);
  }
  return v;
}

export function decodeRequestMessage(
  item: TtlvItem,
  version: KmipVersion = messageVersion(item),
  options?: DecodeOptions,
): RequestMessage {
  return decodeStruct(RequestMessage, item, version, options);
}

export function encodeRequestMessage(message: RequestMessage, version: KmipVersion): StructureItem {
  return encodeStruct(RequestMessage, message, version);
}

export function decodeResponseMessage(
  item: TtlvItem,
  version: KmipVersion = messageVersion(item),
  options?: DecodeOptions,
): ResponseMessage {
  return decodeStruct(ResponseMessage, item, version, options);
}

export function encodeResponseMessage(message: ResponseMessage, version: KmipVersion): StructureItem {
  return encodeStruct(ResponseMessage, message, version);
}

export {
  decodeRequestPayload,
  decodeResponsePayload,
  encodeRequestPayload,
  encodeResponsePayload,
  PAYLOADS,
  payloadEntry,
} from "./payloads/registry.js";
