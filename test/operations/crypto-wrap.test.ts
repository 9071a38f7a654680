/**
 * Key wrapping on Get (`get-crypto.ts`, `crypto-wrap.ts`): wrapped with AES Key Wrap (RFC 3394,
 * the OASIS TC-141 answer), with padding (RFC 5649) and RSA-OAEP, under both Encoding Options,
 * then unwrapped here with node:crypto and compared with the key; the refusals per version; and a
 * key registered wrapped, returned as registered or unwrapped by the server on Key Wrap Type Not
 * Wrapped.
 */
import { constants, createDecipheriv, createPrivateKey, privateDecrypt } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CryptographicAlgorithm as A,
  BlockCipherMode as BCM,
  EncodingOption as E,
  KeyFormatType as F,
  HashingAlgorithm as H,
  KeyWrapType,
  LinkType,
  ObjectType,
  PaddingMethod as P,
  ResultReason as R,
  WrappingMethod as WM,
} from "../../src/kmip/generated/enums.js";
import { KeyValue } from "../../src/kmip/objects/key-block.js";
import type { GetRequest } from "../../src/kmip/payloads/get.js";
import { newDecodeContext } from "../../src/kmip/schema/index.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { Encrypt } from "../../src/operations/encrypt.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Register } from "../../src/operations/register.js";
import type { OperationContext } from "../../src/operations/types.js";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { RFC3394 } from "../crypto/vectors/key-wrap.js";
import { instances } from "./attribute-fixtures.js";
import { activate, createPair, hex, M, registerKey, registerSecret, unhex } from "./crypto-helpers.js";
import { type Harness, harness, reasonOf, run } from "./harness.js";

const VERSIONS: readonly KmipVersion[] = [12, 14, 20, 21];
const KEK = "000102030405060708090a0b0c0d0e0f";
const DEK = "00112233445566778899aabbccddeeff";
const KW_IV = Buffer.from("a6a6a6a6a6a6a6a6", "hex");
const KWP_IV = Buffer.from("a65959a6", "hex");

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

type Block = { keyFormatType: number; keyValue: unknown; keyWrappingData?: Record<string, unknown> };

async function getWrapped(ctx: OperationContext, request: GetRequest): Promise<Block> {
  const { response } = await run(Get, request, ctx);
  return (response.object.value as { keyBlock: Block }).keyBlock;
}

function spec(kek: string, params?: object, extra: object = {}) {
  return {
    wrappingMethod: WM.Encrypt,
    encryptionKeyInformation: { uniqueIdentifier: kek, cryptographicParameters: params },
    ...extra,
  };
}

function aesUnwrap(kek: string, wrapped: Uint8Array, padded = false): Buffer {
  const cipher = `id-aes${(kek.length / 2) * 8}-wrap${padded ? "-pad" : ""}`;
  const d = createDecipheriv(cipher, Buffer.from(kek, "hex"), padded ? KWP_IV : KW_IV);
  return Buffer.concat([d.update(wrapped), d.final()]);
}

function keyValueOf(ttlv: Uint8Array, format: number, version: KmipVersion) {
  const dctx = newDecodeContext(version);
  dctx.vars.keyFormatType = format;
  return KeyValue.decode(decodeTtlv(ttlv), dctx) as {
    keyMaterial: Uint8Array;
    attributes?: { name: string }[];
  };
}

describe.each(VERSIONS)("Get wrapped, KMIP %i", (version) => {
  it.each(RFC3394)("wraps with NIST Key Wrap and No Encoding: $source", async (v) => {
    const ctx = h.ctx(version);
    const kek = await registerKey(ctx, v.kek, {
      mask: M.WrapKey,
      extra: [{ name: "Cryptographic Parameters", value: { blockCipherMode: BCM.NISTKeyWrap } }],
    });
    const dek = await registerKey(ctx, v.keyData, { active: false });
    const params = { blockCipherMode: BCM.NISTKeyWrap };
    const block = await getWrapped(ctx, {
      uniqueIdentifier: dek,
      keyWrappingSpecification: spec(kek, params, { encodingOption: E.NoEncoding }),
    });
    expect(hex(block.keyValue as Uint8Array)).toBe(v.wrapped.toLowerCase());
    expect(block.keyFormatType).toBe(F.Raw);
    expect(block.keyWrappingData).toEqual({
      wrappingMethod: WM.Encrypt,
      encryptionKeyInformation: { uniqueIdentifier: kek, cryptographicParameters: params },
      encodingOption: E.NoEncoding,
    });
  });

  it("wraps the TTLV Key Value by default, with the attributes named, and with padding (RFC 5649)", async () => {
    const ctx = h.ctx(version);
    const kek = await registerKey(ctx, KEK, { mask: M.WrapKey });
    const dek = await registerKey(ctx, DEK);
    const block = await getWrapped(ctx, {
      uniqueIdentifier: dek,
      keyWrappingSpecification: spec(kek, undefined, { attributeName: ["Cryptographic Usage Mask"] }),
    });
    const value = keyValueOf(aesUnwrap(KEK, block.keyValue as Uint8Array), F.Raw, version);
    expect(hex(value.keyMaterial)).toBe(DEK);
    expect(value.attributes?.map((a) => a.name)).toEqual(["Cryptographic Usage Mask"]);
    const padded = await getWrapped(ctx, {
      uniqueIdentifier: dek,
      keyWrappingSpecification: spec(
        kek,
        { blockCipherMode: BCM.AESKeyWrapPadding },
        { encodingOption: E.NoEncoding },
      ),
    });
    expect(hex(aesUnwrap(KEK, padded.keyValue as Uint8Array, true))).toBe(DEK);
  });

  it("wraps an RSA private key (PKCS#8) under AES Key Wrap with Padding", async () => {
    const ctx = h.ctx(version);
    const kek = await registerKey(ctx, KEK, { mask: M.WrapKey });
    const pair = await createPair(ctx, { algorithm: A.RSA, length: 2048 });
    const wrapping = spec(kek, { blockCipherMode: BCM.AESKeyWrapPadding }, { encodingOption: E.NoEncoding });
    const block = await getWrapped(ctx, {
      uniqueIdentifier: pair.privateKey,
      keyFormatType: F.PKCS_8,
      keyWrappingSpecification: wrapping,
    });
    expect(block.keyFormatType).toBe(F.PKCS_8);
    const key = createPrivateKey({
      key: aesUnwrap(KEK, block.keyValue as Uint8Array, true),
      format: "der",
      type: "pkcs8",
    });
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it("wraps with an RSA public key (OAEP SHA-256), unwrapped by its private key", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, {
      algorithm: A.RSA,
      length: 2048,
      publicMask: M.WrapKey,
      privateMask: M.UnwrapKey,
    });
    const dek = await registerKey(ctx, DEK);
    const params = { paddingMethod: P.OAEP, hashingAlgorithm: H.SHA_256 };
    const block = await getWrapped(ctx, {
      uniqueIdentifier: dek,
      keyWrappingSpecification: spec(pair.publicKey, params, { encodingOption: E.NoEncoding }),
    });
    const pkcs1 = await run(Get, { uniqueIdentifier: pair.privateKey }, ctx);
    const der = (pkcs1.response.object.value as { keyBlock: { keyValue: { keyMaterial: Uint8Array } } })
      .keyBlock.keyValue.keyMaterial;
    const priv = createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs1" });
    const plain = privateDecrypt(
      { key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      block.keyValue as Uint8Array,
    );
    expect(plain.toString("hex")).toBe(DEK);
  });

  it("checks the wrapping key: present, a key, active, allowed to wrap, with matching parameters", async () => {
    const ctx = h.ctx(version);
    const dek = await registerKey(ctx, DEK);
    const get = (wrapping: object) =>
      Get.handler({ uniqueIdentifier: dek, keyWrappingSpecification: wrapping as never }, ctx);
    const v2 = version >= 20;
    expect(await reasonOf(get(spec("nope")))).toBe(v2 ? R.WrappingObjectNotFound : R.ItemNotFound);
    const secret = await registerSecret(ctx, unhex(KEK), M.WrapKey);
    expect(await reasonOf(get(spec(secret)))).toBe(v2 ? R.InvalidObjectType : R.IllegalOperation);
    const noBit = await registerKey(ctx, KEK, { mask: M.Encrypt });
    expect(await reasonOf(get(spec(noBit)))).toBe(
      v2 ? R.IncompatibleCryptographicUsageMask : R.PermissionDenied,
    );
    const pre = await registerKey(ctx, KEK, { mask: M.WrapKey, active: false });
    expect(await reasonOf(get(spec(pre)))).toBe(
      version >= 21 ? R.WrongKeyLifecycleState : R.PermissionDenied,
    );
    const withParams = await registerKey(ctx, KEK, {
      mask: M.WrapKey,
      extra: [{ name: "Cryptographic Parameters", value: { blockCipherMode: BCM.NISTKeyWrap } }],
    });
    const other = get(spec(withParams, { blockCipherMode: BCM.AESKeyWrapPadding }));
    expect(await reasonOf(other)).toBe(v2 ? R.BadCryptographicParameters : R.ItemNotFound);
    const kek = await registerKey(ctx, KEK, { mask: M.WrapKey });
    const noEncodingWithNames = spec(kek, undefined, {
      encodingOption: E.NoEncoding,
      attributeName: ["Name"],
    });
    expect(await reasonOf(get(noEncodingWithNames))).toBe(R.EncodingOptionError);
    expect(await reasonOf(get({ ...spec(kek), wrappingMethod: WM.MACSign }))).toBe(R.FeatureNotSupported);
  });
});

describe.each([14, 20, 21] as const)("Sensitive keys and keys registered wrapped, KMIP %i", (version) => {
  it("returns a Sensitive key wrapped only", async () => {
    const ctx = h.ctx(version);
    const kek = await registerKey(ctx, KEK, { mask: M.WrapKey });
    const dek = await registerKey(ctx, DEK, { extra: [{ name: "Sensitive", value: true }] });
    expect(await reasonOf(Get.handler({ uniqueIdentifier: dek }, ctx))).toBe(R.Sensitive);
    const block = await getWrapped(ctx, {
      uniqueIdentifier: dek,
      keyWrappingSpecification: spec(kek, undefined, { encodingOption: E.NoEncoding }),
    });
    expect(hex(aesUnwrap(KEK, block.keyValue as Uint8Array))).toBe(DEK);
  });

  it("stores a registered wrapped key as given, links its wrapping key (2.x), and unwraps it on Not Wrapped", async () => {
    const ctx = h.ctx(version);
    const kek = await registerKey(ctx, KEK, { mask: M.WrapKey | M.UnwrapKey });
    const v = RFC3394[0]!;
    const keyWrappingData = {
      wrappingMethod: WM.Encrypt,
      encryptionKeyInformation: { uniqueIdentifier: kek },
      encodingOption: E.NoEncoding,
    };
    const keyBlock = {
      keyFormatType: F.Raw,
      keyValue: unhex(v.wrapped),
      cryptographicAlgorithm: A.AES,
      cryptographicLength: 128,
      keyWrappingData,
    };
    const registered = await Register.handler(
      {
        objectType: ObjectType.SymmetricKey,
        attributes: [{ name: "Cryptographic Usage Mask", value: M.Encrypt }],
        object: { type: "symmetricKey", value: { keyBlock } },
      },
      ctx,
    );
    const uid = await activate(ctx, registered.uniqueIdentifier as string);
    const asRegistered = await getWrapped(ctx, { uniqueIdentifier: uid });
    expect(hex(asRegistered.keyValue as Uint8Array)).toBe(v.wrapped.toLowerCase());
    expect(asRegistered.keyWrappingData?.encodingOption).toBe(E.NoEncoding);
    const links = (await instances(h, uid, "Link")).map((l) => l.value);
    expect(links).toEqual(
      version >= 20 ? [{ linkType: LinkType.WrappingKeyLink, linkedObjectIdentifier: kek }] : [],
    );
    const unwrapped = await getWrapped(ctx, { uniqueIdentifier: uid, keyWrapType: KeyWrapType.NotWrapped });
    expect(hex((unwrapped.keyValue as { keyMaterial: Uint8Array }).keyMaterial)).toBe(
      v.keyData.toLowerCase(),
    );
    expect(unwrapped.keyWrappingData).toBeUndefined();
    const encrypt = Encrypt.handler(
      {
        uniqueIdentifier: uid,
        cryptographicParameters: { blockCipherMode: BCM.ECB },
        data: new Uint8Array(16),
      },
      ctx,
    );
    expect(await reasonOf(encrypt)).toBe(R.KeyValueNotPresent);
  });

  it("reads wrapped bytes from Key Material (OASIS TC-WRAP-2), returns them as stored to their own wrapping, and re-wraps", async () => {
    const ctx = h.ctx(version);
    const kek = await registerKey(ctx, KEK, { mask: M.WrapKey | M.UnwrapKey });
    const v = RFC3394[0]!;
    const params = { blockCipherMode: BCM.NISTKeyWrap };
    const encryptionKeyInformation = { uniqueIdentifier: kek, cryptographicParameters: params };
    const keyWrappingData = {
      wrappingMethod: WM.Encrypt,
      encryptionKeyInformation,
      encodingOption: E.NoEncoding,
    };
    const keyValue = { keyMaterial: unhex(v.wrapped) };
    const keyBlock = {
      keyFormatType: F.Raw,
      keyValue,
      cryptographicAlgorithm: A.AES,
      cryptographicLength: 128,
      keyWrappingData,
    };
    const registered = await Register.handler(
      {
        objectType: ObjectType.SymmetricKey,
        attributes: [],
        object: { type: "symmetricKey", value: { keyBlock } },
      },
      ctx,
    );
    const uid = registered.uniqueIdentifier as string;
    const plain = await getWrapped(ctx, { uniqueIdentifier: uid, keyWrapType: KeyWrapType.NotWrapped });
    expect(hex((plain.keyValue as { keyMaterial: Uint8Array }).keyMaterial)).toBe(v.keyData.toLowerCase());
    const same = spec(kek, params, { encodingOption: E.NoEncoding });
    const asStored = await getWrapped(ctx, { uniqueIdentifier: uid, keyWrappingSpecification: same });
    expect(hex((asStored.keyValue as { keyMaterial: Uint8Array }).keyMaterial)).toBe(v.wrapped.toLowerCase());
    const other = await registerKey(ctx, RFC3394[1]!.kek, { mask: M.WrapKey });
    const elsewhere = spec(other, params, { encodingOption: E.NoEncoding });
    expect(
      await reasonOf(Get.handler({ uniqueIdentifier: uid, keyWrappingSpecification: elsewhere }, ctx)),
    ).toBe(R.FeatureNotSupported);
    const rewrapped = await getWrapped(ctx, {
      uniqueIdentifier: uid,
      keyWrapType: KeyWrapType.NotWrapped,
      keyWrappingSpecification: elsewhere,
    });
    expect(hex(rewrapped.keyValue as Uint8Array)).toBe(RFC3394[1]!.wrapped.toLowerCase());
  });

  it("refuses to unwrap with a key that may not unwrap", async () => {
    const ctx = h.ctx(version);
    const kek = await registerKey(ctx, KEK, { mask: M.WrapKey });
    const keyWrappingData = {
      wrappingMethod: WM.Encrypt,
      encryptionKeyInformation: { uniqueIdentifier: kek },
      encodingOption: E.NoEncoding,
    };
    const keyBlock = {
      keyFormatType: F.Raw,
      keyValue: unhex(RFC3394[0]!.wrapped),
      cryptographicAlgorithm: A.AES,
      cryptographicLength: 128,
      keyWrappingData,
    };
    const registered = await Register.handler(
      {
        objectType: ObjectType.SymmetricKey,
        attributes: [],
        object: { type: "symmetricKey", value: { keyBlock } },
      },
      ctx,
    );
    const promise = Get.handler(
      { uniqueIdentifier: registered.uniqueIdentifier, keyWrapType: KeyWrapType.NotWrapped },
      ctx,
    );
    expect(await reasonOf(promise)).toBe(
      version >= 20 ? R.IncompatibleCryptographicUsageMask : R.PermissionDenied,
    );
  });
});
