import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import { ResultReason, UsageLimitsUnit } from "../../src/kmip/generated/enums.js";
import { AddAttribute } from "../../src/operations/add-attribute.js";
import { addInstance, instancesOf, removeInstance } from "../../src/operations/attribute-instances.js";
import { DeleteAttribute } from "../../src/operations/delete-attribute.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import { GetUsageAllocation } from "../../src/operations/get-usage-allocation.js";
import {
  createKey,
  customName,
  customValues,
  instances,
  name,
  secondsOf,
  V1,
  V2,
  VERSIONS,
} from "./attribute-fixtures.js";
import { type Harness, harness, reasonOf, run, T0, tagNames, textValues } from "./harness.js";

type Attr = { name: string; value: unknown };
const byName = (uid: string, attributeReference: string, attributeIndex?: number) => ({
  uniqueIdentifier: uid,
  attributeReference,
  attributeIndex,
});
const byValue = (uid: string, currentAttribute: Attr) => ({ uniqueIdentifier: uid, currentAttribute });
const nameValues = async (h: Harness, uid: string) =>
  (await instances(h, uid, "Name")).map((n) => [(n.value as { nameValue: string }).nameValue, n.index ?? 0]);

describe("Delete Attribute", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  describe.each(VERSIONS)("KMIP %i", (version) => {
    it("deletes a custom attribute of every item type", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      for (const [label, value] of customValues(version)) {
        await AddAttribute.handler(
          { uniqueIdentifier: uid, newAttribute: { name: customName(label), value } },
          ctx,
        );
        const request =
          version < 20 ? byName(uid, customName(label)) : byValue(uid, { name: customName(label), value });
        const { response, encoded } = await run(DeleteAttribute, request, ctx);
        if (version < 20) expect(response.attribute).toEqual({ name: customName(label), value });
        else expect(tagNames(encoded)).toEqual(["Response Payload", "Unique Identifier"]);
        expect(await instances(h, uid, customName(label))).toEqual([]);
      }
    });

    it("never deletes an attribute that always has a value, nor a read-only one", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      const expected = version < 20 ? ResultReason.PermissionDenied : ResultReason.AttributeReadOnly;
      for (const n of ["Cryptographic Algorithm", "State", "Initial Date"]) {
        const request = version < 20 ? byName(uid, n) : { uniqueIdentifier: uid, attributeReference: n };
        expect(await reasonOf(DeleteAttribute.handler(request, ctx))).toBe(expected);
      }
    });

    it("refuses an attribute the object does not have", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      const request =
        version < 20
          ? byName(uid, "Contact Information")
          : { uniqueIdentifier: uid, attributeReference: "Contact Information" };
      // 1.4 §11.17 "No attribute with the specified name exists" → Item Not Found; 2.x Attribute Not Found.
      expect(await reasonOf(DeleteAttribute.handler(request, ctx))).toBe(
        version < 20 ? ResultReason.ItemNotFound : ResultReason.AttributeNotFound,
      );
    });

    it("Usage Limits may be deleted until an allocation was taken (1.4 §3.21)", async () => {
      const ctx = h.ctx(version);
      const limits = { usageLimitsTotal: 10n, usageLimitsUnit: UsageLimitsUnit.Object };
      const uid = await createKey(ctx, [
        { name: "Activation Date", value: secondsOf(T0) - 10n },
        { name: "Usage Limits", value: limits },
      ]);
      await GetUsageAllocation.handler({ uniqueIdentifier: uid, usageLimitsCount: 1n }, ctx);
      const request =
        version < 20
          ? byName(uid, "Usage Limits")
          : { uniqueIdentifier: uid, attributeReference: "Usage Limits" };
      const reason = await reasonOf(DeleteAttribute.handler(request, ctx));
      expect(reason).toBe(
        version >= 21 ? ResultReason.WrongKeyLifecycleState : ResultReason.PermissionDenied,
      );
    });
  });

  describe.each(V1)("KMIP %i: Attribute Name and Index", (version) => {
    it("returns the deleted attribute, with its index when not 0 (1.4 §4.16)", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a"), name("b"), name("c")]);
      const { response, encoded } = await run(DeleteAttribute, byName(uid, "Name", 1), ctx);
      expect(response.attribute).toEqual({ ...name("b"), index: 1 });
      expect(textValues(encoded, "Name Value")).toEqual(["b"]);
      expect(tagNames(encoded)).toContain("Attribute Index");
    });

    it("the other instances keep their indices; a new one gets the next (1.4 §2.1.1)", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a"), name("b"), name("c")]);
      await run(DeleteAttribute, byName(uid, "Name", 1), ctx);
      expect(await nameValues(h, uid)).toEqual([
        ["a", 0],
        ["c", 2],
      ]);
      const added = await AddAttribute.handler({ uniqueIdentifier: uid, newAttribute: name("d") }, ctx);
      expect(added.attribute?.index).toBe(3);
      const got = await GetAttributes.handler({ uniqueIdentifier: uid, attributeReference: ["Name"] }, ctx);
      expect(got.attributes?.map((a) => a.index ?? 0)).toEqual([0, 2, 3]);
      await run(DeleteAttribute, byName(uid, "Name", 0), ctx);
      expect(await reasonOf(DeleteAttribute.handler(byName(uid, "Name", 1), ctx))).toBe(
        ResultReason.ItemNotFound,
      );
      await run(DeleteAttribute, byName(uid, "Name", 2), ctx);
      expect(await nameValues(h, uid)).toEqual([["d", 3]]);
    });

    it("an index no instance has is Item Not Found", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a")]);
      expect(await reasonOf(DeleteAttribute.handler(byName(uid, "Name", 5), ctx))).toBe(
        ResultReason.ItemNotFound,
      );
    });
  });

  it("KMIP 1.4: no index means index 0, even with several instances (OASIS TC-171)", async () => {
    const ctx = h.ctx(14);
    const uid = await createKey(ctx, [name("n1"), name("n2")]);
    const { response } = await run(DeleteAttribute, byName(uid, "Name"), ctx);
    expect(response.attribute).toEqual(name("n1"));
    expect(await nameValues(h, uid)).toEqual([["n2", 1]]);
  });

  it("KMIP 1.0: no index with several instances is Invalid Field (1.0 §11.16)", async () => {
    const ctx = h.ctx(10);
    const uid = await createKey(ctx, [name("n1"), name("n2")]);
    expect(await reasonOf(DeleteAttribute.handler(byName(uid, "Name"), ctx))).toBe(ResultReason.InvalidField);
  });

  describe.each(V2)("KMIP %i: Current Attribute or Attribute Reference", (version) => {
    it("Current Attribute deletes the one instance holding that value", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a"), name("b")]);
      await run(DeleteAttribute, byValue(uid, name("a")), ctx);
      expect((await nameValues(h, uid)).map(([v]) => v)).toEqual(["b"]);
    });

    it("Attribute Reference alone deletes every instance", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a"), name("b")]);
      await run(DeleteAttribute, { uniqueIdentifier: uid, attributeReference: "Name" }, ctx);
      expect(await nameValues(h, uid)).toEqual([]);
    });

    it("a Current Attribute no instance holds is Attribute Instance Not Found", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a")]);
      expect(await reasonOf(DeleteAttribute.handler(byValue(uid, name("zz")), ctx))).toBe(
        ResultReason.AttributeInstanceNotFound,
      );
    });

    it("neither is Invalid Message", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a")]);
      expect(await reasonOf(DeleteAttribute.handler({ uniqueIdentifier: uid }, ctx))).toBe(
        ResultReason.InvalidMessage,
      );
    });
  });
});

describe("Attribute Index stability (1.4 §2.1.1), as a property", () => {
  it("indices never change when other instances are added or deleted", () => {
    const step = fc.oneof(
      fc.record({ add: fc.string({ maxLength: 3 }) }),
      fc.record({ remove: fc.nat({ max: 8 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.array(step, { maxLength: 30 }), (initial, steps) => {
        let list: Attribute[] = Array.from({ length: initial }, (_, i) => name(`n${i}`));
        const model = new Map<number, string>(
          list.map((a, i) => [i, (a.value as { nameValue: string }).nameValue]),
        );
        for (const s of steps) {
          if ("add" in s) {
            const next = model.size === 0 ? 0 : Math.max(...model.keys()) + 1;
            const result = addInstance(list, name(s.add), true);
            list = result.list;
            expect(result.added.index ?? 0).toBe(next);
            model.set(next, s.add);
          } else {
            const target = instancesOf(list, "Name").find((i) => i.index === s.remove);
            if (target === undefined) continue;
            list = removeInstance(list, target.at);
            model.delete(s.remove);
          }
          const seen = instancesOf(list, "Name").map((i) => [
            i.index,
            (i.attribute.value as { nameValue: string }).nameValue,
          ]);
          expect(seen).toEqual([...model.entries()]);
        }
      }),
    );
  });
});
