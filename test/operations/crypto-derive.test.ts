/**
 * Derive Key through its handler, after the OASIS TC-DERIVEKEY-1…5 cases: HASH, HMAC, ENCRYPT,
 * PBKDF2 (RFC 6070 / 7914 known answers) and HKDF (RFC 5869, 2.x), the links both ways, the ID
 * Placeholder, and the refusals per version.
 */
import { createCipheriv, createHash, createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  CryptographicAlgorithm as A,
  BlockCipherMode as BCM,
  DerivationMethod as DM,
  HashingAlgorithm as H,
  LinkType,
  ObjectType,
  ResultReason as R,
  UniqueIdentifier,
} from "../../src/kmip/generated/enums.js";
import type { DeriveKeyRequest } from "../../src/kmip/payloads/create.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { DeriveKey } from "../../src/operations/derive-key.js";
import { Get } from "../../src/operations/get-crypto.js";
import type { OperationContext } from "../../src/operations/types.js";
import { PBKDF2, RFC5869 } from "../crypto/vectors/kdf.js";
import { instances } from "./attribute-fixtures.js";
import { hex, M, registerKey, registerSecret, text, unhex } from "./crypto-helpers.js";
import { type Harness, harness, reasonOf, run } from "./harness.js";

const VERSIONS: readonly KmipVersion[] = [10, 12, 14, 20, 21];
const KEY = "00112233445566778899aabbccddeeff";

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

const aes = (bits: number): Attribute[] => [
  { name: "Cryptographic Algorithm", value: A.AES },
  { name: "Cryptographic Length", value: bits },
  { name: "Cryptographic Usage Mask", value: M.Encrypt | M.Decrypt },
];
const secretOf = (bits: number): Attribute[] => [{ name: "Cryptographic Length", value: bits }];

function request(
  uids: string[],
  method: number,
  parameters: DeriveKeyRequest["derivationParameters"],
  attributes = aes(128),
) {
  return {
    objectType: ObjectType.SymmetricKey,
    uniqueIdentifier: uids,
    derivationMethod: method,
    derivationParameters: parameters,
    attributes,
  };
}

async function derivedBytes(ctx: OperationContext, uid: string): Promise<string> {
  const got = await Get.handler({ uniqueIdentifier: uid }, ctx);
  return hex(
    (got.object.value as { keyBlock: { keyValue: { keyMaterial: Uint8Array } } }).keyBlock.keyValue
      .keyMaterial,
  );
}

describe.each(VERSIONS)("Derive Key, KMIP %i", (version) => {
  it("derives by HASH over the key (TC-DERIVEKEY-1), links both ways and sets the ID Placeholder", async () => {
    const ctx = h.ctx(version);
    const base = await registerKey(ctx, KEY, { mask: M.Encrypt | M.Decrypt | M.DeriveKey });
    const { response } = await run(
      DeriveKey,
      request([base], DM.HASH, { cryptographicParameters: { hashingAlgorithm: H.SHA_256 } }),
      ctx,
    );
    const uid = response.uniqueIdentifier as string;
    expect(ctx.batch.idPlaceholder).toBe(uid);
    expect(await derivedBytes(ctx, uid)).toBe(
      createHash("sha256").update(unhex(KEY)).digest("hex").slice(0, 32),
    );
    expect((await instances(h, uid, "Link")).map((l) => l.value)).toEqual([
      { linkType: LinkType.DerivationBaseObjectLink, linkedObjectIdentifier: base },
    ]);
    expect((await instances(h, base, "Link")).map((l) => l.value)).toEqual([
      { linkType: LinkType.DerivedKeyLink, linkedObjectIdentifier: uid },
    ]);
  });

  it("derives by HMAC (TC-DERIVEKEY-2) and by ENCRYPT under the key", async () => {
    const ctx = h.ctx(version);
    const base = await registerKey(ctx, KEY, { mask: M.DeriveKey });
    const hmac = request([base], DM.HMAC, {
      cryptographicParameters: { hashingAlgorithm: H.SHA_256 },
      derivationData: unhex("0102"),
    });
    const derived = await run(DeriveKey, hmac, ctx);
    const expected = createHmac("sha256", unhex(KEY)).update(unhex("0102")).digest("hex").slice(0, 32);
    expect(await derivedBytes(ctx, derived.response.uniqueIdentifier as string)).toBe(expected);
    const data = unhex("000102030405060708090a0b0c0d0e0f");
    const encrypt = request([base], DM.ENCRYPT, {
      cryptographicParameters: { blockCipherMode: BCM.ECB },
      derivationData: data,
    });
    const encrypted = await run(DeriveKey, encrypt, ctx);
    const ecb = createCipheriv("aes-128-ecb", unhex(KEY), null).setAutoPadding(false);
    expect(await derivedBytes(ctx, encrypted.response.uniqueIdentifier as string)).toBe(
      ecb.update(data).toString("hex"),
    );
  });

  it.each(PBKDF2.filter((v) => v.iterations <= 4096))(
    "derives Secret Data by PBKDF2 from a password Secret Data: $source",
    async (v) => {
      const ctx = h.ctx(version);
      const password = await registerSecret(ctx, unhex(v.password), M.DeriveKey);
      const parameters = {
        cryptographicParameters: { hashingAlgorithm: v.hashing },
        salt: unhex(v.salt),
        iterationCount: v.iterations,
      };
      const bits = (v.derived.length / 2) * 8;
      const r = {
        ...request([password], DM.PBKDF2, parameters, secretOf(bits)),
        objectType: ObjectType.SecretData,
      };
      const { response } = await run(DeriveKey, r, ctx);
      expect(await derivedBytes(ctx, response.uniqueIdentifier as string)).toBe(v.derived);
    },
  );

  it("takes the Derivation Data from a second, Secret Data object, and refuses it given twice", async () => {
    const ctx = h.ctx(version);
    const base = await registerKey(ctx, KEY, { mask: M.DeriveKey });
    const data = await registerSecret(ctx, unhex("0102"), M.DeriveKey);
    const params = { cryptographicParameters: { hashingAlgorithm: H.SHA_256 } };
    const { response } = await run(DeriveKey, request([base, data], DM.HMAC, params), ctx);
    const expected = createHmac("sha256", unhex(KEY)).update(unhex("0102")).digest("hex").slice(0, 32);
    expect(await derivedBytes(ctx, response.uniqueIdentifier as string)).toBe(expected);
    const both = DeriveKey.handler(
      request([base, data], DM.HMAC, { ...params, derivationData: unhex("03") }),
      ctx,
    );
    expect(await reasonOf(both)).toBe(R.InvalidMessage);
  });

  it("refuses objects without the Derive Key bit, the wrong object types, and lengths beyond the method", async () => {
    const ctx = h.ctx(version);
    const noBit = await registerKey(ctx, KEY, { mask: M.Encrypt });
    const params = { cryptographicParameters: { hashingAlgorithm: H.SHA_256 } };
    const denied = DeriveKey.handler(request([noBit], DM.HASH, params), ctx);
    expect(await reasonOf(denied)).toBe(
      version >= 20 ? R.IncompatibleCryptographicUsageMask : R.InvalidField,
    );
    const base = await registerKey(ctx, KEY, { mask: M.DeriveKey });
    const pair = DeriveKey.handler(
      { ...request([base], DM.HASH, params), objectType: ObjectType.PrivateKey },
      ctx,
    );
    expect(await reasonOf(pair)).toBe(version >= 20 ? R.InvalidObjectType : R.InvalidField);
    const long = DeriveKey.handler(
      { ...request([base], DM.HASH, params, secretOf(512)), objectType: ObjectType.SecretData },
      ctx,
    );
    expect(await reasonOf(long)).toBe(R.CryptographicFailure);
    const noLength = DeriveKey.handler(request([base], DM.HASH, params, aes(128).slice(0, 1)), ctx);
    expect(await reasonOf(noLength)).toBe(R.InvalidField);
    const nist = DeriveKey.handler(request([base], DM.NIST800_108_C, params), ctx);
    expect(await reasonOf(nist)).toBe(
      version >= 20 ? R.UnsupportedCryptographicParameters : R.FeatureNotSupported,
    );
    const missing = DeriveKey.handler(request(["nope"], DM.HASH, params), ctx);
    expect(await reasonOf(missing)).toBe(version >= 20 ? R.ObjectNotFound : R.ItemNotFound);
  });
});

describe.each([20, 21] as const)("Derive Key, KMIP %i only", (version) => {
  it.each(RFC5869)("derives by HKDF: $source", async (v) => {
    const ctx = h.ctx(version);
    const ikm = await registerSecret(ctx, unhex(v.ikm), M.DeriveKey);
    const parameters = {
      cryptographicParameters: { hashingAlgorithm: v.hashing },
      salt: unhex(v.salt),
      derivationData: unhex(v.info),
    };
    const bits = (v.okm.length / 2) * 8;
    const r = { ...request([ikm], DM.HKDF, parameters, secretOf(bits)), objectType: ObjectType.SecretData };
    const { response } = await run(DeriveKey, r, ctx);
    expect(await derivedBytes(ctx, response.uniqueIdentifier as string)).toBe(v.okm);
  });

  it("does not take the ID Placeholder in place of a Unique Identifier (Invalid Field)", async () => {
    const ctx = h.ctx(version);
    await registerKey(ctx, KEY, { mask: M.DeriveKey });
    const placeholder = { enumeration: UniqueIdentifier.IDPlaceholder };
    const r = {
      ...request([], DM.HASH, { cryptographicParameters: { hashingAlgorithm: H.SHA_256 } }),
      uniqueIdentifier: [placeholder],
    };
    expect(await reasonOf(DeriveKey.handler(r as never, ctx))).toBe(R.InvalidField);
    expect(text("x")).toHaveLength(1);
  });
});
