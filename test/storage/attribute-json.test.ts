import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  canonicalText,
  decodeAttributes,
  decodeValue,
  encodeAttributes,
  encodeValue,
} from "../../src/storage/attribute-json.js";
import { StorageError } from "../../src/storage/types.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";

const roundTrip = (list: Attribute[]) => decodeAttributes(encodeAttributes(list));
/** Records with Object.prototype, as the model builds them (fast-check defaults to null ones). */
const rec = <T>(shape: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(shape, { noNullPrototype: true });

/** Every item type a custom attribute can carry (KMIP 1.4 §9.1.1.2, 2.0 adds Date-Time Extended). */
const item = fc.letrec<{ item: TtlvItem }>((tie) => ({
  item: fc.oneof(
    { depthSize: "small" },
    rec({
      tag: fc.integer({ min: 0x420000, max: 0x54ffff }),
      type: fc.constant(ItemType.Integer),
      value: fc.integer(),
    }),
    rec({
      tag: fc.constant(0x42000b),
      type: fc.constant(ItemType.LongInteger),
      value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    }),
    rec({
      tag: fc.constant(0x42000b),
      type: fc.constant(ItemType.BigInteger),
      value: fc.bigInt(),
      byteLength: fc.constant(16),
    }),
    rec({ tag: fc.constant(0x42000b), type: fc.constant(ItemType.Enumeration), value: fc.nat() }),
    rec({ tag: fc.constant(0x42000b), type: fc.constant(ItemType.Boolean), value: fc.boolean() }),
    rec({ tag: fc.constant(0x42000b), type: fc.constant(ItemType.TextString), value: fc.string() }),
    rec({
      tag: fc.constant(0x42000b),
      type: fc.constant(ItemType.ByteString),
      value: fc.uint8Array({ maxLength: 24 }),
    }),
    rec({
      tag: fc.constant(0x42000b),
      type: fc.constant(ItemType.DateTime),
      value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    }),
    rec({ tag: fc.constant(0x42000b), type: fc.constant(ItemType.Interval), value: fc.nat() }),
    rec({
      tag: fc.constant(0x42000b),
      type: fc.constant(ItemType.DateTimeExtended),
      value: fc.bigInt({ min: 0n, max: 2n ** 62n }),
    }),
    rec({
      tag: fc.constant(0x54aa01),
      type: fc.constant(ItemType.Structure),
      value: fc.array(tie("item"), { maxLength: 3 }),
    }),
  ) as fc.Arbitrary<TtlvItem>,
})).item;

/** Any tree of the values the model uses, with keys that look like the encoding's own tags. */
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.double(),
    fc.boolean(),
    fc.bigInt(),
    fc.uint8Array({ maxLength: 16 }),
    fc.date({ noInvalidDate: true }),
    fc.constant(undefined),
    fc.constant(null),
    item,
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom("$vendor", "$n", "$b", "$$u", "__proto__")),
      tie("v"),
      {
        maxKeys: 4,
        noNullPrototype: true,
      },
    ),
  ),
})).v;

const attribute: fc.Arbitrary<Attribute> = fc.record(
  {
    name: fc.string({ minLength: 1 }),
    index: fc.nat(),
    value,
    templateReference: fc.constant(true as const),
  },
  { requiredKeys: ["name", "value"], noNullPrototype: true },
);

describe("attribute JSON", () => {
  it("round-trips every value type losslessly (property)", () => {
    fc.assert(
      fc.property(fc.array(attribute, { maxLength: 6 }), (list) => {
        expect(roundTrip(list)).toStrictEqual(list);
      }),
    );
  });

  it("round-trips canonical standard attributes", () => {
    const list: Attribute[] = [
      { name: "Unique Identifier", value: "abc" },
      { name: "Name", index: 0, value: { nameValue: "key", nameType: 1 } },
      { name: "Name", index: 1, value: { nameValue: "other", nameType: 2 } },
      { name: "Activation Date", value: 1_700_000_000n },
      {
        name: "Digest",
        value: { hashingAlgorithm: 4, digestValue: new Uint8Array([1, 2, 3]), keyFormatType: 1 },
      },
      { name: "Usage Limits", value: { usageLimitsTotal: 2n ** 62n, usageLimitsUnit: 1 } },
      {
        name: "X.509 Certificate Subject",
        value: { subjectDistinguishedName: new Uint8Array(), subjectAlternativeName: [new Uint8Array([9])] },
      },
      {
        name: "Cryptographic Parameters",
        value: { blockCipherMode: 1, $vendor: [{ tag: 0x540001, type: 7, value: "v" }] },
      },
      {
        name: "x-big",
        value: { tag: 0x42000b, type: ItemType.BigInteger, value: -(2n ** 100n), byteLength: 24 },
      },
      { name: "Name", value: { nameValue: "t" }, templateReference: true },
    ];
    expect(roundTrip(list)).toStrictEqual(list);
  });

  it("keeps numbers JSON cannot, Dates, undefined and null", () => {
    const v = [
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      new Date(5),
      undefined,
      null,
      { a: undefined },
    ];
    expect(decodeValue(JSON.parse(JSON.stringify(encodeValue(v))))).toStrictEqual(v);
  });

  it("keeps object keys that look like its own tags", () => {
    const v = { $n: "1", $$b: 2, __proto__x: 3 };
    const withProto = JSON.parse('{"__proto__": {"$n": "7"}}') as unknown;
    expect(decodeValue(JSON.parse(JSON.stringify(encodeValue(v))))).toStrictEqual(v);
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(withProto)))) as object;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, "__proto__")?.value).toStrictEqual({ $n: "7" });
  });

  it("gives one canonical text per value: key order and absent fields do not count, types do", () => {
    expect(canonicalText({ a: 1, b: "x", c: undefined })).toBe(canonicalText({ b: "x", a: 1 }));
    const texts = [1, 1n, "1", true, new Uint8Array([1]), [1], { a: 1 }].map((v) => canonicalText(v));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("refuses values it cannot keep, and malformed stored text, with a StorageError", () => {
    const bad: unknown[] = [() => 1, Symbol("s"), new Map(), new (class X {})()];
    for (const v of bad) expect(() => encodeAttributes([{ name: "x-a", value: v }])).toThrow(StorageError);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => encodeAttributes([{ name: "x-a", value: deep }])).toThrow(StorageError);
    expect(() => encodeAttributes([{ name: "", value: 1 }])).toThrow(StorageError);
    expect(() => encodeAttributes([{ name: "a", index: -1, value: 1 }])).toThrow(StorageError);
    for (const text of [
      "{",
      "{}",
      "[1]",
      '[{"name":"a","value":{"$n":"x"}}]',
      '[{"name":"a","value":{"$b":1}}]',
    ]) {
      expect(() => decodeAttributes(text)).toThrow(StorageError);
    }
  });
});
