/**
 * Numbered hostile inputs for decodeTtlv: each must fail with exactly the stated TtlvError code
 * and byte offset (the offending item's header, or the exact byte for padding and trailing data).
 * Hex is written the way KMIP 1.4 §9.1.2 prints examples: tag | type | length | value.
 */
import { describe, expect, it } from "vitest";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { TtlvError, type TtlvErrorCode } from "../../src/ttlv/errors.js";
import { fromHex } from "../../src/ttlv/hex.js";
import type { TtlvLimits } from "../../src/ttlv/limits.js";

/** An 8-byte header. */
function header(tag: number, type: number, length: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, (tag << 8) | type);
  view.setUint32(4, length);
  return out;
}

/** `levels` Structures, each the only child of the one before: the innermost is empty. */
function depthBomb(levels: number): Uint8Array {
  const out = new Uint8Array(levels * 8);
  for (let i = 0; i < levels; i++) out.set(header(0x420078, 0x01, (levels - 1 - i) * 8), i * 8);
  return out;
}

/** One Structure holding `count` empty Structures: 8 bytes per item. */
function itemBomb(count: number): Uint8Array {
  const out = new Uint8Array(8 + count * 8);
  out.set(header(0x420078, 0x01, count * 8), 0);
  for (let i = 1; i <= count; i++) out.set(header(0x42000f, 0x01, 0), i * 8);
  return out;
}

const hello = "48 65 6C 6C 6F 20 57 6F 72 6C 64"; // "Hello World"

type Case = [number, string, string | Uint8Array, TtlvErrorCode, number, Partial<TtlvLimits>?];

const cases: Case[] = [
  [1, "empty input", "", "truncated", 0],
  [2, "header cut after 5 bytes", "42 00 78 | 01 | 00", "truncated", 0],
  [3, "Structure declaring 16 bytes, none present", "42 00 78 | 01 | 00 00 00 10", "truncated", 0],
  [4, "Integer without its padding", "42 00 20 | 02 | 00 00 00 04 | 00 00 00 08", "truncated", 0],
  [
    5,
    "Text String declaring 12 bytes, 8 present",
    "42 00 20 | 07 | 00 00 00 0C | 48 65 6C 6C 6F 20 57 6F",
    "truncated",
    0,
  ],
  [
    6,
    "child Text String overrunning its parent",
    `42 00 78 | 01 | 00 00 00 10 | 42 00 94 | 07 | 00 00 00 10 | ${hello} 00 00 00 00 00 | 00 00 00 00 00 00 00 00`,
    "overrun",
    8,
  ],
  [
    7,
    "child Structure overrunning its parent",
    "42 00 78 | 01 | 00 00 00 08 | 42 00 77 | 01 | 00 00 00 08 | 42 00 0D | 02 | 00 00 00 04 | 00 00 00 01 00 00 00 00",
    "overrun",
    8,
  ],
  [
    8,
    "grandchild overrunning its parent inside a roomy top level",
    "42 00 78 | 01 | 00 00 00 20 | 42 00 77 | 01 | 00 00 00 08 | 42 00 0D | 02 | 00 00 00 04 | 00 00 00 01 00 00 00 00 | 00 00 00 00 00 00 00 00",
    "overrun",
    16,
  ],
  [9, "Integer with length 8", "42 00 20 | 02 | 00 00 00 08 | 00 00 00 00 00 00 00 08", "bad-length", 0],
  [10, "Enumeration with length 2", "42 00 20 | 05 | 00 00 00 02 | 00 FF 00 00 00 00 00 00", "bad-length", 0],
  [11, "Interval with length 0", "42 00 20 | 0A | 00 00 00 00", "bad-length", 0],
  [
    12,
    "Long Integer with length 4",
    "42 00 20 | 03 | 00 00 00 04 | 00 00 00 08 00 00 00 00",
    "bad-length",
    0,
  ],
  [13, "Boolean with length 4", "42 00 20 | 06 | 00 00 00 04 | 00 00 00 01 00 00 00 00", "bad-length", 0],
  [
    14,
    "Date-Time with length 16",
    "42 00 20 | 09 | 00 00 00 10 | 00 00 00 00 47 DA 67 F8 00 00 00 00 00 00 00 00",
    "bad-length",
    0,
  ],
  [
    15,
    "Date-Time Extended with length 4",
    "42 00 20 | 0B | 00 00 00 04 | 00 00 00 01 00 00 00 00",
    "bad-length",
    0,
  ],
  [
    16,
    "Structure length 12, not a multiple of 8",
    "42 00 78 | 01 | 00 00 00 0C | 42 00 0D | 02 | 00 00 00 04 | 00 00 00 01",
    "bad-length",
    0,
  ],
  [17, "Big Integer with length 5", "42 00 20 | 04 | 00 00 00 05 | 00 00 00 00 01 00 00 00", "bad-length", 0],
  [18, "Big Integer with length 0", "42 00 20 | 04 | 00 00 00 00", "bad-length", 0],
  [19, "Boolean with value 2", "42 00 20 | 06 | 00 00 00 08 | 00 00 00 00 00 00 00 02", "bad-value", 0],
  [
    20,
    "Boolean True with a non-zero high byte",
    "42 00 20 | 06 | 00 00 00 08 | 01 00 00 00 00 00 00 01",
    "bad-value",
    0,
  ],
  [
    21,
    "Integer with non-zero padding",
    "42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 01",
    "bad-padding",
    15,
  ],
  [
    22,
    "Text String with non-zero padding",
    `42 00 20 | 07 | 00 00 00 0B | ${hello} 00 00 00 00 01`,
    "bad-padding",
    23,
  ],
  [
    23,
    "Byte String with non-zero padding",
    "42 00 20 | 08 | 00 00 00 03 | 01 02 03 00 80 00 00 00",
    "bad-padding",
    12,
  ],
  [
    24,
    "Text String with an invalid UTF-8 sequence (C3 28)",
    "42 00 20 | 07 | 00 00 00 02 | C3 28 00 00 00 00 00 00",
    "bad-utf8",
    0,
  ],
  [
    25,
    "Text String with an overlong encoding of '/' (C0 AF)",
    "42 00 20 | 07 | 00 00 00 02 | C0 AF 00 00 00 00 00 00",
    "bad-utf8",
    0,
  ],
  [
    26,
    "Text String with a UTF-8-encoded surrogate (ED A0 80)",
    "42 00 20 | 07 | 00 00 00 03 | ED A0 80 00 00 00 00 00",
    "bad-utf8",
    0,
  ],
  [
    27,
    "Text String ending inside a multi-byte sequence (E2 82)",
    "42 00 20 | 07 | 00 00 00 02 | E2 82 00 00 00 00 00 00",
    "bad-utf8",
    0,
  ],
  [28, "unknown item type 0x0C", "42 00 20 | 0C | 00 00 00 08 | 00 00 00 00 00 00 00 00", "bad-type", 0],
  [29, "unknown item type 0x00", "42 00 20 | 00 | 00 00 00 00", "bad-type", 0],
  [
    30,
    "unknown item type 0xFF inside a Structure",
    "42 00 78 | 01 | 00 00 00 08 | 42 00 20 | FF | 00 00 00 00",
    "bad-type",
    8,
  ],
  [31, "tag 0x000001", "00 00 01 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00", "bad-tag", 0],
  [
    32,
    "tag 0x430000, between the two ranges",
    "43 00 00 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00",
    "bad-tag",
    0,
  ],
  [33, "child with tag 0xFFFFFF", "42 00 78 | 01 | 00 00 00 08 | FF FF FF | 01 | 00 00 00 00", "bad-tag", 8],
  [34, "depth bomb: 33 nested Structures (depthMax 32)", depthBomb(33), "limit", 32 * 8],
  [35, "depth bomb: 100,000 nested Structures", depthBomb(100_000), "limit", 32 * 8],
  [
    36,
    "item-count bomb: 100,000 empty Structures in one (itemsMax 100,000)",
    itemBomb(100_000),
    "limit",
    8 + 99_999 * 8,
  ],
  [
    37,
    "Text String declaring 4 GiB - 1 (textBytesMax)",
    "42 00 20 | 07 | FF FF FF FF | 00 00 00 00 00 00 00 00",
    "limit",
    0,
  ],
  [
    38,
    "Byte String declaring 4 GiB - 8 (byteStringBytesMax)",
    "42 00 20 | 08 | FF FF FF F8 | 00 00 00 00 00 00 00 00",
    "limit",
    0,
  ],
  [
    39,
    "Big Integer declaring 4,104 bytes (bigIntegerBytesMax)",
    "42 00 20 | 04 | 00 00 10 08 | 00 00 00 00 00 00 00 00",
    "limit",
    0,
  ],
  [
    40,
    "Structure declaring 4 GiB - 8 in 16 bytes",
    "42 00 78 | 01 | FF FF FF F8 | 00 00 00 00 00 00 00 00",
    "truncated",
    0,
  ],
  [
    41,
    "child declaring 4 GiB - 8 inside a 16-byte Structure",
    "42 00 78 | 01 | 00 00 00 08 | 42 00 77 | 01 | FF FF FF F8",
    "overrun",
    8,
  ],
  [
    42,
    "8 trailing zero bytes after an Integer",
    "42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00 | 00 00 00 00 00 00 00 00",
    "trailing",
    16,
  ],
  [
    43,
    "two top-level items",
    "42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00 | 42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00",
    "trailing",
    16,
  ],
  [44, "one trailing byte", "42 00 78 | 01 | 00 00 00 00 | 42", "trailing", 8],
  [
    45,
    "message longer than messageBytesMax 16",
    "42 00 78 | 01 | 00 00 00 10 | 42 00 0D | 02 | 00 00 00 04 | 00 00 00 01 00 00 00 00",
    "limit",
    0,
    { messageBytesMax: 16 },
  ],
  [
    46,
    "Text String longer than textBytesMax 10",
    `42 00 20 | 07 | 00 00 00 0B | ${hello} 00 00 00 00 00`,
    "limit",
    0,
    { textBytesMax: 10 },
  ],
  [
    47,
    "third item past itemsMax 2",
    "42 00 78 | 01 | 00 00 00 10 | 42 00 77 | 01 | 00 00 00 00 | 42 00 77 | 01 | 00 00 00 00",
    "limit",
    16,
    { itemsMax: 2 },
  ],
  [
    48,
    "Structure at depth 2 with depthMax 1",
    "42 00 78 | 01 | 00 00 00 08 | 42 00 77 | 01 | 00 00 00 00",
    "limit",
    8,
    { depthMax: 1 },
  ],
  [
    49,
    "Byte String longer than byteStringBytesMax 2",
    "42 00 20 | 08 | 00 00 00 03 | 01 02 03 00 00 00 00 00",
    "limit",
    0,
    { byteStringBytesMax: 2 },
  ],
  [
    50,
    "Big Integer longer than bigIntegerBytesMax 8",
    "42 00 20 | 04 | 00 00 00 10 | 00 00 00 00 03 FD 35 EB 6B C2 DF 46 18 08 00 00",
    "limit",
    0,
    { bigIntegerBytesMax: 8 },
  ],
];

describe("hostile TTLV inputs", () => {
  it("are numbered 1..n without gaps", () => {
    expect(cases.map((c) => c[0])).toEqual(cases.map((_, i) => i + 1));
  });

  it.each(cases)("#%i %s", (_n, _what, input, code, offset, limits) => {
    const bytes = typeof input === "string" ? fromHex(input) : input;
    let caught: unknown;
    try {
      decodeTtlv(bytes, limits);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TtlvError);
    const err = caught as TtlvError;
    expect({ code: err.code, offset: err.offset }).toEqual({ code, offset });
    expect(err.message).toContain(`offset ${offset}`);
  });
});
