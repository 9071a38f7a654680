/**
 * MAC, MAC Verify, Hash, RNG Retrieve and RNG Seed through their handlers: the RFC 4231 HMAC and
 * FIPS 180-4 / 202 hash known answers, HMAC over AES keys and Secret Data, and the refusals.
 */
import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CryptographicAlgorithm as A,
  HashingAlgorithm as H,
  Operation,
  ResultReason as R,
  ValidityIndicator as VI,
} from "../../src/kmip/generated/enums.js";
import { payloadEntry } from "../../src/kmip/payloads/registry.js";
import { Hash } from "../../src/operations/hash.js";
import { MAC } from "../../src/operations/mac.js";
import { MACVerify } from "../../src/operations/mac-verify.js";
import { RNGRetrieve } from "../../src/operations/rng-retrieve.js";
import { RNGSeed } from "../../src/operations/rng-seed.js";
import { HASHES, RFC4231 } from "../crypto/vectors/hashes.js";
import { hex, M, registerKey, registerSecret, text, unhex, VERSIONS } from "./crypto-helpers.js";
import { type Harness, harness, reasonOf, run } from "./harness.js";

const HMAC_BY_BITS = {
  224: A.HMAC_SHA224,
  256: A.HMAC_SHA256,
  384: A.HMAC_SHA384,
  512: A.HMAC_SHA512,
} as const;
const MAC_MASK = M.MACGenerate | M.MACVerify;

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

describe.each(VERSIONS)("MAC and MAC Verify, KMIP %i", (version) => {
  it("matches RFC 4231 with HMAC keys registered from the vectors", async () => {
    const ctx = h.ctx(version);
    for (const v of RFC4231) {
      for (const [bits, expected] of Object.entries(v.macs)) {
        const algorithm = HMAC_BY_BITS[Number(bits) as 224 | 256 | 384 | 512];
        const uid = await registerKey(ctx, v.key, { algorithm, mask: MAC_MASK });
        const { response } = await run(MAC, { uniqueIdentifier: uid, data: unhex(v.data) }, ctx);
        const size = v.truncateBytes ?? response.macData!.length;
        expect(hex(response.macData?.subarray(0, size))).toBe(expected);
        const check = { uniqueIdentifier: uid, data: unhex(v.data), macData: response.macData };
        expect((await run(MACVerify, check, ctx)).response.validityIndicator).toBe(VI.Valid);
        const wrong = { ...check, data: text("tampered") };
        expect((await run(MACVerify, wrong, ctx)).response.validityIndicator).toBe(VI.Invalid);
      }
    }
  });

  it("computes the HMAC the parameters name over an AES key or Secret Data whose mask allows MAC", async () => {
    const ctx = h.ctx(version);
    const keyHex = "00112233445566778899aabbccddeeff";
    const expected = createHmac("sha256", Buffer.from(keyHex, "hex")).update("data").digest("hex");
    const aes = await registerKey(ctx, keyHex, { mask: MAC_MASK });
    const params = { cryptographicAlgorithm: A.HMAC_SHA256 };
    const onAes = await run(
      MAC,
      { uniqueIdentifier: aes, cryptographicParameters: params, data: text("data") },
      ctx,
    );
    expect(hex(onAes.response.macData)).toBe(expected);
    const secret = await registerSecret(ctx, unhex(keyHex), MAC_MASK);
    const onSecret = await run(
      MAC,
      { uniqueIdentifier: secret, cryptographicParameters: params, data: text("data") },
      ctx,
    );
    expect(hex(onSecret.response.macData)).toBe(expected);
    const cmac = MAC.handler({ uniqueIdentifier: aes, data: text("data") }, ctx);
    expect(await reasonOf(cmac)).toBe(
      version >= 20 ? R.UnsupportedCryptographicParameters : R.FeatureNotSupported,
    );
  });

  it("refuses keys without the MAC bits, and Pre-Active keys", async () => {
    const ctx = h.ctx(version);
    const noBit = await registerKey(ctx, "0b".repeat(32), { algorithm: A.HMAC_SHA256, mask: M.MACVerify });
    expect(await reasonOf(MAC.handler({ uniqueIdentifier: noBit, data: text("x") }, ctx))).toBe(
      version >= 20 ? R.IncompatibleCryptographicUsageMask : R.PermissionDenied,
    );
    const pre = await registerKey(ctx, "0b".repeat(32), {
      algorithm: A.HMAC_SHA256,
      mask: MAC_MASK,
      active: false,
    });
    const check = MACVerify.handler(
      { uniqueIdentifier: pre, data: text("x"), macData: new Uint8Array(32) },
      ctx,
    );
    expect(await reasonOf(check)).toBe(version >= 21 ? R.WrongKeyLifecycleState : R.PermissionDenied);
    expect(await reasonOf(MACVerify.handler({ uniqueIdentifier: noBit, data: text("x") }, ctx))).toBe(
      R.InvalidMessage,
    );
  });

  it("hashes with every Hashing Algorithm of the vectors the version has", async () => {
    const ctx = h.ctx(version);
    const sha3 = [H.SHA3_224, H.SHA3_256, H.SHA3_384, H.SHA3_512] as number[];
    for (const v of HASHES) {
      if (version < 14 && sha3.includes(v.algorithm)) continue;
      const request = { cryptographicParameters: { hashingAlgorithm: v.algorithm }, data: unhex(v.message) };
      expect(hex((await run(Hash, request, ctx)).response.data)).toBe(v.digest);
    }
    expect(await reasonOf(Hash.handler({ cryptographicParameters: {}, data: text("x") }, ctx))).toBe(
      R.InvalidField,
    );
    expect(
      await reasonOf(Hash.handler({ cryptographicParameters: { hashingAlgorithm: H.SHA_256 } }, ctx)),
    ).toBe(R.InvalidMessage);
  });

  it("returns Data Length bytes of RNG output, bounded, and ignores seeds (Data Length 0)", async () => {
    const ctx = h.ctx(version);
    const { response } = await run(RNGRetrieve, { dataLength: 32 }, ctx);
    expect(response.data).toHaveLength(32);
    expect(hex(response.data as Uint8Array)).not.toBe(
      hex((await run(RNGRetrieve, { dataLength: 32 }, ctx)).response.data as Uint8Array),
    );
    expect(await reasonOf(RNGRetrieve.handler({ dataLength: 0 }, ctx))).toBe(R.InvalidField);
    expect(await reasonOf(RNGRetrieve.handler({ dataLength: 1 << 30 }, ctx))).toBe(R.InvalidField);
    expect((await run(RNGSeed, { data: new Uint8Array(32) }, ctx)).response.dataLength).toBe(0);
  });
});

describe("versions", () => {
  it("has no MAC, Hash or RNG operations before KMIP 1.2", () => {
    for (const op of [
      Operation.MAC,
      Operation.MACVerify,
      Operation.Hash,
      Operation.RNGRetrieve,
      Operation.RNGSeed,
    ]) {
      expect(() => payloadEntry(op, 11)).toThrow(
        expect.objectContaining({ reason: R.OperationNotSupported }),
      );
    }
  });
});
