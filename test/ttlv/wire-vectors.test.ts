/**
 * Real-client traffic: every captured request and response decodes under the default limits and
 * re-encodes to the identical bytes (the codec is lossless on what clients really send).
 */
import { describe, expect, it } from "vitest";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { toHex } from "../../src/ttlv/hex.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";
import { wireMessages } from "./wire-messages.js";

const messages = wireMessages();
const RequestMessage = 0x420078;
const ResponseMessage = 0x42007b;

describe("captured real-client messages", () => {
  it("covers all three clients, requests and responses", () => {
    // 30 + 33 + 33 + 33 PyKMIP, 3 libmongocrypt and 19 libkmip exchanges, two messages each.
    expect(messages.length).toBe(2 * (30 + 33 + 33 + 33 + 3 + 19));
    for (const client of ["pykmip-wire/", "mongocrypt-wire/", "libkmip-wire/"]) {
      expect(messages.some((m) => m.name.startsWith(client))).toBe(true);
    }
  });

  it.each(messages.map((m) => [m.name, m] as const))("%s round-trips byte for byte", (_name, m) => {
    const item = decodeTtlv(m.bytes);
    const isRequest = m.name.endsWith("request");
    expect(item.type).toBe(ItemType.Structure);
    expect(item.tag).toBe(isRequest ? RequestMessage : ResponseMessage);
    expect(toHex(encodeTtlv(item))).toBe(m.hex);
  });

  it("decoding is deterministic and needs no more than the default limits", () => {
    let items = 0;
    let depth = 0;
    const walk = (item: TtlvItem, d: number): void => {
      items++;
      if (item.type === ItemType.Structure) {
        depth = Math.max(depth, d + 1);
        for (const c of item.value) walk(c, d + 1);
      }
    };
    for (const m of messages) {
      const item = decodeTtlv(m.bytes);
      expect(decodeTtlv(m.bytes)).toEqual(item);
      walk(item, 0);
    }
    // Real traffic stays far from the defaults (depth 32, 100k items per message).
    expect(depth).toBeLessThan(12);
    expect(items).toBeGreaterThan(4000);
  });
});
