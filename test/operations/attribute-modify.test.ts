import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ResultReason, State, UsageLimitsUnit } from "../../src/kmip/generated/enums.js";
import { AddAttribute } from "../../src/operations/add-attribute.js";
import { Archive } from "../../src/operations/archive.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import { ModifyAttribute } from "../../src/operations/modify-attribute.js";
import { ItemType } from "../../src/ttlv/types.js";
import {
  createKey,
  customName,
  customValues,
  instances,
  item,
  name,
  secondsOf,
  stored,
  storedValue,
  V1,
  V2,
  VERSIONS,
} from "./attribute-fixtures.js";
import { type Harness, harness, reasonOf, run, T0, tagNames } from "./harness.js";

type Attr = { name: string; value: unknown; index?: number };
const modify = (uid: string, newAttribute: Attr, currentAttribute?: Attr) => ({
  uniqueIdentifier: uid,
  newAttribute,
  currentAttribute,
});

/** A value of the same item type, different from `v`. */
function changed(v: { type: number; value: unknown }): unknown {
  switch (v.type) {
    case ItemType.Integer:
    case ItemType.Enumeration:
    case ItemType.Interval:
      return (v.value as number) + 1;
    case ItemType.LongInteger:
    case ItemType.BigInteger:
    case ItemType.DateTime:
    case ItemType.DateTimeExtended:
      return (v.value as bigint) + 1n;
    case ItemType.Boolean:
      return !v.value;
    case ItemType.TextString:
      return `${v.value}-changed`;
    case ItemType.ByteString:
      return new Uint8Array([9]);
    default:
      return [];
  }
}

describe("Modify Attribute", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  describe.each(VERSIONS)("KMIP %i", (version) => {
    it("modifies a custom attribute of every item type", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      for (const [label, value] of customValues(version)) {
        await AddAttribute.handler(
          { uniqueIdentifier: uid, newAttribute: { name: customName(label), value } },
          ctx,
        );
        const next = item(value.type, changed(value));
        const { encoded } = await run(
          ModifyAttribute,
          modify(uid, { name: customName(label), value: next }),
          ctx,
        );
        expect(tagNames(encoded).includes("Attribute")).toBe(version < 20);
        expect(await storedValue(h, uid, customName(label))).toEqual(next);
      }
    });

    it("refuses read-only attributes (State; 2.1 BL-M-7-21)", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      const reason = await reasonOf(
        ModifyAttribute.handler(modify(uid, { name: "State", value: State.Active }), ctx),
      );
      expect(reason).toBe(version < 20 ? ResultReason.PermissionDenied : ResultReason.AttributeReadOnly);
    });

    it("refuses an attribute the object does not have", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      const reason = await reasonOf(
        ModifyAttribute.handler(modify(uid, { name: "Comment", value: "c" }), ctx),
      );
      // 1.4 §11.16 "needs to first be added" → Invalid Field; 2.x Attribute Not Found.
      expect(reason).toBe(version < 20 ? ResultReason.InvalidField : ResultReason.AttributeNotFound);
    });

    it("Activation Date of a Pre-Active key set to now activates it (Synology DSM)", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      await run(ModifyAttribute, modify(uid, { name: "Activation Date", value: secondsOf(T0) }), ctx);
      const obj = await stored(h, uid);
      expect(obj.state).toBe(State.Active);
      expect(await storedValue(h, uid, "Activation Date")).toBe(secondsOf(T0));
      const got = await GetAttributes.handler({ uniqueIdentifier: uid, attributeReference: ["State"] }, ctx);
      expect(got.attributes).toEqual([{ name: "State", value: State.Active }]);
    });

    it("Activation Date of an Active key is refused (SKLC-M-3-14 / SKLC-M-3-21)", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [{ name: "Activation Date", value: secondsOf(T0) - 60n }]);
      const reason = await reasonOf(
        ModifyAttribute.handler(modify(uid, { name: "Activation Date", value: secondsOf(T0) }), ctx),
      );
      expect(reason).toBe(
        version >= 21 ? ResultReason.WrongKeyLifecycleState : ResultReason.PermissionDenied,
      );
    });

    it("Deactivation Date of an Active key set to the past deactivates it", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [
        { name: "Activation Date", value: secondsOf(T0) - 60n },
        { name: "Deactivation Date", value: secondsOf(T0) + 3600n },
      ]);
      await run(ModifyAttribute, modify(uid, { name: "Deactivation Date", value: secondsOf(T0) - 1n }), ctx);
      expect((await stored(h, uid)).state).toBe(State.Deactivated);
    });

    it("refuses an archived object", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [{ name: "Contact Information", value: "a" }]);
      await Archive.handler({ uniqueIdentifier: uid }, ctx);
      const reason = await reasonOf(
        ModifyAttribute.handler(modify(uid, { name: "Contact Information", value: "b" }), ctx),
      );
      expect(reason).toBe(ResultReason.ObjectArchived);
    });
  });

  describe.each(V1)("KMIP %i: by Attribute Index", (version) => {
    it("modifies the named instance and echoes it with its index (OASIS TC-171)", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a"), name("b")]);
      const { response, encoded } = await run(ModifyAttribute, modify(uid, { ...name("B"), index: 1 }), ctx);
      expect(response.attribute).toEqual({ ...name("B"), index: 1 });
      expect(tagNames(encoded)).toContain("Attribute Index");
      const names = await instances(h, uid, "Name");
      expect(names.map((n) => (n.value as { nameValue: string }).nameValue)).toEqual(["a", "B"]);
    });

    it("assumes index 0 when none is given; the echo leaves 0 out", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [{ name: "Contact Information", value: "admin@localhost" }]);
      const { response, encoded } = await run(
        ModifyAttribute,
        modify(uid, { name: "Contact Information", value: "donald@localhost" }),
        ctx,
      );
      expect(response.attribute).toEqual({ name: "Contact Information", value: "donald@localhost" });
      expect(tagNames(encoded)).not.toContain("Attribute Index");
    });

    it("an index no instance has is Item Not Found (1.4 §11.16)", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a")]);
      const reason = await reasonOf(ModifyAttribute.handler(modify(uid, { ...name("z"), index: 4 }), ctx));
      expect(reason).toBe(ResultReason.ItemNotFound);
    });

    it("Usage Limits: the Total may be corrected, the Count follows it", async () => {
      const ctx = h.ctx(version);
      const limits = { usageLimitsTotal: 100n, usageLimitsUnit: UsageLimitsUnit.Object };
      const uid = await createKey(ctx, [{ name: "Usage Limits", value: limits }]);
      const corrected = {
        usageLimitsTotal: 50n,
        usageLimitsCount: 1n,
        usageLimitsUnit: UsageLimitsUnit.Object,
      };
      await run(ModifyAttribute, modify(uid, { name: "Usage Limits", value: corrected }), ctx);
      expect(await storedValue(h, uid, "Usage Limits")).toEqual({ ...corrected, usageLimitsCount: 50n });
    });
  });

  describe.each(V2)("KMIP %i: by Current Attribute", (version) => {
    it("modifies the instance holding the Current Attribute's value", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a"), name("b")]);
      const { response } = await run(ModifyAttribute, modify(uid, name("B"), name("b")), ctx);
      expect(response).toEqual({ uniqueIdentifier: uid });
      const names = await instances(h, uid, "Name");
      expect(names.map((n) => (n.value as { nameValue: string }).nameValue)).toEqual(["a", "B"]);
    });

    it("without Current Attribute, several instances are Multi Valued Attribute", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a"), name("b")]);
      expect(await reasonOf(ModifyAttribute.handler(modify(uid, name("c")), ctx))).toBe(
        ResultReason.MultiValuedAttribute,
      );
    });

    it("without Current Attribute, the one instance is modified", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a")]);
      await run(ModifyAttribute, modify(uid, name("only")), ctx);
      expect(await storedValue(h, uid, "Name")).toEqual(name("only").value);
    });

    it("a Current Attribute no instance holds is Attribute Instance Not Found", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a")]);
      expect(await reasonOf(ModifyAttribute.handler(modify(uid, name("c"), name("zz")), ctx))).toBe(
        ResultReason.AttributeInstanceNotFound,
      );
    });

    it("Current and New Attribute of different attributes are Invalid Field", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("a")]);
      const reason = await reasonOf(
        ModifyAttribute.handler(modify(uid, { name: "Comment", value: "x" }, name("a")), ctx),
      );
      expect(reason).toBe(ResultReason.InvalidField);
    });
  });
});
