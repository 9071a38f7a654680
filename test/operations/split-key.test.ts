/**
 * Create Split Key and Join Split Key (KMIP 1.4 §4.38–4.39, 2.1 §6.1.10, §6.1.27) against the
 * in-memory store: parts of an existing or a new key, the ID Placeholder, the joined key's bytes,
 * and the refusals (too few parts, mixed splits, wrong types, a non-extractable source).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  KeyFormatType,
  ObjectType,
  ResultReason,
  SplitKeyMethod as SKM,
} from "../../src/kmip/generated/enums.js";
import { CreateSplitKey } from "../../src/operations/create-split-key.js";
import { Get } from "../../src/operations/get-crypto.js";
import { JoinSplitKey } from "../../src/operations/join-split-key.js";
import { hex, registerKey } from "./crypto-helpers.js";
import { type Harness, harness, reasonOf, run } from "./harness.js";

const KEY = "0102030405060708090a0b0c0d0e0f10";
let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

type Split = { method: number; parts: number; threshold: number };

async function split(uid: string | undefined, s: Split, version: 14 | 21 = 14, attributes = [] as never[]) {
  const ctx = h.ctx(version);
  const { response } = await run(
    CreateSplitKey,
    {
      objectType: ObjectType.SplitKey,
      uniqueIdentifier: uid,
      splitKeyParts: s.parts,
      splitKeyThreshold: s.threshold,
      splitKeyMethod: s.method,
      attributes,
    },
    ctx,
  );
  return { uids: response.uniqueIdentifier as string[], ctx };
}

async function join(uids: string[], objectType: number = ObjectType.SymmetricKey) {
  const { response } = await run(JoinSplitKey, { objectType, uniqueIdentifier: uids }, h.ctx(14));
  return response.uniqueIdentifier as string;
}

async function material(uid: string): Promise<string> {
  const { response } = await run(Get, { uniqueIdentifier: uid }, h.ctx(14));
  const value = response.object.value as { keyBlock: { keyValue: { keyMaterial: Uint8Array } } };
  return hex(value.keyBlock.keyValue.keyMaterial);
}

describe("Create Split Key / Join Split Key", () => {
  it.each([
    ["GF(2^8)", SKM.PolynomialSharingGF2_8, 5, 3],
    ["GF(2^16)", SKM.PolynomialSharingGF2_16, 4, 2],
    ["prime field", SKM.PolynomialSharingPrimeField, 3, 2],
    ["XOR", SKM.XOR, 3, 3],
  ])("splits a registered key (%s) and joins it back", async (_n, method, parts, threshold) => {
    const key = await registerKey(h.ctx(14), KEY);
    const { uids, ctx } = await split(key, { method, parts, threshold });
    expect(uids).toHaveLength(parts);
    expect(ctx.batch.idPlaceholder).toBe(uids[0]);
    const joined = await join(uids.slice(parts - threshold));
    expect(await material(joined)).toBe(KEY);
  });

  it("stores parts as Split Key objects with the key's algorithm and length", async () => {
    const key = await registerKey(h.ctx(14), KEY);
    const { uids } = await split(key, { method: SKM.XOR, parts: 2, threshold: 2 });
    const { response } = await run(Get, { uniqueIdentifier: uids[1] as string }, h.ctx(14));
    expect(response.objectType).toBe(ObjectType.SplitKey);
    const part = response.object.value as {
      keyPartIdentifier: number;
      splitKeyParts: number;
      keyBlock: { keyFormatType: number; cryptographicLength?: number };
    };
    expect(part.keyPartIdentifier).toBe(2);
    expect(part.splitKeyParts).toBe(2);
    expect(part.keyBlock.keyFormatType).toBe(KeyFormatType.Raw);
    expect(part.keyBlock.cryptographicLength).toBe(128);
  });

  it("splits a new key made from the template", async () => {
    const attributes = [
      { name: "Cryptographic Algorithm", value: 3 },
      { name: "Cryptographic Length", value: 256 },
    ] as never[];
    const { uids } = await split(
      undefined,
      { method: SKM.PolynomialSharingGF2_8, parts: 3, threshold: 2 },
      14,
      attributes,
    );
    const a = await material(await join([uids[0] as string, uids[1] as string]));
    const b = await material(await join([uids[1] as string, uids[2] as string]));
    expect(a).toHaveLength(64);
    expect(a).toBe(b);
  });

  it("refuses a join below the threshold with Cryptographic Failure", async () => {
    const key = await registerKey(h.ctx(14), KEY);
    const { uids } = await split(key, { method: SKM.PolynomialSharingGF2_8, parts: 5, threshold: 3 });
    expect(await reasonOf(join(uids.slice(0, 2)))).toBe(ResultReason.CryptographicFailure);
  });

  it("refuses parts of different splits", async () => {
    const key = await registerKey(h.ctx(14), KEY);
    const one = await split(key, { method: SKM.PolynomialSharingGF2_8, parts: 3, threshold: 2 });
    const two = await split(key, { method: SKM.PolynomialSharingGF2_8, parts: 4, threshold: 2 });
    expect(await reasonOf(join([one.uids[0] as string, two.uids[1] as string]))).toBe(
      ResultReason.CryptographicFailure,
    );
  });

  it("refuses to join objects that are not Split Keys, and to form a Public Key", async () => {
    const key = await registerKey(h.ctx(14), KEY);
    const { uids } = await split(key, { method: SKM.XOR, parts: 2, threshold: 2 });
    expect(await reasonOf(join([key, uids[0] as string]))).toBe(ResultReason.IllegalOperation);
    expect(await reasonOf(join(uids, ObjectType.PublicKey))).toBe(ResultReason.InvalidField);
  });

  it("refuses an Object Type other than Split Key, and a key that is not extractable", async () => {
    const ctx = h.ctx(21);
    const request = {
      objectType: ObjectType.SymmetricKey,
      splitKeyParts: 2,
      splitKeyThreshold: 2,
      splitKeyMethod: SKM.XOR,
      attributes: [],
    };
    expect(await reasonOf(CreateSplitKey.handler(request, ctx))).toBe(ResultReason.InvalidObjectType);
    const locked = await registerKey(h.ctx(14), KEY, { extra: [{ name: "Extractable", value: false }] });
    expect(await reasonOf(split(locked, { method: SKM.XOR, parts: 2, threshold: 2 }))).toBe(
      ResultReason.NotExtractable,
    );
  });

  it("leaves no object behind when the split is refused", async () => {
    const key = await registerKey(h.ctx(14), KEY);
    const before = await h.objects.countInScope(h.ctx(14).scope);
    expect(await reasonOf(split(key, { method: SKM.XOR, parts: 3, threshold: 2 }))).toBe(
      ResultReason.InvalidField,
    );
    expect(await h.objects.countInScope(h.ctx(14).scope)).toBe(before);
  });
});
