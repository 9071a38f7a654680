/**
 * Multi-part (streaming) cryptographic operations, KMIP 1.3+: Init Indicator, Correlation Value,
 * Final Indicator. Every split of the data gives the one-shot result; the streams are bound to
 * their scope, operation and key, expire, are bounded, and end on the last part or a failure.
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CryptographicAlgorithm as A,
  BlockCipherMode as BCM,
  HashingAlgorithm as H,
  PaddingMethod as P,
  ResultReason as R,
  RevocationReasonCode,
  ValidityIndicator as VI,
} from "../../src/kmip/generated/enums.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { CRYPTO_STREAMS } from "../../src/operations/crypto-streams.js";
import { Decrypt } from "../../src/operations/decrypt.js";
import { Encrypt } from "../../src/operations/encrypt.js";
import { Hash } from "../../src/operations/hash.js";
import { MAC } from "../../src/operations/mac.js";
import { MACVerify } from "../../src/operations/mac-verify.js";
import { Revoke } from "../../src/operations/revoke.js";
import { Sign } from "../../src/operations/sign.js";
import { SignatureVerify } from "../../src/operations/signature-verify.js";
import type { OperationContext, OperationDef } from "../../src/operations/types.js";
import { createPair, forgetStreams, hex, M, registerKey, STREAM_VERSIONS, text } from "./crypto-helpers.js";
import { type Harness, harness, reasonOf, run, SCOPE_B, T0, tagNames } from "./harness.js";

const KEY = "2b7e151628aed2a6abf7158809cf4f3c";

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  forgetStreams();
  await h.close();
});

type Part = Record<string, unknown>;
interface Streamed {
  responses: Part[];
  data: Uint8Array;
}

/** Runs `op` over `chunks` as one stream: `first` fields on the first part, `last` on the last. */
async function stream(
  op: OperationDef<never, unknown>,
  ctx: OperationContext,
  chunks: readonly Uint8Array[],
  first: Part,
  last: Part = {},
  every: Part = {},
): Promise<Streamed> {
  const responses: Part[] = [];
  const head = await run(op, { ...first, data: chunks[0], initIndicator: true } as never, ctx);
  responses.push(head.response as Part);
  const correlationValue = (head.response as Part).correlationValue as Uint8Array;
  expect(correlationValue).toHaveLength(16);
  expect(tagNames(head.encoded)).toContain("Correlation Value");
  const rest = chunks.slice(1);
  for (const [i, chunk] of rest.entries()) {
    const final = i === rest.length - 1;
    const fields = {
      ...every,
      ...(final ? last : {}),
      uniqueIdentifier: first.uniqueIdentifier,
      data: chunk,
      correlationValue,
      finalIndicator: final,
    };
    const r = await run(op, fields as never, ctx);
    responses.push(r.response as Part);
    expect(tagNames(r.encoded).includes("Correlation Value")).toBe(!final);
  }
  const data = Buffer.concat(responses.map((r) => (r.data as Uint8Array | undefined) ?? new Uint8Array(0)));
  return { responses, data: new Uint8Array(data) };
}

/** `data` cut at `cuts` (sorted, within bounds), always at least two parts. */
function split(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    out.push(data.subarray(at, p));
    at = p;
  }
  out.push(data.subarray(at));
  return out.length < 2 ? [data, new Uint8Array(0)] : out;
}

const chunksArb = fc.tuple(fc.uint8Array({ maxLength: 80 }), fc.array(fc.nat(), { maxLength: 4 }));

describe.each(STREAM_VERSIONS)("multi-part, KMIP %i", (version: KmipVersion) => {
  it("encrypts and decrypts in parts exactly as in one part (CBC PKCS5, CTR; fast-check)", async () => {
    const ctx = h.ctx(version);
    const uid = await registerKey(ctx, KEY);
    const iv = new Uint8Array(16).fill(7);
    await fc.assert(
      fc.asyncProperty(chunksArb, fc.constantFrom(BCM.CBC, BCM.CTR), async ([data, cuts], mode) => {
        const params = { blockCipherMode: mode, paddingMethod: mode === BCM.CBC ? P.PKCS5 : P.None };
        const first = { uniqueIdentifier: uid, cryptographicParameters: params, ivCounterNonce: iv };
        const whole = await run(Encrypt, { ...first, data }, ctx);
        const enc = await stream(Encrypt as never, ctx, split(data, cuts), first);
        expect(hex(enc.data)).toBe(hex(whole.response.data));
        const dec = await stream(Decrypt as never, ctx, split(enc.data, cuts), first);
        expect(hex(dec.data)).toBe(hex(data));
      }),
      { numRuns: 15 },
    );
  });

  it("returns the generated IV with the first part and Data only when a part produced some", async () => {
    const ctx = h.ctx(version);
    const uid = await registerKey(ctx, KEY);
    const params = { blockCipherMode: BCM.CBC, paddingMethod: P.PKCS5, randomIV: true };
    const enc = await stream(Encrypt as never, ctx, [text("12345678"), text("9abcdef0"), text("x")], {
      uniqueIdentifier: uid,
      cryptographicParameters: params,
    });
    const [head, middle, last] = enc.responses;
    expect(head?.ivCounterNonce).toHaveLength(16);
    expect(head?.data).toBeUndefined();
    expect(middle?.data).toHaveLength(16);
    expect(last?.data).toHaveLength(16);
    const single = await run(
      Decrypt,
      {
        uniqueIdentifier: uid,
        cryptographicParameters: params,
        data: enc.data,
        ivCounterNonce: head?.ivCounterNonce as Uint8Array,
      },
      ctx,
    );
    expect(Buffer.from(single.response.data as Uint8Array).toString()).toBe("123456789abcdef0x");
  });

  it("leaves Data out of a last part that produced none (OASIS TC-STREAM-ENC-2)", async () => {
    const ctx = h.ctx(version);
    const uid = await registerKey(ctx, KEY);
    const first = { uniqueIdentifier: uid, cryptographicParameters: { blockCipherMode: BCM.ECB } };
    const enc = await stream(
      Encrypt as never,
      ctx,
      [new Uint8Array(8), new Uint8Array(8), new Uint8Array(0)],
      first,
    );
    expect(enc.responses.map((r) => (r.data as Uint8Array | undefined)?.length)).toEqual([
      undefined,
      16,
      undefined,
    ]);
  });

  it("streams GCM (1.4+) with the Additional Data first and the tag last, and XTS buffered", async () => {
    if (version < 14) return;
    const ctx = h.ctx(version);
    const uid = await registerKey(ctx, KEY);
    const params = { blockCipherMode: BCM.GCM, tagLength: 16 };
    const first = {
      uniqueIdentifier: uid,
      cryptographicParameters: params,
      ivCounterNonce: new Uint8Array(12),
      authenticatedEncryptionAdditionalData: text("aad"),
    };
    const data = text("authenticated encryption in several parts");
    const whole = await run(Encrypt, { ...first, data }, ctx);
    const enc = await stream(Encrypt as never, ctx, split(data, [5, 17]), first);
    expect(hex(enc.data)).toBe(hex(whole.response.data));
    expect(hex(enc.responses.at(-1)?.authenticatedEncryptionTag as Uint8Array)).toBe(
      hex(whole.response.authenticatedEncryptionTag),
    );
    const dec = await stream(Decrypt as never, ctx, split(enc.data, [9]), {
      ...first,
      authenticatedEncryptionTag: whole.response.authenticatedEncryptionTag,
    });
    expect(Buffer.from(dec.data).toString()).toBe("authenticated encryption in several parts");
    const xts = await registerKey(ctx, KEY + KEY.split("").reverse().join(""));
    const x = {
      uniqueIdentifier: xts,
      cryptographicParameters: { blockCipherMode: BCM.XTS },
      ivCounterNonce: new Uint8Array(16),
    };
    const block = new Uint8Array(48).fill(3);
    const oneShot = await run(Encrypt, { ...x, data: block }, ctx);
    expect(hex((await stream(Encrypt as never, ctx, split(block, [10, 20]), x)).data)).toBe(
      hex(oneShot.response.data),
    );
  });

  it("signs and verifies in parts (RSA PKCS#1 v1.5: the same signature as one part), the signature given first", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.RSA, length: 2048 });
    const params = { paddingMethod: P.PKCS1V1_5, hashingAlgorithm: H.SHA_256 };
    const data = text("0102030405060708091011121314151600");
    const whole = await run(
      Sign,
      { uniqueIdentifier: pair.privateKey, cryptographicParameters: params, data },
      ctx,
    );
    const signed = await stream(Sign as never, ctx, split(data, [2, 14]), {
      uniqueIdentifier: pair.privateKey,
      cryptographicParameters: params,
    });
    expect(hex(signed.responses.at(-1)?.signatureData as Uint8Array)).toBe(hex(whole.response.signatureData));
    const first = {
      uniqueIdentifier: pair.publicKey,
      cryptographicParameters: params,
      signatureData: whole.response.signatureData,
    };
    const verified = await stream(SignatureVerify as never, ctx, split(data, [2, 14]), first);
    expect(verified.responses.at(-1)?.validityIndicator).toBe(VI.Valid);
    expect(verified.responses[0]?.validityIndicator).toBeUndefined();
    const bad = await stream(SignatureVerify as never, ctx, split(text("other"), [2]), first);
    expect(bad.responses.at(-1)?.validityIndicator).toBe(VI.Invalid);
  });

  it("MACs, verifies MACs and hashes in parts exactly as in one part (OASIS TC-STREAM-HASH-3)", async () => {
    const ctx = h.ctx(version);
    const uid = await registerKey(ctx, "0b".repeat(32), {
      algorithm: A.HMAC_SHA256,
      mask: M.MACGenerate | M.MACVerify,
    });
    const data = text("streamed message authentication");
    const whole = await run(MAC, { uniqueIdentifier: uid, data }, ctx);
    const parts = await stream(MAC as never, ctx, split(data, [3, 8, 20]), { uniqueIdentifier: uid });
    expect(hex(parts.responses.at(-1)?.macData as Uint8Array)).toBe(hex(whole.response.macData));
    const verified = await stream(
      MACVerify as never,
      ctx,
      split(data, [4]),
      { uniqueIdentifier: uid },
      { macData: whole.response.macData },
    );
    expect(verified.responses.at(-1)?.validityIndicator).toBe(VI.Valid);
    const params = { cryptographicParameters: { hashingAlgorithm: H.SHA_256 } };
    const chunks = [text("a"), text("b"), text("c"), new Uint8Array(0)];
    const hashed = await stream(Hash as never, ctx, chunks, params, {}, params);
    expect(hex(hashed.data)).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("ends a stream on its last part, and knows it in no other scope and for no other operation", async () => {
    const ctx = h.ctx(version);
    const uid = await registerKey(ctx, KEY);
    const params = { blockCipherMode: BCM.ECB, paddingMethod: P.PKCS5 };
    const init = await run(
      Encrypt,
      { uniqueIdentifier: uid, cryptographicParameters: params, data: text("abc"), initIndicator: true },
      ctx,
    );
    const correlationValue = init.response.correlationValue!;
    const unknown = version >= 20 ? R.InvalidCorrelationValue : R.ItemNotFound;
    const otherScope = Encrypt.handler(
      { correlationValue, data: text("x") },
      h.ctx(version, { scope: SCOPE_B }),
    );
    expect(await reasonOf(otherScope)).toBe(unknown);
    expect(await reasonOf(Decrypt.handler({ correlationValue, data: text("x") }, ctx))).toBe(unknown);
    const withInit = Encrypt.handler({ correlationValue, initIndicator: true, data: text("x") }, ctx);
    expect(await reasonOf(withInit)).toBe(R.InvalidField);
    await run(Encrypt, { correlationValue, finalIndicator: true }, ctx);
    expect(await reasonOf(Encrypt.handler({ correlationValue, data: text("x") }, ctx))).toBe(unknown);
  });

  it("checks the key at every part: a key revoked mid-stream ends the stream; another key is Invalid Field", async () => {
    const ctx = h.ctx(version);
    const uid = await registerKey(ctx, KEY);
    const other = await registerKey(ctx, KEY);
    const params = { blockCipherMode: BCM.ECB, paddingMethod: P.PKCS5 };
    const open = async () =>
      (
        await run(
          Encrypt,
          { uniqueIdentifier: uid, cryptographicParameters: params, data: text("abc"), initIndicator: true },
          ctx,
        )
      ).response.correlationValue!;
    const first = await open();
    expect(await reasonOf(Encrypt.handler({ uniqueIdentifier: other, correlationValue: first }, ctx))).toBe(
      R.InvalidField,
    );
    const second = await open();
    await Revoke.handler(
      {
        uniqueIdentifier: uid,
        revocationReason: { revocationReasonCode: RevocationReasonCode.KeyCompromise },
      },
      ctx,
    );
    const denied = version >= 21 ? R.WrongKeyLifecycleState : R.PermissionDenied;
    expect(await reasonOf(Encrypt.handler({ correlationValue: second, data: text("x") }, ctx))).toBe(denied);
    expect(await reasonOf(Encrypt.handler({ correlationValue: second, data: text("x") }, ctx))).toBe(
      version >= 20 ? R.InvalidCorrelationValue : R.ItemNotFound,
    );
  });

  it("expires idle streams and bounds how many a scope holds", async () => {
    const ctx = h.ctx(version);
    const params = { cryptographicParameters: { hashingAlgorithm: H.SHA_256 } };
    const correlationValue = (await run(Hash, { ...params, initIndicator: true }, ctx)).response
      .correlationValue!;
    h.clock.now = new Date(T0.getTime() + CRYPTO_STREAMS.limits.idleMs + 1000);
    expect(await reasonOf(Hash.handler({ ...params, correlationValue }, ctx))).toBe(
      version >= 20 ? R.InvalidCorrelationValue : R.ItemNotFound,
    );
    for (let i = 0; i < CRYPTO_STREAMS.limits.perScopeMax; i++)
      await Hash.handler({ ...params, initIndicator: true }, ctx);
    const full = Hash.handler({ ...params, initIndicator: true }, ctx);
    expect(await reasonOf(full)).toBe(version >= 20 ? R.ServerLimitExceeded : R.GeneralFailure);
    const elsewhere = await Hash.handler(
      { ...params, initIndicator: true },
      h.ctx(version, { scope: SCOPE_B }),
    );
    expect(elsewhere.correlationValue).toHaveLength(16);
  });
});

describe("KMIP 1.2", () => {
  it("has no streaming fields: Encrypt is single-part only", async () => {
    const ctx = h.ctx(12);
    const uid = await registerKey(ctx, KEY);
    const { encoded } = await run(
      Encrypt,
      {
        uniqueIdentifier: uid,
        cryptographicParameters: { blockCipherMode: BCM.ECB },
        data: new Uint8Array(16),
      },
      ctx,
    );
    expect(tagNames(encoded)).not.toContain("Correlation Value");
  });
});
