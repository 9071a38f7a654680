/**
 * Create Key Pair and Re-key Key Pair through their handlers: the algorithms and sizes, the links
 * both ways, the masks and names per key, the placeholders, the stored formats, and the
 * refusals per version.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  CryptographicAlgorithm as A,
  RecommendedCurve as C,
  KeyFormatType as F,
  LinkType,
  ObjectType,
  Operation,
  ResultReason as R,
  UniqueIdentifier,
} from "../../src/kmip/generated/enums.js";
import { ProtectionStorageMask } from "../../src/kmip/generated/masks.js";
import { payloadEntry } from "../../src/kmip/payloads/registry.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { CreateKeyPair } from "../../src/operations/create-key-pair.js";
import { Get } from "../../src/operations/get-crypto.js";
import { openMaterial } from "../../src/operations/material.js";
import { ReKeyKeyPair } from "../../src/operations/rekey-key-pair.js";
import { Sign } from "../../src/operations/sign.js";
import type { OperationContext } from "../../src/operations/types.js";
import { instances, name, stored, storedValue } from "./attribute-fixtures.js";
import { createPair, M } from "./crypto-helpers.js";
import { type Harness, harness, reasonOf, run, SCOPE_A, tagNames } from "./harness.js";

const ALL: readonly KmipVersion[] = [10, 11, 14, 20, 21];

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

const algorithm = (value: number): Attribute => ({ name: "Cryptographic Algorithm", value });
const length = (value: number): Attribute => ({ name: "Cryptographic Length", value });
const mask = (value: number): Attribute => ({ name: "Cryptographic Usage Mask", value });
const curve = (recommendedCurve: number): Attribute => ({
  name: "Cryptographic Domain Parameters",
  value: { recommendedCurve },
});

async function storedBlock(uid: string, ctx: OperationContext) {
  const obj = await stored(h, uid);
  const value = openMaterial(ctx, uid, obj.material!) as {
    value: { keyBlock: { keyFormatType: number; keyValue: { keyMaterial: Uint8Array } } };
  };
  return value.value.keyBlock;
}

async function links(uid: string): Promise<unknown[]> {
  return (await instances(h, uid, "Link")).map((a) => a.value);
}

describe.each(ALL)("Create Key Pair, KMIP %i", (version) => {
  it("makes an RSA pair linked both ways, with each key's mask and name, the placeholders on the private key", async () => {
    const ctx = h.ctx(version);
    const request = {
      commonAttributes: [algorithm(A.RSA), length(2048)],
      privateKeyAttributes: [name("pk-private"), mask(M.Sign)],
      publicKeyAttributes: [name("pk-public"), mask(M.Verify)],
    };
    const { response, encoded } = await run(CreateKeyPair, request, ctx);
    expect(tagNames(encoded)).toEqual([
      "Response Payload",
      "Private Key Unique Identifier",
      "Public Key Unique Identifier",
    ]);
    const priv = response.privateKeyUniqueIdentifier;
    const pub = response.publicKeyUniqueIdentifier;
    expect(ctx.batch.idPlaceholder).toBe(priv);
    expect(ctx.batch.privateKeyIdPlaceholder).toBe(priv);
    expect((await stored(h, priv)).objectType).toBe(ObjectType.PrivateKey);
    expect((await stored(h, pub)).objectType).toBe(ObjectType.PublicKey);
    expect(await links(priv)).toEqual([{ linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: pub }]);
    expect(await links(pub)).toEqual([{ linkType: LinkType.PrivateKeyLink, linkedObjectIdentifier: priv }]);
    expect(await storedValue(h, priv, "Cryptographic Usage Mask")).toBe(M.Sign);
    expect(await storedValue(h, pub, "Cryptographic Usage Mask")).toBe(M.Verify);
    expect(await instances(h, priv, "Name")).toEqual([name("pk-private")]);
    expect(await storedValue(h, pub, "Cryptographic Length")).toBe(2048);
    const block = await storedBlock(priv, ctx);
    expect(block.keyFormatType).toBe(F.PKCS_1);
    const key = createPrivateKey({
      key: Buffer.from(block.keyValue.keyMaterial),
      format: "der",
      type: "pkcs1",
    });
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const pubBlock = await storedBlock(pub, ctx);
    expect(
      createPublicKey({ key: Buffer.from(pubBlock.keyValue.keyMaterial), format: "der", type: "pkcs1" })
        .asymmetricKeyType,
    ).toBe("rsa");
  });

  it.each([
    [C.P_256, 256, "prime256v1"],
    [C.P_384, 384, "secp384r1"],
    [C.P_521, 521, "secp521r1"],
  ])("makes an EC pair on Recommended Curve %i, stored as ECPrivateKey and X.509", async (c, bits, name) => {
    const ctx = h.ctx(version);
    const ec = version >= 12 ? A.EC : A.ECDSA;
    const { response } = await run(CreateKeyPair, { commonAttributes: [algorithm(ec), curve(c)] }, ctx);
    const block = await storedBlock(response.privateKeyUniqueIdentifier, ctx);
    expect(block.keyFormatType).toBe(F.ECPrivateKey);
    const key = createPrivateKey({
      key: Buffer.from(block.keyValue.keyMaterial),
      format: "der",
      type: "sec1",
    });
    expect(key.asymmetricKeyDetails?.namedCurve).toBe(name);
    expect(await storedValue(h, response.publicKeyUniqueIdentifier, "Cryptographic Length")).toBe(bits);
    expect(
      await storedValue(h, response.publicKeyUniqueIdentifier, "Cryptographic Domain Parameters"),
    ).toEqual({ recommendedCurve: c });
    expect((await storedBlock(response.publicKeyUniqueIdentifier, ctx)).keyFormatType).toBe(F.X_509);
    // Only a length: the NIST curve of that length.
    const byLength = await run(CreateKeyPair, { commonAttributes: [algorithm(ec), length(bits)] }, ctx);
    expect(
      await storedValue(h, byLength.response.privateKeyUniqueIdentifier, "Cryptographic Domain Parameters"),
    ).toEqual({ recommendedCurve: c });
  });

  it("gives each key the server's default mask when the request has none: Sign and Verify", async () => {
    const ctx = h.ctx(version);
    const { response } = await run(
      CreateKeyPair,
      { commonAttributes: [algorithm(A.RSA), length(2048)] },
      ctx,
    );
    expect(await storedValue(h, response.privateKeyUniqueIdentifier, "Cryptographic Usage Mask")).toBe(
      M.Sign,
    );
    expect(await storedValue(h, response.publicKeyUniqueIdentifier, "Cryptographic Usage Mask")).toBe(
      M.Verify,
    );
  });

  it("refuses what it cannot make, and keys that disagree on the algorithm", async () => {
    const ctx = h.ctx(version);
    const invalidValue = version >= 20 ? R.InvalidAttributeValue : R.InvalidField;
    const small = CreateKeyPair.handler({ commonAttributes: [algorithm(A.RSA), length(512)] }, ctx);
    expect(await reasonOf(small)).toBe(invalidValue);
    const aes = CreateKeyPair.handler({ commonAttributes: [algorithm(A.AES), length(256)] }, ctx);
    expect(await reasonOf(aes)).toBe(invalidValue);
    const split = CreateKeyPair.handler(
      { privateKeyAttributes: [algorithm(A.RSA)], publicKeyAttributes: [algorithm(A.EC)] },
      ctx,
    );
    expect(await reasonOf(split)).toBe(invalidValue);
    expect(h.objects).toBeDefined();
    const found = await h.objects.locate(SCOPE_A, { attributes: [] });
    expect(found.uids).toEqual([]);
  });

  it("needs the algorithm in 1.x (Missing Data) and makes RSA 2048 in 2.x when none is given", async () => {
    const ctx = h.ctx(version);
    const promise = CreateKeyPair.handler({}, ctx);
    if (version < 20) {
      expect(await reasonOf(promise)).toBe(R.MissingData);
      return;
    }
    const response = await promise;
    expect(await storedValue(h, response.privateKeyUniqueIdentifier, "Cryptographic Algorithm")).toBe(A.RSA);
    expect(await storedValue(h, response.privateKeyUniqueIdentifier, "Cryptographic Length")).toBe(2048);
  });

  it("makes Ed25519 pairs in 2.x only (the algorithm is not in 1.x)", async () => {
    const ctx = h.ctx(version);
    const promise = CreateKeyPair.handler({ commonAttributes: [algorithm(A.Ed25519)] }, ctx);
    if (version < 20) {
      expect(await reasonOf(promise)).toBe(R.InvalidField);
      return;
    }
    const response = await promise;
    const block = await storedBlock(response.privateKeyUniqueIdentifier, ctx);
    expect(block.keyFormatType).toBe(F.PKCS_8);
    expect(
      createPrivateKey({ key: Buffer.from(block.keyValue.keyMaterial), format: "der", type: "pkcs8" })
        .asymmetricKeyType,
    ).toBe("ed25519");
  });
});

describe("Create Key Pair, KMIP 2.x only", () => {
  it("refuses Protection Storage Masks without software storage, per key", async () => {
    const hardware = { protectionStorageMask: [ProtectionStorageMask.Hardware] };
    const software = { protectionStorageMask: [ProtectionStorageMask.Software] };
    const base = { commonAttributes: [algorithm(A.EC), curve(C.P_256)] };
    const priv = CreateKeyPair.handler({ ...base, privateProtectionStorageMasks: hardware }, h.ctx(21));
    expect(await reasonOf(priv)).toBe(R.PrivateProtectionStorageUnavailable);
    const pub = CreateKeyPair.handler(
      { ...base, commonProtectionStorageMasks: software, publicProtectionStorageMasks: hardware },
      h.ctx(21),
    );
    expect(await reasonOf(pub)).toBe(R.PublicProtectionStorageUnavailable);
  });

  it("lets a later item of the batch name the private key by the Create Key Pair Private Key reference", async () => {
    const ctx = h.ctx(21);
    const pair = await createPair(ctx, { algorithm: A.EC, curve: C.P_256 });
    const got = await Get.handler(
      { uniqueIdentifier: { enumeration: UniqueIdentifier.CreateKeyPairPrivateKey } },
      ctx,
    );
    expect(got.uniqueIdentifier).toBe(pair.privateKey);
  });
});

describe.each([11, 14, 20, 21] as const)("Re-key Key Pair, KMIP %i", (version) => {
  it("makes a replacement pair, links old and new both ways, and moves the names", async () => {
    const ctx = h.ctx(version);
    const request = {
      commonAttributes: [algorithm(version >= 12 ? A.EC : A.ECDSA), curve(C.P_384)],
      privateKeyAttributes: [name("signer"), mask(M.Sign)],
      publicKeyAttributes: [name("signer-pub"), mask(M.Verify)],
    };
    const old = (await CreateKeyPair.handler(request, ctx)) as {
      privateKeyUniqueIdentifier: string;
      publicKeyUniqueIdentifier: string;
    };
    const { response } = await run(
      ReKeyKeyPair,
      { privateKeyUniqueIdentifier: old.privateKeyUniqueIdentifier },
      ctx,
    );
    const priv = response.privateKeyUniqueIdentifier;
    const pub = response.publicKeyUniqueIdentifier;
    expect(ctx.batch.idPlaceholder).toBe(priv);
    // The pair's link first, then Replaced Object, as OASIS TC-133 lists them.
    expect(await links(priv)).toEqual([
      { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: pub },
      { linkType: LinkType.ReplacedObjectLink, linkedObjectIdentifier: old.privateKeyUniqueIdentifier },
    ]);
    expect(await links(pub)).toEqual([
      { linkType: LinkType.PrivateKeyLink, linkedObjectIdentifier: priv },
      { linkType: LinkType.ReplacedObjectLink, linkedObjectIdentifier: old.publicKeyUniqueIdentifier },
    ]);
    expect(await links(old.privateKeyUniqueIdentifier)).toContainEqual({
      linkType: LinkType.ReplacementObjectLink,
      linkedObjectIdentifier: priv,
    });
    expect(await links(old.publicKeyUniqueIdentifier)).toContainEqual({
      linkType: LinkType.ReplacementObjectLink,
      linkedObjectIdentifier: pub,
    });
    expect(await instances(h, priv, "Name")).toEqual([name("signer")]);
    expect(await instances(h, pub, "Name")).toEqual([name("signer-pub")]);
    expect(await instances(h, old.privateKeyUniqueIdentifier, "Name")).toEqual([]);
    expect(await storedValue(h, priv, "Cryptographic Domain Parameters")).toEqual({
      recommendedCurve: C.P_384,
    });
    const oldBlock = await storedBlock(old.privateKeyUniqueIdentifier, ctx);
    expect(
      Buffer.from((await storedBlock(priv, ctx)).keyValue.keyMaterial).equals(
        Buffer.from(oldBlock.keyValue.keyMaterial),
      ),
    ).toBe(false);
  });

  it("refuses what is not a private key, and a different algorithm", async () => {
    const ctx = h.ctx(version);
    const pair = await createPair(ctx, { algorithm: A.RSA, length: 2048 });
    const onPublic = ReKeyKeyPair.handler({ privateKeyUniqueIdentifier: pair.publicKey }, ctx);
    expect(await reasonOf(onPublic)).toBe(version >= 20 ? R.InvalidObjectType : R.PermissionDenied);
    const other = ReKeyKeyPair.handler(
      { privateKeyUniqueIdentifier: pair.privateKey, commonAttributes: [algorithm(A.EC)] },
      ctx,
    );
    expect(await reasonOf(other)).toBe(R.InvalidField);
    const signed = await Sign.handler(
      {
        uniqueIdentifier: pair.privateKey,
        cryptographicParameters: { hashingAlgorithm: 6 },
        data: new Uint8Array(3),
      },
      ctx,
    );
    expect(signed.signatureData).toHaveLength(256);
  });
});

describe("versions", () => {
  it("has Create Key Pair from 1.0 and Re-key Key Pair from 1.1", () => {
    expect(payloadEntry(Operation.CreateKeyPair, 10).operation).toBe("Create Key Pair");
    expect(() => payloadEntry(Operation.ReKeyKeyPair, 10)).toThrow(
      expect.objectContaining({ reason: R.OperationNotSupported }),
    );
  });
});
