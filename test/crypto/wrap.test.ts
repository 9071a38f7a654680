/** Key wrapping: RFC 3394 and RFC 5649 known answers, RSA-OAEP, the Encoding Option, usage bits, refusals. */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unwrapKey, wrapKey, wrappingPlaintext, wrappingUsageBit } from "../../src/crypto/wrap.js";
import {
  CryptographicAlgorithm as A,
  EncodingOption,
  HashingAlgorithm as H,
  BlockCipherMode as M,
  PaddingMethod as P,
  ResultReason as R,
  WrappingMethod,
} from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask } from "../../src/kmip/generated/masks.js";
import { ecP256, rsa2048 } from "./fixtures.js";
import { hex, reasonOf, unhex } from "./helpers.js";
import { RFC3394, RFC5649 } from "./vectors/key-wrap.js";

const KW = { algorithm: A.AES, mode: M.NISTKeyWrap };
const KWP = { algorithm: A.AES, mode: M.AESKeyWrapPadding };

describe("NIST Key Wrap (RFC 3394 §4)", () => {
  for (const v of RFC3394) {
    it(v.source, () => {
      const wrapped = wrapKey(unhex(v.kek), KW, unhex(v.keyData));
      expect(hex(wrapped)).toBe(v.wrapped.toLowerCase());
      expect(hex(unwrapKey(unhex(v.kek), KW, wrapped))).toBe(v.keyData.toLowerCase());
    });
  }

  it("is the default for an AES wrapping key without a Block Cipher Mode (OASIS AX-M-2)", () => {
    const v = RFC3394[0]!;
    expect(hex(wrapKey(unhex(v.kek), { algorithm: A.AES }, unhex(v.keyData)))).toBe(v.wrapped.toLowerCase());
  });

  it("an altered wrapping or the wrong KEK fails the integrity check: Cryptographic Failure", () => {
    const v = RFC3394[5]!;
    const wrapped = unhex(v.wrapped);
    wrapped[10] = wrapped[10]! ^ 1;
    expect(reasonOf(() => unwrapKey(unhex(v.kek), KW, wrapped))).toBe(R.CryptographicFailure);
    expect(reasonOf(() => unwrapKey(randomBytes(32), KW, unhex(v.wrapped)))).toBe(R.CryptographicFailure);
  });

  it("key data that is not a multiple of 64 bits is Cryptographic Failure (RFC 3394 §2)", () => {
    expect(reasonOf(() => wrapKey(randomBytes(16), KW, randomBytes(20)))).toBe(R.CryptographicFailure);
  });
});

describe("AES Key Wrap with Padding (RFC 5649 §6)", () => {
  for (const v of RFC5649) {
    it(v.source, () => {
      const wrapped = wrapKey(unhex(v.kek), KWP, unhex(v.keyData));
      expect(hex(wrapped)).toBe(v.wrapped);
      expect(hex(unwrapKey(unhex(v.kek), KWP, wrapped))).toBe(v.keyData);
    });
  }

  it("round-trips any length", () => {
    const kek = randomBytes(32);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), (key) => {
        const wrapped = wrapKey(kek, KWP, key);
        expect(wrapped.length).toBe(8 + Math.ceil(key.length / 8) * 8);
        expect(hex(unwrapKey(kek, KWP, wrapped))).toBe(hex(key));
      }),
      { numRuns: 50 },
    );
  });
});

describe("RSA wrapping", () => {
  it("RSA-OAEP with SHA-1 and SHA-256 round-trips", () => {
    const { privateKey, publicKey } = rsa2048();
    for (const hashing of [H.SHA_1, H.SHA_256]) {
      const p = { algorithm: A.RSA, padding: P.OAEP, hashing };
      const key = randomBytes(32);
      expect(hex(unwrapKey(privateKey, p, wrapKey(publicKey, p, key)))).toBe(hex(key));
    }
  });
});

describe("Encoding Option (1.4 §2.1.5)", () => {
  const keyValueTtlv = unhex("42004501000000000000000a");
  const keyMaterial = unhex("00112233");

  it("wraps the TTLV-encoded Key Value by default and for TTLV Encoding", () => {
    expect(hex(wrappingPlaintext({ keyValueTtlv, keyMaterial }))).toBe(hex(keyValueTtlv));
    expect(hex(wrappingPlaintext({ encodingOption: EncodingOption.TTLVEncoding, keyValueTtlv }))).toBe(
      hex(keyValueTtlv),
    );
  });

  it("wraps the bare Key Material for No Encoding", () => {
    expect(
      hex(wrappingPlaintext({ encodingOption: EncodingOption.NoEncoding, keyValueTtlv, keyMaterial })),
    ).toBe(hex(keyMaterial));
  });

  it("refuses No Encoding for a Transparent structure, or with attributes: Encoding Option Error", () => {
    const no = { encodingOption: EncodingOption.NoEncoding, keyValueTtlv };
    expect(reasonOf(() => wrappingPlaintext(no))).toBe(R.EncodingOptionError);
    expect(reasonOf(() => wrappingPlaintext({ ...no, keyMaterial, hasAttributes: true }))).toBe(
      R.EncodingOptionError,
    );
    expect(reasonOf(() => wrappingPlaintext({ encodingOption: 9, keyValueTtlv }))).toBe(
      R.EncodingOptionError,
    );
  });
});

describe("usage and refusals", () => {
  it("wrapping needs Wrap Key, unwrapping Unwrap Key (1.4 §3.19)", () => {
    expect(wrappingUsageBit("wrap")).toBe(CryptographicUsageMask.WrapKey);
    expect(wrappingUsageBit("unwrap")).toBe(CryptographicUsageMask.UnwrapKey);
  });

  it("other Wrapping Methods and AES modes are Unsupported; other key types Bad", () => {
    const kek = randomBytes(16);
    const key = randomBytes(16);
    expect(reasonOf(() => wrapKey(kek, { ...KW, wrappingMethod: WrappingMethod.MACSign }, key))).toBe(
      R.UnsupportedCryptographicParameters,
    );
    expect(reasonOf(() => wrapKey(kek, { algorithm: A.AES, mode: M.GCM }, key))).toBe(
      R.UnsupportedCryptographicParameters,
    );
    expect(reasonOf(() => unwrapKey(kek, { algorithm: A.AES, mode: M.CBC }, key))).toBe(
      R.UnsupportedCryptographicParameters,
    );
    expect(reasonOf(() => wrapKey(ecP256().publicKey, { algorithm: A.EC }, key))).toBe(
      R.BadCryptographicParameters,
    );
    expect(reasonOf(() => unwrapKey(ecP256().privateKey, { algorithm: A.ECDSA }, key))).toBe(
      R.BadCryptographicParameters,
    );
  });
});
