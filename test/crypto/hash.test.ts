/** Hash: FIPS 180-4 and FIPS 202 known answers, streams, and refusals. */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHashStream, hash } from "../../src/crypto/hash.js";
import { hashForData, SUPPORTED_HASHES } from "../../src/crypto/hashes.js";
import { HashingAlgorithm as H, ResultReason as R } from "../../src/kmip/generated/enums.js";
import { hex, reasonOf, unhex } from "./helpers.js";
import { HASHES } from "./vectors/hashes.js";

describe("known answers", () => {
  for (const v of HASHES) {
    it(v.source, () => {
      expect(hex(hash(v.algorithm, unhex(v.message)))).toBe(v.digest);
    });
  }

  it("MD5 and RIPEMD-160 (RFC 1321 §A.5, RIPEMD-160 paper's examples: 'abc')", () => {
    expect(hex(hash(H.MD5, Buffer.from("abc")))).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(hex(hash(H.RIPEMD_160, Buffer.from("abc")))).toBe("8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
  });
});

describe("streams", () => {
  for (const algorithm of SUPPORTED_HASHES) {
    it(`${hashForData(algorithm).name}: parts give the single-part digest`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 500 }), fc.array(fc.nat(), { maxLength: 4 }), (data, cuts) => {
          const points = [...cuts.map((c) => c % (data.length + 1)), 0, data.length].sort((a, b) => a - b);
          const s = createHashStream(algorithm);
          for (let i = 1; i < points.length; i++) s.update(data.subarray(points[i - 1]!, points[i]!));
          const digest = s.final();
          expect(hex(digest)).toBe(hex(hash(algorithm, data)));
          expect(digest.length).toBe(hashForData(algorithm).bytes);
          expect(hex(digest)).toBe(createHash(hashForData(algorithm).name).update(data).digest("hex"));
        }),
        { numRuns: 20 },
      );
    });
  }

  it("a finished stream is Item Not Found", () => {
    const s = createHashStream(H.SHA_256);
    s.final();
    expect(reasonOf(() => s.final())).toBe(R.ItemNotFound);
  });
});

describe("refusals", () => {
  it("MD2, MD4, Tiger and Whirlpool are Unsupported Cryptographic Parameters", () => {
    for (const algorithm of [H.MD2, H.MD4, H.Tiger, H.Whirlpool, 0x99]) {
      expect(reasonOf(() => hash(algorithm, new Uint8Array(1)))).toBe(R.UnsupportedCryptographicParameters);
    }
  });
});
