/**
 * The KMIP JSON encoding (KMIP Additional Message Encodings v1.0 §4): the spec's examples, value
 * forms, errors and limits; and property round trips binary ↔ XML ↔ JSON over random trees.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kmipDictionary as dict } from "../../src/kmip/dictionary.js";
import { allTags, enumForTag, maskForTag, type TagInfo, tagByNumber } from "../../src/kmip/tables.js";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { fromHex, toHex } from "../../src/ttlv/hex.js";
import {
  parseKmipJson,
  parseKmipJsonDocument,
  toKmipJson,
  toKmipJsonDocument,
  toKmipJsonValue,
} from "../../src/ttlv/json.js";
import { ItemType, type ItemTypeName, type TtlvItem } from "../../src/ttlv/types.js";
import { parseKmipXml, toKmipXml } from "../../src/ttlv/xml.js";
import { expectTtlvError, forms, specExamples } from "./text-encoding-helpers.js";

const hexOf = (item: TtlvItem): string => toHex(encodeTtlv(item));
const jsonOf = (text: string): TtlvItem => parseKmipJson(text, dict);
const scalar = (tag: number, type: ItemTypeName, value: unknown): TtlvItem =>
  ({ tag, type: ItemType[type], value }) as TtlvItem;

describe("JSON: the spec's §4.1.6 examples", () => {
  const examples = specExamples().filter((e) => e.json !== undefined);

  it("has the examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
  });

  for (const ex of examples) {
    it(`${ex.sec} ${ex.what}`, () => {
      for (const json of forms(ex.json)) {
        // Spec misprint (§4.1.6.11, noted in the vectors file): "0x000000003a505520" is
        // 2001-01-01T10:00:00Z, not the ISO example's 2001-01-01T10:00:00+10:00. It reads as
        // the instant it spells, which is not the example's TTLV.
        if (json.includes("0x000000003a505520")) {
          expect(jsonOf(json).value).toBe(0x3a505520n);
          continue;
        }
        expect(hexOf(jsonOf(json)), json).toBe(ex.ttlv);
      }
      const again = jsonOf(toKmipJson(decodeTtlv(fromHex(ex.ttlv)), dict));
      expect(hexOf(again)).toBe(ex.ttlv);
    });
  }

  it("read the spec's uncorrected misprints as they are", () => {
    // §4.1.6.2 prints ProtocolVersionMajor twice (the vectors file corrects it): still valid JSON
    // of two Protocol Version Major items.
    const twice =
      '{"tag": "ProtocolVersion", "value":[{"tag": "ProtocolVersionMajor", "type":"Integer", "value":1},' +
      '{"tag": "ProtocolVersionMajor", "type":"Integer", "value":0}]}';
    expect((jsonOf(twice).value as TtlvItem[]).map((c) => c.tag)).toEqual([0x42006a, 0x42006a]);
    // §4.1.6.6 uses an illustrative tag "X", which is a real KMIP tag (0x42009F).
    expect(jsonOf('{"tag":"X","type":"BigInteger","value":0}').tag).toBe(0x42009f);
  });
});

describe("JSON: values", () => {
  it("writes Numbers where exact and hex beyond 2^52 (§4.1.6.5)", () => {
    const write = (item: TtlvItem): unknown => toKmipJsonValue(item, dict).value;
    expect(write(scalar(0x420096, "LongInteger", 2n ** 52n - 1n))).toBe(2 ** 52 - 1);
    expect(write(scalar(0x420096, "LongInteger", 2n ** 52n))).toBe("0x0010000000000000");
    expect(write(scalar(0x420096, "LongInteger", -(2n ** 60n)))).toBe("0xf000000000000000");
    expect(write(scalar(0x42009f, "BigInteger", -1n))).toBe("0xffffffffffffffff");
    expect(write(scalar(0x420058, "Interval", 27))).toBe(27);
    expect(write(scalar(0x420010, "Boolean", true))).toBe(true);
    expect(write(scalar(0x42002c, "Integer", 0x100c))).toBe("Encrypt|Decrypt|CertificateSign");
    expect(write(scalar(0x420057, "Enumeration", 0x80000001))).toBe("0x80000001");
    expect(toKmipJsonValue(scalar(0x540001, "Integer", 1), dict).tag).toBe("0x540001");
  });

  it("reads Numbers, hex and names", () => {
    const v = (type: string, value: unknown, tag = "0x540001"): unknown =>
      jsonOf(JSON.stringify({ tag, type, value })).value;
    expect(v("Integer", "0xffffffff")).toBe(-1);
    expect(v("LongInteger", -2)).toBe(-2n);
    expect(v("LongInteger", "0xfffffffffffffffe")).toBe(-2n);
    expect(v("BigInteger", "0x00000000000000ff")).toBe(255n);
    expect(v("Enumeration", 2, "ObjectType")).toBe(2);
    expect(v("Boolean", "0x0000000000000000")).toBe(false);
    expect(v("Interval", "0x0000001b")).toBe(27);
    expect(v("Integer", "Encrypt|0x00000008", "CryptographicUsageMask")).toBe(12);
    expect(jsonOf('{"tag":"ProtocolVersion","value":null}').value).toEqual([]);
    expect(jsonOf('{"tag":"ProtocolVersion","type":"Structure","value":[]}').value).toEqual([]);
  });

  it("refuses inexact Numbers and values of the wrong JSON type", () => {
    const bad: Array<[string, RegExp]> = [
      ['{"tag":"UsageLimitsCount","type":"LongInteger","value":1152921504606846976}', /hex string/],
      ['{"tag":"BatchCount","type":"Integer","value":1.5}', /out of range/],
      ['{"tag":"BatchCount","type":"Integer","value":true}', /cannot be boolean/],
      ['{"tag":"BatchOrderOption","type":"Boolean","value":1}', /cannot be number/],
      ['{"tag":"AttributeName","type":"TextString","value":null}', /cannot be null/],
      ['{"tag":"ObjectType","type":"Enumeration","value":-1}', /out of range/],
    ];
    for (const [json, pattern] of bad) expectTtlvError(() => jsonOf(json), "bad-value", pattern);
  });

  it("reports malformed input with its path", () => {
    expectTtlvError(() => jsonOf('{"tag":"BatchCount",'), "syntax", /malformed JSON/);
    expectTtlvError(() => jsonOf("[]"), "syntax", /TTLV object/);
    expectTtlvError(() => jsonOf('{"tag":"BatchCount","type":"Integer","value":1,"x":2}'), "syntax", /"x"/);
    expectTtlvError(() => jsonOf('{"tag":"ProtocolVersion","value":{}}'), "syntax", /array/);
    expectTtlvError(() => jsonOf('{"tag":"Nope","value":[]}'), "bad-tag", /Nope/);
    expectTtlvError(() => jsonOf('{"tag":"BatchCount","type":"Int","value":1}'), "bad-type");
    const e = expectTtlvError(
      () =>
        jsonOf(
          '{"tag":"RequestMessage","value":[{"tag":"BatchItem","value":[]},' +
            '{"tag":"BatchItem","value":[{"tag":"Operation","type":"Enumeration","value":"Fly"}]}]}',
        ),
      "bad-value",
    );
    expect(e.path).toBe("RequestMessage/BatchItem[1]/Operation");
  });

  it("bounds size, depth and items", () => {
    const nested = (n: number): unknown => {
      let v: unknown = { tag: "ProtocolVersion", value: [] };
      for (let i = 1; i < n; i++) v = { tag: "ProtocolVersion", value: [v] };
      return v;
    };
    expect(() => parseKmipJson(nested(32), dict)).not.toThrow();
    expectTtlvError(() => parseKmipJson(nested(33), dict), "limit", /deeper than 32/);
    expectTtlvError(
      () => parseKmipJson(nested(3), dict, { limits: { itemsMax: 2 } }),
      "limit",
      /more than 2/,
    );
    expectTtlvError(() => parseKmipJson("[]".padEnd(100), dict, { limits: { textCharsMax: 50 } }), "limit");
  });

  it("binds placeholders like the XML reader", () => {
    const json = '{"tag":"TimeStamp","type":"DateTime","value":"$NOW"}';
    expectTtlvError(() => jsonOf(json), "bad-value", /unbound placeholder/);
    expect(parseKmipJson(json, dict, { resolvePlaceholder: () => 5n }).value).toBe(5n);
  });

  it("reads and writes several messages as an array", () => {
    const items = [scalar(0x42000d, "Integer", 1), scalar(0x540001, "TextString", "x")];
    const text = toKmipJsonDocument(items, dict);
    expect(JSON.parse(text)).toHaveLength(2);
    expect(parseKmipJsonDocument(text, dict)).toEqual(items);
    expect(parseKmipJsonDocument(toKmipJsonValue(items[0]!, dict), dict)).toEqual([items[0]]);
  });
});

/** Random trees of known KMIP tags (with values from their enumerations and masks) and vendor tags. */
const knownTags = allTags.filter((t) => t.types.length > 0);
const int64 = fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n);

function enumerationValue(info: TagInfo | undefined): fc.Arbitrary<number> {
  const any = fc.integer({ min: 0, max: 0xffffffff });
  if (info?.enumName === "Tag") return fc.oneof(fc.constantFrom(...knownTags.map((t) => t.tag)), any);
  const e = info === undefined ? undefined : enumForTag(info.tag);
  return e === undefined || e.values.length === 0
    ? any
    : fc.oneof(fc.constantFrom(...e.values.map((v) => v.value)), any);
}

function scalarValue(type: ItemTypeName, info: TagInfo | undefined): fc.Arbitrary<unknown> {
  switch (type) {
    case "Integer":
      return info !== undefined && maskForTag(info.tag) !== undefined
        ? fc.oneof(fc.integer({ min: 0, max: 0x3fff }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }))
        : fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case "LongInteger":
    case "DateTime":
    case "DateTimeExtended":
      return int64;
    case "BigInteger":
      return fc.bigInt(-(2n ** 300n), 2n ** 300n);
    case "Enumeration":
      return enumerationValue(info);
    case "Boolean":
      return fc.boolean();
    case "TextString":
      return fc.string({ unit: "binary", maxLength: 12 });
    case "ByteString":
      return fc.uint8Array({ maxLength: 24 });
    case "Interval":
      return fc.integer({ min: 0, max: 0xffffffff });
    default:
      return fc.constant(undefined);
  }
}

const scalarTypes = Object.keys(ItemType).filter((t) => t !== "Structure") as ItemTypeName[];

const leaf: fc.Arbitrary<TtlvItem> = fc
  .oneof(
    fc.constantFrom(...knownTags).chain((info) => {
      const types = info.types.filter((t) => t !== "Structure");
      return types.length === 0
        ? fc.constant(undefined)
        : fc.constantFrom(...types).map((type) => ({ info, type }));
    }),
    fc.record({
      info: fc.constant(undefined),
      type: fc.constantFrom(...scalarTypes),
      tag: fc.integer({ min: 0x540000, max: 0x54ffff }),
    }),
  )
  .filter((x) => x !== undefined)
  .chain((x) => {
    const tag = x.info?.tag ?? (x as { tag: number }).tag;
    return scalarValue(x.type, x.info).map((value) => scalar(tag, x.type, value));
  });

/** A KMIP 1.x Attribute whose value's enumeration or mask is chosen by its Attribute Name. */
const attribute: fc.Arbitrary<TtlvItem> = fc
  .constantFrom(
    ...knownTags.filter((t) => enumForTag(t.tag) !== undefined || maskForTag(t.tag) !== undefined),
  )
  .chain((info) => {
    const type: ItemTypeName = maskForTag(info.tag) !== undefined ? "Integer" : "Enumeration";
    return scalarValue(type, info).map((value) =>
      scalar(0x420008, "Structure", [
        scalar(0x42000a, "TextString", info.name),
        scalar(0x42000b, type, value),
      ]),
    );
  });

const { tree } = fc.letrec<{ tree: TtlvItem }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    attribute,
    fc
      .record({
        tag: fc.constantFrom(
          ...knownTags.filter((t) => t.types.includes("Structure")).map((t) => t.tag),
          0x540100,
        ),
        children: fc.array(tie("tree"), { maxLength: 5 }),
      })
      .map(({ tag, children }) => scalar(tag, "Structure", children)),
  ),
}));

describe("properties: binary ↔ XML ↔ JSON", () => {
  it("every tree survives XML, JSON and binary round trips", () => {
    fc.assert(
      fc.property(tree, (item) => {
        const bytes = encodeTtlv(item);
        const decoded = decodeTtlv(bytes);
        const xml = toKmipXml(decoded, dict);
        const json = toKmipJson(decoded, dict);
        expect(toKmipXml(item, dict)).toBe(xml);
        expect(encodeTtlv(parseKmipXml(xml, dict)).equals(bytes)).toBe(true);
        expect(encodeTtlv(parseKmipJson(json, dict)).equals(bytes)).toBe(true);
        // and across: JSON read back, written as XML, is the same XML
        expect(toKmipXml(parseKmipJson(json, dict), dict)).toBe(xml);
      }),
      { numRuns: 400 },
    );
  });

  it("names every known tag and reads the name back", () => {
    for (const t of knownTags) expect(tagByNumber(dict.tagNumber(dict.tagName(t.tag) ?? "") ?? 0)).toBe(t);
  });
});
