import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  CryptographicAlgorithm as A,
  KeyFormatType,
  ObjectType,
  ResultReason,
  SecretDataType,
} from "../../src/kmip/generated/enums.js";
import type { RegisterRequest } from "../../src/kmip/payloads/create.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Register } from "../../src/operations/register.js";
import { aesTemplate, type Harness, harness, reasonOf, run } from "./harness.js";

type Block = { keyFormatType: number; keyValue: { keyMaterial: Uint8Array }; cryptographicLength?: number };

async function _keyOf(h: Harness, uid: string): Promise<Block> {
  const { response } = await run(Get, { uniqueIdentifier: uid }, h.ctx(21));
  return (response.object.value as { keyBlock: Block }).keyBlock;
}

function attributeValue(list: Attribute[] | undefined, name: string): unknown {
  return list?.find((a) => a.name === name)?.value;
}

const secretData = (bytes: Uint8Array, mask?: number, extra: Attribute[] = []): RegisterRequest => ({
  objectType: ObjectType.SecretData,
  attributes: [...(mask === undefined ? [] : [{ name: "Cryptographic Usage Mask", value: mask }]), ...extra],
  object: {
    type: "secretData",
    value: {
      secretDataType: SecretDataType.Seed,
      keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: bytes } },
    },
  },
});

describe("Register (1.4 §4.3, 2.1 §6.1.43)", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  it("MongoDB's Secret Data: Seed, Opaque, usage mask 0 or none, Activate, Get", async () => {
    const bytes = new Uint8Array(96).map((_, i) => i);
    for (const mask of [0, undefined]) {
      const batch = { idPlaceholder: undefined };
      const { response } = await run(Register, secretData(bytes, mask), h.ctx(10, { batch }));
      expect(batch.idPlaceholder).toBe(response.uniqueIdentifier);
      const got = await run(Get, { uniqueIdentifier: response.uniqueIdentifier }, h.ctx(10));
      const value = got.response.object.value as { secretDataType: number; keyBlock: Block };
      expect(value.secretDataType).toBe(SecretDataType.Seed);
      expect(value.keyBlock.keyFormatType).toBe(KeyFormatType.Opaque);
      expect(value.keyBlock.keyValue.keyMaterial).toEqual(bytes);
      const { response: attrs } = await run(
        GetAttributes,
        { uniqueIdentifier: response.uniqueIdentifier },
        h.ctx(14),
      );
      expect(attributeValue(attrs.attributes, "Cryptographic Usage Mask")).toBe(0);
    }
  });

  it("Percona's Secret Data: mask 0x240 and an empty Object Group", async () => {
    const request = secretData(new TextEncoder().encode("pw"), 0x240, [{ name: "Object Group", value: "" }]);
    request.object = {
      ...request.object,
      value: { ...(request.object.value as object), secretDataType: 1 },
    } as never;
    const { response } = await run(Register, request, h.ctx(14));
    const { response: attrs } = await run(
      GetAttributes,
      { uniqueIdentifier: response.uniqueIdentifier },
      h.ctx(14),
    );
    expect(attributeValue(attrs.attributes, "Object Group")).toBe("");
  });

  it("registers a symmetric key as given, with a Digest of its material", async () => {
    const key = new Uint8Array(16).fill(9);
    const request: RegisterRequest = {
      objectType: ObjectType.SymmetricKey,
      attributes: aesTemplate(128),
      object: {
        type: "symmetricKey",
        value: {
          keyBlock: {
            keyFormatType: KeyFormatType.TransparentSymmetricKey,
            keyValue: { keyMaterial: { key } },
            cryptographicAlgorithm: A.AES,
            cryptographicLength: 128,
          },
        },
      },
    };
    const { response } = await run(Register, request, h.ctx(14));
    const got = await run(Get, { uniqueIdentifier: response.uniqueIdentifier }, h.ctx(14));
    expect(got.response.object).toEqual(request.object);
    const { response: attrs } = await run(
      GetAttributes,
      { uniqueIdentifier: response.uniqueIdentifier },
      h.ctx(14),
    );
    const digest = attributeValue(attrs.attributes, "Digest") as { keyFormatType: number };
    expect(digest.keyFormatType).toBe(KeyFormatType.TransparentSymmetricKey);
  });

  it("registers opaque objects and certificates", async () => {
    const opaque: RegisterRequest = {
      objectType: ObjectType.OpaqueObject,
      attributes: [],
      object: {
        type: "opaqueObject",
        value: { opaqueDataType: 0x80000001, opaqueDataValue: new Uint8Array([5]) },
      },
    };
    const { response } = await run(Register, opaque, h.ctx(12));
    const got = await run(Get, { uniqueIdentifier: response.uniqueIdentifier }, h.ctx(12));
    expect(got.response.object).toEqual(opaque.object);
    expect(got.response.objectType).toBe(ObjectType.OpaqueObject);
    const cert: RegisterRequest = {
      objectType: ObjectType.Certificate,
      attributes: [],
      object: {
        type: "certificate",
        value: { certificateType: 2, certificateValue: new Uint8Array([0x99, 0, 1, 4]) }, // PGP: not parsed
      },
    };
    const c = await run(Register, cert, h.ctx(21));
    expect(
      (await run(Get, { uniqueIdentifier: c.response.uniqueIdentifier }, h.ctx(21))).response.object,
    ).toEqual(cert.object);
  });

  it("refuses an Object Type that does not match the object", async () => {
    const request = { ...secretData(new Uint8Array(8)), objectType: ObjectType.SymmetricKey };
    expect(await reasonOf(Register.handler(request, h.ctx(14)))).toBe(ResultReason.InvalidField);
    expect(await reasonOf(Register.handler(request, h.ctx(21)))).toBe(ResultReason.InvalidObjectType);
  });

  it("refuses a key whose algorithm nobody states, and a template that contradicts the Key Block", async () => {
    const request: RegisterRequest = {
      objectType: ObjectType.SymmetricKey,
      attributes: [],
      object: {
        type: "symmetricKey",
        value: {
          keyBlock: { keyFormatType: KeyFormatType.Raw, keyValue: { keyMaterial: new Uint8Array(16) } },
        },
      },
    };
    expect(await reasonOf(Register.handler(request, h.ctx(14)))).toBe(ResultReason.MissingData);
    const contradicting: RegisterRequest = {
      ...request,
      attributes: aesTemplate(256),
      object: {
        type: "symmetricKey",
        value: {
          keyBlock: {
            keyFormatType: KeyFormatType.Raw,
            keyValue: { keyMaterial: new Uint8Array(16) },
            cryptographicAlgorithm: A.AES,
            cryptographicLength: 128,
          },
        },
      },
    };
    expect(await reasonOf(Register.handler(contradicting, h.ctx(21)))).toBe(
      ResultReason.InvalidAttributeValue,
    );
  });

  it("reads back exactly the material registered, for random keys and formats (property)", async () => {
    const sizes = fc.constantFrom(16, 24, 32);
    const formats = fc.constantFrom(KeyFormatType.Raw, KeyFormatType.TransparentSymmetricKey);
    const versions = fc.constantFrom(10, 12, 14, 20, 21);
    await fc.assert(
      fc.asyncProperty(
        sizes.chain((n) => fc.tuple(fc.uint8Array({ minLength: n, maxLength: n }), formats, versions)),
        async ([key, format, version]) => {
          const keyMaterial = format === KeyFormatType.Raw ? key : { key };
          const request: RegisterRequest = {
            objectType: ObjectType.SymmetricKey,
            attributes: aesTemplate(key.length * 8),
            object: {
              type: "symmetricKey",
              value: {
                keyBlock: {
                  keyFormatType: format,
                  keyValue: { keyMaterial },
                  cryptographicAlgorithm: A.AES,
                  cryptographicLength: key.length * 8,
                },
              },
            },
          };
          const ctx = h.ctx(version as 10);
          const { response } = await run(Register, request, ctx);
          const got = await run(Get, { uniqueIdentifier: response.uniqueIdentifier }, h.ctx(version as 10));
          expect(got.response.object).toEqual(request.object);
          const raw = await run(
            Get,
            { uniqueIdentifier: response.uniqueIdentifier, keyFormatType: KeyFormatType.Raw },
            ctx,
          );
          expect((raw.response.object.value as { keyBlock: Block }).keyBlock.keyValue.keyMaterial).toEqual(
            key,
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
