/**
 * Digests of a registered RSA key in PKCS#1 besides the mandatory one (1.4 §3.17, 2.1 §4.21;
 * OASIS TC-IMPEXP-4-20), and Export leaving Fresh as it is (2.1 §4.24: only Get clears it).
 */
import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rsaPrivateToTransparent } from "../../src/crypto/formats-rsa.js";
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  CryptographicAlgorithm as A,
  KeyFormatType as F,
  HashingAlgorithm,
  ObjectType,
} from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask as M } from "../../src/kmip/generated/masks.js";
import type { RegisterRequest } from "../../src/kmip/payloads/create.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { Create } from "../../src/operations/create.js";
import { otherFormatDigests } from "../../src/operations/digest-formats.js";
import { Export } from "../../src/operations/export.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Import } from "../../src/operations/import.js";
import { Register } from "../../src/operations/register.js";
import { createAes, type Harness, harness, run } from "./harness.js";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
const sha256 = (b: Uint8Array) => new Uint8Array(createHash("sha256").update(b).digest());
const der = (key: KeyObject, type: "pkcs1" | "pkcs8" | "spki") =>
  new Uint8Array(key.export({ type, format: "der" } as never) as Buffer);

type Digest = { hashingAlgorithm: number; digestValue: Uint8Array; keyFormatType?: number };
const digests = (attrs: readonly Attribute[]) =>
  attrs.filter((a) => a.name === "Digest").map((a) => a.value as Digest);

function registration(objectType: number, keyFormatType: number, keyMaterial: unknown): RegisterRequest {
  const type = objectType === ObjectType.PrivateKey ? "privateKey" : "publicKey";
  const keyBlock = {
    keyFormatType,
    keyValue: { keyMaterial },
    cryptographicAlgorithm: A.RSA,
    cryptographicLength: 1024,
  };
  return {
    objectType,
    attributes: [
      { name: "Cryptographic Usage Mask", value: objectType === ObjectType.PrivateKey ? M.Sign : M.Verify },
    ],
    object: { type, value: { keyBlock } },
  } as RegisterRequest;
}

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

async function registeredDigests(request: RegisterRequest, version: KmipVersion = 21): Promise<Digest[]> {
  const uid = (await run(Register, request, h.ctx(version))).response.uniqueIdentifier as string;
  return digests((await h.objects.get(h.ctx(version).scope, uid))!.attributes);
}

describe("2.x: the default format's (PKCS#1) Digest besides the registered format's (2.1 §4.21)", () => {
  it("for a Transparent RSA Private Key: the TTLV digest and the PKCS#1 one (TC-IMPEXP-4-20)", async () => {
    const request = registration(
      ObjectType.PrivateKey,
      F.TransparentRSAPrivateKey,
      rsaPrivateToTransparent(privateKey),
    );
    const found = await registeredDigests(request);
    expect(found.map((d) => d.keyFormatType)).toEqual([F.TransparentRSAPrivateKey, F.PKCS_1]);
    expect(found.every((d) => d.hashingAlgorithm === HashingAlgorithm.SHA_256)).toBe(true);
    expect(found[1]!.digestValue).toEqual(sha256(der(privateKey, "pkcs1")));
  });

  it("for PKCS#8 private and X.509 public keys: the registered bytes' digest, then PKCS#1's", async () => {
    const priv = await registeredDigests(
      registration(ObjectType.PrivateKey, F.PKCS_8, der(privateKey, "pkcs8")),
    );
    expect(priv).toEqual([
      {
        hashingAlgorithm: HashingAlgorithm.SHA_256,
        digestValue: sha256(der(privateKey, "pkcs8")),
        keyFormatType: F.PKCS_8,
      },
      {
        hashingAlgorithm: HashingAlgorithm.SHA_256,
        digestValue: sha256(der(privateKey, "pkcs1")),
        keyFormatType: F.PKCS_1,
      },
    ]);
    const pub = await registeredDigests(registration(ObjectType.PublicKey, F.X_509, der(publicKey, "spki")));
    expect(pub.map((d) => d.keyFormatType)).toEqual([F.X_509, F.PKCS_1]);
    expect(pub[1]!.digestValue).toEqual(sha256(der(publicKey, "pkcs1")));
  });

  it("1.x: the registered format's only (1.4 §3.17; OVH TC-182-11)", async () => {
    for (const version of [11, 14] as const) {
      const transparent = rsaPrivateToTransparent(privateKey);
      const found = await registeredDigests(
        registration(ObjectType.PrivateKey, F.TransparentRSAPrivateKey, transparent),
        version,
      );
      expect(found.map((d) => d.keyFormatType)).toEqual([F.TransparentRSAPrivateKey]);
    }
  });

  it("none more for a PKCS#1 key, a non-RSA key, a wrapped key or a symmetric key", async () => {
    const pkcs1 = await registeredDigests(
      registration(ObjectType.PrivateKey, F.PKCS_1, der(privateKey, "pkcs1")),
    );
    expect(pkcs1.map((d) => d.keyFormatType)).toEqual([F.PKCS_1]);
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const ecBlock = {
      keyFormatType: F.PKCS_8,
      keyValue: { keyMaterial: der(ec, "pkcs8") },
      cryptographicAlgorithm: A.ECDSA,
    };
    expect(
      otherFormatDigests(
        ObjectType.PrivateKey,
        {
          type: "privateKey",
          value: { keyBlock: ecBlock },
        } as never,
        21,
      ),
    ).toEqual([]);
    const wrapped = {
      keyFormatType: F.PKCS_8,
      keyValue: der(privateKey, "pkcs8"),
      cryptographicAlgorithm: A.RSA,
    };
    expect(
      otherFormatDigests(
        ObjectType.PrivateKey,
        {
          type: "privateKey",
          value: { keyBlock: wrapped },
        } as never,
        21,
      ),
    ).toEqual([]);
    const uid = (await run(Create, createAes(), h.ctx(21))).response.uniqueIdentifier as string;
    expect(digests((await h.objects.get(h.ctx(21).scope, uid))!.attributes)).toHaveLength(1);
  });

  it("none more for key material the server cannot read (its mandatory digest stays)", () => {
    const garbage = {
      keyFormatType: F.PKCS_8,
      keyValue: { keyMaterial: new Uint8Array([1, 2, 3]) },
      cryptographicAlgorithm: A.RSA,
    };
    expect(
      otherFormatDigests(
        ObjectType.PrivateKey,
        {
          type: "privateKey",
          value: { keyBlock: garbage },
        } as never,
        21,
      ),
    ).toEqual([]);
  });

  it("Import of a new object gets them too, unless the client supplies its own Digests", async () => {
    const request = registration(
      ObjectType.PrivateKey,
      F.TransparentRSAPrivateKey,
      rsaPrivateToTransparent(privateKey),
    );
    const imported = await run(
      Import,
      {
        uniqueIdentifier: "imported-1",
        objectType: request.objectType,
        attributes: [],
        object: request.object,
      },
      h.ctx(21),
    );
    const uid = imported.response.uniqueIdentifier as string;
    const stored = digests((await h.objects.get(h.ctx(21).scope, uid))!.attributes);
    expect(stored.map((d) => d.keyFormatType)).toEqual([F.TransparentRSAPrivateKey, F.PKCS_1]);
  });
});

describe("Export and Fresh (2.1 §4.24)", () => {
  it("an Export leaves the object Fresh; a Get clears it", async () => {
    const uid = (await run(Create, createAes(), h.ctx(21))).response.uniqueIdentifier as string;
    const fresh = async () =>
      (await h.objects.get(h.ctx(21).scope, uid))!.attributes.find((a) => a.name === "Fresh")?.value;
    await run(Export, { uniqueIdentifier: uid }, h.ctx(21));
    expect(await fresh()).toBe(true);
    const again = (await run(Export, { uniqueIdentifier: uid }, h.ctx(21))).response;
    expect(again.attributes?.find((a) => a.name === "Fresh")?.value).toBe(true);
    await run(Get, { uniqueIdentifier: uid }, h.ctx(21));
    expect(await fresh()).toBe(false);
  });
});
