/** The DER helpers: RFC 8017 §9.2 DigestInfo prefixes as known answers, and encode/decode laws. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  der,
  derChildren,
  derInteger,
  derOid,
  derParse,
  derRead,
  oidText,
  TAG,
} from "../../src/crypto/der.js";
import { digestInfo, hashForKeyedUse } from "../../src/crypto/hashes.js";
import { HashingAlgorithm as H } from "../../src/kmip/generated/enums.js";
import { hex, unhex } from "./helpers.js";

/** RFC 8017 §9.2, Notes 1: the DER of DigestInfo before the hash value H. */
const PREFIXES = [
  [H.SHA_1, "30 21 30 09 06 05 2b 0e 03 02 1a 05 00 04 14"],
  [H.SHA_224, "30 2d 30 0d 06 09 60 86 48 01 65 03 04 02 04 05 00 04 1c"],
  [H.SHA_256, "30 31 30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20"],
  [H.SHA_384, "30 41 30 0d 06 09 60 86 48 01 65 03 04 02 02 05 00 04 30"],
  [H.SHA_512, "30 51 30 0d 06 09 60 86 48 01 65 03 04 02 03 05 00 04 40"],
  [H.SHA_512_224, "30 2d 30 0d 06 09 60 86 48 01 65 03 04 02 05 05 00 04 1c"],
  [H.SHA_512_256, "30 31 30 0d 06 09 60 86 48 01 65 03 04 02 06 05 00 04 20"],
] as const;

describe("DigestInfo (RFC 8017 §9.2 Notes 1)", () => {
  for (const [hashing, prefix] of PREFIXES) {
    it(`${hashForKeyedUse(hashing).name}`, () => {
      const hash = hashForKeyedUse(hashing);
      const digest = new Uint8Array(hash.bytes).fill(0xab);
      expect(hex(digestInfo(hash, digest))).toBe(hex(unhex(prefix)) + hex(digest));
    });
  }
});

describe("encoding", () => {
  it("INTEGER is minimal two's complement (X.690 §8.3)", () => {
    expect(hex(derInteger(0n))).toBe("020100");
    expect(hex(derInteger(127n))).toBe("02017f");
    expect(hex(derInteger(128n))).toBe("02020080");
    expect(hex(derInteger(256n))).toBe("02020100");
  });

  it("lengths use the short form below 128 and the long form above (X.690 §8.1.3)", () => {
    expect(hex(der(TAG.OCTET_STRING, new Uint8Array(127))).slice(0, 4)).toBe("047f");
    expect(hex(der(TAG.OCTET_STRING, new Uint8Array(128))).slice(0, 6)).toBe("048180");
    expect(hex(der(TAG.OCTET_STRING, new Uint8Array(300))).slice(0, 8)).toBe("0482012c");
  });

  it("OIDs encode as in X.690 §8.19 (the examples of RFC 5480 and RFC 8410)", () => {
    expect(hex(derOid("1.2.840.10045.2.1"))).toBe("06072a8648ce3d0201");
    expect(hex(derOid("1.2.840.10045.3.1.7"))).toBe("06082a8648ce3d030107");
    expect(hex(derOid("1.3.101.112"))).toBe("06032b6570");
  });

  it("OIDs round-trip", () => {
    const arcs = fc.tuple(
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 39 }),
      fc.array(fc.nat(), { maxLength: 8 }),
    );
    fc.assert(
      fc.property(arcs, ([a, b, rest]) => {
        const dotted = [a, b, ...rest].join(".");
        expect(oidText(derParse(derOid(dotted)).content)).toBe(dotted);
      }),
    );
  });

  it("constructed values read back into their children", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }), (parts) => {
        const items = parts.map((p) => der(TAG.OCTET_STRING, p));
        const seq = derParse(der(TAG.SEQUENCE, ...items));
        expect(seq.tag).toBe(TAG.SEQUENCE);
        expect(derChildren(seq.content).map((n) => hex(n.content))).toEqual(parts.map(hex));
      }),
    );
  });
});

describe("decoding refuses malformed input with RangeError", () => {
  it.each([
    ["empty", ""],
    ["no length", "30"],
    ["content past the end", "3005020101"],
    ["indefinite length", "3080"],
    ["five length octets", "30850000000001"],
    ["truncated long length", "3082"],
  ])("%s", (_name, text) => {
    expect(() => derRead(unhex(text))).toThrow(RangeError);
  });

  it("trailing bytes", () => {
    expect(() => derParse(unhex("02010000"))).toThrow(RangeError);
  });
});
