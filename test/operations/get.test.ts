import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CryptographicAlgorithm as A,
  KeyCompressionType,
  KeyFormatType,
  KeyWrapType,
  ObjectType,
  ResultReason,
  WrappingMethod,
} from "../../src/kmip/generated/enums.js";
import type { RegisterRequest } from "../../src/kmip/payloads/create.js";
import { Create } from "../../src/operations/create.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Register } from "../../src/operations/register.js";
import { aesTemplate, createAes, type Harness, harness, reasonOf, run, tagNames } from "./harness.js";

type Block = { keyFormatType: number; keyValue: { keyMaterial: unknown; attributes?: unknown } };

const blockOf = (object: { value: unknown }) => (object.value as { keyBlock: Block }).keyBlock;

describe("Get (1.4 §4.11, 2.1 §6.1.19)", () => {
  let h: Harness;
  let uid: string;
  let raw: Uint8Array;
  beforeEach(async () => {
    h = harness();
    const created = await run(Create, createAes(), h.ctx(14));
    uid = created.response.uniqueIdentifier as string;
    raw = blockOf((await run(Get, { uniqueIdentifier: uid }, h.ctx(14))).response.object).keyValue
      .keyMaterial as Uint8Array;
  });
  afterEach(async () => h.close());

  it("returns the stored format (Raw) by default", async () => {
    const { response, encoded } = await run(Get, { uniqueIdentifier: uid }, h.ctx(10));
    expect(response.objectType).toBe(ObjectType.SymmetricKey);
    expect(blockOf(response.object).keyFormatType).toBe(KeyFormatType.Raw);
    expect(tagNames(encoded)).toContain("Symmetric Key");
  });

  it("converts a symmetric key to Transparent Symmetric Key and Opaque", async () => {
    const tsk = await run(
      Get,
      { uniqueIdentifier: uid, keyFormatType: KeyFormatType.TransparentSymmetricKey },
      h.ctx(14),
    );
    expect(blockOf(tsk.response.object)).toMatchObject({
      keyFormatType: KeyFormatType.TransparentSymmetricKey,
      keyValue: { keyMaterial: { key: raw } },
    });
    expect(tagNames(tsk.encoded)).toContain("Key");
    const opaque = await run(Get, { uniqueIdentifier: uid, keyFormatType: KeyFormatType.Opaque }, h.ctx(14));
    expect(blockOf(opaque.response.object)).toMatchObject({
      keyFormatType: KeyFormatType.Opaque,
      keyValue: { keyMaterial: raw },
    });
  });

  it("refuses a format it cannot produce", async () => {
    const request = { uniqueIdentifier: uid, keyFormatType: KeyFormatType.PKCS_8 };
    expect(await reasonOf(Get.handler(request, h.ctx(14)))).toBe(ResultReason.KeyFormatTypeNotSupported);
    const compressed = {
      uniqueIdentifier: uid,
      keyCompressionType: KeyCompressionType.ECPublicKeyTypeUncompressed,
    };
    expect(await reasonOf(Get.handler(compressed, h.ctx(14)))).toBe(
      ResultReason.KeyCompressionTypeNotSupported,
    );
  });

  it("refuses wrapping with a key that may not wrap", async () => {
    const request = {
      uniqueIdentifier: uid,
      keyWrappingSpecification: {
        wrappingMethod: WrappingMethod.Encrypt,
        encryptionKeyInformation: { uniqueIdentifier: uid },
      },
    };
    // The wrapping key here is the object itself: Pre-Active, Encrypt|Decrypt only. 1.4 answers
    // Permission Denied; 2.1 names the first rule broken, the lifecycle state.
    expect(await reasonOf(Get.handler(request, h.ctx(14)))).toBe(ResultReason.PermissionDenied);
    expect(await reasonOf(Get.handler(request, h.ctx(21)))).toBe(ResultReason.WrongKeyLifecycleState);
  });

  it("accepts Key Wrap Type As Registered and Not Wrapped for an unwrapped key", async () => {
    await run(Get, { uniqueIdentifier: uid, keyWrapType: KeyWrapType.AsRegistered }, h.ctx(14));
    await run(Get, { uniqueIdentifier: uid, keyWrapType: KeyWrapType.NotWrapped }, h.ctx(21));
  });

  it("marks the object served: Fresh becomes False", async () => {
    const second = await run(Create, createAes(), h.ctx(14));
    const id = second.response.uniqueIdentifier as string;
    const fresh = async () =>
      (await run(GetAttributes, { uniqueIdentifier: id, attributeReference: ["Fresh"] }, h.ctx(14))).response
        .attributes;
    expect(await fresh()).toEqual([{ name: "Fresh", value: true }]);
    await run(Get, { uniqueIdentifier: id }, h.ctx(14));
    expect(await fresh()).toEqual([{ name: "Fresh", value: false }]);
  });

  it("refuses a Sensitive key unwrapped (1.4 Sensitive; 1.3 Permission Denied)", async () => {
    const sensitive = await run(Create, createAes(256, [{ name: "Sensitive", value: true }]), h.ctx(14));
    const request = { uniqueIdentifier: sensitive.response.uniqueIdentifier };
    expect(await reasonOf(Get.handler(request, h.ctx(14)))).toBe(ResultReason.Sensitive);
    expect(await reasonOf(Get.handler(request, h.ctx(13)))).toBe(ResultReason.PermissionDenied);
  });

  it("returns a Key Value without the attributes a client embedded in it", async () => {
    const request: RegisterRequest = {
      objectType: ObjectType.SymmetricKey,
      attributes: aesTemplate(128),
      object: {
        type: "symmetricKey",
        value: {
          keyBlock: {
            keyFormatType: KeyFormatType.Raw,
            keyValue: {
              keyMaterial: new Uint8Array(16),
              attributes: [{ name: "Contact Information", value: "x" }],
            },
            cryptographicAlgorithm: A.AES,
            cryptographicLength: 128,
          },
        },
      },
    };
    const { response } = await run(Register, request, h.ctx(14));
    const got = await run(Get, { uniqueIdentifier: response.uniqueIdentifier }, h.ctx(14));
    expect(blockOf(got.response.object).keyValue.attributes).toBeUndefined();
    expect(tagNames(got.encoded)).not.toContain("Attribute");
  });

  it("refuses an object the client's version cannot carry (a PGP Key to 1.1)", async () => {
    const pgp: RegisterRequest = {
      objectType: ObjectType.PGPKey,
      attributes: [],
      object: {
        type: "pgpKey",
        value: {
          pgpKeyVersion: 4,
          keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: new Uint8Array([1]) } },
        },
      },
    };
    const { response } = await run(Register, pgp, h.ctx(14));
    const request = { uniqueIdentifier: response.uniqueIdentifier };
    expect(await reasonOf(Get.handler(request, h.ctx(11)))).toBe(ResultReason.IllegalOperation);
    await run(Get, request, h.ctx(12));
  });
});
