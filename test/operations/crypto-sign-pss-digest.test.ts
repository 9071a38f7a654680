/**
 * Sign and Signature Verify with Digested Data and RSASSA-PSS through their handlers (1.4
 * §4.31–4.32, 2.1 §6.1.51–6.1.52): a signature over a SHA-256 digest verifies in node:crypto over
 * the message and through Signature Verify over Data and over the digest; a signature made over
 * Data verifies over the digest; a digest of the wrong length is Invalid Field.
 */
import { constants, createHash, createPublicKey, verify as nodeVerify } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CryptographicAlgorithm as A,
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
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

const MESSAGE = text("a message whose digest the client computed");
const DIGEST = new Uint8Array(createHash("sha256").update(MESSAGE).digest());
const PSS = constants.RSA_PKCS1_PSS_PADDING;

/** The public key as node:crypto reads it from a Get in X.509. */
async function nodePublicKey(ctx: OperationContext, uid: string) {
  const got = await Get.handler({ uniqueIdentifier: uid, keyFormatType: F.X_509 }, ctx);
  const block = (got.object.value as { keyBlock: { keyValue: { keyMaterial: Uint8Array } } }).keyBlock;
  return createPublicKey({ key: Buffer.from(block.keyValue.keyMaterial), format: "der", type: "spki" });
}

describe.each([14, 20, 21] as KmipVersion[])("RSASSA-PSS over Digested Data, KMIP %i", (version) => {
  it.each([0, 20, 32])(
    "signs a SHA-256 digest with salt %i; Node and Signature Verify agree",
    async (salt) => {
      const ctx = h.ctx(version);
      const pair = await createPair(ctx, { algorithm: A.RSA, length: 2048 });
      const params = { paddingMethod: P.PSS, hashingAlgorithm: H.SHA_256, saltLength: salt };
      const { response } = await run(
        Sign,
        { uniqueIdentifier: pair.privateKey, cryptographicParameters: params, digestedData: DIGEST },
        ctx,
      );
      const signature = response.signatureData!;
      const key = await nodePublicKey(ctx, pair.publicKey);
      expect(nodeVerify("sha256", MESSAGE, { key, padding: PSS, saltLength: salt }, signature)).toBe(true);
      const check = (fields: object, signatureData: Uint8Array) =>
        run(
          SignatureVerify,
          { uniqueIdentifier: pair.publicKey, cryptographicParameters: params, signatureData, ...fields },
          ctx,
        );
      expect((await check({ data: MESSAGE }, signature)).response.validityIndicator).toBe(VI.Valid);
      expect((await check({ digestedData: DIGEST }, signature)).response.validityIndicator).toBe(VI.Valid);
      const tampered = new Uint8Array(DIGEST);
      tampered[0] = (tampered[0] ?? 0) ^ 1;
      expect((await check({ digestedData: tampered }, signature)).response.validityIndicator).toBe(
        VI.Invalid,
      );
    },
  );

  it("verifies an OpenSSL PSS signature over Data by the digest; a wrong-length digest is Invalid Field", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.RSA, length: 2048 });
    const params = { paddingMethod: P.PSS, hashingAlgorithm: H.SHA_256 };
    // Signed over Data by OpenSSL's own PSS (salt = hLen by default), verified here over the digest.
    const { response } = await run(
      Sign,
      { uniqueIdentifier: pair.privateKey, cryptographicParameters: params, data: MESSAGE },
      ctx,
    );
    const check = {
      uniqueIdentifier: pair.publicKey,
      cryptographicParameters: params,
      digestedData: DIGEST,
      signatureData: response.signatureData,
    };
    expect((await run(SignatureVerify, check, ctx)).response.validityIndicator).toBe(VI.Valid);
    const short = Sign.handler(
      {
        uniqueIdentifier: pair.privateKey,
        cryptographicParameters: params,
        digestedData: DIGEST.subarray(0, 20),
      },
      ctx,
    );
    expect(await reasonOf(short)).toBe(R.InvalidField);
    const shortVerify = SignatureVerify.handler({ ...check, digestedData: DIGEST.subarray(1) }, ctx);
    expect(await reasonOf(shortVerify)).toBe(R.InvalidField);
  });
});
