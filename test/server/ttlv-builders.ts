/**
 * Hand-built KMIP requests and readers for responses, for the server tests: plain TTLV trees,
 * so a test shows exactly which fields go on the wire.
 */
import { Operation } from "../../src/kmip/generated/enums.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";

export const s = (tag: number, value: TtlvItem[]): TtlvItem => ({ tag, type: ItemType.Structure, value });
export const int = (tag: number, value: number): TtlvItem => ({ tag, type: ItemType.Integer, value });
export const enm = (tag: number, value: number): TtlvItem => ({ tag, type: ItemType.Enumeration, value });
export const text = (tag: number, value: string): TtlvItem => ({ tag, type: ItemType.TextString, value });
export const bytes = (tag: number, value: Uint8Array): TtlvItem => ({
  tag,
  type: ItemType.ByteString,
  value,
});
export const bool = (tag: number, value: boolean): TtlvItem => ({ tag, type: ItemType.Boolean, value });

export interface ItemSpec {
  readonly operation: number;
  readonly payload?: TtlvItem[];
  readonly id?: number;
  readonly extra?: TtlvItem[];
}

/** A Request Message: `header` items go between Protocol Version and Batch Count. */
export function request(version: [number, number], items: ItemSpec[], header: TtlvItem[] = []): Uint8Array {
  return encodeTtlv(requestTree(version, items, header));
}

export function requestTree(version: [number, number], items: ItemSpec[], header: TtlvItem[] = []): TtlvItem {
  const pv = s(Tag.ProtocolVersion, [
    int(Tag.ProtocolVersionMajor, version[0]),
    int(Tag.ProtocolVersionMinor, version[1]),
  ]);
  return s(Tag.RequestMessage, [
    s(Tag.RequestHeader, [pv, ...header, int(Tag.BatchCount, items.length)]),
    ...items.map((item) =>
      s(Tag.BatchItem, [
        enm(Tag.Operation, item.operation),
        ...(item.id === undefined ? [] : [bytes(Tag.UniqueBatchItemID, new Uint8Array([item.id]))]),
        s(Tag.RequestPayload, item.payload ?? []),
        ...(item.extra ?? []),
      ]),
    ),
  ]);
}

export const locate = (id?: number): ItemSpec => ({
  operation: Operation.Locate,
  ...(id === undefined ? {} : { id }),
});
export const activate = (uid?: string, id?: number): ItemSpec => ({
  operation: Operation.Activate,
  payload: uid === undefined ? [] : [text(Tag.UniqueIdentifier, uid)],
  ...(id === undefined ? {} : { id }),
});
export const destroy = (id?: number): ItemSpec => ({
  operation: Operation.Destroy,
  payload: [text(Tag.UniqueIdentifier, "missing")],
  ...(id === undefined ? {} : { id }),
});

/** A response read back: the raw tree, plus its header fields and items by tag. */
export interface ReadResponse {
  readonly tree: TtlvItem;
  readonly version: [number, number];
  readonly headerTags: number[];
  readonly header: Map<number, TtlvItem>;
  readonly items: Map<number, TtlvItem>[];
}

export function readResponse(bytes: Uint8Array): ReadResponse {
  const tree = decodeTtlv(bytes);
  if (tree.type !== ItemType.Structure || tree.tag !== Tag.ResponseMessage)
    throw new Error("not a Response Message");
  const [header, ...items] = tree.value;
  if (header?.type !== ItemType.Structure) throw new Error("no Response Header");
  const fields = new Map(header.value.map((c) => [c.tag, c]));
  const pv = fields.get(Tag.ProtocolVersion);
  const parts = pv?.type === ItemType.Structure ? pv.value.map((c) => c.value as number) : [];
  return {
    tree,
    version: [parts[0] ?? -1, parts[1] ?? -1],
    headerTags: header.value.map((c) => c.tag),
    header: fields,
    items: items.map((item) => new Map((item.value as TtlvItem[]).map((c) => [c.tag, c]))),
  };
}

/** The value of `tag` in a response item (undefined when absent). */
export function field(item: Map<number, TtlvItem> | undefined, tag: number): unknown {
  return item?.get(tag)?.value;
}
