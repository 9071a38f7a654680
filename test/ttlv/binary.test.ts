/**
 * Unit tests of the binary codec: each type at its edges, Big Integer sign extension (KMIP 1.4
 * §9.1.1.4), lossless details (BOM, trailing NUL, redundant sign bytes), encoder validation,
 * limits at the limit and one past it, and the hex helpers.
 */
import { describe, expect, it } from "vitest";
import { decodeTtlv, decodeTtlvHeader } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { TtlvError } from "../../src/ttlv/errors.js";
import { fromHex, toHex, toSpecHex } from "../../src/ttlv/hex.js";
import { DEFAULT_TTLV_LIMITS, resolveLimits, type TtlvLimits } from "../../src/ttlv/limits.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";

const T = 0x420020;
const hex = (item: TtlvItem): string => toHex(encodeTtlv(item));
const roundTrip = (item: TtlvItem): TtlvItem => decodeTtlv(encodeTtlv(item));

function errorOf(fn: () => unknown): TtlvError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TtlvError) return e;
    throw e;
  }
  throw new Error("expected a TtlvError");
}

describe("primitive types at their edges", () => {
  it.each([
    [{ tag: T, type: ItemType.Integer, value: -(2 ** 31) }, "42002002000000048000000000000000"],
    [{ tag: T, type: ItemType.Integer, value: -1 }, "4200200200000004ffffffff00000000"],
    [{ tag: T, type: ItemType.Enumeration, value: 0xffffffff }, "4200200500000004ffffffff00000000"],
    [{ tag: T, type: ItemType.Interval, value: 0 }, "4200200a000000040000000000000000"],
    [{ tag: T, type: ItemType.LongInteger, value: -(2n ** 63n) }, "42002003000000088000000000000000"],
    [{ tag: T, type: ItemType.DateTime, value: -1n }, "4200200900000008ffffffffffffffff"],
    [
      { tag: T, type: ItemType.DateTimeExtended, value: 1205495800000001n },
      "4200200b00000008000448645cefee01",
    ],
    [{ tag: T, type: ItemType.Boolean, value: false }, "42002006000000080000000000000000"],
    [{ tag: T, type: ItemType.TextString, value: "" }, "4200200700000000"],
    [
      { tag: T, type: ItemType.ByteString, value: new Uint8Array(8).fill(0xab) },
      "4200200800000008abababababababab",
    ],
    [{ tag: 0x54ffff, type: ItemType.Structure, value: [] }, "54ffff0100000000"],
  ] as [TtlvItem, string][])("%o", (item, wire) => {
    expect(hex(item)).toBe(wire);
    expect(decodeTtlv(fromHex(wire))).toEqual(item);
  });

  it("keeps a byte-order mark, a trailing NUL and 4-byte UTF-8 in Text Strings", () => {
    for (const value of ["\ufeffBOM first", "NUL last\u0000", "key \u{1f511} ü 鍵"]) {
      const item: TtlvItem = { tag: T, type: ItemType.TextString, value };
      expect(roundTrip(item)).toEqual(item);
    }
    expect(hex({ tag: T, type: ItemType.TextString, value: "\ufeff" })).toBe(
      "4200200700000003efbbbf0000000000",
    );
  });

  it("decodes a Byte String into a plain Uint8Array copy, whatever the input view", () => {
    const wire = Buffer.concat([Buffer.alloc(5), Buffer.from(fromHex("42002008000000030102030000000000"))]);
    const input = wire.subarray(5);
    const item = decodeTtlv(input);
    expect(item.value).toEqual(new Uint8Array([1, 2, 3]));
    expect((item.value as Uint8Array).constructor).toBe(Uint8Array);
    input[8] = 0x7f;
    expect(item.value).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("reads a header without validating it", () => {
    expect(decodeTtlvHeader(fromHex("00 42 00 78 | 01 | 00 00 01 00"), 1)).toEqual({
      tag: 0x420078,
      type: 1,
      length: 256,
    });
    expect(errorOf(() => decodeTtlvHeader(new Uint8Array(10), 4)).code).toBe("truncated");
  });

  it("rejects input that is not a Uint8Array", () => {
    expect(errorOf(() => decodeTtlv("42" as unknown as Uint8Array)).code).toBe("bad-value");
  });
});

describe("Big Integer (§9.1.1.4: two's complement, sign-extended to a multiple of 8)", () => {
  const big = (value: bigint, byteLength?: number): TtlvItem =>
    byteLength === undefined
      ? { tag: T, type: ItemType.BigInteger, value }
      : { tag: T, type: ItemType.BigInteger, value, byteLength };

  it.each([
    [0n, "0000000000000000"],
    [-1n, "ffffffffffffffff"],
    [127n, "000000000000007f"],
    [-128n, "ffffffffffffff80"],
    [2n ** 63n - 1n, "7fffffffffffffff"],
    [-(2n ** 63n), "8000000000000000"],
    [2n ** 63n, "00000000000000008000000000000000"],
    [-(2n ** 63n) - 1n, "ffffffffffffffff7fffffffffffffff"],
    [2n ** 64n - 1n, "0000000000000000ffffffffffffffff"],
    [2n ** 127n - 1n, "7fffffffffffffffffffffffffffffff"],
  ])("%s is encoded minimally", (value, body) => {
    const length = (body.length / 2).toString(16).padStart(8, "0");
    expect(hex(big(value))).toBe(`42002004${length}${body}`);
    const back = decodeTtlv(fromHex(`42002004${length}${body}`));
    expect(back).toEqual(big(value));
    expect(back).not.toHaveProperty("byteLength");
  });

  it("keeps redundant sign-extension blocks so the bytes re-encode identically", () => {
    for (const body of ["ffffffffffffffff" + "ffffffffffffffff", "0000000000000000" + "000000000000007f"]) {
      const wire = fromHex(`42002004 00000010 ${body}`);
      const item = decodeTtlv(wire);
      expect(item).toHaveProperty("byteLength", 16);
      expect(toHex(encodeTtlv(item))).toBe(toHex(wire));
    }
    expect(decodeTtlv(fromHex(`42002004 00000018 ${"00".repeat(24)}`))).toEqual(big(0n, 24));
  });

  it("rejects a byteLength that cannot hold the value or is not a multiple of 8", () => {
    expect(errorOf(() => encodeTtlv(big(2n ** 63n, 8))).code).toBe("bad-value");
    expect(errorOf(() => encodeTtlv(big(1n, 12))).code).toBe("bad-value");
    expect(hex(big(1n, 16))).toBe(`4200200400000010${"00".repeat(15)}01`);
  });

  it("handles a 4096-byte value in linear time", () => {
    const value = -(2n ** (4096n * 8n - 1n));
    const item = decodeTtlv(encodeTtlv(big(value)), { bigIntegerBytesMax: 4096 });
    expect(item.value).toBe(value);
  });
});

describe("encoder validation", () => {
  const bad: [string, unknown, string][] = [
    ["Integer 2^31", { tag: T, type: ItemType.Integer, value: 2 ** 31 }, "bad-value"],
    ["Integer 1.5", { tag: T, type: ItemType.Integer, value: 1.5 }, "bad-value"],
    ["Integer NaN", { tag: T, type: ItemType.Integer, value: Number.NaN }, "bad-value"],
    ["Integer as bigint", { tag: T, type: ItemType.Integer, value: 1n }, "bad-value"],
    ["Enumeration -1", { tag: T, type: ItemType.Enumeration, value: -1 }, "bad-value"],
    ["Interval 2^32", { tag: T, type: ItemType.Interval, value: 2 ** 32 }, "bad-value"],
    ["Long Integer 2^63", { tag: T, type: ItemType.LongInteger, value: 2n ** 63n }, "bad-value"],
    ["Date-Time as a number", { tag: T, type: ItemType.DateTime, value: 1 }, "bad-value"],
    [
      "Date-Time Extended -2^63-1",
      { tag: T, type: ItemType.DateTimeExtended, value: -(2n ** 63n) - 1n },
      "bad-value",
    ],
    ["Boolean 1", { tag: T, type: ItemType.Boolean, value: 1 }, "bad-value"],
    [
      "Text String with a lone surrogate",
      { tag: T, type: ItemType.TextString, value: "a\ud800b" },
      "bad-value",
    ],
    ["Byte String as an array", { tag: T, type: ItemType.ByteString, value: [1, 2] }, "bad-value"],
    ["Big Integer as a number", { tag: T, type: ItemType.BigInteger, value: 5 }, "bad-value"],
    ["Structure of a non-array", { tag: T, type: ItemType.Structure, value: "x" }, "bad-value"],
    ["Structure holding null", { tag: T, type: ItemType.Structure, value: [null] }, "bad-value"],
    ["tag 0x430000", { tag: 0x430000, type: ItemType.Integer, value: 1 }, "bad-tag"],
    ["tag 0x42000000", { tag: 0x42000000, type: ItemType.Integer, value: 1 }, "bad-tag"],
    ["tag 0x420000.5", { tag: 0x420000 + 0.5, type: ItemType.Integer, value: 1 }, "bad-tag"],
    ["type 0x0C", { tag: T, type: 0x0c, value: 1 }, "bad-type"],
  ];
  it.each(bad)("rejects %s", (_what, item, code) => {
    expect(errorOf(() => encodeTtlv(item as TtlvItem)).code).toBe(code);
  });

  it("rejects a cyclic tree with a limit error", () => {
    const children: TtlvItem[] = [];
    const cyclic: TtlvItem = { tag: T, type: ItemType.Structure, value: children };
    children.push(cyclic);
    expect(errorOf(() => encodeTtlv(cyclic)).code).toBe("limit");
  });

  it("names the tag of the offending item", () => {
    const item: TtlvItem = {
      tag: 0x420078,
      type: ItemType.Structure,
      value: [{ tag: 0x42000d, type: ItemType.Integer, value: 2 ** 40 }],
    };
    expect(errorOf(() => encodeTtlv(item)).tag).toBe(0x42000d);
  });
});

describe("limits: at the limit passes, one past fails", () => {
  const nested = (levels: number): TtlvItem => {
    let item: TtlvItem = { tag: T, type: ItemType.Structure, value: [] };
    for (let i = 1; i < levels; i++) item = { tag: T, type: ItemType.Structure, value: [item] };
    return item;
  };
  const flat = (items: number): TtlvItem => ({
    tag: T,
    type: ItemType.Structure,
    value: Array.from({ length: items - 1 }, () => ({ tag: T, type: ItemType.Structure, value: [] })),
  });
  const text = (n: number): TtlvItem => ({ tag: T, type: ItemType.TextString, value: "x".repeat(n) });
  const bytes = (n: number): TtlvItem => ({ tag: T, type: ItemType.ByteString, value: new Uint8Array(n) });
  const cases: [keyof TtlvLimits, (n: number) => Uint8Array, number][] = [
    ["depthMax", (n) => encodeTtlv(nested(n)), DEFAULT_TTLV_LIMITS.depthMax],
    ["itemsMax", (n) => encodeTtlv(flat(n)), DEFAULT_TTLV_LIMITS.itemsMax],
    ["textBytesMax", (n) => encodeTtlv(text(n)), DEFAULT_TTLV_LIMITS.textBytesMax],
    ["byteStringBytesMax", (n) => encodeTtlv(bytes(n - 16)), 4096],
    ["messageBytesMax", (n) => encodeTtlv(bytes(n - 8)), DEFAULT_TTLV_LIMITS.messageBytesMax],
  ];
  it.each(cases)("%s", (key, build, limit) => {
    const limits = key === "byteStringBytesMax" ? { byteStringBytesMax: 4096 - 16 } : undefined;
    const at = key === "byteStringBytesMax" ? 4096 : limit;
    expect(() => decodeTtlv(build(at), limits)).not.toThrow();
    const over = key === "messageBytesMax" || key === "byteStringBytesMax" ? at + 8 : at + 1;
    expect(errorOf(() => decodeTtlv(build(over), limits)).code).toBe("limit");
  });

  it("bigIntegerBytesMax", () => {
    const item = (n: number): TtlvItem => ({ tag: T, type: ItemType.BigInteger, value: 1n, byteLength: n });
    expect(() => decodeTtlv(encodeTtlv(item(4096)))).not.toThrow();
    expect(errorOf(() => decodeTtlv(encodeTtlv(item(4104)))).code).toBe("limit");
  });
});

describe("resolveLimits", () => {
  it("returns the defaults, overlays a partial and caches per object", () => {
    expect(resolveLimits()).toBe(DEFAULT_TTLV_LIMITS);
    const partial = { depthMax: 8 };
    const resolved = resolveLimits(partial);
    expect(resolved).toEqual({ ...DEFAULT_TTLV_LIMITS, depthMax: 8 });
    expect(resolveLimits(partial)).toBe(resolved);
    expect(Object.isFrozen(resolved)).toBe(true);
  });

  it.each([0, -1, 1.5, Number.NaN, 1001])("rejects depthMax %s", (depthMax) => {
    expect(errorOf(() => resolveLimits({ depthMax })).code).toBe("bad-value");
  });
});

describe("hex helpers", () => {
  it("reads the spec's printed layout, any case, and writes lowercase", () => {
    const bytes = fromHex("42 00 20 | 0a | 00 00 00 04 |\n\t00 0D 2F 00 00 00 00 00");
    expect(toHex(bytes)).toBe("4200200a00000004000d2f0000000000");
    expect(toSpecHex(bytes)).toBe("42 00 20 | 0A | 00 00 00 04 | 00 0D 2F 00 00 00 00 00");
    expect(fromHex("")).toEqual(new Uint8Array(0));
  });

  it("rejects an odd digit count or a stray character, with its index", () => {
    expect(errorOf(() => fromHex("42 0"))).toMatchObject({ code: "bad-value", offset: 3 });
    expect(errorOf(() => fromHex("42 0x"))).toMatchObject({ code: "bad-value", offset: 4 });
    expect(errorOf(() => fromHex("4g"))).toMatchObject({ code: "bad-value", offset: 1 });
  });
});
