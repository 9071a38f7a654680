/**
 * Result Status and Result Reason read straight from a response's bytes. A KMIP response to a
 * one-item request holds one Result Status (an Enumeration, KMIP 1.4 §9.1.3.2; tag 0x42007F),
 * and it comes before the payload, so the first match of its 8-byte item header is it. Decoding
 * every response would make the load generator, not the server, the slowest part.
 */
import { decodeResponse } from "../src/client/message.js";
import { enumName } from "../src/client/names.js";

const STATUS = Buffer.from([0x42, 0x00, 0x7f, 0x05, 0x00, 0x00, 0x00, 0x04]);
const REASON = Buffer.from([0x42, 0x00, 0x7e, 0x05, 0x00, 0x00, 0x00, 0x04]);

function enumAfter(message: Buffer, header: Buffer): number | undefined {
  const at = message.indexOf(header);
  return at < 0 || at + 12 > message.length ? undefined : message.readUInt32BE(at + 8);
}

/** 0 is Success; undefined when the message carries no Result Status at all. */
export function resultStatus(message: Uint8Array): number | undefined {
  return enumAfter(Buffer.from(message.buffer, message.byteOffset, message.length), STATUS);
}

/** The Result Reason's name ("Operation Not Supported"), for counting failures by kind. */
export function resultReason(message: Uint8Array): string {
  const code = enumAfter(Buffer.from(message.buffer, message.byteOffset, message.length), REASON);
  if (code === undefined) return "no Result Reason";
  return enumName("Result Reason", code);
}

/** The whole story of a failed response, decoded (only for the first few failures). */
export function failureText(message: Uint8Array): string {
  try {
    const item = decodeResponse(message, [], []).batchItems[0];
    if (item === undefined) return "a response without batch items";
    const reason = item.resultReason === undefined ? "" : enumName("Result Reason", item.resultReason);
    return `${reason}: ${item.resultMessage ?? ""}`.trim();
  } catch (e) {
    return `an undecodable response (${(e as Error).message})`;
  }
}
