/**
 * Finding one's way in KMIP messages as TTLV trees: a structure's children by tag, a batch item's
 * Operation, the request batch item a response batch item answers, the protocol version.
 * KMIP 1.4 §7.1–7.2 / 2.1 §8: a message is a header and batch items; responses answer in order.
 */
import { Tag } from "../kmip/generated/tags.js";
import { type KmipVersion, versionCode } from "../kmip/version.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";

export function children(item: TtlvItem | undefined): readonly TtlvItem[] {
  return item?.type === ItemType.Structure ? item.value : [];
}

export function child(item: TtlvItem | undefined, tag: number): TtlvItem | undefined {
  return children(item).find((c) => c.tag === tag);
}

export function enumValue(item: TtlvItem | undefined): number | undefined {
  return item?.type === ItemType.Enumeration ? item.value : undefined;
}

export function textValue(item: TtlvItem | undefined): string | undefined {
  return item?.type === ItemType.TextString ? item.value : undefined;
}

/** The Operation of a batch item. */
export function operationOf(batchItem: TtlvItem | undefined): number | undefined {
  return enumValue(child(batchItem, Tag.Operation));
}

/** The message's Protocol Version (from its header), e.g. 14; undefined when absent. */
export function messageVersion(message: TtlvItem): KmipVersion | undefined {
  const header = child(message, Tag.RequestHeader) ?? child(message, Tag.ResponseHeader);
  const pv = child(header, Tag.ProtocolVersion);
  const major = child(pv, Tag.ProtocolVersionMajor);
  const minor = child(pv, Tag.ProtocolVersionMinor);
  if (major?.type !== ItemType.Integer || minor?.type !== ItemType.Integer) return undefined;
  return versionCode(major.value, minor.value);
}

/**
 * The request batch item that an expected response batch item answers: the one with the same
 * Unique Batch Item ID, else the one at the same position (1.4 §6.4, §7.2).
 */
export function requestItemFor(
  request: TtlvItem,
  response: TtlvItem,
  responseItem: TtlvItem,
): TtlvItem | undefined {
  const requests = children(request).filter((c) => c.tag === Tag.BatchItem);
  const id = child(responseItem, Tag.UniqueBatchItemID);
  if (id?.type === ItemType.ByteString) {
    const hex = Buffer.from(id.value).toString("hex");
    const found = requests.find((r) => {
      const rid = child(r, Tag.UniqueBatchItemID);
      return rid?.type === ItemType.ByteString && Buffer.from(rid.value).toString("hex") === hex;
    });
    if (found !== undefined) return found;
  }
  const index = children(response)
    .filter((c) => c.tag === Tag.BatchItem)
    .indexOf(responseItem);
  return requests[index];
}
