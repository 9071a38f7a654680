/**
 * Building Response Messages (KMIP 1.4 §7.1–7.2 Tables 281, 284, 285; KMIP 2.1 §8.4–8.6), always
 * in the request's protocol version: the encoders of `src/kmip/` drop optional fields the version
 * lacks and refuse values it lacks, and a Result Reason the version does not define becomes
 * General Failure here (a 2.x-only reason must never reach a 1.x client).
 */
import { randomBytes } from "node:crypto";
import { ResultReason, ResultStatus } from "../kmip/generated/enums.js";
import { Tag } from "../kmip/generated/tags.js";
import {
  ResponseBatchItem,
  type ResponseHeader,
  ResponseHeader as ResponseHeaderSchema,
} from "../kmip/messages.js";
import { encodeStruct } from "../kmip/schema/index.js";
import { enumByName, enumValueInVersion } from "../kmip/tables.js";
import { type KmipVersion, versionParts } from "../kmip/version.js";
import { encodeTtlv } from "../ttlv/encode.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";

const RESULT_REASON = enumByName("Result Reason")!;

/** What every Response Header of one message carries. */
export interface HeaderInput {
  readonly version: KmipVersion;
  readonly now: Date;
  /** Echoed from the request (1.4+; 1.4 §6.18). */
  readonly clientCorrelationValue?: string | undefined;
  /** Ours, logged with the request (1.4 §6.19: "SHOULD be globally unique … logged"). */
  readonly serverCorrelationValue: string;
}

/** Which request item a response item answers (1.4 Table 285: echoed when the request had them). */
export interface Echo {
  readonly operation?: number | undefined;
  readonly uniqueBatchItemID?: Uint8Array | undefined;
}

/** A short random id that ties a client-visible failure to its log entry. */
export function referenceId(): string {
  return randomBytes(6).toString("hex");
}

export function responseHeader(input: HeaderInput, batchCount: number): ResponseHeader {
  const header: ResponseHeader = {
    protocolVersion: {
      protocolVersionMajor: versionParts(input.version).major,
      protocolVersionMinor: versionParts(input.version).minor,
    },
    // Time Stamp is REQUIRED in a server response (1.4 §6.5, 2.1 §9.20).
    timeStamp: BigInt(Math.floor(input.now.getTime() / 1000)),
    batchCount,
  };
  // Correlation values exist from 1.4 on (1.4 Table 284; Vault GH-24309: a Server Correlation
  // Value sent to a 1.0 client broke its decoder). The Server Correlation Value "SHOULD be
  // provided" (1.4 §6.19), but a client that does not know it breaks on it: PyKMIP 0.10, speaking
  // 1.4 or 2.0, expects Batch Count right after Time Stamp. So it goes to clients that show they
  // use correlation values by sending a Client Correlation Value; it is logged with every request
  // either way.
  if (input.version >= 14 && input.clientCorrelationValue !== undefined) {
    header.clientCorrelationValue = input.clientCorrelationValue;
    header.serverCorrelationValue = input.serverCorrelationValue;
  }
  return header;
}

/** The reason itself when `version` defines it, else General Failure. */
export function reasonInVersion(reason: number, version: KmipVersion): number {
  return enumValueInVersion(RESULT_REASON, reason, version) ? reason : ResultReason.GeneralFailure;
}

/** A failed item: Result Status Operation Failed, a Result Reason, a Result Message (1.4 §6.9–6.11). */
export function failureItem(
  echo: Echo,
  reason: number,
  message: string,
  version: KmipVersion,
): ResponseBatchItem {
  return Object.assign({}, echoed(echo), {
    resultStatus: ResultStatus.OperationFailed,
    resultReason: reasonInVersion(reason, version),
    resultMessage: message,
  });
}

export function successItem(echo: Echo, payload: TtlvItem): ResponseBatchItem {
  return Object.assign({}, echoed(echo), { resultStatus: ResultStatus.Success, responsePayload: payload });
}

function echoed(echo: Echo): Pick<ResponseBatchItem, "operation" | "uniqueBatchItemID"> {
  const out: Pick<ResponseBatchItem, "operation" | "uniqueBatchItemID"> = {};
  if (echo.operation !== undefined) out.operation = echo.operation;
  if (echo.uniqueBatchItemID !== undefined) out.uniqueBatchItemID = echo.uniqueBatchItemID;
  return out;
}

export function encodeHeader(header: ResponseHeader, version: KmipVersion): TtlvItem {
  return encodeStruct(ResponseHeaderSchema, header, version);
}

export function encodeItem(item: ResponseBatchItem, version: KmipVersion): TtlvItem {
  return encodeStruct(ResponseBatchItem, item, version);
}

/** The Response Message bytes from an encoded header and encoded items. */
export function assemble(header: TtlvItem, items: readonly TtlvItem[]): Uint8Array {
  return encodeTtlv({ tag: Tag.ResponseMessage, type: ItemType.Structure, value: [header, ...items] });
}

/**
 * The answer to a message that cannot be served as a whole: "a header and a Batch Item without
 * Operation, but with the Result Status field set to Operation Failed" (1.4 §11.1 Table 327,
 * "Message cannot be parsed" and "Protocol major version mismatch").
 */
export function messageFailure(input: HeaderInput, reason: number, message: string): Uint8Array {
  const item = failureItem({}, reason, message, input.version);
  return assemble(encodeHeader(responseHeader(input, 1), input.version), [encodeItem(item, input.version)]);
}
