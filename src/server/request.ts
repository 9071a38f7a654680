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

/** Throws KmipError (Invalid Message) when the message as a whole cannot be read. */
export function parseRequest(message: TtlvItem, version: KmipVersion, report: DecodeReport): ParsedRequest {
  if (message.tag !== Tag.RequestMessage || message.type !== ItemType.Structure) {
    throw invalid(`expected a Request Message, got tag ${hexTag(message.tag)}`);
  }
  const [first, ...rest] = message.value;
  if (first?.tag !== Tag.RequestHeader) throw invalid("Request Message: the Request Header must come first");
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
