/**
 * Property tests (fast-check): valid trees survive encode -> decode unchanged; arbitrary bytes,
 * and real messages with random damage, either decode (and then re-encode to the same bytes) or
 * fail with a TtlvError, never anything else; the encoder likewise on arbitrary junk.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv, minimalBigIntegerLength } from "../../src/ttlv/encode.js";
import { TtlvError } from "../../src/ttlv/errors.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";
import { wireMessages } from "./wire-messages.js";

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const tag = fc.oneof(
  fc.integer({ min: 0x420000, max: 0x42ffff }),
  fc.integer({ min: 0x540000, max: 0x54ffff }),
);
const item = <V>(type: number, value: fc.Arbitrary<V>): fc.Arbitrary<TtlvItem> =>
  fc.tuple(tag, value).map(([t, v]) => ({ tag: t, type, value: v }) as TtlvItem);

/** A Big Integer, sometimes with redundant sign-extension blocks (a kept byteLength). */
const bigInteger: fc.Arbitrary<TtlvItem> = fc
  .tuple(tag, fc.bigInt({ min: -(2n ** 700n), max: 2n ** 700n }), fc.integer({ min: 0, max: 3 }))
  .map(([t, value, extra]) => {
    const base = { tag: t, type: ItemType.BigInteger, value };
    return extra === 0 ? base : { ...base, byteLength: minimalBigIntegerLength(value) + 8 * extra };
  });

const leaf = fc.oneof(
  item(ItemType.Integer, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  item(ItemType.LongInteger, fc.bigInt(INT64)),
  bigInteger,
  item(ItemType.Enumeration, fc.integer({ min: 0, max: 0xffffffff })),
  item(ItemType.Boolean, fc.boolean()),
  item(ItemType.TextString, fc.string({ unit: "binary", maxLength: 40 })),
  item(ItemType.ByteString, fc.uint8Array({ maxLength: 40 })),
  item(ItemType.DateTime, fc.bigInt(INT64)),
  item(ItemType.Interval, fc.integer({ min: 0, max: 0xffffffff })),
  item(ItemType.DateTimeExtended, fc.bigInt(INT64)),
);

const { tree } = fc.letrec<{ tree: TtlvItem; structure: TtlvItem }>((tie) => ({
  tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("structure")),
  structure: item(ItemType.Structure, fc.array(tie("tree"), { maxLength: 6 })),
}));

/** Decodes, and if that works checks the bytes re-encode identically; only TtlvError may escape. */
function decodeOrTtlvError(bytes: Uint8Array): void {
  let decoded: TtlvItem;
  try {
    decoded = decodeTtlv(bytes);
  } catch (e) {
    if (!(e instanceof TtlvError)) throw e;
    return;
  }
  expect(Buffer.from(encodeTtlv(decoded)).equals(bytes)).toBe(true);
}

const wire = wireMessages().map((m) => m.bytes);

/** A valid message (captured or generated) with random damage applied. */
const damaged = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(...wire),
      tree.map((t) => new Uint8Array(encodeTtlv(t))),
    ),
    fc.array(
      fc.tuple(
        fc.constantFrom("set", "insert", "delete", "truncate", "length"),
        fc.nat(),
        fc.nat({ max: 255 }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([message, edits]) => {
    let bytes = Array.from(message);
    for (const [op, where, byte] of edits) {
      const at = bytes.length === 0 ? 0 : where % bytes.length;
      if (op === "set") bytes[at] = byte;
      else if (op === "insert") bytes.splice(at, 0, byte);
      else if (op === "delete") bytes.splice(at, 1);
      else if (op === "truncate") bytes = bytes.slice(0, at);
      // Rewrite one byte of the length field of the item header nearest an 8-aligned offset.
      else bytes[(at & ~7) + 4 + (byte & 3)] = byte;
    }
    return Uint8Array.from(bytes, (b) => b ?? 0);
  });

describe("TTLV properties", () => {
  it("encode then decode gives the same tree; decode then encode the same bytes", () => {
    fc.assert(
      fc.property(tree, (t) => {
        const bytes = encodeTtlv(t);
        expect(bytes.length % 8).toBe(0);
        const back = decodeTtlv(bytes);
        expect(back).toEqual(t);
        expect(encodeTtlv(back).equals(bytes)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("arbitrary bytes decode or throw TtlvError", () => {
    const prefix = fc.constantFrom([], [0x42], [0x42, 0x00], [0x42, 0x00, 0x78, 0x01], [0x54]);
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 120 }), (p, rest) => {
        decodeOrTtlvError(Uint8Array.from([...p, ...rest]));
      }),
      { numRuns: 3000 },
    );
  });

  it("damaged valid messages decode (and re-encode identically) or throw TtlvError", () => {
    fc.assert(fc.property(damaged, decodeOrTtlvError), { numRuns: 3000 });
  });

  it("the encoder rejects junk with TtlvError and nothing else", () => {
    const junkValue = fc.anything({
      withBigInt: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
    });
    const junk = fc.record({
      tag: fc.oneof(tag, fc.anything()),
      type: fc.integer({ min: -1, max: 13 }),
      value: junkValue,
    });
    fc.assert(
      fc.property(junk, (j) => {
        try {
          const bytes = encodeTtlv(j as TtlvItem);
          expect(decodeTtlv(bytes, { depthMax: 1000 })).toBeDefined();
        } catch (e) {
          if (!(e instanceof TtlvError)) throw e;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
