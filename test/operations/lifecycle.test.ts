import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  KeyFormatType,
  ObjectType,
  ResultReason,
  RevocationReasonCode,
  State,
} from "../../src/kmip/generated/enums.js";
import { Activate } from "../../src/operations/activate.js";
import { Create } from "../../src/operations/create.js";
import { Destroy } from "../../src/operations/destroy.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Revoke } from "../../src/operations/revoke.js";
import { kmipDate } from "../../src/policy/index.js";
import { createAes, type Harness, harness, reasonOf, run, SCOPE_B, T0 } from "./harness.js";

const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function attributeValue(list: { name: string; value: unknown }[] | undefined, name: string): unknown {
  return list?.find((a) => a.name === name)?.value;
}

describe("the symmetric key lifecycle (1.4 §3.22, §4.19–4.21; 2.1 §6.1.1, §6.1.15, §6.1.44)", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  for (const version of [10, 14, 21] as const) {
    it(`create → get attributes → activate → get → revoke → destroy → get (KMIP ${version / 10})`, async () => {
      const { response: created } = await run(Create, createAes(), h.ctx(version));
      const uid = created.uniqueIdentifier as string;
      expect(created.objectType).toBe(ObjectType.SymmetricKey);

      const { response: attrs } = await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(version));
      expect(attributeValue(attrs.attributes, "State")).toBe(State.PreActive);
      expect(attributeValue(attrs.attributes, "Initial Date")).toBe(kmipDate(T0));

      // Barbican never activates: Get of a Pre-Active key works.
      const { response: preActive } = await run(Get, { uniqueIdentifier: uid }, h.ctx(version));
      expect(preActive.object.type).toBe("symmetricKey");

      h.clock.now = later(10);
      const { response: activated } = await run(Activate, { uniqueIdentifier: uid }, h.ctx(version));
      expect(activated.uniqueIdentifier).toBe(uid);
      const { response: active } = await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(version));
      expect(attributeValue(active.attributes, "State")).toBe(State.Active);
      expect(attributeValue(active.attributes, "Activation Date")).toBe(kmipDate(later(10)));

      const { response: got } = await run(Get, { uniqueIdentifier: uid }, h.ctx(version));
      const block = (
        got.object.value as { keyBlock: { keyFormatType: number; keyValue: { keyMaterial: Uint8Array } } }
      ).keyBlock;
      expect(block.keyFormatType).toBe(KeyFormatType.Raw);
      expect(block.keyValue.keyMaterial).toHaveLength(32);

      // Destroy is refused while Active: 1.x Permission Denied (SKLC-M-2-14), 2.1 Wrong Key Lifecycle State.
      const refused = await reasonOf(Destroy.handler({ uniqueIdentifier: uid }, h.ctx(version)));
      expect(refused).toBe(
        version >= 21 ? ResultReason.WrongKeyLifecycleState : ResultReason.PermissionDenied,
      );

      h.clock.now = later(20);
      const reason = { revocationReasonCode: RevocationReasonCode.CessationOfOperation };
      await run(Revoke, { uniqueIdentifier: uid, revocationReason: reason }, h.ctx(version));
      const { response: revoked } = await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(version));
      expect(attributeValue(revoked.attributes, "State")).toBe(State.Deactivated);
      expect(attributeValue(revoked.attributes, "Deactivation Date")).toBe(kmipDate(later(20)));

      const { response: destroyed } = await run(Destroy, { uniqueIdentifier: uid }, h.ctx(version));
      expect(destroyed.uniqueIdentifier).toBe(uid);
      const stored = await h.objects.get(h.ctx(version).scope, uid);
      expect(stored?.material).toBeUndefined();
      expect(stored?.state).toBe(State.Destroyed);

      // Metadata is kept; the material is not.
      const { response: after } = await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(version));
      expect(attributeValue(after.attributes, "State")).toBe(State.Destroyed);
      const gone = await reasonOf(Get.handler({ uniqueIdentifier: uid }, h.ctx(version)));
      expect(gone).toBe(version >= 20 ? ResultReason.ObjectDestroyed : ResultReason.IllegalOperation);
      const again = await reasonOf(Destroy.handler({ uniqueIdentifier: uid }, h.ctx(version)));
      expect(again).toBe(version >= 20 ? ResultReason.ObjectDestroyed : ResultReason.PermissionDenied);
    });
  }

  it("revoke for compromise: Compromised, Compromise Date now, Occurrence Date from the request", async () => {
    const { response } = await run(Create, createAes(), h.ctx(14));
    const uid = response.uniqueIdentifier as string;
    await run(Activate, { uniqueIdentifier: uid }, h.ctx(14));
    h.clock.now = later(60);
    const occurred = kmipDate(later(30));
    await run(
      Revoke,
      {
        uniqueIdentifier: uid,
        revocationReason: {
          revocationReasonCode: RevocationReasonCode.KeyCompromise,
          revocationMessage: "lost",
        },
        compromiseOccurrenceDate: occurred,
      },
      h.ctx(14),
    );
    const { response: attrs } = await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(14));
    expect(attributeValue(attrs.attributes, "State")).toBe(State.Compromised);
    expect(attributeValue(attrs.attributes, "Compromise Date")).toBe(kmipDate(later(60)));
    expect(attributeValue(attrs.attributes, "Compromise Occurrence Date")).toBe(occurred);
    expect(attributeValue(attrs.attributes, "Revocation Reason")).toEqual({
      revocationReasonCode: RevocationReasonCode.KeyCompromise,
      revocationMessage: "lost",
    });
    await run(Destroy, { uniqueIdentifier: uid }, h.ctx(14));
    expect((await h.objects.get(h.ctx(14).scope, uid))?.state).toBe(State.DestroyedCompromised);
  });

  it("revoke for compromise without a date: the Occurrence Date is the Initial Date", async () => {
    const { response } = await run(Create, createAes(), h.ctx(21));
    const uid = response.uniqueIdentifier as string;
    h.clock.now = later(5);
    const reason = { revocationReasonCode: RevocationReasonCode.CACompromise };
    await run(Revoke, { uniqueIdentifier: uid, revocationReason: reason }, h.ctx(21));
    const { response: attrs } = await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(21));
    expect(attributeValue(attrs.attributes, "State")).toBe(State.Compromised);
    expect(attributeValue(attrs.attributes, "Compromise Occurrence Date")).toBe(kmipDate(T0));
  });

  it("refuses a second Activate with the version's reason", async () => {
    const { response } = await run(Create, createAes(), h.ctx(12));
    const uid = response.uniqueIdentifier as string;
    await run(Activate, { uniqueIdentifier: uid }, h.ctx(12));
    expect(await reasonOf(Activate.handler({ uniqueIdentifier: uid }, h.ctx(12)))).toBe(
      ResultReason.PermissionDenied,
    );
    expect(await reasonOf(Activate.handler({ uniqueIdentifier: uid }, h.ctx(21)))).toBe(
      ResultReason.WrongKeyLifecycleState,
    );
  });

  it("applies a reached Activation Date when the object is next read", async () => {
    const activation = { name: "Activation Date", value: kmipDate(later(100)) };
    const { response } = await run(Create, createAes(256, [activation]), h.ctx(14));
    const uid = response.uniqueIdentifier as string;
    const before = await run(
      GetAttributes,
      { uniqueIdentifier: uid, attributeReference: ["State"] },
      h.ctx(14),
    );
    expect(before.response.attributes).toEqual([{ name: "State", value: State.PreActive }]);
    h.clock.now = later(100);
    const after = await run(
      GetAttributes,
      { uniqueIdentifier: uid, attributeReference: ["State"] },
      h.ctx(14),
    );
    expect(after.response.attributes).toEqual([{ name: "State", value: State.Active }]);
    expect((await h.objects.get(h.ctx(14).scope, uid))?.state).toBe(State.Active);
  });
});

describe("scopes and the ID Placeholder", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  it("an object of another scope does not exist: Item Not Found (1.x), Object Not Found (2.x)", async () => {
    const { response } = await run(Create, createAes(), h.ctx(14));
    const uid = response.uniqueIdentifier as string;
    for (const op of [Get, GetAttributes, Activate, Destroy]) {
      const r14 = await reasonOf(op.handler({ uniqueIdentifier: uid }, h.ctx(14, { scope: SCOPE_B })));
      expect(r14).toBe(ResultReason.ItemNotFound);
      const r21 = await reasonOf(op.handler({ uniqueIdentifier: uid }, h.ctx(21, { scope: SCOPE_B })));
      expect(r21).toBe(ResultReason.ObjectNotFound);
    }
    const revoke = { uniqueIdentifier: uid, revocationReason: { revocationReasonCode: 1 } };
    expect(await reasonOf(Revoke.handler(revoke, h.ctx(14, { scope: SCOPE_B })))).toBe(
      ResultReason.ItemNotFound,
    );
    // Still there, untouched, for its owner.
    expect((await h.objects.get(h.ctx(14).scope, uid))?.state).toBe(State.PreActive);
  });

  it("Create then Activate and Get without a Unique Identifier in one batch", async () => {
    const batch = { idPlaceholder: undefined };
    const { response } = await run(Create, createAes(), h.ctx(12, { batch }));
    expect(batch.idPlaceholder).toBe(response.uniqueIdentifier);
    const { response: activated } = await run(Activate, {}, h.ctx(12, { batch }));
    expect(activated.uniqueIdentifier).toBe(response.uniqueIdentifier);
    const { response: got } = await run(Get, {}, h.ctx(12, { batch }));
    expect(got.uniqueIdentifier).toBe(response.uniqueIdentifier);
  });

  it("2.x: the ID Placeholder named by the Unique Identifier Enumeration", async () => {
    const batch = { idPlaceholder: undefined };
    const { response } = await run(Create, createAes(), h.ctx(21, { batch }));
    const { response: activated } = await run(
      Activate,
      { uniqueIdentifier: { enumeration: 1 } },
      h.ctx(21, { batch }),
    );
    expect(activated.uniqueIdentifier).toBe(response.uniqueIdentifier);
    const other = await reasonOf(Get.handler({ uniqueIdentifier: { index: 0 } }, h.ctx(21, { batch })));
    expect(other).toBe(ResultReason.FeatureNotSupported);
  });

  it("without a Unique Identifier or placeholder the object is not found", async () => {
    expect(await reasonOf(Get.handler({}, h.ctx(11)))).toBe(ResultReason.ItemNotFound);
    expect(await reasonOf(Activate.handler({}, h.ctx(20)))).toBe(ResultReason.ObjectNotFound);
  });
});
