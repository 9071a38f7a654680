/**
 * Encrypt and Decrypt through their handlers: the NIST/RFC known answers with keys registered
 * from the vectors, decrypt(encrypt(x)) = x for every mode (fast-check), Random IV, parameters
 * from the key's attribute, RSA, and the refusals with each version's reason.
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CryptographicAlgorithm as A,
  BlockCipherMode as BCM,
  HashingAlgorithm as H,
  Operation,
  PaddingMethod as P,
  ResultReason as R,
  RevocationReasonCode,
} from "../../src/kmip/generated/enums.js";
import type { EncryptRequest } from "../../src/kmip/payloads/crypto.js";
import { payloadEntry } from "../../src/kmip/payloads/registry.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { Decrypt } from "../../src/operations/decrypt.js";
import { Encrypt } from "../../src/operations/encrypt.js";
import { Revoke } from "../../src/operations/revoke.js";
import { GCM } from "../crypto/vectors/gcm.js";
import { CHACHA20_POLY1305, TDEA_ECB, XTS } from "../crypto/vectors/misc-ciphers.js";
import { PLAINTEXT, SP800_38A } from "../crypto/vectors/sp800-38a.js";
import {
  bytes,
  createPair,
  hex,
  M,
  registerKey,
  registerSecret,
  text,
  unhex,
  VERSIONS,
} from "./crypto-helpers.js";
import { type Harness, harness, reasonOf, run } from "./harness.js";

const MODES: Record<string, number> = {
  ECB: BCM.ECB,
  CBC: BCM.CBC,
  CFB: BCM.CFB,
  OFB: BCM.OFB,
  CTR: BCM.CTR,
};
const KEY_128 = "000102030405060708090a0b0c0d0e0f";

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

async function roundTrip(
  version: KmipVersion,
  uid: string,
  request: Omit<EncryptRequest, "uniqueIdentifier">,
) {
  const ctx = h.ctx(version);
  const { response: enc } = await run(Encrypt, { ...request, uniqueIdentifier: uid }, ctx);
  const iv = request.ivCounterNonce ?? enc.ivCounterNonce;
  const decryptRequest = {
    uniqueIdentifier: uid,
    cryptographicParameters: request.cryptographicParameters,
    data: enc.data,
    ivCounterNonce: iv,
    authenticatedEncryptionAdditionalData: request.authenticatedEncryptionAdditionalData,
    authenticatedEncryptionTag: enc.authenticatedEncryptionTag,
  };
  const { response: dec } = await run(Decrypt, decryptRequest, ctx);
  return { enc, dec };
}

describe.each(VERSIONS)("Encrypt and Decrypt, KMIP %i", (version) => {
  it.each(SP800_38A)("matches SP 800-38A $section", async (v) => {
    const uid = await registerKey(h.ctx(version), v.key);
    const request = {
      cryptographicParameters: { blockCipherMode: MODES[v.mode], paddingMethod: P.None },
      data: unhex(PLAINTEXT),
      ivCounterNonce: v.iv === undefined ? undefined : unhex(v.iv),
    };
    const { enc, dec } = await roundTrip(version, uid, request);
    expect(hex(enc.data)).toBe(v.ciphertext.replace(/\s+/g, ""));
    expect(enc.uniqueIdentifier).toBe(uid);
    expect(hex(dec.data)).toBe(PLAINTEXT.replace(/\s+/g, ""));
  });

  it("matches the SP 800-67 Triple DES example and IEEE 1619 XTS-AES", async () => {
    const des = await registerKey(h.ctx(version), TDEA_ECB.key, { algorithm: A.DES3 });
    const r = await roundTrip(version, des, {
      cryptographicParameters: { blockCipherMode: BCM.ECB },
      data: unhex(TDEA_ECB.plaintext),
    });
    expect(hex(r.enc.data)).toBe(TDEA_ECB.ciphertext.toLowerCase());
    for (const v of XTS) {
      const uid = await registerKey(h.ctx(version), v.key);
      const x = await roundTrip(version, uid, {
        cryptographicParameters: { blockCipherMode: BCM.XTS },
        data: unhex(v.plaintext),
        ivCounterNonce: unhex(v.tweak),
      });
      expect(hex(x.enc.data)).toBe(v.ciphertext);
      expect(hex(x.dec.data)).toBe(v.plaintext);
    }
  });

  it("decrypts what it encrypts in every mode, padding PKCS5 for ECB and CBC (fast-check)", async () => {
    const uid = await registerKey(h.ctx(version), KEY_128);
    const modes = [BCM.ECB, BCM.CBC, BCM.CFB, BCM.OFB, BCM.CTR];
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 100 }), fc.constantFrom(...modes), async (data, mode) => {
        const paddingMethod = mode === BCM.ECB || mode === BCM.CBC ? P.PKCS5 : P.None;
        const params = { blockCipherMode: mode, paddingMethod, randomIV: true };
        const { dec } = await roundTrip(version, uid, { cryptographicParameters: params, data });
        expect(hex(dec.data)).toBe(hex(data));
      }),
      { numRuns: 25 },
    );
  });

  it("generates and returns the IV when Random IV is set, and never when it is given", async () => {
    const uid = await registerKey(h.ctx(version), KEY_128);
    const params = { blockCipherMode: BCM.CBC, paddingMethod: P.PKCS5, randomIV: true };
    const { enc } = await roundTrip(version, uid, { cryptographicParameters: params, data: text("hello") });
    expect(enc.ivCounterNonce?.length).toBe(16);
    const given = await roundTrip(version, uid, {
      cryptographicParameters: params,
      data: text("hello"),
      ivCounterNonce: new Uint8Array(16),
    });
    expect(given.enc.ivCounterNonce).toBeUndefined();
  });

  it("uses the key's Cryptographic Parameters when the request has none", async () => {
    const extra = [
      { name: "Cryptographic Parameters", value: { blockCipherMode: BCM.CBC, paddingMethod: P.PKCS5 } },
    ];
    const uid = await registerKey(h.ctx(version), KEY_128, { extra });
    const { enc, dec } = await roundTrip(version, uid, {
      data: text("abc"),
      ivCounterNonce: new Uint8Array(16),
    });
    expect(bytes(enc.data)).toHaveLength(16);
    expect(hex(dec.data)).toBe(hex(text("abc")));
  });

  it("encrypts with an RSA public key (OAEP SHA-1 and SHA-256) and decrypts with its private key", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, {
      algorithm: A.RSA,
      length: 2048,
      privateMask: M.Decrypt,
      publicMask: M.Encrypt,
    });
    for (const hashing of [H.SHA_1, H.SHA_256]) {
      const cryptographicParameters = { paddingMethod: P.OAEP, hashingAlgorithm: hashing };
      const { response: enc } = await run(
        Encrypt,
        { uniqueIdentifier: pair.publicKey, cryptographicParameters, data: text("secret") },
        ctx,
      );
      expect(bytes(enc.data)).toHaveLength(256);
      const { response: dec } = await run(
        Decrypt,
        { uniqueIdentifier: pair.privateKey, cryptographicParameters, data: enc.data },
        ctx,
      );
      expect(hex(dec.data)).toBe(hex(text("secret")));
    }
    const pkcs1 = { paddingMethod: P.PKCS1V1_5 };
    const { response } = await run(
      Encrypt,
      { uniqueIdentifier: pair.publicKey, cryptographicParameters: pkcs1, data: text("x") },
      ctx,
    );
    expect(bytes(response.data)).toHaveLength(256);
  });

  it("refuses a key whose mask lacks the bit: 1.x Permission Denied, 2.x Incompatible Cryptographic Usage Mask", async () => {
    const uid = await registerKey(h.ctx(version), KEY_128, { mask: M.Decrypt });
    const request = {
      uniqueIdentifier: uid,
      cryptographicParameters: { blockCipherMode: BCM.ECB },
      data: new Uint8Array(16),
    };
    const expected = version >= 20 ? R.IncompatibleCryptographicUsageMask : R.PermissionDenied;
    expect(await reasonOf(Encrypt.handler(request, h.ctx(version)))).toBe(expected);
  });

  it("refuses a Pre-Active key: Permission Denied, 2.1 Wrong Key Lifecycle State", async () => {
    const uid = await registerKey(h.ctx(version), KEY_128, { active: false });
    const request = {
      uniqueIdentifier: uid,
      cryptographicParameters: { blockCipherMode: BCM.ECB },
      data: new Uint8Array(16),
    };
    const expected = version >= 21 ? R.WrongKeyLifecycleState : R.PermissionDenied;
    expect(await reasonOf(Encrypt.handler(request, h.ctx(version)))).toBe(expected);
    expect(await reasonOf(Decrypt.handler(request, h.ctx(version)))).toBe(expected);
  });

  it("lets a Compromised key decrypt but not encrypt", async () => {
    const ctx = h.ctx(version);
    const uid = await registerKey(ctx, KEY_128);
    const params = { blockCipherMode: BCM.ECB };
    const { response } = await run(
      Encrypt,
      { uniqueIdentifier: uid, cryptographicParameters: params, data: new Uint8Array(16) },
      ctx,
    );
    await Revoke.handler(
      {
        uniqueIdentifier: uid,
        revocationReason: { revocationReasonCode: RevocationReasonCode.KeyCompromise },
      },
      ctx,
    );
    const dec = await run(
      Decrypt,
      { uniqueIdentifier: uid, cryptographicParameters: params, data: response.data },
      ctx,
    );
    expect(hex(dec.response.data)).toBe("00".repeat(16));
    const again = Encrypt.handler(
      { uniqueIdentifier: uid, cryptographicParameters: params, data: new Uint8Array(16) },
      ctx,
    );
    expect(await reasonOf(again)).toBe(version >= 21 ? R.WrongKeyLifecycleState : R.PermissionDenied);
  });

  it("refuses objects that do not encrypt, missing IVs and data, and parameters that do not fit the key", async () => {
    const ctx = h.ctx(version);
    const secret = await registerSecret(ctx, new Uint8Array(16), M.Encrypt);
    const ecb = { blockCipherMode: BCM.ECB };
    const onSecret = Encrypt.handler(
      { uniqueIdentifier: secret, cryptographicParameters: ecb, data: new Uint8Array(16) },
      ctx,
    );
    expect(await reasonOf(onSecret)).toBe(version >= 20 ? R.InvalidObjectType : R.PermissionDenied);
    const uid = await registerKey(ctx, KEY_128);
    const noIv = Decrypt.handler(
      {
        uniqueIdentifier: uid,
        cryptographicParameters: { blockCipherMode: BCM.CBC },
        data: new Uint8Array(16),
      },
      ctx,
    );
    expect(await reasonOf(noIv)).toBe(R.InvalidMessage);
    expect(
      await reasonOf(Encrypt.handler({ uniqueIdentifier: uid, cryptographicParameters: ecb }, ctx)),
    ).toBe(R.InvalidMessage);
    const des = { blockCipherMode: BCM.ECB, cryptographicAlgorithm: A.DES3 };
    const wrongAlgorithm = Encrypt.handler(
      { uniqueIdentifier: uid, cryptographicParameters: des, data: new Uint8Array(8) },
      ctx,
    );
    expect(await reasonOf(wrongAlgorithm)).toBe(
      version >= 20 ? R.BadCryptographicParameters : R.InvalidField,
    );
    const badData = Decrypt.handler(
      { uniqueIdentifier: uid, cryptographicParameters: ecb, data: new Uint8Array(5) },
      ctx,
    );
    expect(await reasonOf(badData)).toBe(R.CryptographicFailure);
    const missing = Encrypt.handler(
      { uniqueIdentifier: "nope", cryptographicParameters: ecb, data: new Uint8Array(16) },
      ctx,
    );
    expect(await reasonOf(missing)).toBe(version >= 20 ? R.ObjectNotFound : R.ItemNotFound);
  });

  it("takes allocations from Usage Limits and refuses with Permission Denied when exhausted (OASIS CS-BC-M-7)", async () => {
    const ctx = h.ctx(version);
    const limits = { usageLimitsTotal: 16n, usageLimitsUnit: 1 };
    const uid = await registerKey(ctx, KEY_128, { extra: [{ name: "Usage Limits", value: limits }] });
    const request = {
      uniqueIdentifier: uid,
      cryptographicParameters: { blockCipherMode: BCM.ECB },
      data: new Uint8Array(16),
    };
    await run(Encrypt, request, ctx);
    expect(await reasonOf(Encrypt.handler(request, ctx))).toBe(R.PermissionDenied);
    await run(Decrypt, request, ctx); // decryption applies no protection and takes no allocation
  });

  it("answers with the ID Placeholder's key when the request names none", async () => {
    const ctx = h.ctx(version);
    const uid = await registerKey(ctx, KEY_128);
    const { response } = await run(
      Encrypt,
      { cryptographicParameters: { blockCipherMode: BCM.ECB }, data: new Uint8Array(16) },
      ctx,
    );
    expect(response.uniqueIdentifier).toBe(uid);
  });
});

describe.each([14, 20, 21] as const)("authenticated encryption, KMIP %i", (version) => {
  it.each(GCM)("matches the GCM $name", async (v) => {
    const uid = await registerKey(h.ctx(version), v.key);
    const request = {
      cryptographicParameters: { blockCipherMode: BCM.GCM, tagLength: 16 },
      data: unhex(v.plaintext),
      ivCounterNonce: unhex(v.iv),
      authenticatedEncryptionAdditionalData: unhex(v.aad),
    };
    const { enc, dec } = await roundTrip(version, uid, request);
    expect(hex(enc.data)).toBe(v.ciphertext);
    expect(hex(enc.authenticatedEncryptionTag)).toBe(v.tag);
    expect(hex(dec.data)).toBe(v.plaintext);
  });

  it("matches RFC 8439 ChaCha20-Poly1305 and refuses a wrong tag with Cryptographic Failure", async () => {
    const v = CHACHA20_POLY1305;
    const uid = await registerKey(h.ctx(version), v.key, { algorithm: A.ChaCha20Poly1305 });
    const request = {
      cryptographicParameters: {},
      data: text(v.plaintext),
      ivCounterNonce: unhex(v.nonce),
      authenticatedEncryptionAdditionalData: unhex(v.aad),
    };
    const { enc } = await roundTrip(version, uid, request);
    expect(hex(enc.data)).toBe(v.ciphertext);
    expect(hex(enc.authenticatedEncryptionTag)).toBe(v.tag);
    const wrongTag = Decrypt.handler(
      { ...request, uniqueIdentifier: uid, data: enc.data, authenticatedEncryptionTag: new Uint8Array(16) },
      h.ctx(version),
    );
    expect(await reasonOf(wrongTag)).toBe(R.CryptographicFailure);
  });
});

describe.each([14, 20, 21] as const)("ChaCha20 alone, KMIP %i", (version) => {
  it("gives the draft-agl / OASIS CS-BC-M-CHACHA20-3 keystream for an 8-byte nonce", async () => {
    const uid = await registerKey(h.ctx(version), "00".repeat(32), { algorithm: A.ChaCha20 });
    const request = {
      cryptographicParameters: {},
      data: new Uint8Array(60),
      ivCounterNonce: unhex("0000000000000001"),
    };
    const { enc, dec } = await roundTrip(version, uid, request);
    expect(hex(enc.data)).toBe(
      "de9cba7bf3d69ef5e786dc63973f653a0b49e015adbff7134fcb7df137821031e85a050278a7084527214f73efc7fa5b5277062eb7a0433e445f41e3",
    );
    expect(hex(dec.data)).toBe("00".repeat(60));
  });

  it("returns the nonce it generates for Random IV", async () => {
    const uid = await registerKey(h.ctx(version), "11".repeat(32), { algorithm: A.ChaCha20 });
    const request = { cryptographicParameters: { randomIV: true }, data: text("stream") };
    const { enc, dec } = await roundTrip(version, uid, request);
    expect(enc.ivCounterNonce).toHaveLength(12);
    expect(Buffer.from(dec.data as Uint8Array).toString()).toBe("stream");
  });
});

describe("versions", () => {
  it("refuses GCM in KMIP 1.2 and 1.3, which cannot carry the tag (Feature Not Supported)", async () => {
    for (const version of [12, 13] as const) {
      const uid = await registerKey(h.ctx(version), KEY_128);
      const request = {
        uniqueIdentifier: uid,
        cryptographicParameters: { blockCipherMode: BCM.GCM },
        data: new Uint8Array(4),
        ivCounterNonce: new Uint8Array(12),
      };
      expect(await reasonOf(Encrypt.handler(request, h.ctx(version)))).toBe(R.FeatureNotSupported);
    }
  });

  it("has no Encrypt or Decrypt before KMIP 1.2 (Operation Not Supported)", () => {
    for (const op of [Operation.Encrypt, Operation.Decrypt]) {
      expect(() => payloadEntry(op, 11)).toThrow(
        expect.objectContaining({ reason: R.OperationNotSupported }),
      );
      expect(payloadEntry(op, 12).operation).toBeDefined();
    }
  });
});

describe("the opened key, kept with the opened material (issue #8)", () => {
  const ecb = { cryptographicParameters: { blockCipherMode: BCM.ECB, paddingMethod: P.None } };
  const data = unhex("00112233445566778899aabbccddeeff");

  it("encrypts the same on a second request, and follows a re-keyed object", async () => {
    const ctx = h.ctx(14);
    const uid = await registerKey(ctx, KEY_128);
    const first = (await run(Encrypt, { uniqueIdentifier: uid, data, ...ecb }, ctx)).response.data;
    const again = (await run(Encrypt, { uniqueIdentifier: uid, data, ...ecb }, h.ctx(14))).response.data;
    expect(hex(again!)).toBe(hex(first!));
    const other = await registerKey(ctx, "ffeeddccbbaa99887766554433221100");
    const third = (await run(Encrypt, { uniqueIdentifier: other, data, ...ecb }, ctx)).response.data;
    expect(hex(third!)).not.toBe(hex(first!));
  });

  it("answers General Failure, logged, when the material does not open", async () => {
    const ctx = h.ctx(14);
    const uid = await registerKey(ctx, KEY_128);
    // Another sealer (a fresh keyring): nothing opened is shared with it, and the bytes do not open.
    const failing = {
      ...ctx,
      sealer: {
        seal: ctx.sealer.seal,
        open: () => {
          throw new Error("the tag does not verify");
        },
      },
    };
    expect(await reasonOf(run(Encrypt, { uniqueIdentifier: uid, data, ...ecb }, failing))).toBe(
      R.GeneralFailure,
    );
    expect(h.logs.some((l) => l.level === "error" && l.msg?.includes("does not open"))).toBe(true);
  });
});
