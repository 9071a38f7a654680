/**
 * Generated TTLV trees (fast-check): any tree at all, KMIP-shaped items (known tags with one of
 * the types the tables allow, Enumerations mostly from their enumeration), and Request Messages
 * with a real header and random Batch Items, which reach deepest into the payload schemas.
 */
import fc from "fast-check";
import { Operation } from "../../src/kmip/generated/enums.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { allEnums, allTags, type TagInfo } from "../../src/kmip/tables.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { ItemType, type ItemTypeName, type TtlvItem } from "../../src/ttlv/types.js";

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const UINT32 = { min: 0, max: 0xffffffff };

const anyTag = fc.oneof(
  fc.integer({ min: 0x420000, max: 0x42ffff }),
  fc.integer({ min: 0x540000, max: 0x54ffff }),
);

/** A leaf of `type` under `tag`; `enumValues` biases Enumerations towards real values. */
function leaf(tag: number, type: ItemTypeName, enumValues: readonly number[] = []): fc.Arbitrary<TtlvItem> {
  const item = <V>(t: number, value: fc.Arbitrary<V>) =>
    value.map((v) => ({ tag, type: t, value: v }) as TtlvItem);
  switch (type) {
    case "Integer":
      return item(ItemType.Integer, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
    case "LongInteger":
      return item(ItemType.LongInteger, fc.bigInt(INT64));
    case "BigInteger":
      return item(ItemType.BigInteger, fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }));
    case "Enumeration":
      return item(
        ItemType.Enumeration,
        enumValues.length > 0
          ? fc.oneof(fc.constantFrom(...enumValues), fc.integer(UINT32))
          : fc.integer(UINT32),
      );
    case "Boolean":
      return item(ItemType.Boolean, fc.boolean());
    case "TextString":
      return item(ItemType.TextString, fc.string({ unit: "binary", maxLength: 40 }));
    case "ByteString":
      return item(ItemType.ByteString, fc.uint8Array({ maxLength: 64 }));
    case "DateTime":
    case "DateTimeExtended":
      return item(ItemType[type], fc.bigInt(INT64));
    case "Interval":
      return item(ItemType.Interval, fc.integer(UINT32));
    default:
      return item(ItemType.Structure, fc.constant([]));
  }
}

/** Any tree: random tags, random types (the decoder's view). */
export const anyTree: fc.Arbitrary<TtlvItem> = fc.letrec<{ tree: TtlvItem }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small" },
    anyTag.chain((tag) =>
      fc
        .constantFrom<ItemTypeName>(
          "Integer",
          "TextString",
          "ByteString",
          "Enumeration",
          "Boolean",
          "LongInteger",
          "DateTime",
          "Interval",
          "BigInteger",
        )
        .chain((t) => leaf(tag, t)),
    ),
    fc
      .tuple(anyTag, fc.array(tie("tree"), { maxLength: 5 }))
      .map(([tag, value]) => ({ tag, type: ItemType.Structure, value }) as TtlvItem),
  ),
})).tree;

const TAGS: readonly TagInfo[] = allTags.filter((t) => t.types.length > 0);
const ENUM_VALUES = new Map(allEnums.map((e) => [e.name, e.values.map((v) => v.value)]));

/** An item with a known tag and one of the types the tables allow it. */
export const kmipItem: fc.Arbitrary<TtlvItem> = fc.letrec<{ item: TtlvItem }>((tie) => ({
  item: fc
    .constantFrom(...TAGS)
    .chain((info) =>
      fc
        .constantFrom(...info.types)
        .chain((type) =>
          type === "Structure"
            ? fc
                .array(tie("item"), { maxLength: 4 })
                .map((value) => ({ tag: info.tag, type: ItemType.Structure, value }) as TtlvItem)
            : leaf(info.tag, type, ENUM_VALUES.get(info.enumName ?? "") ?? []),
        ),
    ),
})).item;

const OPERATIONS = Object.values(Operation);
const s = (tag: number, value: TtlvItem[]): TtlvItem => ({ tag, type: ItemType.Structure, value });
const int = (tag: number, value: number): TtlvItem => ({ tag, type: ItemType.Integer, value });

/** A Request Message with a plausible header and 1–3 Batch Items of random operation and payload. */
export const kmipRequest: fc.Arbitrary<TtlvItem> = fc
  .tuple(
    fc.constantFrom([1, 0], [1, 1], [1, 2], [1, 3], [1, 4], [2, 0], [2, 1], [3, 0]),
    fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...OPERATIONS), fc.integer(UINT32)),
        fc.array(kmipItem, { maxLength: 5 }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([[major, minor], items]) =>
    s(Tag.RequestMessage, [
      s(Tag.RequestHeader, [
        s(Tag.ProtocolVersion, [
          int(Tag.ProtocolVersionMajor, major!),
          int(Tag.ProtocolVersionMinor, minor!),
        ]),
        int(Tag.BatchCount, items.length),
      ]),
      ...items.map(([operation, payload], i) =>
        s(Tag.BatchItem, [
          { tag: Tag.Operation, type: ItemType.Enumeration, value: operation },
          { tag: Tag.UniqueBatchItemID, type: ItemType.ByteString, value: Uint8Array.of(i) },
          s(Tag.RequestPayload, payload),
        ]),
      ),
    ]),
  );

/** Encoded generated messages: KMIP-shaped requests mostly, arbitrary trees too. */
export const generatedMessage: fc.Arbitrary<Uint8Array> = fc
  .oneof({ weight: 3, arbitrary: kmipRequest }, { weight: 1, arbitrary: anyTree })
  .map((tree) => new Uint8Array(encodeTtlv(tree)));

/** `n` generated messages, the same for the same seed. */
export function sampleGenerated(n: number, seed: number): Uint8Array[] {
  return fc.sample(generatedMessage, { numRuns: n, seed });
}
