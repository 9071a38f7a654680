/**
 * Object rules: what Create and Register take and require (1.4 §4.1 Table 165, §4.3 Table 171;
 * 2.1 §4 Table 28), the attributes a new object gets, Key Format Types for Get, and Get gates —
 * Barbican Gets Pre-Active keys, a destroyed object has no material (BL-M-8-21).
 */
import { describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  CryptographicAlgorithm,
  HashingAlgorithm,
  KeyFormatType,
  ObjectType,
  ResultReason,
  RNGAlgorithm,
  State,
} from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask as M } from "../../src/kmip/generated/masks.js";
import {
  checkCreatable,
  checkGet,
  checkKeyFormatForGet,
  checkRegisterAttributes,
  checkRegistrable,
  checkTemplate,
  createAlgorithmAndLength,
  keyFormatsForGet,
  kmipDate,
  type NewObjectInput,
  newObjectAttributes,
  servedChanges,
} from "../../src/policy/index.js";
import { at, attr, key, reasonOf, T0 } from "./helpers.js";

const AES = CryptographicAlgorithm.AES;

describe("Create and Register object types", () => {
  it("Create makes symmetric keys (1.x) and Secret Data too (2.x)", () => {
    expect(() => checkCreatable(ObjectType.SymmetricKey, 10)).not.toThrow();
    expect(reasonOf(() => checkCreatable(ObjectType.SecretData, 14))).toBe(ResultReason.InvalidField);
    expect(() => checkCreatable(ObjectType.SecretData, 20)).not.toThrow();
    expect(reasonOf(() => checkCreatable(ObjectType.PrivateKey, 21))).toBe(ResultReason.InvalidObjectType);
  });

  it("Register takes the object types of the version", () => {
    expect(() => checkRegistrable(ObjectType.Template, 12)).not.toThrow();
    expect(reasonOf(() => checkRegistrable(ObjectType.Template, 20))).toBe(ResultReason.InvalidObjectType);
    expect(reasonOf(() => checkRegistrable(ObjectType.PGPKey, 11))).toBe(ResultReason.InvalidField);
    expect(() => checkRegistrable(ObjectType.CertificateRequest, 21)).not.toThrow();
  });
});

describe("Create: algorithm and length", () => {
  it("1.x requires the Cryptographic Algorithm (Table 165); the length defaults by algorithm", () => {
    expect(reasonOf(() => createAlgorithmAndLength([], ObjectType.SymmetricKey, 14))).toBe(
      ResultReason.MissingData,
    );
    expect(
      createAlgorithmAndLength(
        [{ name: "Cryptographic Algorithm", value: AES }],
        ObjectType.SymmetricKey,
        12,
      ),
    ).toEqual({
      algorithm: AES,
      length: 256,
    });
  });

  it("2.x supplies AES-256 when the client omits them (2.1 §4 Table 28; SKLC-M-2-21 asks only a mask)", () => {
    expect(createAlgorithmAndLength([], ObjectType.SymmetricKey, 21)).toEqual({
      algorithm: AES,
      length: 256,
    });
  });

  it("an algorithm without a default length needs one", () => {
    const blowfish = [{ name: "Cryptographic Algorithm", value: CryptographicAlgorithm.Blowfish }];
    expect(reasonOf(() => createAlgorithmAndLength(blowfish, ObjectType.SymmetricKey, 21))).toBe(
      ResultReason.MissingData,
    );
  });
});

describe("Register requirements (1.4 §4.3 Table 171)", () => {
  it("a key names algorithm and length, in the template or in its Key Block", () => {
    expect(reasonOf(() => checkRegisterAttributes([], ObjectType.SymmetricKey))).toBe(
      ResultReason.MissingData,
    );
    expect(() =>
      checkRegisterAttributes([], ObjectType.SymmetricKey, {
        cryptographicAlgorithm: AES,
        cryptographicLength: 128,
      }),
    ).not.toThrow();
  });

  it("MongoDB Secret Data without a usage mask (or with 0) is accepted", () => {
    expect(() => checkRegisterAttributes([], ObjectType.SecretData)).not.toThrow();
    const template = [{ name: "Cryptographic Usage Mask", value: 0 }];
    expect(() => checkTemplate(template, ObjectType.SecretData, 10, "Register")).not.toThrow();
    const created = register({ objectType: ObjectType.SecretData, template: [] });
    expect(attr({ attributes: created.attributes }, "Cryptographic Usage Mask")).toBe(0);
    const withZero = register({ objectType: ObjectType.SecretData, template });
    expect(withZero.attributes.filter((a) => a.name === "Cryptographic Usage Mask")).toEqual(template);
  });
});

function register(over: Partial<NewObjectInput>): ReturnType<typeof newObjectAttributes> {
  return newObjectAttributes({
    uid: "u1",
    objectType: ObjectType.SymmetricKey,
    op: "Register",
    template: [],
    now: T0,
    version: 14,
    ...over,
  });
}

describe("newObjectAttributes", () => {
  const created = newObjectAttributes({
    uid: "u1",
    objectType: ObjectType.SymmetricKey,
    op: "Create",
    template: [
      { name: "Cryptographic Algorithm", value: AES },
      { name: "Name", value: { nameValue: "k", nameType: 1 } },
      { name: "Usage Limits", value: { usageLimitsTotal: 500n, usageLimitsCount: 7n, usageLimitsUnit: 1 } },
    ],
    cryptographicLength: 256,
    now: T0,
    version: 14,
    digest: new Uint8Array(32).fill(7),
    keyFormatType: KeyFormatType.Raw,
  });
  const value = (name: string) => attr(created, name);

  it("sets the server attributes of a created object", () => {
    expect(created.state).toBe(State.PreActive);
    expect(value("Unique Identifier")).toBe("u1");
    expect(value("Object Type")).toBe(ObjectType.SymmetricKey);
    expect(value("State")).toBe(State.PreActive);
    expect(value("Initial Date")).toBe(kmipDate(T0));
    expect(value("Last Change Date")).toBe(kmipDate(T0));
    expect(value("Original Creation Date")).toBe(kmipDate(T0)); // 1.4 §3.43: same as Initial Date
    expect(value("Fresh")).toBe(true); // 1.4 §3.34
    expect(value("Cryptographic Length")).toBe(256);
    expect(value("Cryptographic Usage Mask")).toBe(M.Encrypt | M.Decrypt); // lenient default
    expect(value("Random Number Generator")).toEqual({ rngAlgorithm: RNGAlgorithm.Unspecified }); // 1.4 §3.44
    expect(value("Sensitive")).toBe(false); // 1.4 §3.48
    expect(value("Always Sensitive")).toBe(false);
    expect(value("Extractable")).toBe(true); // 1.4 §3.50
    expect(value("Never Extractable")).toBe(false);
    expect(value("Key Format Type")).toBe(KeyFormatType.Raw);
  });

  it("computes nothing itself: the Digest is SHA-256 of what the caller hashed, with the Key Format Type (1.4 §3.17)", () => {
    expect(value("Digest")).toEqual({
      hashingAlgorithm: HashingAlgorithm.SHA_256,
      digestValue: new Uint8Array(32).fill(7),
      keyFormatType: KeyFormatType.Raw,
    });
  });

  it("ignores the client's Usage Limits Count (1.4 §3.21)", () => {
    expect(value("Usage Limits")).toEqual({
      usageLimitsTotal: 500n,
      usageLimitsCount: 500n,
      usageLimitsUnit: 1,
    });
  });

  it("is Active at once when the Activation Date has passed (transition 1; CS-BC-M-14-21)", () => {
    const active = register({ template: [{ name: "Activation Date", value: kmipDate(at(-3600)) }] });
    expect(active.state).toBe(State.Active);
    expect(active.attributes.find((a) => a.name === "State")?.value).toBe(State.Active);
  });

  it("keeps the client's Original Creation Date on Register and sets none itself", () => {
    const given: Attribute = { name: "Original Creation Date", value: 5n };
    expect(register({ template: [given] }).attributes).toContainEqual(given);
    expect(register({}).attributes.some((a) => a.name === "Original Creation Date")).toBe(false);
    expect(register({}).attributes.some((a) => a.name === "Random Number Generator")).toBe(false);
  });

  it("fails a Create that demands another random number generator (1.4 §3.44)", () => {
    const demand = { name: "Random Number Generator", value: { rngAlgorithm: RNGAlgorithm.FIPS186_2 } };
    expect(reasonOf(() => newObjectAttributes({ ...baseCreate(), template: [demand] }))).toBe(
      ResultReason.InvalidField,
    );
  });

  it("gives a Template no State and no Fresh (TC-312-12)", () => {
    const template = register({
      objectType: ObjectType.Template,
      template: [{ name: "Object Group", value: "g" }],
    });
    expect(template.attributes.map((a) => a.name)).not.toContain("State");
    expect(template.attributes.map((a) => a.name)).not.toContain("Fresh");
  });
});

function baseCreate(): NewObjectInput {
  return { uid: "u2", objectType: ObjectType.SymmetricKey, op: "Create", template: [], now: T0, version: 14 };
}

describe("Get", () => {
  it("state does not gate Get: Barbican reads Pre-Active keys; Compromised ones are readable too", () => {
    for (const state of [State.PreActive, State.Active, State.Deactivated, State.Compromised])
      expect(() => checkGet(key(state), 12, false)).not.toThrow();
  });

  it("a destroyed object has no material: 1.x Illegal Operation, 2.x Object Destroyed (BL-M-8-21)", () => {
    expect(reasonOf(() => checkGet(key(State.Destroyed), 14, false))).toBe(ResultReason.IllegalOperation);
    expect(reasonOf(() => checkGet(key(State.DestroyedCompromised), 21, false))).toBe(
      ResultReason.ObjectDestroyed,
    );
  });

  it("Sensitive objects only wrapped, non-extractable never (TC-SENSITIVE-1-14, TC-EXTRACTABLE-1-14)", () => {
    const sensitive = key(State.Active, [{ name: "Sensitive", value: true }]);
    expect(reasonOf(() => checkGet(sensitive, 14, false))).toBe(ResultReason.Sensitive);
    expect(() => checkGet(sensitive, 14, true)).not.toThrow();
    const locked = key(State.Active, [{ name: "Extractable", value: false }]);
    expect(reasonOf(() => checkGet(locked, 14, true))).toBe(ResultReason.NotExtractable);
    expect(reasonOf(() => checkGet(locked, 12, true))).toBe(ResultReason.PermissionDenied);
  });

  it("Key Format Types: Raw, Opaque, Transparent Symmetric Key for symmetric keys; the registered format always", () => {
    expect(keyFormatsForGet(ObjectType.SymmetricKey)).toEqual([
      KeyFormatType.Raw,
      KeyFormatType.Opaque,
      KeyFormatType.TransparentSymmetricKey,
    ]);
    expect(() => checkKeyFormatForGet(ObjectType.SecretData, KeyFormatType.Opaque)).not.toThrow();
    expect(reasonOf(() => checkKeyFormatForGet(ObjectType.SymmetricKey, KeyFormatType.PKCS_8))).toBe(
      ResultReason.KeyFormatTypeNotSupported,
    );
    expect(() =>
      checkKeyFormatForGet(ObjectType.PrivateKey, KeyFormatType.PKCS_8, KeyFormatType.PKCS_8),
    ).not.toThrow();
  });

  it("serving an object clears Fresh (1.4 §3.34)", () => {
    expect(servedChanges([{ name: "Fresh", value: true }])).toEqual([{ name: "Fresh", value: false }]);
    expect(servedChanges([{ name: "Fresh", value: false }])).toEqual([]);
  });
});
