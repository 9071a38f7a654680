import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NameType, ResultReason, State, UsageLimitsUnit } from "../../src/kmip/generated/enums.js";
import { AddAttribute } from "../../src/operations/add-attribute.js";
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
import { type Harness, harness, reasonOf, run, SCOPE_B, T0, tagNames, textValues } from "./harness.js";

const add = (uid: string | undefined, attribute: { name: string; value: unknown; index?: number }) => ({
  uniqueIdentifier: uid,
  newAttribute: attribute,
});

describe("Add Attribute", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  describe.each(VERSIONS)("KMIP %i", (version) => {
    it("adds a custom attribute of every item type, stored as sent", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      for (const [label, value] of customValues(version)) {
        const { encoded } = await run(AddAttribute, add(uid, { name: customName(label), value }), ctx);
        expect(tagNames(encoded).includes("Attribute")).toBe(version < 20);
        expect(await storedValue(h, uid, customName(label))).toEqual(value);
      }
    });

    it("adds Names with the next Attribute Index, echoed in 1.x only", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("first")]);
      const { response, encoded } = await run(AddAttribute, add(uid, name("second")), ctx);
      if (version < 20) {
        expect(response.attribute).toEqual({ ...name("second"), index: 1 });
        expect(textValues(encoded, "Name Value")).toEqual(["second"]);
      } else {
        expect(response.attribute).toBeUndefined();
        expect(tagNames(encoded)).toEqual(["Response Payload", "Unique Identifier"]);
      }
      const names = await instances(h, uid, "Name");
      expect(names.map((n) => [(n.value as { nameValue: string }).nameValue, n.index ?? 0])).toEqual([
        ["first", 0],
        ["second", 1],
      ]);
    });

    it("refuses a second instance of a single-instance attribute", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [{ name: "Contact Information", value: "a@b" }]);
      const reason = await reasonOf(
        AddAttribute.handler(add(uid, { name: "Contact Information", value: "c@d" }), ctx),
      );
      // 1.4 §11.15 "The specified attribute already exists"; 2.1 BL-M-5-21.
      expect(reason).toBe(version < 20 ? ResultReason.IllegalOperation : ResultReason.AttributeSingleValued);
    });

    it("refuses read-only attributes (State, Unique Identifier, y- custom)", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      const expected = version < 20 ? ResultReason.PermissionDenied : ResultReason.ReadOnlyAttribute;
      for (const attribute of [
        { name: "Initial Date", value: 5n },
        { name: "y-server", value: item(ItemType.TextString, "mine") },
      ]) {
        expect(await reasonOf(AddAttribute.handler(add(uid, attribute), ctx))).toBe(expected);
      }
    });

    it("refuses what does not name an attribute", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      const reason = await reasonOf(
        AddAttribute.handler(add(uid, { name: "Colour", value: item(ItemType.TextString, "red") }), ctx),
      );
      expect(reason).toBe(version < 20 ? ResultReason.PermissionDenied : ResultReason.InvalidAttribute);
    });

    it("answers a missing object with the version's reason, and hides other scopes", async () => {
      const uid = await createKey(h.ctx(version));
      const expected = version < 20 ? ResultReason.ItemNotFound : ResultReason.ObjectNotFound;
      expect(await reasonOf(AddAttribute.handler(add("nope", name("n")), h.ctx(version)))).toBe(expected);
      const other = h.ctx(version, { scope: SCOPE_B });
      expect(await reasonOf(AddAttribute.handler(add(uid, name("n")), other))).toBe(expected);
      expect(await reasonOf(AddAttribute.handler(add(undefined, name("n")), h.ctx(version)))).toBe(expected);
    });

    it("uses the ID Placeholder when no Unique Identifier is given", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      const { response } = await run(AddAttribute, add(undefined, name("placeholder")), ctx);
      expect(response.uniqueIdentifier).toBe(uid);
    });

    it("sets Last Change Date", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      h.clock.now = new Date(T0.getTime() + 60_000);
      await AddAttribute.handler(add(uid, name("later")), ctx);
      expect(await storedValue(h, uid, "Last Change Date")).toBe(secondsOf(h.clock.now));
    });
  });

  describe.each(V1)("KMIP %i only", (version) => {
    it("refuses an Attribute Index in the request (1.4 §11.15 Invalid Field)", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      const reason = await reasonOf(AddAttribute.handler(add(uid, { ...name("x"), index: 1 }), ctx));
      expect(reason).toBe(ResultReason.InvalidField);
    });

    it("takes a misspelt standard name as the standard attribute and logs it (ScyllaDB)", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      const value = item(ItemType.TextString, "ops@example.com");
      const { response } = await run(AddAttribute, add(uid, { name: "contact  information", value }), ctx);
      expect(response.attribute).toEqual({ name: "Contact Information", value: "ops@example.com" });
      expect(await storedValue(h, uid, "Contact Information")).toBe("ops@example.com");
      expect(h.logs.some((l) => l.level === "warn" && JSON.stringify(l.obj).includes("contact"))).toBe(true);
    });

    it("refuses a raw value of the wrong type for a standard attribute", async () => {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx);
      const value = item(ItemType.Integer, 5);
      const reason = await reasonOf(
        AddAttribute.handler(add(uid, { name: "Contact  Information", value }), ctx),
      );
      expect(reason).toBe(ResultReason.InvalidField);
    });
  });

  it("a 1.0 client may add a 1.4 attribute; the echo is encodable in 1.0", async () => {
    const ctx = h.ctx(10);
    const uid = await createKey(ctx);
    const { encoded } = await run(
      AddAttribute,
      add(uid, { name: "Comment", value: item(ItemType.TextString, "hi") }),
      ctx,
    );
    expect(textValues(encoded, "Attribute Value")).toEqual(["hi"]);
    expect(await storedValue(h, uid, "Comment")).toBe("hi");
  });

  it("KMIP 2.x refuses an attribute that only 1.x has (Operation Policy Name)", async () => {
    const ctx = h.ctx(21);
    const uid = await createKey(ctx);
    const value = item(ItemType.TextString, "default");
    const reason = await reasonOf(
      AddAttribute.handler(add(uid, { name: "Operation Policy Name", value }), ctx),
    );
    expect(reason).toBe(ResultReason.InvalidAttribute);
  });

  it("an Activation Date in the past activates a Pre-Active key (1.4 §3.22; OASIS TC-51)", async () => {
    const ctx = h.ctx(14);
    const uid = await createKey(ctx);
    expect((await stored(h, uid)).state).toBe(State.PreActive);
    await run(AddAttribute, add(uid, { name: "Activation Date", value: 2n }), ctx);
    const obj = await stored(h, uid);
    expect(obj.state).toBe(State.Active);
    expect(obj.attributes.find((a) => a.name === "State")?.value).toBe(State.Active);
  });

  it("a future Activation Date leaves the key Pre-Active", async () => {
    const ctx = h.ctx(21);
    const uid = await createKey(ctx);
    await run(AddAttribute, add(uid, { name: "Activation Date", value: secondsOf(T0) + 3600n }), ctx);
    expect((await stored(h, uid)).state).toBe(State.PreActive);
  });

  it.each(V2)("Usage Limits: the server sets the Count to the Total (KMIP %i)", async (version) => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    const value = { usageLimitsTotal: 1000n, usageLimitsCount: 5n, usageLimitsUnit: UsageLimitsUnit.Byte };
    await run(AddAttribute, add(uid, { name: "Usage Limits", value }), ctx);
    expect(await storedValue(h, uid, "Usage Limits")).toEqual({ ...value, usageLimitsCount: 1000n });
  });

  it("Usage Limits echo carries the Count in 1.x (OASIS TC-51)", async () => {
    const ctx = h.ctx(14);
    const uid = await createKey(ctx);
    const value = { usageLimitsTotal: 1000n, usageLimitsUnit: UsageLimitsUnit.Byte };
    const { response } = await run(AddAttribute, add(uid, { name: "Usage Limits", value }), ctx);
    expect(response.attribute?.value).toEqual({ ...value, usageLimitsCount: 1000n });
  });

  it("2.x vendor attributes of any vendor but y are client attributes", async () => {
    const ctx = h.ctx(20);
    const uid = await createKey(ctx);
    await run(
      AddAttribute,
      add(uid, { name: "NETAPP-ClusterName", value: item(ItemType.TextString, "c1") }),
      ctx,
    );
    expect(await storedValue(h, uid, "NETAPP-ClusterName")).toEqual(item(ItemType.TextString, "c1"));
  });

  it("1.x x-NETAPP custom attributes are stored and kept apart", async () => {
    const ctx = h.ctx(11);
    const uid = await createKey(ctx);
    for (const n of ["x-NETAPP-ClusterName", "x-NETAPP-KeyTag"])
      await run(AddAttribute, add(uid, { name: n, value: item(ItemType.TextString, n) }), ctx);
    expect(await storedValue(h, uid, "x-NETAPP-KeyTag")).toEqual(
      item(ItemType.TextString, "x-NETAPP-KeyTag"),
    );
    expect((await instances(h, uid, "x-NETAPP-ClusterName")).length).toBe(1);
  });

  it("refuses a Name the object already has (1.4 §11.15 Illegal Operation; 2.x Non Unique Name Attribute)", async () => {
    for (const [version, reason] of [
      [14, ResultReason.IllegalOperation],
      [21, ResultReason.NonUniqueNameAttribute],
    ] as const) {
      const ctx = h.ctx(version);
      const uid = await createKey(ctx, [name("taken")]);
      expect(await reasonOf(AddAttribute.handler(add(uid, name("taken")), ctx))).toBe(reason);
      const uri = { name: "Name", value: { nameValue: "taken", nameType: NameType.URI } };
      await run(AddAttribute, add(uid, uri), ctx); // another Name Type: another name
      expect(await instances(h, uid, "Name")).toHaveLength(2);
    }
  });

  it("keeps Name Type and Name Value of a Name", async () => {
    const ctx = h.ctx(14);
    const uid = await createKey(ctx);
    const uri = { name: "Name", value: { nameValue: "https://k", nameType: NameType.URI } };
    await run(AddAttribute, add(uid, uri), ctx);
    expect(await storedValue(h, uid, "Name")).toEqual(uri.value);
  });
});
