/**
 * Reading a Request Message in two layers, so that one bad Batch Item fails alone: "Error parsing
 * batch item or payload within batch item → Batch item fails; Result Status is Operation Failed;
 * Invalid Message" (KMIP 1.4 §11.1 Table 327). The message frame and its Request Header must
 * read, or the whole message is answered Invalid Message ("Message cannot be parsed").
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import { Tag } from "../kmip/generated/tags.js";
import { RequestBatchItem, RequestHeader } from "../kmip/messages.js";
import { type DecodeReport, decodeStruct, hexTag, isVendorTag } from "../kmip/schema/index.js";
import { tagByNumber } from "../kmip/tables.js";
import type { KmipVersion } from "../kmip/version.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import type { Echo } from "./responses.js";

export type ParsedItem =
  | { readonly ok: true; readonly item: RequestBatchItem }
  | { readonly ok: false; readonly echo: Echo; readonly error: KmipError };

export interface ParsedRequest {
  readonly header: RequestHeader;
  readonly items: readonly ParsedItem[];
}

function invalid(message: string): KmipError {
  return new KmipError(ResultReason.InvalidMessage, message);
}

/**
 * Throws KmipError (Invalid Message) when the message as a whole cannot be read, and when it holds
 * more than `batchItemsMax` Batch Items (counted before any is decoded).
 */
export function parseRequest(
  message: TtlvItem,
  version: KmipVersion,
  report: DecodeReport,
  batchItemsMax = Number.POSITIVE_INFINITY,
): ParsedRequest {
  if (message.tag !== Tag.RequestMessage || message.type !== ItemType.Structure) {
    throw invalid(`expected a Request Message, got tag ${hexTag(message.tag)}`);
  }
  const [first, ...rest] = message.value;
  if (first?.tag !== Tag.RequestHeader) throw invalid("Request Message: the Request Header must come first");
  checkBatchSize(rest, version, batchItemsMax);
  const header = decodeStruct(RequestHeader, first, version, { report });
  const items: ParsedItem[] = [];
  for (const child of rest) {
    if (child.tag === Tag.BatchItem) items.push(parseItem(child, version, report));
    else if (isVendorTag(child.tag)) report.vendorItems.push({ parentTag: message.tag, item: child });
    else
      throw invalid(`Request Message: unexpected field ${tagByNumber(child.tag)?.name ?? hexTag(child.tag)}`);
  }
  if (items.length === 0) throw invalid("Request Message: missing required field Batch Item");
  // Batch Count "contains the number of Batch Items in a message" (1.4 §6.14): a mismatch means
  // a truncated or misbuilt message, which is not ours to guess at.
  if (header.batchCount !== items.length) {
    throw invalid(`Batch Count ${header.batchCount} does not match the ${items.length} Batch Items sent`);
  }
  return { header, items };
}

/**
 * A batch over the server's bound is refused whole, before any item runs: Server Limit Exceeded
 * where the version has it (2.0+, KMIP 2.1 §11.46); 1.x has no reason for a server's own limit, so
 * General Failure, the one that does not blame the message.
 */
function checkBatchSize(children: readonly TtlvItem[], version: KmipVersion, batchItemsMax: number): void {
  let count = 0;
  for (const child of children) if (child.tag === Tag.BatchItem) count++;
  if (count <= batchItemsMax) return;
  const reason = version >= 20 ? ResultReason.ServerLimitExceeded : ResultReason.GeneralFailure;
  throw new KmipError(reason, `${count} Batch Items exceed the server's limit of ${batchItemsMax}`);
}

function parseItem(child: TtlvItem, version: KmipVersion, report: DecodeReport): ParsedItem {
  try {
    return { ok: true, item: decodeStruct(RequestBatchItem, child, version, { report }) };
  } catch (error) {
    if (!(error instanceof KmipError)) throw error;
    return { ok: false, echo: peekEcho(child), error };
  }
}

/** Operation and Unique Batch Item ID of an item that did not decode, when they are readable. */
export function peekEcho(item: TtlvItem): Echo {
  if (item.type !== ItemType.Structure) return {};
  const operation = item.value.find((c) => c.tag === Tag.Operation);
  const id = item.value.find((c) => c.tag === Tag.UniqueBatchItemID);
  return {
    operation: operation?.type === ItemType.Enumeration ? operation.value : undefined,
    uniqueBatchItemID: id?.type === ItemType.ByteString ? id.value : undefined,
  };
}
