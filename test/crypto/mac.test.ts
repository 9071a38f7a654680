/** MAC and MAC Verify: RFC 4231 known answers, HMAC-SHA-3 against the openssl CLI, streams, refusals. */
import { createSecretKey, randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMacStream, createMacVerifyStream, mac, macVerify } from "../../src/crypto/mac.js";
import { CryptographicAlgorithm as A, ResultReason as R } from "../../src/kmip/generated/enums.js";
import { hex, openssl, reasonOf, unhex } from "./helpers.js";
import { RFC4231 } from "./vectors/hashes.js";

const BY_BITS = { 224: A.HMAC_SHA224, 256: A.HMAC_SHA256, 384: A.HMAC_SHA384, 512: A.HMAC_SHA512 } as const;

describe("HMAC-SHA-2 (RFC 4231)", () => {
  for (const v of RFC4231) {
    for (const [bits, expected] of Object.entries(v.macs)) {
      it(`${v.source}, HMAC-SHA-${bits}`, () => {
        const algorithm = BY_BITS[Number(bits) as keyof typeof BY_BITS];
        const out = mac({ algorithm, key: unhex(v.key), data: unhex(v.data) });
        const shown = v.truncateBytes === undefined ? out : out.subarray(0, v.truncateBytes);
        expect(hex(shown)).toBe(expected);
        if (v.truncateBytes === undefined) {
          expect(
            macVerify({ algorithm, key: unhex(v.key), data: unhex(v.data), macData: unhex(expected!) }),
          ).toBe(true);
        }
      });
    }
  }
});

describe("HMAC-SHA-1 and HMAC-SHA-3 against openssl dgst -mac HMAC", () => {
  for (const [algorithm, md] of [
    [A.HMAC_SHA1, "sha1"],
    [A.HMAC_SHA3_224, "sha3-224"],
    [A.HMAC_SHA3_256, "sha3-256"],
    [A.HMAC_SHA3_384, "sha3-384"],
    [A.HMAC_SHA3_512, "sha3-512"],
  ] as const) {
    it(`${md}`, () => {
      const key = randomBytes(40);
      const data = randomBytes(300);
      const theirs = openssl(
        ["dgst", `-${md}`, "-binary", "-mac", "HMAC", "-macopt", `hexkey:${hex(key)}`],
        data,
      );
      expect(hex(mac({ algorithm, key, data }))).toBe(hex(theirs));
    });
  }
});

describe("MAC Verify", () => {
  const key = createSecretKey(randomBytes(32));

  it("accepts the MAC and refuses any other value, including a truncated one", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        const macData = mac({ algorithm: A.HMAC_SHA256, key, data });
        expect(macVerify({ algorithm: A.HMAC_SHA256, key, data, macData })).toBe(true);
        const flipped = Uint8Array.from(macData, (b, i) => (i === 31 ? b ^ 1 : b));
        expect(macVerify({ algorithm: A.HMAC_SHA256, key, data, macData: flipped })).toBe(false);
        expect(macVerify({ algorithm: A.HMAC_SHA256, key, data, macData: macData.subarray(0, 16) })).toBe(
          false,
        );
      }),
      { numRuns: 30 },
    );
  });
});

describe("streams", () => {
  it("a MAC in parts equals the single-part MAC, for any split", () => {
    const key = randomBytes(64);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (data, cut) => {
        const at = cut % (data.length + 1);
        const s = createMacStream({ algorithm: A.HMAC_SHA512, key });
        s.update(data.subarray(0, at));
        s.update(data.subarray(at));
        const whole = mac({ algorithm: A.HMAC_SHA512, key, data });
        expect(hex(s.final())).toBe(hex(whole));
        const v = createMacVerifyStream({ algorithm: A.HMAC_SHA512, key });
        v.update(data);
        expect(v.final(whole)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it("a finished stream is Item Not Found", () => {
    const s = createMacStream({ algorithm: A.HMAC_SHA256, key: randomBytes(16) });
    s.final();
    expect(reasonOf(() => s.update(new Uint8Array(1)))).toBe(R.ItemNotFound);
    expect(reasonOf(() => s.final())).toBe(R.ItemNotFound);
  });
});

describe("refusals", () => {
  it("CMAC (AES or Triple DES as the MAC algorithm) and non-MAC algorithms are Unsupported Cryptographic Parameters", () => {
    const data = new Uint8Array(1);
    expect(reasonOf(() => mac({ algorithm: A.AES, key: randomBytes(16), data }))).toBe(
      R.UnsupportedCryptographicParameters,
    );
    expect(reasonOf(() => mac({ algorithm: A.HMAC_MD5, key: randomBytes(16), data }))).toBe(
      R.UnsupportedCryptographicParameters,
    );
    expect(reasonOf(() => createMacStream({ algorithm: A.RSA, key: randomBytes(16) }))).toBe(
      R.UnsupportedCryptographicParameters,
    );
  });

  it("an empty key is Cryptographic Failure", () => {
    expect(
      reasonOf(() => mac({ algorithm: A.HMAC_SHA256, key: new Uint8Array(0), data: new Uint8Array(1) })),
    ).toBe(R.CryptographicFailure);
  });
});
