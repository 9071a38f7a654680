/**
 * The in-process oracle: bytes go through the binary decoder, then the message model (message
 * schemas, every Batch Item's payload by its operation, the server's own request parsing), then
 * the text encodings. Refusing is fine; the only errors allowed out are TtlvError (codec) and
 * KmipError (model). Anything else is a bug, and `checkModel` throws it.
 */
import { kmipDictionary } from "../../src/kmip/dictionary.js";
import { KmipError } from "../../src/kmip/errors.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import {
  decodeRequestMessage,
  decodeRequestPayload,
  decodeResponseMessage,
  decodeResponsePayload,
  messageVersion,
  peekProtocolVersion,
} from "../../src/kmip/messages.js";
import { newDecodeReport } from "../../src/kmip/schema/index.js";
import { parseRequest } from "../../src/server/request.js";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { TtlvError } from "../../src/ttlv/errors.js";
import { parseKmipJson, toKmipJson } from "../../src/ttlv/json.js";
import type { TtlvItem } from "../../src/ttlv/types.js";
import { parseKmipXml, toKmipXml } from "../../src/ttlv/xml.js";

/** How far a message got: not TTLV; TTLV the model refused; a request or response it read. */
export type ModelOutcome = "ttlv-refused" | "model-refused" | "model-read";

export function checkModel(bytes: Uint8Array): ModelOutcome {
  let tree: TtlvItem;
  try {
    tree = decodeTtlv(bytes);
  } catch (error) {
    if (error instanceof TtlvError) return "ttlv-refused";
    throw error;
  }
  checkText(tree);
  try {
    readMessage(tree);
    return "model-read";
  } catch (error) {
    if (error instanceof KmipError || error instanceof TtlvError) return "model-refused";
    throw error;
  }
}

/** The message as a server (request) or a client (response) reads it, payloads included. */
function readMessage(tree: TtlvItem): void {
  peekProtocolVersion(tree);
  const version = messageVersion(tree);
  if (tree.tag === Tag.RequestMessage) {
    parseRequest(tree, version, newDecodeReport(), 256);
    for (const item of decodeRequestMessage(tree, version).batchItem) {
      decodeRequestPayload(item.operation, item.requestPayload, version);
    }
    return;
  }
  for (const item of decodeResponseMessage(tree, version).batchItem) {
    if (item.operation !== undefined && item.responsePayload !== undefined) {
      decodeResponsePayload(item.operation, item.responsePayload, version);
    }
  }
}

/** A decoded tree goes to XML and JSON and back to the same bytes, or refuses with TtlvError. */
function checkText(tree: TtlvItem): void {
  const bytes = Buffer.from(encodeTtlv(tree));
  for (const [write, read] of [
    [toKmipXml, parseKmipXml],
    [toKmipJson, parseKmipJson],
  ] as const) {
    let back: TtlvItem;
    try {
      back = read(write(tree, kmipDictionary), kmipDictionary);
    } catch (error) {
      if (error instanceof TtlvError) continue;
      throw error;
    }
    if (!Buffer.from(encodeTtlv(back)).equals(bytes))
      throw new Error("text encoding round trip changed the bytes");
  }
}
