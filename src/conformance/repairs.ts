/**
 * Defects of the published files that the runner reads past, each generic (applied to every
 * file, triggered by the defect, never by a file name) and listed in docs/conformance.md. The
 * files themselves are kept as published (vectors README).
 */

import { Operation } from "../kmip/generated/enums.js";
import { Tag } from "../kmip/generated/tags.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import { child, children, operationOf } from "./message-parts.js";

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
  {
    id: "get-identifier",
    repair:
      "In the response to a Get that names a Unique Identifier, an expected Unique Identifier naming another object is read as the one requested.",
    why: "Get returns the object the request names (KMIP 1.4 §4.11, 2.1 §6.1.22: 'the Unique Identifier of the object'). kmip-1.2/testcases-ovh/TC_SJ_2_12 and TC_SJ_4_12 and kmip-1.4/testcases/TC-SJ-4-14 Get part 4 of a split key and expect the identifier of part 1 with part 4's Key Part Identifier; their 2.0 renderings expect part 4's.",
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

/** Rule "get-identifier": each Get item of the response names the object its request item named. */
export function repairGetIdentifier(request: TtlvItem, response: TtlvItem): TtlvItem {
  if (response.type !== ItemType.Structure) return response;
  const asked = children(request).filter((c) => c.tag === Tag.BatchItem);
  let index = -1;
  return {
    ...response,
    value: response.value.map((item) => {
      if (item.tag !== Tag.BatchItem) return item;
      index += 1;
      const requested = asked[index];
      if (operationOf(requested) !== Operation.Get || operationOf(item) !== Operation.Get) return item;
      const uid = child(child(requested, Tag.RequestPayload), Tag.UniqueIdentifier);
      return uid === undefined ? item : withPayloadIdentifier(item, uid);
    }),
  };
}

function withPayloadIdentifier(batchItem: TtlvItem, uid: TtlvItem): TtlvItem {
  if (batchItem.type !== ItemType.Structure) return batchItem;
  return {
    ...batchItem,
    value: batchItem.value.map((part) =>
      part.tag !== Tag.ResponsePayload || part.type !== ItemType.Structure
        ? part
        : {
            ...part,
            value: part.value.map((c) =>
              c.tag === Tag.UniqueIdentifier && c.type === uid.type && c.value !== uid.value ? uid : c,
            ),
          },
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
