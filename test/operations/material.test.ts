import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { KmipError } from "../../src/kmip/errors.js";
import { CryptographicAlgorithm, KeyFormatType, ResultReason } from "../../src/kmip/generated/enums.js";
import {
  decodeMaterial,
  encodeMaterial,
  type ManagedObjectValue,
  openMaterial,
  sealMaterial,
} from "../../src/operations/material.js";
import { type Harness, harness } from "./harness.js";

const rawKey = (key: Uint8Array): ManagedObjectValue => ({
  type: "symmetricKey",
  value: {
    keyBlock: {
      keyFormatType: KeyFormatType.Raw,
      keyValue: { keyMaterial: key },
      cryptographicAlgorithm: CryptographicAlgorithm.AES,
      cryptographicLength: key.length * 8,
    },
  },
});

describe("managed-object material", () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("encodes in KMIP 2.1 and decodes to the same object", () => {
    const obj = rawKey(new Uint8Array(32).fill(7));
    const bytes = encodeMaterial(obj);
    expect(bytes[0]).toBe(1);
    expect(bytes[1]).toBe(21);
    expect(decodeMaterial(bytes)).toEqual(obj);
  });

  it("falls back to the newest version that can carry the object (a 1.x-only attribute in a Key Value)", () => {
    const obj: ManagedObjectValue = {
      type: "symmetricKey",
      value: {
        keyBlock: {
          keyFormatType: KeyFormatType.Raw,
          keyValue: {
            keyMaterial: new Uint8Array(16),
            attributes: [{ name: "Operation Policy Name", value: "default" }],
          },
          cryptographicAlgorithm: CryptographicAlgorithm.AES,
          cryptographicLength: 128,
        },
      },
    };
    const bytes = encodeMaterial(obj);
    expect(bytes[1]).toBe(14);
    expect(decodeMaterial(bytes)).toEqual(obj);
  });

  it("keeps a 1.x Template", () => {
    const obj: ManagedObjectValue = {
      type: "template",
      value: { attribute: [{ name: "Cryptographic Length", value: 128 }] },
    };
    expect(decodeMaterial(encodeMaterial(obj))).toEqual(obj);
  });

  it("binds sealed material to its object: opened under another identifier it fails", () => {
    h = harness();
    const ctx = h.ctx(14);
    const sealed = sealMaterial(ctx, "uid-1", rawKey(new Uint8Array(16)));
    expect(openMaterial(ctx, "uid-1", sealed)).toEqual(rawKey(new Uint8Array(16)));
    let error: unknown;
    try {
      openMaterial(ctx, "uid-2", sealed);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KmipError);
    expect((error as KmipError).reason).toBe(ResultReason.GeneralFailure);
    // The log names the object, never the material.
    expect(JSON.stringify(h.logs)).not.toContain("AAAAAAAAAAAAAAAAAAAAAA");
  });

  it("reads back exactly the material sealed, for any key (property)", () => {
    h = harness();
    const ctx = h.ctx(21);
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 128 }),
        fc.string({ minLength: 1 }),
        (key, uid) => {
          const obj = rawKey(key);
          const sealed = sealMaterial(ctx, uid, obj);
          expect(Buffer.from(sealed).includes(Buffer.from(key)) && key.length >= 8).toBe(false);
          expect(openMaterial(ctx, uid, sealed)).toEqual(obj);
        },
      ),
    );
  });
});
