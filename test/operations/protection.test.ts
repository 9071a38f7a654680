/**
 * Protection Storage Masks (KMIP 2.1 §7.33) and the Protection Storage Mask attribute (§4.44):
 * a selection is usable only if all its bits can be given; the first usable one is recorded, and
 * every object has the attribute ("SHALL always have a value"), seen by 2.x clients only.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import { KeyFormatType, ObjectType, ResultReason, SecretDataType } from "../../src/kmip/generated/enums.js";
import { ProtectionStorageMask as P } from "../../src/kmip/generated/masks.js";
import type { RegisterRequest } from "../../src/kmip/payloads/create.js";
import { Create } from "../../src/operations/create.js";
import { GetAttributeList } from "../../src/operations/get-attribute-list.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import { selectProtectionStorage } from "../../src/operations/protection.js";
import { Register } from "../../src/operations/register.js";
import { createAes, type Harness, harness, reasonOf, run } from "./harness.js";

const masks = (...m: number[]) => ({ protectionStorageMask: m });
const maskOf = (list: readonly Attribute[] | undefined) =>
  list?.find((a) => a.name === "Protection Storage Mask")?.value;

function secretData(protectionStorageMasks?: { protectionStorageMask: number[] }): RegisterRequest {
  return {
    objectType: ObjectType.SecretData,
    attributes: [],
    object: {
      type: "secretData",
      value: {
        secretDataType: SecretDataType.Password,
        keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: Uint8Array.of(1, 2, 3) } },
      },
    },
    ...(protectionStorageMasks && { protectionStorageMasks }),
  };
}

describe("selectProtectionStorage (2.1 §7.33)", () => {
  it("takes the first selection whose every bit the server gives", () => {
    expect(selectProtectionStorage(masks(P.Hardware, P.Software), 21)).toBe(P.Software);
    expect(selectProtectionStorage(masks(0), 20)).toBe(P.Software);
    expect(selectProtectionStorage(undefined, 21)).toBe(P.Software);
    expect(selectProtectionStorage(masks(), 21)).toBe(P.Software);
  });

  it("refuses when no selection can be satisfied in its entirety", () => {
    for (const m of [
      masks(P.Hardware),
      masks(P.Software | P.Hardware),
      masks(P.Software | P.OnPremises, P.Hardware),
    ])
      expect(() => selectProtectionStorage(m, 21)).toThrow(
        expect.objectContaining({ reason: ResultReason.ProtectionStorageUnavailable }),
      );
  });

  it("has nothing to select in 1.x", () => {
    expect(selectProtectionStorage(masks(P.Hardware), 14)).toBeUndefined();
  });
});

describe("the Protection Storage Mask attribute (2.1 §4.44)", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  it("Register records the selection used; 1.x clients do not see it", async () => {
    const { response } = await run(Register, secretData(masks(P.Hardware, P.Software)), h.ctx(21));
    const uid = response.uniqueIdentifier;
    expect(maskOf((await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(21))).response.attributes)).toBe(
      P.Software,
    );
    expect(
      maskOf((await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(14))).response.attributes),
    ).toBeUndefined();
    expect(await reasonOf(Register.handler(secretData(masks(P.Software | P.Hardware)), h.ctx(21)))).toBe(
      ResultReason.ProtectionStorageUnavailable,
    );
  });

  it("an object created without masks, even by a 1.x client, has the server's", async () => {
    for (const version of [14, 21] as const) {
      const { response } = await run(Create, createAes(), h.ctx(version));
      const list = await run(GetAttributeList, { uniqueIdentifier: response.uniqueIdentifier }, h.ctx(21));
      expect(list.response.attributeReference).toContain("Protection Storage Mask");
    }
  });
});
