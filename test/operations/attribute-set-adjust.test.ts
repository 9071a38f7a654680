import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AdjustmentType, ResultReason, State } from "../../src/kmip/generated/enums.js";
import { payloadEntry } from "../../src/kmip/payloads/registry.js";
import { AddAttribute } from "../../src/operations/add-attribute.js";
import { AdjustAttribute } from "../../src/operations/adjust-attribute.js";
import { adjustValue } from "../../src/operations/attribute-adjust.js";
import { SetAttribute } from "../../src/operations/set-attribute.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";
import {
  CUSTOM_VALUES_2X,
  createKey,
  customName,
  instances,
  item,
  name,
  secondsOf,
  stored,
  storedValue,
  V2,
} from "./attribute-fixtures.js";
import { type Harness, harness, operationCode, reasonOf, run, T0, tagNames } from "./harness.js";

type Attr = { name: string; value: unknown };
const set = (uid: string, newAttribute: Attr) => ({ uniqueIdentifier: uid, newAttribute });
const adjust = (
  uid: string,
  attributeReference: string,
  adjustmentType: number,
  adjustmentValue?: TtlvItem,
) => ({
  uniqueIdentifier: uid,
  attributeReference,
  adjustmentType,
  adjustmentValue,
});

describe.each(V2)("Set Attribute, KMIP %i", (version) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  it("creates the attribute when absent, modifies it when present (OASIS TC-SETATTR-1/2-20)", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    const { encoded } = await run(SetAttribute, set(uid, { name: "Sensitive", value: true }), ctx);
    expect(tagNames(encoded)).toEqual(["Response Payload", "Unique Identifier"]);
    expect(await storedValue(h, uid, "Sensitive")).toBe(true);
    await run(SetAttribute, set(uid, { name: "tc-Set", value: item(ItemType.TextString, "one") }), ctx);
    await run(SetAttribute, set(uid, { name: "tc-Set", value: item(ItemType.TextString, "two") }), ctx);
    expect(await instances(h, uid, "tc-Set")).toEqual([
      { name: "tc-Set", value: item(ItemType.TextString, "two") },
    ]);
  });

  it("sets custom attributes of every item type", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    for (const [label, value] of CUSTOM_VALUES_2X) {
      await run(SetAttribute, set(uid, { name: customName(label), value }), ctx);
      expect(await storedValue(h, uid, customName(label))).toEqual(value);
    }
  });

  it("several instances are Multi Valued Attribute (OASIS TC-SETATTR-3-20)", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    await run(SetAttribute, set(uid, { name: "tc-Set", value: item(ItemType.TextString, "one") }), ctx);
    await run(
      AddAttribute,
      { uniqueIdentifier: uid, newAttribute: { name: "tc-Set", value: item(ItemType.TextString, "two") } },
      ctx,
    );
    const reason = await reasonOf(
      SetAttribute.handler(set(uid, { name: "tc-Set", value: item(ItemType.TextString, "3") }), ctx),
    );
    expect(reason).toBe(ResultReason.MultiValuedAttribute);
  });

  it("refuses read-only attributes with Read Only Attribute", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    for (const attribute of [
      { name: "Lease Time", value: 60 },
      { name: "Cryptographic Length", value: 128 },
    ]) {
      expect(await reasonOf(SetAttribute.handler(set(uid, attribute), ctx))).toBe(
        ResultReason.ReadOnlyAttribute,
      );
    }
  });

  it("an Activation Date set to the past activates a Pre-Active key", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    await run(SetAttribute, set(uid, { name: "Activation Date", value: secondsOf(T0) - 5n }), ctx);
    expect((await stored(h, uid)).state).toBe(State.Active);
  });

  it("a Name sets the single Name of a key", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx, [name("old")]);
    await run(SetAttribute, set(uid, name("new")), ctx);
    expect(await instances(h, uid, "Name")).toEqual([name("new")]);
  });
});

describe.each(V2)("Adjust Attribute, KMIP %i", (version) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  it("increments and decrements a custom Integer, by 1 or by the Adjustment Value", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    await run(SetAttribute, set(uid, { name: "x-counter", value: item(ItemType.Integer, 10) }), ctx);
    await run(AdjustAttribute, adjust(uid, "x-counter", AdjustmentType.Increment), ctx);
    expect(await storedValue(h, uid, "x-counter")).toEqual(item(ItemType.Integer, 11));
    await run(
      AdjustAttribute,
      adjust(uid, "x-counter", AdjustmentType.Decrement, item(ItemType.Integer, 20)),
      ctx,
    );
    expect(await storedValue(h, uid, "x-counter")).toEqual(item(ItemType.Integer, -9));
    await run(AdjustAttribute, adjust(uid, "x-counter", AdjustmentType.Negate), ctx);
    expect(await storedValue(h, uid, "x-counter")).toEqual(item(ItemType.Integer, 9));
  });

  it("an absent attribute starts at 0 (numbers) or false (Booleans)", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    await run(
      AdjustAttribute,
      adjust(uid, "x-fresh", AdjustmentType.Increment, item(ItemType.LongInteger, 5n)),
      ctx,
    );
    expect(await storedValue(h, uid, "x-fresh")).toEqual(item(ItemType.LongInteger, 5n));
    await run(AdjustAttribute, adjust(uid, "Quantum Safe", AdjustmentType.Negate), ctx);
    expect(await storedValue(h, uid, "Quantum Safe")).toBe(true);
  });

  it("moves a custom date by seconds and a Date-Time Extended by microseconds", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    await run(SetAttribute, set(uid, { name: "x-when", value: item(ItemType.DateTime, 1000n) }), ctx);
    await run(
      AdjustAttribute,
      adjust(uid, "x-when", AdjustmentType.Increment, item(ItemType.Interval, 60)),
      ctx,
    );
    expect(await storedValue(h, uid, "x-when")).toEqual(item(ItemType.DateTime, 1060n));
    await run(SetAttribute, set(uid, { name: "x-us", value: item(ItemType.DateTimeExtended, 5n) }), ctx);
    await run(AdjustAttribute, adjust(uid, "x-us", AdjustmentType.Decrement), ctx);
    expect(await storedValue(h, uid, "x-us")).toEqual(item(ItemType.DateTimeExtended, 4n));
  });

  it("refuses what cannot be adjusted", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    await run(SetAttribute, set(uid, { name: "x-text", value: item(ItemType.TextString, "a") }), ctx);
    await run(SetAttribute, set(uid, { name: "x-int", value: item(ItemType.Integer, 2 ** 31 - 1) }), ctx);
    await run(SetAttribute, set(uid, { name: "x-date", value: item(ItemType.DateTime, 1n) }), ctx);
    const cases: [ReturnType<typeof adjust>, number][] = [
      [adjust(uid, "x-text", AdjustmentType.Increment), ResultReason.InvalidDataType],
      [adjust(uid, "x-int", AdjustmentType.Increment), ResultReason.NumericRange],
      [adjust(uid, "x-date", AdjustmentType.Negate), ResultReason.InvalidDataType],
      [
        adjust(uid, "x-int", AdjustmentType.Increment, item(ItemType.TextString, "1")),
        ResultReason.InvalidDataType,
      ],
      [adjust(uid, "x-int", 0x7f), ResultReason.InvalidField],
      [adjust(uid, "Comment", AdjustmentType.Increment), ResultReason.InvalidDataType],
      [adjust(uid, "Process Start Date", AdjustmentType.Increment), ResultReason.AttributeNotFound],
      [adjust(uid, "Cryptographic Length", AdjustmentType.Increment), ResultReason.ReadOnlyAttribute],
      [adjust(uid, "State", AdjustmentType.Increment), ResultReason.ReadOnlyAttribute],
    ];
    for (const [request, reason] of cases)
      expect(await reasonOf(AdjustAttribute.handler(request, ctx))).toBe(reason);
  });

  it("several instances are Multi Valued Attribute", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    for (const v of [1, 2])
      await run(
        AddAttribute,
        { uniqueIdentifier: uid, newAttribute: { name: "x-n", value: item(ItemType.Integer, v) } },
        ctx,
      );
    expect(await reasonOf(AdjustAttribute.handler(adjust(uid, "x-n", AdjustmentType.Increment), ctx))).toBe(
      ResultReason.MultiValuedAttribute,
    );
  });
});

describe("Adjust Attribute arithmetic", () => {
  it("Increment then Decrement by the same value is the identity within range", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (v, d) => {
          const step = item(ItemType.Integer, d);
          let up: number;
          try {
            up = adjustValue(ItemType.Integer, v, AdjustmentType.Increment, step) as number;
          } catch (e) {
            expect((e as { reason: number }).reason).toBe(ResultReason.NumericRange);
            expect(v + d).toBeGreaterThan(2 ** 31 - 1);
            return;
          }
          expect(adjustValue(ItemType.Integer, up, AdjustmentType.Decrement, step)).toBe(v);
        },
      ),
    );
  });

  it("Intervals never go below zero", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 2000 }), (v, d) => {
        const run = () =>
          adjustValue(ItemType.Interval, v, AdjustmentType.Decrement, item(ItemType.Integer, d));
        if (d > v) expect(run).toThrow();
        else expect(run()).toBe(v - d);
      }),
    );
  });
});

describe("version gating", () => {
  it.each([10, 11, 12, 13, 14] as const)("KMIP %i has neither Set nor Adjust Attribute", (version) => {
    for (const op of ["Set Attribute", "Adjust Attribute"]) {
      let reason: number | undefined;
      try {
        payloadEntry(operationCode(op), version);
      } catch (e) {
        reason = (e as { reason?: number }).reason;
      }
      expect(reason).toBe(ResultReason.OperationNotSupported);
    }
  });
});
