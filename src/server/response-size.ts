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
export function concatMessage(parts: readonly Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(8 + length);
  const view = new DataView(out.buffer);
  view.setUint32(0, Tag.ResponseMessage * 0x100 + ItemType.Structure);
  view.setUint32(4, length);
  let at = 8;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
