/**
 * Defects of the published files that the runner reads past, each generic (applied to every
 * file, triggered by the defect, never by a file name) and listed in docs/conformance.md. The
 * files themselves are kept as published (vectors README).
 */
import { Tag } from "../kmip/generated/tags.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import { child } from "./message-parts.js";

export interface Repair {
  readonly id: string;
  readonly repair: string;
  readonly why: string;
}

export const REPAIRS: readonly Repair[] = [
  {
    id: "after-root",
    repair: "Anything after the first `</KMIP>` closing tag is ignored.",
    why: "README 'Known defects': kmip-1.4/testcases/TC-ECDSA-SIGN-1-14.xml ends with a duplicated `</KMIP>`; its messages are whole before it.",
  },
  {
    id: "attribute-name-spaces",
    repair: "Runs of white space inside an Attribute Name are read as one space, in requests and responses.",
    why: "The OVH renderings of the 1.1/1.2 test cases carry line-wrap artifacts from the PDF ('Cryptographic   Length', 'Unique   Identifier'); KMIP attribute names have single spaces (1.4 §3) and custom names none.",
  },
  {
    id: "response-version",
    repair:
      "An expected Response Message whose Protocol Version differs from its request's is read with the request's.",
    why: "A server answers in the protocol version of the request (KMIP 1.4 §6.1: the version 'ensuring that the protocol is fully understood by both communicating parties'); kmip-1.4/profiles/optional/OMOS-O-1-14.xml answers a 1.4 Destroy with 1.3, the only such case.",
  },
];

/** Rule "after-root": the document up to the end of its first `</KMIP>`. */
export function repairText(text: string): string {
  const end = text.indexOf("</KMIP>");
  return end < 0 ? text : text.slice(0, end + "</KMIP>".length);
}

/** Rule "response-version": the response with the request's Protocol Version. */
export function repairResponseVersion(request: TtlvItem, response: TtlvItem): TtlvItem {
  const version = child(child(request, Tag.RequestHeader), Tag.ProtocolVersion);
  if (version === undefined || response.type !== ItemType.Structure) return response;
  return {
    ...response,
    value: response.value.map((header) =>
      header.tag !== Tag.ResponseHeader || header.type !== ItemType.Structure
        ? header
        : { ...header, value: header.value.map((c) => (c.tag === Tag.ProtocolVersion ? version : c)) },
    ),
  };
}

/** Rule "attribute-name-spaces", over a whole message. */
export function repairMessage(item: TtlvItem): TtlvItem {
  if (item.type === ItemType.Structure) return { ...item, value: item.value.map(repairMessage) };
  if (item.tag === Tag.AttributeName && item.type === ItemType.TextString) {
    return { ...item, value: item.value.replace(/\s+/g, " ") };
  }
  return item;
}
