/**
 * Set Constraints and Get Constraints (KMIP 2.1 §6.1.52, §6.1.22) and how the scope's
 * Constraints judge new objects (`src/operations/constraints.ts`; OASIS TC-MD-24-21's pair).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  CryptographicAlgorithm as A,
  InteropFunction,
  KeyFormatType,
  ObjectType,
  ResultReason,
} from "../../src/kmip/generated/enums.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { CONSTRAINT_LIMITS, type ConstraintsValue } from "../../src/operations/constraints.js";
import { Create } from "../../src/operations/create.js";
import { GetConstraints } from "../../src/operations/get-constraints.js";
import { Import } from "../../src/operations/import.js";
import { interopOperation } from "../../src/operations/interop.js";
import { Register } from "../../src/operations/register.js";
import { SetConstraints } from "../../src/operations/set-constraints.js";
import type { OperationContext } from "../../src/operations/types.js";
import { MemoryScopeSettings } from "../../src/storage/scope-settings.js";
import { createAes, type Harness, harness, reasonOf, run, SCOPE_A, SCOPE_B } from "./harness.js";

const group = (name: string): Attribute => ({ name: "Object Group", value: name });
const aes = (length: number): Attribute[] => [
  { name: "Cryptographic Algorithm", value: A.AES },
  { name: "Cryptographic Length", value: length },
];

const aesKey = (length: number) => ({
  type: "symmetricKey" as const,
  value: {
    keyBlock: {
      keyFormatType: KeyFormatType.Raw,
      keyValue: { keyMaterial: new Uint8Array(length / 8).fill(7) },
      cryptographicAlgorithm: A.AES,
      cryptographicLength: length,
    },
  },
});

/** TC-MD-24-21 step 1: AES-256 for "Group1" symmetric keys, AES-192 for any symmetric key. */
const TC_MD_24: ConstraintsValue = {
  constraint: [
    {
      objectTypes: { objectType: [ObjectType.SymmetricKey] },
      objectGroups: { objectGroup: ["Group1"] },
      attributes: aes(256),
    },
    { objectTypes: { objectType: [ObjectType.SymmetricKey] }, attributes: aes(192) },
  ],
};

let h: Harness;
let settings: MemoryScopeSettings;
const ctx = (version: KmipVersion = 21, scope = SCOPE_A): OperationContext => ({
  ...h.ctx(version, { scope }),
  scopeSettings: settings,
});
beforeEach(() => {
  h = harness();
  settings = new MemoryScopeSettings();
});
afterEach(async () => h.close());

describe("Set Constraints and Get Constraints (2.1 §6.1.52, §6.1.22)", () => {
  it("returns what was set, per scope, and an empty set after clearing (TC-MD-24-21)", async () => {
    expect((await run(GetConstraints, {}, ctx())).response).toEqual({ constraints: { constraint: [] } });
    await run(SetConstraints, { constraints: TC_MD_24 }, ctx());
    const { response, encoded } = await run(GetConstraints, {}, ctx());
    expect(response.constraints).toEqual(TC_MD_24);
    expect(encoded.value).toHaveLength(1);
    expect((await run(GetConstraints, {}, ctx(21, SCOPE_B))).response.constraints.constraint).toEqual([]);
    await run(SetConstraints, {}, ctx());
    expect((await run(GetConstraints, {}, ctx())).response.constraints.constraint).toEqual([]);
    expect(await settings.get(SCOPE_A, "constraints")).toBeUndefined();
  });

  it("refuses an unknown Object Type, an attribute Locate cannot match and too many Constraints", async () => {
    const badType = { constraint: [{ objectTypes: { objectType: [0x999] } }] };
    expect(await reasonOf(SetConstraints.handler({ constraints: badType }, ctx()))).toBe(
      ResultReason.InvalidObjectType,
    );
    const many = Array.from({ length: 65 }, (_, i) => ({ name: "Cryptographic Length", value: i }));
    const tooManyTerms = { constraint: [{ attributes: many }] };
    expect(await reasonOf(SetConstraints.handler({ constraints: tooManyTerms }, ctx()))).toBe(
      ResultReason.InvalidField,
    );
    const tooMany = { constraint: Array.from({ length: CONSTRAINT_LIMITS.constraintsMax + 1 }, () => ({})) };
    expect(await reasonOf(SetConstraints.handler({ constraints: tooMany }, ctx()))).toBe(
      ResultReason.ServerLimitExceeded,
    );
    // A refused set changes nothing.
    expect((await run(GetConstraints, {}, ctx())).response.constraints.constraint).toEqual([]);
  });

  it("an Interop Reset clears them with the scope's objects (2.1 §6.1.26)", async () => {
    await run(SetConstraints, { constraints: TC_MD_24 }, ctx());
    await run(SetConstraints, { constraints: TC_MD_24 }, ctx(21, SCOPE_B));
    const reset = { interopFunction: InteropFunction.Reset, interopIdentifier: "TC-MD-24-21" };
    await run(interopOperation(), reset, ctx());
    expect((await run(GetConstraints, {}, ctx())).response.constraints.constraint).toEqual([]);
    expect((await run(GetConstraints, {}, ctx(21, SCOPE_B))).response.constraints).toEqual(TC_MD_24);
  });

  it("refuses a set in an Undo batch, which could not undo it", async () => {
    const undo = {
      ...h.ctx(21, { batch: { idPlaceholder: undefined, undo: true } }),
      scopeSettings: settings,
    };
    expect(await reasonOf(SetConstraints.handler({ constraints: TC_MD_24 }, undo))).toBe(
      ResultReason.FeatureNotSupported,
    );
    expect(await settings.get(SCOPE_A, "constraints")).toBeUndefined();
  });

  it("without scope settings, Set Constraints fails and Get Constraints shows none", async () => {
    const bare = h.ctx(21);
    expect(await reasonOf(SetConstraints.handler({ constraints: TC_MD_24 }, bare))).toBe(
      ResultReason.FeatureNotSupported,
    );
    expect((await run(GetConstraints, {}, bare)).response.constraints.constraint).toEqual([]);
  });
});

describe("Constraints on new objects (2.1 §7.6)", () => {
  beforeEach(async () => {
    await run(SetConstraints, { constraints: TC_MD_24 }, ctx());
  });

  it("a symmetric key must match one Constraint that applies to it", async () => {
    await run(Create, createAes(192), ctx());
    expect(await reasonOf(Create.handler(createAes(256), ctx()))).toBe(ResultReason.ConstraintViolation);
    await run(Create, createAes(256, [group("Group1")]), ctx());
    await run(Create, createAes(192, [group("Group1")]), ctx());
    expect(await reasonOf(Create.handler(createAes(128, [group("Group1")]), ctx()))).toBe(
      ResultReason.ConstraintViolation,
    );
  });

  it("a refused object is not stored; other object types and other scopes are not constrained", async () => {
    await reasonOf(Create.handler(createAes(128), ctx()));
    expect(await h.objects.countInScope(SCOPE_A)).toBe(0);
    const secret = { objectType: ObjectType.SecretData, attributes: [] };
    await run(Create, secret, ctx());
    await run(Create, createAes(128), ctx(21, SCOPE_B));
    expect(await h.objects.countInScope(SCOPE_A)).toBe(1);
  });

  it("earlier versions get Permission Denied, which they have", async () => {
    for (const version of [10, 14, 20] as const)
      expect(await reasonOf(Create.handler(createAes(128), ctx(version)))).toBe(
        ResultReason.PermissionDenied,
      );
  });

  it("Register and Import are judged too", async () => {
    const register = { objectType: ObjectType.SymmetricKey, attributes: aes(128), object: aesKey(128) };
    expect(await reasonOf(Register.handler(register, ctx()))).toBe(ResultReason.ConstraintViolation);
    const imported = { ...register, uniqueIdentifier: "imp-1" };
    expect(await reasonOf(Import.handler(imported, ctx()))).toBe(ResultReason.ConstraintViolation);
    expect(await h.objects.countInScope(SCOPE_A)).toBe(0);
    await run(Register, { ...register, attributes: aes(192), object: aesKey(192) }, ctx());
    await run(Import, { ...imported, attributes: aes(192), object: aesKey(192) }, ctx());
    expect(await h.objects.countInScope(SCOPE_A)).toBe(2);
  });

  it("a Constraint without Object Types or Object Groups applies to every object", async () => {
    const any = { constraint: [{ attributes: [group("audited")] }] };
    await run(SetConstraints, { constraints: any }, ctx());
    expect(await reasonOf(Create.handler(createAes(128), ctx()))).toBe(ResultReason.ConstraintViolation);
    await run(Create, createAes(128, [group("audited")]), ctx());
    await run(Create, { objectType: ObjectType.SecretData, attributes: [group("audited")] }, ctx());
  });
});
