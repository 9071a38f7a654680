/**
 * Sign and Signature Verify with Digested Data and ECDSA through their handlers (1.4
 * §4.31–4.32, 2.1 §6.1.55–6.1.56): the digest is signed by the openssl command; the signature
 * verifies in node:crypto over the message and through Signature Verify over the digest and over
 * Data; tampering is Invalid; parameters of another algorithm are Invalid (OASIS
 * TC-ECDSA-SIGN-DIGESTEDDATA-1 message 4); a wrong digest length is Invalid Field; a missing
 * openssl is Cryptographic Failure and leaves the server working.
 */
import { createHash, createPublicKey, verify as nodeVerify } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MISSING_OPENSSL } from "../../src/crypto/ecdsa-digest-run.js";
import { KmipError } from "../../src/kmip/errors.js";
import {
  CryptographicAlgorithm as A,
  RecommendedCurve as C,
  KeyFormatType as F,
  HashingAlgorithm as H,
  PaddingMethod as P,
  ResultReason as R,
  ValidityIndicator as VI,
} from "../../src/kmip/generated/enums.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Sign } from "../../src/operations/sign.js";
import { SignatureVerify } from "../../src/operations/signature-verify.js";
import type { OperationContext } from "../../src/operations/types.js";
import { createPair, text } from "./crypto-helpers.js";
import { type Harness, harness, reasonOf, run } from "./harness.js";

let h: Harness;
const savedOpenssl = process.env.KMIPD_OPENSSL;
beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  if (savedOpenssl === undefined) delete process.env.KMIPD_OPENSSL;
  else process.env.KMIPD_OPENSSL = savedOpenssl;
  await h.close();
});

const MESSAGE = text("a message whose digest the client computed");
const digestOf = (md: string) => new Uint8Array(createHash(md).update(MESSAGE).digest());

async function nodePublicKey(ctx: OperationContext, uid: string) {
  const got = await Get.handler({ uniqueIdentifier: uid, keyFormatType: F.X_509 }, ctx);
  const block = (got.object.value as { keyBlock: { keyValue: { keyMaterial: Uint8Array } } }).keyBlock;
  return createPublicKey({ key: Buffer.from(block.keyValue.keyMaterial), format: "der", type: "spki" });
}

describe.each([14, 20, 21] as KmipVersion[])("ECDSA over Digested Data, KMIP %i", (version) => {
  it.each([
    [C.P_256, H.SHA_256, "sha256"],
    [C.P_384, H.SHA_384, "sha384"],
    [C.P_521, H.SHA_512, "sha512"],
  ])("curve %i: signs the digest; Node and Signature Verify agree", async (curve, hashingAlgorithm, md) => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.EC, curve });
    const params = { cryptographicAlgorithm: A.ECDSA, hashingAlgorithm };
    const digest = digestOf(md);
    const { response } = await run(
      Sign,
      { uniqueIdentifier: pair.privateKey, cryptographicParameters: params, digestedData: digest },
      ctx,
    );
    const signature = response.signatureData!;
    expect(nodeVerify(md, MESSAGE, await nodePublicKey(ctx, pair.publicKey), signature)).toBe(true);
    const check = async (fields: object) => {
      const request = { uniqueIdentifier: pair.publicKey, cryptographicParameters: params, ...fields };
      return (await run(SignatureVerify, request, ctx)).response.validityIndicator;
    };
    expect(await check({ digestedData: digest, signatureData: signature })).toBe(VI.Valid);
    expect(await check({ data: MESSAGE, signatureData: signature })).toBe(VI.Valid);
    const tampered = new Uint8Array(signature);
    tampered[8] = (tampered[8] ?? 0) ^ 1;
    expect(await check({ digestedData: digest, signatureData: tampered })).toBe(VI.Invalid);
  });

  it("a signature made over Data verifies by the digest; a wrong-length digest is Invalid Field", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.EC, curve: C.P_256 });
    const params = { cryptographicAlgorithm: A.ECDSA, hashingAlgorithm: H.SHA_256 };
    const signed = await run(
      Sign,
      { uniqueIdentifier: pair.privateKey, cryptographicParameters: params, data: MESSAGE },
      ctx,
    );
    const check = {
      uniqueIdentifier: pair.publicKey,
      cryptographicParameters: params,
      digestedData: digestOf("sha256"),
      signatureData: signed.response.signatureData,
    };
    expect((await run(SignatureVerify, check, ctx)).response.validityIndicator).toBe(VI.Valid);
    const short = { ...check, digestedData: digestOf("sha256").subarray(1) };
    expect(await reasonOf(SignatureVerify.handler(short, ctx))).toBe(R.InvalidField);
    const shortSign = {
      uniqueIdentifier: pair.privateKey,
      cryptographicParameters: params,
      digestedData: short.digestedData,
    };
    expect(await reasonOf(Sign.handler(shortSign, ctx))).toBe(R.InvalidField);
  });

  it("Signature Verify with RSA PSS parameters on an EC key is Invalid, not an error", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.EC, curve: C.P_256 });
    const digest = digestOf("sha256");
    const { response } = await run(Sign, { uniqueIdentifier: pair.privateKey, digestedData: digest }, ctx);
    const rsaParams = { paddingMethod: P.PSS, hashingAlgorithm: H.SHA_1, cryptographicAlgorithm: A.RSA };
    const request = {
      uniqueIdentifier: pair.publicKey,
      cryptographicParameters: rsaParams,
      data: MESSAGE,
      signatureData: response.signatureData,
    };
    expect((await run(SignatureVerify, request, ctx)).response.validityIndicator).toBe(VI.Invalid);
    // Signing with parameters of another algorithm stays a refusal.
    const signRsa = { uniqueIdentifier: pair.privateKey, cryptographicParameters: rsaParams, data: MESSAGE };
    const refusal = version >= 20 ? R.BadCryptographicParameters : R.InvalidField;
    expect(await reasonOf(Sign.handler(signRsa, ctx))).toBe(refusal);
    // And the signature is still Valid under the key's own parameters.
    const own = {
      uniqueIdentifier: pair.publicKey,
      digestedData: digest,
      signatureData: response.signatureData,
    };
    expect((await run(SignatureVerify, own, ctx)).response.validityIndicator).toBe(VI.Valid);
  });

  it("without the openssl command: Cryptographic Failure, and the next request works", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.EC, curve: C.P_256 });
    const request = { uniqueIdentifier: pair.privateKey, digestedData: digestOf("sha256") };
    process.env.KMIPD_OPENSSL = "/nonexistent/kmipd-test/openssl";
    const error = await Sign.handler(request, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KmipError);
    expect((error as KmipError).reason).toBe(R.CryptographicFailure);
    expect((error as KmipError).message).toBe(MISSING_OPENSSL);
    delete process.env.KMIPD_OPENSSL;
    expect((await run(Sign, request, ctx)).response.signatureData?.length).toBeGreaterThan(8);
  });
});

describe.each([20, 21] as KmipVersion[])("EdDSA over Digested Data, KMIP %i", (version) => {
  it("stays Unsupported Cryptographic Parameters (KMIP has no pre-hashed EdDSA)", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.Ed25519 });
    const request = { uniqueIdentifier: pair.privateKey, digestedData: digestOf("sha512") };
    expect(await reasonOf(Sign.handler(request, ctx))).toBe(R.UnsupportedCryptographicParameters);
  });
});
