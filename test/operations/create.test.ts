import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  CryptographicAlgorithm as A,
  KeyFormatType,
  ObjectType,
  ResultReason,
  SecretDataType,
  State,
} from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask as M } from "../../src/kmip/generated/masks.js";
import type { RegisterRequest } from "../../src/kmip/payloads/create.js";
import { Create } from "../../src/operations/create.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Register } from "../../src/operations/register.js";
import { ItemType } from "../../src/ttlv/types.js";
import {
  createAes,
  ENCRYPT_DECRYPT,
  type Harness,
  harness,
  nameAttribute,
  reasonOf,
  run,
  tagNames,
} from "./harness.js";

type Block = { keyFormatType: number; keyValue: { keyMaterial: Uint8Array }; cryptographicLength?: number };

async function keyOf(h: Harness, uid: string): Promise<Block> {
  const { response } = await run(Get, { uniqueIdentifier: uid }, h.ctx(21));
  return (response.object.value as { keyBlock: Block }).keyBlock;
}

function attributeValue(list: Attribute[] | undefined, name: string): unknown {
  return list?.find((a) => a.name === name)?.value;
}

const _secretData = (bytes: Uint8Array, mask?: number, extra: Attribute[] = []): RegisterRequest => ({
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

describe("Create (1.4 §4.1, 2.1 §6.1.8)", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  const lengths: [string, number, number, number][] = [
    ["AES-128", A.AES, 128, 16],
    ["AES-192", A.AES, 192, 24],
    ["AES-256", A.AES, 256, 32],
    ["two-key Triple DES", A.DES3, 112, 16],
    ["three-key Triple DES", A.DES3, 168, 24],
    ["HMAC-SHA1", A.HMAC_SHA1, 160, 20],
    ["HMAC-SHA256", A.HMAC_SHA256, 256, 32],
    ["HMAC-SHA384", A.HMAC_SHA384, 384, 48],
    ["HMAC-SHA512", A.HMAC_SHA512, 512, 64],
  ];
  for (const [what, algorithm, bits, bytes] of lengths) {
    it(`generates ${what} keys of ${bytes} bytes`, async () => {
      const attributes = [
        { name: "Cryptographic Algorithm", value: algorithm },
        { name: "Cryptographic Length", value: bits },
        { name: "Cryptographic Usage Mask", value: M.Encrypt | M.Decrypt | M.MACGenerate },
      ];
      const { response } = await run(Create, { objectType: ObjectType.SymmetricKey, attributes }, h.ctx(14));
      const block = await keyOf(h, response.uniqueIdentifier as string);
      expect(block.keyValue.keyMaterial).toHaveLength(bytes);
      expect(block.cryptographicLength).toBe(bits);
    });
  }

  it("gives Triple DES keys odd parity", async () => {
    const attributes = [
      { name: "Cryptographic Algorithm", value: A.DES3 },
      { name: "Cryptographic Length", value: 168 },
      { name: "Cryptographic Usage Mask", value: ENCRYPT_DECRYPT },
    ];
    const { response } = await run(Create, { objectType: ObjectType.SymmetricKey, attributes }, h.ctx(12));
    const key = (await keyOf(h, response.uniqueIdentifier as string)).keyValue.keyMaterial;
    for (const byte of key)
      expect(byte.toString(2).split("1").length - 1).toSatisfy((n: number) => n % 2 === 1);
  });

  it("refuses lengths the algorithm does not have, with the version's reason", async () => {
    expect(await reasonOf(Create.handler(createAes(100), h.ctx(14)))).toBe(ResultReason.InvalidField);
    expect(await reasonOf(Create.handler(createAes(100), h.ctx(21)))).toBe(
      ResultReason.InvalidAttributeValue,
    );
    const rsa = [
      { name: "Cryptographic Algorithm", value: A.RSA },
      { name: "Cryptographic Length", value: 2048 },
    ];
    const request = { objectType: ObjectType.SymmetricKey, attributes: rsa };
    expect(await reasonOf(Create.handler(request, h.ctx(14)))).toBe(ResultReason.InvalidField);
  });

  it("1.x needs a Cryptographic Algorithm; 2.x supplies AES-256", async () => {
    const bare = { objectType: ObjectType.SymmetricKey, attributes: [] };
    expect(await reasonOf(Create.handler(bare, h.ctx(14)))).toBe(ResultReason.MissingData);
    const { response } = await run(Create, bare, h.ctx(21));
    const { response: attrs } = await run(
      GetAttributes,
      { uniqueIdentifier: response.uniqueIdentifier },
      h.ctx(21),
    );
    expect(attributeValue(attrs.attributes, "Cryptographic Algorithm")).toBe(A.AES);
    expect(attributeValue(attrs.attributes, "Cryptographic Length")).toBe(256);
    expect(attributeValue(attrs.attributes, "Cryptographic Usage Mask")).toBe(ENCRYPT_DECRYPT);
  });

  it.each([14, 20] as const)(
    "makes Secret Data in %i (1.x leniently, as 2.x does: TC-CREATE-SD-1-14)",
    async (version) => {
      const request = {
        objectType: ObjectType.SecretData,
        attributes: [{ name: "Cryptographic Length", value: 80 }],
      };
      const { response } = await run(Create, request, h.ctx(version));
      expect(response.objectType).toBe(ObjectType.SecretData);
      const got = await run(Get, { uniqueIdentifier: response.uniqueIdentifier }, h.ctx(version));
      const secret = got.response.object.value as { secretDataType: number; keyBlock: Block };
      expect(secret.secretDataType).toBe(SecretDataType.Password);
      expect(secret.keyBlock.keyFormatType).toBe(KeyFormatType.Opaque);
      expect(secret.keyBlock.keyValue.keyMaterial).toHaveLength(10);
      const lenient = h.logs.some((l) => l.msg?.includes("accepted outside the 1.x text"));
      expect(lenient).toBe(version < 20);
    },
  );

  it("1.x Secret Data: still only 1.x-settable attributes, and no other object type", async () => {
    const stateSet = {
      objectType: ObjectType.SecretData,
      attributes: [{ name: "State", value: State.Active }],
    };
    expect(await reasonOf(Create.handler(stateSet, h.ctx(14)))).toBe(ResultReason.PermissionDenied);
    const twoLengths = {
      objectType: ObjectType.SecretData,
      attributes: [
        { name: "Cryptographic Length", value: 80 },
        { name: "Cryptographic Length", value: 88 },
      ],
    };
    const reason = await reasonOf(Create.handler(twoLengths, h.ctx(14)));
    expect(reason).toBe(ResultReason.InvalidField);
    const opaque = { objectType: ObjectType.OpaqueObject, attributes: [] };
    expect(await reasonOf(Create.handler(opaque, h.ctx(14)))).toBe(ResultReason.InvalidField);
  });

  it("sends no Template-Attribute and no Object Type the client does not expect", async () => {
    const { encoded } = await run(Create, createAes(), h.ctx(12));
    expect(tagNames(encoded)).toEqual(["Response Payload", "Object Type", "Unique Identifier"]);
  });

  it("refuses attributes the client may not set (State)", async () => {
    const request = createAes(256, [{ name: "State", value: State.Active }]);
    expect(await reasonOf(Create.handler(request, h.ctx(14)))).toBe(ResultReason.PermissionDenied);
    expect(await reasonOf(Create.handler(request, h.ctx(21)))).toBe(ResultReason.AttributeReadOnly);
  });

  it("2.x: refuses protection it cannot give", async () => {
    const request = { ...createAes(), protectionStorageMasks: { protectionStorageMask: [2] } };
    expect(await reasonOf(Create.handler(request, h.ctx(21)))).toBe(
      ResultReason.ProtectionStorageUnavailable,
    );
    const ok = { ...createAes(), protectionStorageMasks: { protectionStorageMask: [2, 1] } };
    await run(Create, ok, h.ctx(21));
  });

  it("stores Object Group and custom attributes of every item type, and returns them", async () => {
    const raw = (type: number, value: unknown) => ({ tag: 0x42000b, type, value });
    const custom: Attribute[] = [
      { name: "x-text", value: raw(ItemType.TextString, "cluster-1") },
      { name: "x-int", value: raw(ItemType.Integer, -5) },
      { name: "x-long", value: raw(ItemType.LongInteger, 1n << 40n) },
      { name: "x-big", value: raw(ItemType.BigInteger, 1n << 100n) },
      { name: "x-enum", value: raw(ItemType.Enumeration, 7) },
      { name: "x-bool", value: raw(ItemType.Boolean, true) },
      { name: "x-bytes", value: raw(ItemType.ByteString, new Uint8Array([1, 2, 3])) },
      { name: "x-date", value: raw(ItemType.DateTime, 1_700_000_000n) },
      { name: "x-interval", value: raw(ItemType.Interval, 3600) },
      {
        name: "x-struct",
        value: raw(ItemType.Structure, [{ tag: 0x420055, type: ItemType.TextString, value: "inner" }]),
      },
    ];
    const template = [...custom, { name: "Object Group", value: "group-a" }];
    const { response } = await run(Create, createAes(256, template), h.ctx(14));
    for (const version of [10, 14, 21] as const) {
      const { response: attrs } = await run(
        GetAttributes,
        { uniqueIdentifier: response.uniqueIdentifier, attributeReference: custom.map((c) => c.name) },
        h.ctx(version),
      );
      expect(attrs.attributes).toEqual(custom);
    }
  });

  it("creates from a 1.x Template: template values under the request's", async () => {
    const templateObject: RegisterRequest = {
      objectType: ObjectType.Template,
      attributes: [nameAttribute("tpl")],
      object: {
        type: "template",
        value: {
          attribute: [
            { name: "Cryptographic Algorithm", value: A.AES },
            { name: "Cryptographic Length", value: 128 },
            { name: "Contact Information", value: "from template" },
          ],
        },
      },
    };
    await run(Register, templateObject, h.ctx(11));
    const request = {
      objectType: ObjectType.SymmetricKey,
      attributes: [
        { name: "Name", value: { nameValue: "tpl", nameType: 1 }, templateReference: true as const },
        { name: "Cryptographic Usage Mask", value: M.Encrypt },
        { name: "Contact Information", value: "from request" },
      ],
    };
    const { response } = await run(Create, request, h.ctx(11));
    const { response: attrs } = await run(
      GetAttributes,
      { uniqueIdentifier: response.uniqueIdentifier },
      h.ctx(11),
    );
    expect(attributeValue(attrs.attributes, "Cryptographic Length")).toBe(128);
    expect(attributeValue(attrs.attributes, "Contact Information")).toBe("from request");
    const missing = {
      ...request,
      attributes: [
        { name: "Name", value: { nameValue: "none", nameType: 1 }, templateReference: true as const },
      ],
    };
    expect(await reasonOf(Create.handler(missing, h.ctx(11)))).toBe(ResultReason.ItemNotFound);
  });

  it("does not enforce Name uniqueness across objects (OASIS TC-WRAP-3-14)", async () => {
    await run(Create, createAes(256, [nameAttribute("same")]), h.ctx(14));
    await run(Create, createAes(256, [nameAttribute("same")]), h.ctx(14));
  });
});
