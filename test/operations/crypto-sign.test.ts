/**
 * Sign and Signature Verify through their handlers: RSA PSS and PKCS#1 v1.5 over SHA-2 and SHA-3,
 * ECDSA on P-256/384/521, Ed25519 (RFC 8032 known answers), Digested Data, signatures checked by
 * node:crypto too, and the refusals per version.
 */
import { constants, createHash, createPublicKey, verify as nodeVerify } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CryptographicAlgorithm as A,
  RecommendedCurve as C,
  DigitalSignatureAlgorithm as D,
  KeyFormatType as F,
  HashingAlgorithm as H,
  ObjectType,
  PaddingMethod as P,
  ResultReason as R,
  RevocationReasonCode,
  UsageLimitsUnit,
  ValidityIndicator as VI,
} from "../../src/kmip/generated/enums.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { AddAttribute } from "../../src/operations/add-attribute.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Revoke } from "../../src/operations/revoke.js";
import { Sign } from "../../src/operations/sign.js";
import { SignatureVerify } from "../../src/operations/signature-verify.js";
import type { OperationContext } from "../../src/operations/types.js";
import { RFC8032 } from "../crypto/vectors/ed25519.js";
import { activate, createPair, hex, M, registerAsymmetric, text, unhex, VERSIONS } from "./crypto-helpers.js";
import { type Harness, harness, reasonOf, run } from "./harness.js";

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

const MESSAGE = text("the quick brown fox");

async function signAndVerify(
  ctx: OperationContext,
  pair: { privateKey: string; publicKey: string },
  params: object,
) {
  const cryptographicParameters = params as never;
  const { response: s } = await run(
    Sign,
    { uniqueIdentifier: pair.privateKey, cryptographicParameters, data: MESSAGE },
    ctx,
  );
  const verify = (data: Uint8Array) =>
    run(
      SignatureVerify,
      { uniqueIdentifier: pair.publicKey, cryptographicParameters, data, signatureData: s.signatureData },
      ctx,
    );
  expect((await verify(MESSAGE)).response.validityIndicator).toBe(VI.Valid);
  expect((await verify(text("another message"))).response.validityIndicator).toBe(VI.Invalid);
  return s.signatureData!;
}

/** The public key as node:crypto reads it from a Get in X.509. */
async function nodePublicKey(ctx: OperationContext, uid: string) {
  const got = await Get.handler({ uniqueIdentifier: uid, keyFormatType: F.X_509 }, ctx);
  const block = (got.object.value as { keyBlock: { keyValue: { keyMaterial: Uint8Array } } }).keyBlock;
  return createPublicKey({ key: Buffer.from(block.keyValue.keyMaterial), format: "der", type: "spki" });
}

describe.each(VERSIONS)("Sign and Signature Verify, KMIP %i", (version) => {
  it("signs with RSA PKCS#1 v1.5 and PSS over SHA-2 (and SHA-3 from 1.4); node:crypto agrees", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.RSA, length: 2048 });
    const key = await nodePublicKey(ctx, pair.publicKey);
    const hashes: [number, string][] = [
      [H.SHA_224, "sha224"],
      [H.SHA_256, "sha256"],
      [H.SHA_384, "sha384"],
      [H.SHA_512, "sha512"],
    ];
    if (version >= 14) hashes.push([H.SHA3_256, "sha3-256"], [H.SHA3_512, "sha3-512"]);
    for (const [hashing, name] of hashes) {
      const pkcs1 = await signAndVerify(ctx, pair, { paddingMethod: P.PKCS1V1_5, hashingAlgorithm: hashing });
      expect(nodeVerify(name, MESSAGE, key, pkcs1)).toBe(true);
      const pss = await signAndVerify(ctx, pair, { paddingMethod: P.PSS, hashingAlgorithm: hashing });
      expect(nodeVerify(name, MESSAGE, { key, padding: constants.RSA_PKCS1_PSS_PADDING }, pss)).toBe(true);
    }
    const byDsa = await signAndVerify(ctx, pair, { digitalSignatureAlgorithm: D.SHA_256WithRSAEncryption });
    expect(nodeVerify("sha256", MESSAGE, key, byDsa)).toBe(true);
  });

  it("signs Digested Data with RSA PKCS#1 v1.5 (1.4+), verifiable over the data", async () => {
    if (version < 14) return;
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.RSA, length: 2048 });
    const params = { paddingMethod: P.PKCS1V1_5, hashingAlgorithm: H.SHA_256 };
    const digest = new Uint8Array(createHash("sha256").update(MESSAGE).digest());
    const { response } = await run(
      Sign,
      { uniqueIdentifier: pair.privateKey, cryptographicParameters: params, digestedData: digest },
      ctx,
    );
    const check = {
      uniqueIdentifier: pair.publicKey,
      cryptographicParameters: params,
      data: MESSAGE,
      signatureData: response.signatureData,
    };
    expect((await run(SignatureVerify, check, ctx)).response.validityIndicator).toBe(VI.Valid);
  });

  it.each([
    [C.P_256, H.SHA_256, "sha256"],
    [C.P_384, H.SHA_384, "sha384"],
    [C.P_521, H.SHA_512, "sha512"],
  ])("signs with ECDSA on curve %i", async (curve, hashing, name) => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: version >= 12 ? A.EC : A.ECDSA, curve });
    const signature = await signAndVerify(ctx, pair, { hashingAlgorithm: hashing });
    expect(nodeVerify(name, MESSAGE, await nodePublicKey(ctx, pair.publicKey), signature)).toBe(true);
  });

  it("refuses to sign with a public key, with a key lacking Sign, and with a Pre-Active key (OASIS CS-AC-M-8)", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.EC, curve: C.P_256, active: false });
    const params = { hashingAlgorithm: H.SHA_256 };
    const pre = Sign.handler(
      { uniqueIdentifier: pair.privateKey, cryptographicParameters: params, data: MESSAGE },
      ctx,
    );
    expect(await reasonOf(pre)).toBe(version >= 21 ? R.WrongKeyLifecycleState : R.PermissionDenied);
    const active = await createPair(ctx, { algorithm: A.EC, curve: C.P_256, privateMask: M.Decrypt });
    const withPublic = Sign.handler(
      { uniqueIdentifier: active.publicKey, cryptographicParameters: params, data: MESSAGE },
      ctx,
    );
    expect(await reasonOf(withPublic)).toBe(version >= 20 ? R.InvalidObjectType : R.PermissionDenied);
    const noBit = Sign.handler(
      { uniqueIdentifier: active.privateKey, cryptographicParameters: params, data: MESSAGE },
      ctx,
    );
    expect(await reasonOf(noBit)).toBe(
      version >= 20 ? R.IncompatibleCryptographicUsageMask : R.PermissionDenied,
    );
  });

  it("verifies with a Deactivated public key but no longer signs with a Deactivated private key", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.EC, curve: C.P_256 });
    const params = { hashingAlgorithm: H.SHA_256 };
    const { response } = await run(
      Sign,
      { uniqueIdentifier: pair.privateKey, cryptographicParameters: params, data: MESSAGE },
      ctx,
    );
    const reason = { revocationReasonCode: RevocationReasonCode.CessationOfOperation };
    for (const uid of [pair.privateKey, pair.publicKey])
      await Revoke.handler({ uniqueIdentifier: uid, revocationReason: reason }, ctx);
    const check = {
      uniqueIdentifier: pair.publicKey,
      cryptographicParameters: params,
      data: MESSAGE,
      signatureData: response.signatureData,
    };
    expect((await run(SignatureVerify, check, ctx)).response.validityIndicator).toBe(VI.Valid);
    const again = Sign.handler(
      { uniqueIdentifier: pair.privateKey, cryptographicParameters: params, data: MESSAGE },
      ctx,
    );
    expect(await reasonOf(again)).toBe(version >= 21 ? R.WrongKeyLifecycleState : R.PermissionDenied);
  });

  it("needs Data or Digested Data, and the Signature Data to verify (Invalid Message)", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.EC, curve: C.P_256 });
    const params = { hashingAlgorithm: H.SHA_256 };
    expect(
      await reasonOf(
        Sign.handler({ uniqueIdentifier: pair.privateKey, cryptographicParameters: params }, ctx),
      ),
    ).toBe(R.InvalidMessage);
    const noSignature = SignatureVerify.handler(
      { uniqueIdentifier: pair.publicKey, cryptographicParameters: params, data: MESSAGE },
      ctx,
    );
    expect(await reasonOf(noSignature)).toBe(R.InvalidMessage);
  });

  it("counts signatures against Usage Limits in Objects", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.EC, curve: C.P_256, active: false });
    const limits = { usageLimitsTotal: 1n, usageLimitsUnit: UsageLimitsUnit.Object };
    const attribute = { name: "Usage Limits", value: limits };
    await AddAttribute.handler({ uniqueIdentifier: pair.privateKey, newAttribute: attribute } as never, ctx);
    await activate(ctx, pair.privateKey);
    const request = {
      uniqueIdentifier: pair.privateKey,
      cryptographicParameters: { hashingAlgorithm: H.SHA_256 },
      data: MESSAGE,
    };
    await run(Sign, request, ctx);
    expect(await reasonOf(Sign.handler(request, ctx))).toBe(R.PermissionDenied);
  });
});

describe.each([20, 21] as KmipVersion[])("Ed25519, KMIP %i", (version) => {
  it.each(RFC8032)("matches $name with the RFC's keys registered Raw", async (v) => {
    const ctx = h.ctx(version);
    const priv = await registerAsymmetric(
      ctx,
      ObjectType.PrivateKey,
      F.Raw,
      unhex(v.secret),
      A.Ed25519,
      255,
      M.Sign,
    );
    const pub = await registerAsymmetric(
      ctx,
      ObjectType.PublicKey,
      F.Raw,
      unhex(v.public),
      A.Ed25519,
      255,
      M.Verify,
    );
    const { response } = await run(Sign, { uniqueIdentifier: priv, data: unhex(v.message) }, ctx);
    expect(hex(response.signatureData)).toBe(v.signature);
    const check = { uniqueIdentifier: pub, data: unhex(v.message), signatureData: unhex(v.signature) };
    expect((await run(SignatureVerify, check, ctx)).response.validityIndicator).toBe(VI.Valid);
  });

  it("signs with a pair from Create Key Pair", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.Ed25519 });
    const signature = await signAndVerify(ctx, pair, {});
    expect(nodeVerify(null, MESSAGE, await nodePublicKey(ctx, pair.publicKey), signature)).toBe(true);
  });
});
