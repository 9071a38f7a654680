/**
 * The stream framer: real-client messages concatenated and cut at every byte offset, at random
 * multi-split points and one byte at a time must come out exactly as they went in; a bad header
 * is rejected as soon as its 8 bytes arrive, before any of the body.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TtlvError } from "../../src/ttlv/errors.js";
import { TtlvFramer } from "../../src/ttlv/framer.js";
import { fromHex } from "../../src/ttlv/hex.js";
import { wireMessages } from "./wire-messages.js";

const all = wireMessages();
// A mix of sizes: the smallest, the largest and a few in between.
const bySize = [...all].sort((a, b) => a.bytes.length - b.bytes.length);
const picked = [0, 1, Math.floor(bySize.length / 2), bySize.length - 2, bySize.length - 1].map(
  (i) => bySize[i]!.bytes,
);
const stream = concat(picked);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Feeds `bytes` cut at `cuts` (sorted offsets) and returns every message the framer yields. */
function feed(framer: TtlvFramer, bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...framer.push(bytes.subarray(from, cut)));
    from = cut;
  }
  return out;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof TtlvError) return `${e.code}@${e.offset}`;
    throw e;
  }
  return undefined;
}

describe("TtlvFramer", () => {
  it("yields every message of one push, in order", () => {
    const framer = new TtlvFramer();
    expect(framer.push(stream)).toEqual(picked);
    expect(framer.bufferedBytes).toBe(0);
  });

  it("yields exactly the messages when the stream is cut in two at every byte offset", () => {
    const framer = new TtlvFramer();
    for (let cut = 0; cut <= stream.length; cut++) {
      const got = feed(framer, stream, [cut]);
      if (got.length !== picked.length || !got.every((m, i) => Buffer.from(m).equals(picked[i]!))) {
        throw new Error(`wrong messages when cut at ${cut}`);
      }
      expect(framer.bufferedBytes).toBe(0);
    }
  });

  it("yields exactly the messages when fed one byte at a time", () => {
    const framer = new TtlvFramer();
    const cuts = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    expect(feed(framer, stream, cuts)).toEqual(picked);
  });

  it("yields exactly the messages at random multi-split points", () => {
    const cuts = fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 60 });
    fc.assert(
      fc.property(cuts, (c) => {
        const framer = new TtlvFramer();
        expect(
          feed(
            framer,
            stream,
            [...c].sort((a, b) => a - b),
          ),
        ).toEqual(picked);
        expect(framer.bufferedBytes).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a partial message and counts it in bufferedBytes", () => {
    const framer = new TtlvFramer();
    const first = picked[0]!;
    expect(framer.push(first.subarray(0, 5))).toEqual([]);
    expect(framer.bufferedBytes).toBe(5);
    expect(framer.push(first.subarray(5, first.length - 1))).toEqual([]);
    expect(framer.bufferedBytes).toBe(first.length - 1);
    expect(framer.push(concat([first.subarray(first.length - 1), picked[1]!.subarray(0, 3)]))).toEqual([
      first,
    ]);
    expect(framer.bufferedBytes).toBe(3);
    framer.reset();
    expect(framer.bufferedBytes).toBe(0);
    expect(framer.push(picked[1]!)).toEqual([picked[1]]);
  });

  it("ignores empty pushes", () => {
    const framer = new TtlvFramer();
    expect(framer.push(new Uint8Array(0))).toEqual([]);
    expect(framer.bufferedBytes).toBe(0);
  });

  it("returns messages that own their memory", () => {
    const framer = new TtlvFramer();
    const chunk = new Uint8Array(stream);
    const [first] = framer.push(chunk);
    chunk.fill(0);
    expect(first).toEqual(picked[0]);
  });

  it("accepts a message of exactly messageBytesMax, pushed a byte at a time in linear time", () => {
    const size = 1024 * 1024;
    const message = new Uint8Array(size);
    message.set(fromHex("42007801"), 0);
    new DataView(message.buffer).setUint32(4, size - 8);
    const framer = new TtlvFramer({ messageBytesMax: size });
    let got: Uint8Array[] = [];
    for (let i = 0; i < size; i++) got = framer.push(message.subarray(i, i + 1));
    expect(got).toHaveLength(1);
    expect(got[0]!.length).toBe(size);
  });

  it("rejects an oversized declared length as soon as the header is seen", () => {
    const framer = new TtlvFramer({ messageBytesMax: 4096 });
    // A Request Message declaring 4096 bytes of body: 4104 in all, one block over the limit.
    const header = fromHex("42 00 78 | 01 | 00 00 10 00");
    expect(framer.push(header.subarray(0, 7))).toEqual([]);
    expect(codeOf(() => framer.push(header.subarray(7)))).toBe("limit@0");
    expect(framer.bufferedBytes).toBe(8);
    // The stream is dead until reset.
    expect(codeOf(() => framer.push(new Uint8Array(16)))).toBe("limit@0");
    framer.reset();
    expect(framer.push(picked[0]!)).toEqual([picked[0]]);
  });

  it("rejects a 4 GiB declared length under the default limits", () => {
    expect(codeOf(() => new TtlvFramer().push(fromHex("420078 01 fffffff8")))).toBe("limit@0");
  });

  it("reports the stream offset of a bad header after good messages", () => {
    const framer = new TtlvFramer();
    framer.push(picked[0]!);
    const bad = fromHex("420078 02 00000004 00000001 00000000"); // an Integer, not a Structure
    expect(codeOf(() => framer.push(bad))).toBe(`bad-type@${picked[0]!.length}`);
  });

  it.each([
    ["a first item that is not a Structure", "420078 07 00000000", "bad-type@0"],
    ["a tag outside 0x42xxxx/0x54xxxx", "000001 01 00000000", "bad-tag@0"],
    ["a Structure length not a multiple of 8", "420078 01 00000004", "bad-length@0"],
  ])("rejects %s", (_what, hex, expected) => {
    expect(codeOf(() => new TtlvFramer().push(fromHex(hex)))).toBe(expected);
  });

  it("accepts an extension-tag (0x54xxxx) Structure and an empty Structure", () => {
    const msg = fromHex("540001 01 00000000");
    expect(new TtlvFramer().push(concat([msg, msg]))).toEqual([msg, msg]);
  });
});
