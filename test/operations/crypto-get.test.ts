/**
 * Get with Key Format Types (`get-crypto.ts`): every key in each format its type allows, parsed
 * back with node:crypto, and the pairings refused; responses encoded for KMIP 1.2, 1.4, 2.0, 2.1.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CryptographicAlgorithm as A,
  RecommendedCurve as C,
  KeyFormatType as F,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import type { GetRequest } from "../../src/kmip/payloads/get.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { Get } from "../../src/operations/get-crypto.js";
import type { OperationContext } from "../../src/operations/types.js";
import { createPair, hex, registerKey } from "./crypto-helpers.js";
import { type Harness, harness, reasonOf, run } from "./harness.js";

const ENCODED: readonly KmipVersion[] = [12, 14, 20, 21];

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

type Material = Uint8Array | Record<string, unknown>;

async function getIn(
  ctx: OperationContext,
  uid: string,
  keyFormatType?: number,
): Promise<{ format: number; material: Material }> {
  const request: GetRequest = { uniqueIdentifier: uid, keyFormatType };
  const { response } = await run(Get, request, ctx);
  const block = (
    response.object.value as { keyBlock: { keyFormatType: number; keyValue: { keyMaterial: Material } } }
  ).keyBlock;
  return { format: block.keyFormatType, material: block.keyValue.keyMaterial };
}

const der = (m: Material): Buffer => Buffer.from(m as Uint8Array);
const jwkN = (key: KeyObject): bigint =>
  BigInt(`0x${Buffer.from(key.export({ format: "jwk" }).n as string, "base64url").toString("hex")}`);

describe.each(ENCODED)("Get in Key Format Types, KMIP %i", (version) => {
  it("returns an RSA private key as PKCS#1, PKCS#8 and Transparent RSA Private Key, the public key as PKCS#1, X.509 and Transparent", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.RSA, length: 2048 });
    const stored = await getIn(ctx, pair.privateKey);
    expect(stored.format).toBe(F.PKCS_1);
    const key = createPrivateKey({ key: der(stored.material), format: "der", type: "pkcs1" });
    const pkcs8 = await getIn(ctx, pair.privateKey, F.PKCS_8);
    expect(createPrivateKey({ key: der(pkcs8.material), format: "der", type: "pkcs8" }).equals(key)).toBe(
      true,
    );
    const transparent = await getIn(ctx, pair.privateKey, F.TransparentRSAPrivateKey);
    expect((transparent.material as { modulus: bigint }).modulus).toBe(jwkN(key));
    const pub = createPublicKey(key);
    const x509 = await getIn(ctx, pair.publicKey, F.X_509);
    expect(createPublicKey({ key: der(x509.material), format: "der", type: "spki" }).equals(pub)).toBe(true);
    const pkcs1 = await getIn(ctx, pair.publicKey, F.PKCS_1);
    expect(createPublicKey({ key: der(pkcs1.material), format: "der", type: "pkcs1" }).equals(pub)).toBe(
      true,
    );
    const tpub = await getIn(ctx, pair.publicKey, F.TransparentRSAPublicKey);
    expect(tpub.material).toMatchObject({ modulus: jwkN(key), publicExponent: 65537n });
  });

  it("returns an EC private key as ECPrivateKey and PKCS#8, the public key as X.509 (Transparent EC from 1.3)", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.EC, curve: C.P_384 });
    const sec1 = await getIn(ctx, pair.privateKey);
    expect(sec1.format).toBe(F.ECPrivateKey);
    const key = createPrivateKey({ key: der(sec1.material), format: "der", type: "sec1" });
    const pkcs8 = await getIn(ctx, pair.privateKey, F.PKCS_8);
    expect(createPrivateKey({ key: der(pkcs8.material), format: "der", type: "pkcs8" }).equals(key)).toBe(
      true,
    );
    const x509 = await getIn(ctx, pair.publicKey, F.X_509);
    expect(
      createPublicKey({ key: der(x509.material), format: "der", type: "spki" }).equals(createPublicKey(key)),
    ).toBe(true);
    if (version < 13) {
      const promise = Get.handler(
        { uniqueIdentifier: pair.publicKey, keyFormatType: F.TransparentECPublicKey },
        ctx,
      );
      expect(await reasonOf(promise)).toBe(R.KeyFormatTypeNotSupported);
      return;
    }
    const tpriv = await getIn(ctx, pair.privateKey, F.TransparentECPrivateKey);
    expect((tpriv.material as { recommendedCurve: number }).recommendedCurve).toBe(C.P_384);
    const tpub = await getIn(ctx, pair.publicKey, F.TransparentECPublicKey);
    const q = (tpub.material as { qString: Uint8Array }).qString;
    expect(q).toHaveLength(97);
    expect(der(x509.material).subarray(-97).equals(Buffer.from(q))).toBe(true);
  });

  it("returns symmetric keys as Raw, Opaque and Transparent Symmetric Key", async () => {
    const ctx = h.ctx(version);
    const uid = await registerKey(ctx, "000102030405060708090a0b0c0d0e0f");
    expect(hex((await getIn(ctx, uid, F.Raw)).material as Uint8Array)).toBe(
      "000102030405060708090a0b0c0d0e0f",
    );
    expect(hex((await getIn(ctx, uid, F.Opaque)).material as Uint8Array)).toBe(
      "000102030405060708090a0b0c0d0e0f",
    );
    const t = (await getIn(ctx, uid, F.TransparentSymmetricKey)).material as { key: Uint8Array };
    expect(hex(t.key)).toBe("000102030405060708090a0b0c0d0e0f");
  });

  it("refuses formats the key has no form in (Key Format Type Not Supported)", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.EC, curve: C.P_256 });
    for (const [uid, format] of [
      [pair.privateKey, F.X_509],
      [pair.publicKey, F.PKCS_8],
      [pair.privateKey, F.TransparentRSAPrivateKey],
    ] as const) {
      expect(await reasonOf(Get.handler({ uniqueIdentifier: uid, keyFormatType: format }, ctx))).toBe(
        R.KeyFormatTypeNotSupported,
      );
    }
    const aes = await registerKey(ctx, "000102030405060708090a0b0c0d0e0f");
    expect(await reasonOf(Get.handler({ uniqueIdentifier: aes, keyFormatType: F.PKCS_8 }, ctx))).toBe(
      R.KeyFormatTypeNotSupported,
    );
  });
});

describe.each([20, 21] as const)("Get Ed25519 keys, KMIP %i", (version) => {
  it("returns PKCS#8, X.509 and Raw", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.Ed25519 });
    const pkcs8 = await getIn(ctx, pair.privateKey);
    const key = createPrivateKey({ key: der(pkcs8.material), format: "der", type: "pkcs8" });
    const raw = await getIn(ctx, pair.privateKey, F.Raw);
    expect(Buffer.from(raw.material as Uint8Array).toString("base64url")).toBe(
      key.export({ format: "jwk" }).d,
    );
    const rawPublic = await getIn(ctx, pair.publicKey, F.Raw);
    expect(Buffer.from(rawPublic.material as Uint8Array).toString("base64url")).toBe(
      createPublicKey(key).export({ format: "jwk" }).x,
    );
  });
});
