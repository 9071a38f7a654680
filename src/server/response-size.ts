/**
 * The size side of a Response Message: Maximum Response Size accounting, and assembling the
 * message from items encoded one by one (each is encoded once, and its size is then known).
 */
import { ResultReason, ResultStatus } from "../kmip/generated/enums.js";
import { Tag } from "../kmip/generated/tags.js";
import type { ResponseBatchItem } from "../kmip/messages.js";
import type { KmipVersion } from "../kmip/version.js";
import { encodeTtlv } from "../ttlv/encode.js";
import { ItemType } from "../ttlv/types.js";
import { encodeItem, failureItem } from "./responses.js";

/**
 * Maximum Response Size: "the maximum size of a response, in bytes, that the requester SHALL be
 * able to handle" (1.4 §6.3); exceeding it is "Result Status is Operation Failed | Response Too
 * Large" (1.4 §11.1), per item as OASIS TC-121 shows. The response header has a fixed size
 * (its Batch Count and Time Stamp are fixed-width), so the running total is exact.
 */
export class SizeBudget {
  constructor(
    private readonly max: number | undefined,
    private readonly version: KmipVersion,
    /** Bytes so far: the message and response headers, then each admitted item. */
    private used: number,
  ) {}

  admit(item: ResponseBatchItem, bytes: Uint8Array): { bytes: Uint8Array; failed: boolean } {
    const failed = item.resultStatus !== ResultStatus.Success;
    if (this.max === undefined || this.used + bytes.length <= this.max) {
      this.used += bytes.length;
      return { bytes, failed };
    }
    const echo = { operation: item.operation, uniqueBatchItemID: item.uniqueBatchItemID };
    const size = this.used + bytes.length;
    const message = `Response size: ${size}, Maximum Response Size indicated in request: ${this.max}`;
    const tooLarge = failureItem(echo, ResultReason.ResponseTooLarge, message, this.version);
    // Even the failure may not fit a tiny maximum; it is sent anyway (the client gets an answer).
    const out = encodeTtlv(encodeItem(tooLarge, this.version));
    this.used += out.length;
    return { bytes: out, failed: true };
  }
}

/** A Response Message from encoded header and items: one Structure header, then the bytes. */
export function concatMessage(header: Uint8Array, items: readonly Uint8Array[]): Uint8Array {
  let length = header.length;
  for (const item of items) length += item.length;
  // Every byte is written below, so the bytes may come uninitialized from Node's pool (a small
  // answer then costs no allocation of its own; issue #8).
  const out = Buffer.allocUnsafe(8 + length);
  const view = new DataView(out.buffer, out.byteOffset, 8);
  view.setUint32(0, Tag.ResponseMessage * 0x100 + ItemType.Structure);
  view.setUint32(4, length);
  out.set(header, 8);
  let at = 8 + header.length;
  for (const item of items) {
    out.set(item, at);
    at += item.length;
  }
  return out;
}
