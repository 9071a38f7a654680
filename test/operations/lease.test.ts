import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ResultReason, State, UsageLimitsUnit } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask } from "../../src/kmip/generated/masks.js";
import { tagByNumber } from "../../src/kmip/tables.js";
import { AddAttribute } from "../../src/operations/add-attribute.js";
import { GetUsageAllocation } from "../../src/operations/get-usage-allocation.js";
import { ModifyAttribute } from "../../src/operations/modify-attribute.js";
import { DEFAULT_LEASE_SECONDS, ObtainLease } from "../../src/operations/obtain-lease.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";
import { createKey, secondsOf, stored, storedValue, VERSIONS } from "./attribute-fixtures.js";
import { type Harness, harness, reasonOf, run, SCOPE_A, T0 } from "./harness.js";

const child = (encoded: TtlvItem, tagName: string) =>
  (encoded.value as TtlvItem[]).find((c) => tagByNumber(c.tag)?.name === tagName);

async function setState(h: Harness, uid: string, state: number): Promise<void> {
  const obj = await stored(h, uid);
  const attributes = obj.attributes.map((a) => (a.name === "State" ? { name: "State", value: state } : a));
  await h.objects.update(SCOPE_A, uid, obj.revision, { state, attributes });
}

const limits = (total: bigint) => ({ usageLimitsTotal: total, usageLimitsUnit: UsageLimitsUnit.Byte });
const allocate = (uid: string | undefined, n: bigint) => ({ uniqueIdentifier: uid, usageLimitsCount: n });

describe.each(VERSIONS)("Obtain Lease, KMIP %i", (version) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  it("gives the lease as an Interval with the Last Change Date (OASIS TC-95)", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx, [{ name: "Activation Date", value: secondsOf(T0) }]);
    h.clock.now = new Date(T0.getTime() + 5000);
    const { response, encoded } = await run(ObtainLease, { uniqueIdentifier: uid }, ctx);
    expect(response).toEqual({
      uniqueIdentifier: uid,
      leaseTime: DEFAULT_LEASE_SECONDS,
      lastChangeDate: secondsOf(T0),
    });
    expect(child(encoded, "Lease Time")?.type).toBe(ItemType.Interval);
    expect(child(encoded, "Last Change Date")?.type).toBe(ItemType.DateTime);
    expect((await stored(h, uid)).revision).toBe(1);
  });

  it("serves the object's own Lease Time", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    const obj = await stored(h, uid);
    await h.objects.update(SCOPE_A, uid, obj.revision, {
      attributes: [
        ...obj.attributes.filter((a) => a.name !== "Lease Time"),
        { name: "Lease Time", value: 600 },
      ],
    });
    expect((await ObtainLease.handler({}, ctx)).leaseTime).toBe(600);
  });

  it("stores the server's lease on a new object (2.1 §4.30), and serves it without one", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    const obj = await stored(h, uid);
    expect(obj.attributes.filter((a) => a.name === "Lease Time")).toEqual([
      { name: "Lease Time", value: DEFAULT_LEASE_SECONDS },
    ]);
    await h.objects.update(SCOPE_A, uid, obj.revision, {
      attributes: obj.attributes.filter((a) => a.name !== "Lease Time"),
    });
    expect((await ObtainLease.handler({ uniqueIdentifier: uid }, ctx)).leaseTime).toBe(DEFAULT_LEASE_SECONDS);
  });

  it("no lease for a compromised or destroyed key (Permission Denied, TC-95)", async () => {
    const ctx = h.ctx(version);
    for (const state of [State.Compromised, State.Destroyed, State.DestroyedCompromised]) {
      const uid = await createKey(ctx);
      await setState(h, uid, state);
      expect(await reasonOf(ObtainLease.handler({ uniqueIdentifier: uid }, ctx))).toBe(
        ResultReason.PermissionDenied,
      );
    }
  });

  it("no lease once the usage limits are spent", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx, [
      { name: "Activation Date", value: secondsOf(T0) },
      { name: "Usage Limits", value: limits(10n) },
    ]);
    await GetUsageAllocation.handler(allocate(uid, 10n), ctx);
    expect(await reasonOf(ObtainLease.handler({ uniqueIdentifier: uid }, ctx))).toBe(
      version < 20 ? ResultReason.PermissionDenied : ResultReason.UsageLimitExceeded,
    );
  });

  it("a missing object is not found", async () => {
    expect(await reasonOf(ObtainLease.handler({ uniqueIdentifier: "x" }, h.ctx(version)))).toBe(
      version < 20 ? ResultReason.ItemNotFound : ResultReason.ObjectNotFound,
    );
  });
});

describe.each(VERSIONS)("Get Usage Allocation, KMIP %i", (version) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  it("allocates from the Count until it is spent (OASIS TC-51)", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx, [], 128);
    await AddAttribute.handler(
      { uniqueIdentifier: uid, newAttribute: { name: "Activation Date", value: 2n } },
      ctx,
    );
    const stop = { name: "Protect Stop Date", value: secondsOf(T0) + 600n };
    await AddAttribute.handler({ uniqueIdentifier: uid, newAttribute: stop }, ctx);
    await AddAttribute.handler(
      { uniqueIdentifier: uid, newAttribute: { name: "Usage Limits", value: limits(1000n) } },
      ctx,
    );
    h.clock.now = new Date(T0.getTime() + 1000);
    const { response } = await run(GetUsageAllocation, allocate(uid, 500n), ctx);
    expect(response).toEqual({ uniqueIdentifier: uid });
    await run(GetUsageAllocation, allocate(undefined, 500n), ctx);
    expect(await storedValue(h, uid, "Usage Limits")).toEqual({ ...limits(1000n), usageLimitsCount: 0n });
    expect(await storedValue(h, uid, "Last Change Date")).toBe(secondsOf(h.clock.now));
    expect(await reasonOf(GetUsageAllocation.handler(allocate(uid, 500n), ctx))).toBe(
      version < 20 ? ResultReason.PermissionDenied : ResultReason.UsageLimitExceeded,
    );
  });

  it("the limits can no longer be changed once an allocation was taken (1.4 §3.21)", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx, [
      { name: "Activation Date", value: secondsOf(T0) },
      { name: "Usage Limits", value: limits(100n) },
    ]);
    await GetUsageAllocation.handler(allocate(uid, 1n), ctx);
    const reason = await reasonOf(
      ModifyAttribute.handler(
        { uniqueIdentifier: uid, newAttribute: { name: "Usage Limits", value: limits(5n) } },
        ctx,
      ),
    );
    expect(reason).toBe(version >= 21 ? ResultReason.WrongKeyLifecycleState : ResultReason.PermissionDenied);
  });

  it("refuses an object without Usage Limits", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx, [{ name: "Activation Date", value: secondsOf(T0) }]);
    expect(await reasonOf(GetUsageAllocation.handler(allocate(uid, 1n), ctx))).toBe(
      version < 20 ? ResultReason.IllegalOperation : ResultReason.AttributeNotFound,
    );
  });

  it("refuses a key that cannot apply protection, or not now", async () => {
    const ctx = h.ctx(version);
    const decryptOnly = await createKey(ctx, [
      { name: "Activation Date", value: secondsOf(T0) },
      { name: "Usage Limits", value: limits(100n) },
    ]);
    const obj = await stored(h, decryptOnly);
    await h.objects.update(SCOPE_A, decryptOnly, obj.revision, {
      attributes: obj.attributes.map((a) =>
        a.name === "Cryptographic Usage Mask" ? { ...a, value: CryptographicUsageMask.Decrypt } : a,
      ),
    });
    expect(await reasonOf(GetUsageAllocation.handler(allocate(decryptOnly, 1n), ctx))).toBe(
      version < 20 ? ResultReason.IllegalOperation : ResultReason.InvalidObjectType,
    );
    const preActive = await createKey(ctx, [{ name: "Usage Limits", value: limits(100n) }]);
    const stopped = await createKey(ctx, [
      { name: "Activation Date", value: secondsOf(T0) - 10n },
      { name: "Protect Stop Date", value: secondsOf(T0) - 1n },
      { name: "Usage Limits", value: limits(100n) },
    ]);
    for (const uid of [preActive, stopped])
      expect(await reasonOf(GetUsageAllocation.handler(allocate(uid, 1n), ctx))).toBe(
        version < 20 ? ResultReason.IllegalOperation : ResultReason.WrongKeyLifecycleState,
      );
  });

  it("a count that is not positive is Invalid Field", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx, [{ name: "Usage Limits", value: limits(100n) }]);
    expect(await reasonOf(GetUsageAllocation.handler(allocate(uid, 0n), ctx))).toBe(
      ResultReason.InvalidField,
    );
  });
});
