import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  CryptographicAlgorithm,
  KeyFormatType,
  LinkType,
  ObjectType,
  ResultReason,
  RevocationReasonCode,
  SecretDataType,
  State,
  UsageLimitsUnit,
} from "../../src/kmip/generated/enums.js";
import { Archive } from "../../src/operations/archive.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import { Get } from "../../src/operations/get-crypto.js";
import { GetUsageAllocation } from "../../src/operations/get-usage-allocation.js";
import { Register } from "../../src/operations/register.js";
import { ReKey } from "../../src/operations/rekey.js";
import type { ObjectStore } from "../../src/storage/objects.js";
import {
  createKey,
  instances,
  name,
  secondsOf,
  stored,
  storedValue,
  uidOf,
  VERSIONS,
} from "./attribute-fixtures.js";
import { type Harness, harness, reasonOf, run, SCOPE_A, T0, tagNames } from "./harness.js";

const rekey = (uid?: string, extra: { offset?: number; attributes?: Attribute[] } = {}) => ({
  uniqueIdentifier: uid,
  ...extra,
});
const links = async (h: Harness, uid: string) => instances(h, uid, "Link").then((l) => l.map((a) => a.value));
const keyBytes = async (h: Harness, version: 14 | 21, uid: string) => {
  const got = await Get.handler({ uniqueIdentifier: uid }, h.ctx(version));
  const value = got.object.value as { keyBlock: { keyValue: { keyMaterial: Uint8Array } } };
  return Buffer.from(value.keyBlock.keyValue.keyMaterial).toString("hex");
};

describe("Re-key", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  describe.each(VERSIONS)("KMIP %i", (version) => {
    it("makes a fresh key of the same kind, links both keys and moves the Name", async () => {
      const ctx = h.ctx(version);
      const old = await createKey(ctx, [name("disk-key")], 128);
      const { response, encoded } = await run(ReKey, rekey(old), ctx);
      const uid = uidOf(response);
      expect(tagNames(encoded)).toEqual(["Response Payload", "Unique Identifier"]);
      expect(uid).not.toBe(old);
      expect(ctx.batch.idPlaceholder).toBe(uid);
      const made = await stored(h, uid);
      expect(made.objectType).toBe(ObjectType.SymmetricKey);
      expect(await storedValue(h, uid, "Cryptographic Algorithm")).toBe(CryptographicAlgorithm.AES);
      expect(await storedValue(h, uid, "Cryptographic Length")).toBe(128);
      expect(await links(h, uid)).toEqual([
        { linkType: LinkType.ReplacedObjectLink, linkedObjectIdentifier: old },
      ]);
      expect(await links(h, old)).toEqual([
        { linkType: LinkType.ReplacementObjectLink, linkedObjectIdentifier: uid },
      ]);
      expect(await instances(h, uid, "Name")).toEqual([name("disk-key")]);
      expect(await instances(h, old, "Name")).toEqual([]);
      const found = await h.objects.locate(SCOPE_A, { attributes: [name("disk-key")] });
      expect(found.uids).toEqual([uid]);
      expect(await keyBytes(h, 14, uid)).not.toBe(await keyBytes(h, 14, old));
      expect((await keyBytes(h, 14, uid)).length).toBe(32);
    });

    it("uses the ID Placeholder, so Re-key can follow Re-key in one batch (OASIS TC-REKEY-1-14)", async () => {
      const ctx = h.ctx(version);
      const first = await createKey(ctx, [name("original")]);
      const second = uidOf(await ReKey.handler(rekey(undefined, { attributes: [name("first-rekey")] }), ctx));
      const third = uidOf(await ReKey.handler(rekey(undefined, { attributes: [name("second-rekey")] }), ctx));
      expect(new Set([first, second, third]).size).toBe(3);
      const names = await GetAttributes.handler(
        { uniqueIdentifier: third, attributeReference: ["Name"] },
        ctx,
      );
      expect(
        names.attributes?.map((a) => [(a.value as { nameValue: string }).nameValue, a.index ?? 0]),
      ).toEqual([
        ["original", 0],
        ["first-rekey", 1],
        ["second-rekey", 2],
      ]);
    });

    it("does not copy what Table 173 leaves unset, and resets Usage Limits", async () => {
      const ctx = h.ctx(version);
      const limits = { usageLimitsTotal: 100n, usageLimitsUnit: UsageLimitsUnit.Object };
      const old = await createKey(ctx, [
        { name: "Activation Date", value: secondsOf(T0) - 100n },
        { name: "Usage Limits", value: limits },
        { name: "Contact Information", value: "ops" },
      ]);
      await GetUsageAllocation.handler({ uniqueIdentifier: old, usageLimitsCount: 60n }, ctx);
      const revoked = await stored(h, old);
      await h.objects.update(SCOPE_A, old, revoked.revision, {
        state: State.Compromised,
        attributes: [
          ...revoked.attributes.filter((a) => a.name !== "State"),
          { name: "State", value: State.Compromised },
          { name: "Revocation Reason", value: { revocationReasonCode: RevocationReasonCode.KeyCompromise } },
          { name: "Compromise Date", value: secondsOf(T0) },
          { name: "Compromise Occurrence Date", value: secondsOf(T0) },
        ],
      });
      h.clock.now = new Date(T0.getTime() + 10_000);
      const uid = uidOf((await run(ReKey, rekey(old), ctx)).response);
      const made = await stored(h, uid);
      const names = made.attributes.map((a) => a.name);
      for (const absent of [
        "Revocation Reason",
        "Compromise Date",
        "Compromise Occurrence Date",
        "Destroy Date",
      ])
        expect(names).not.toContain(absent);
      expect(made.state).toBe(State.Active); // TC-95: the replacement of a compromised key is usable
      expect(await storedValue(h, uid, "Usage Limits")).toEqual({ ...limits, usageLimitsCount: 100n });
      expect(await storedValue(h, uid, "Contact Information")).toBe("ops");
      expect(await storedValue(h, uid, "Initial Date")).toBe(secondsOf(h.clock.now));
      expect(await storedValue(h, uid, "Last Change Date")).toBe(secondsOf(h.clock.now));
      expect(await storedValue(h, uid, "Rotate Generation")).toBe(1);
      expect((await stored(h, old)).state).toBe(State.Compromised);
    });

    it("copies the four dates when there is no Offset (OASIS TC-94 without template)", async () => {
      const ctx = h.ctx(version);
      const dates: Attribute[] = [
        { name: "Activation Date", value: secondsOf(T0) + 100n },
        { name: "Process Start Date", value: secondsOf(T0) + 100n },
        { name: "Protect Stop Date", value: secondsOf(T0) + 200n },
        { name: "Deactivation Date", value: secondsOf(T0) + 300n },
      ];
      const old = await createKey(ctx, dates);
      const uid = uidOf((await run(ReKey, rekey(old), ctx)).response);
      for (const d of dates) expect(await storedValue(h, uid, d.name)).toBe(d.value);
      expect((await stored(h, uid)).state).toBe(State.PreActive);
    });

    it("computes the dates from an Offset (1.4 Table 172; OASIS TC-92)", async () => {
      const ctx = h.ctx(version);
      const at1 = secondsOf(T0) - 1000n;
      const old = await createKey(ctx, [
        { name: "Activation Date", value: at1 },
        { name: "Process Start Date", value: at1 + 10n },
        { name: "Protect Stop Date", value: at1 + 500n },
        { name: "Deactivation Date", value: at1 + 2000n },
      ]);
      h.clock.now = new Date(T0.getTime() + 60_000);
      const uid = uidOf((await run(ReKey, rekey(old, { offset: 30 }), ctx)).response);
      const it2 = secondsOf(h.clock.now);
      const at2 = it2 + 30n;
      expect(await storedValue(h, uid, "Initial Date")).toBe(it2);
      expect(await storedValue(h, uid, "Activation Date")).toBe(at2);
      expect(await storedValue(h, uid, "Process Start Date")).toBe(at1 + 10n + (at2 - at1));
      expect(await storedValue(h, uid, "Protect Stop Date")).toBe(at1 + 500n + (at2 - at1));
      expect(await storedValue(h, uid, "Deactivation Date")).toBe(at1 + 2000n + (at2 - at1));
      expect((await stored(h, uid)).state).toBe(State.PreActive);
    });

    it("Initial Date of the replacement is later than the existing key's", async () => {
      const ctx = h.ctx(version);
      const old = await createKey(ctx);
      const uid = uidOf((await run(ReKey, rekey(old, { offset: 0 }), ctx)).response);
      expect(await storedValue(h, uid, "Initial Date")).toBe(secondsOf(T0) + 1n);
      expect(await storedValue(h, uid, "Activation Date")).toBe(secondsOf(T0) + 1n);
    });

    it("an Offset with any of the dates it computes is Invalid Message (1.4 §11.5)", async () => {
      const ctx = h.ctx(version);
      const old = await createKey(ctx);
      const attributes = [{ name: "Deactivation Date", value: secondsOf(T0) + 10n }];
      expect(await reasonOf(ReKey.handler(rekey(old, { offset: 5, attributes }), ctx))).toBe(
        ResultReason.InvalidMessage,
      );
    });

    it("an Offset for a key with dates but no Activation Date is refused (1.4 §11.5)", async () => {
      const ctx = h.ctx(version);
      const old = await createKey(ctx, [{ name: "Protect Stop Date", value: secondsOf(T0) + 10n }]);
      expect(await reasonOf(ReKey.handler(rekey(old, { offset: 5 }), ctx))).toBe(
        version < 20 ? ResultReason.IllegalOperation : ResultReason.InvalidField,
      );
    });

    it("refuses another algorithm or length in the request", async () => {
      const ctx = h.ctx(version);
      const old = await createKey(ctx, [], 128);
      const attributes = [{ name: "Cryptographic Length", value: 256 }];
      expect(await reasonOf(ReKey.handler(rekey(old, { attributes }), ctx))).toBe(ResultReason.InvalidField);
    });

    it("refuses a key the server no longer holds: Key Value Not Present (1.2+)", async () => {
      const ctx = h.ctx(version);
      const old = await createKey(ctx);
      const obj = await stored(h, old);
      await h.objects.destroyMaterial(SCOPE_A, old, obj.revision);
      expect(await reasonOf(ReKey.handler(rekey(old), ctx))).toBe(
        version >= 12 ? ResultReason.KeyValueNotPresent : ResultReason.PermissionDenied,
      );
    });

    it("refuses an archived key and a missing one", async () => {
      const ctx = h.ctx(version);
      const old = await createKey(ctx);
      await Archive.handler({ uniqueIdentifier: old }, ctx);
      expect(await reasonOf(ReKey.handler(rekey(old), ctx))).toBe(ResultReason.ObjectArchived);
      expect(await reasonOf(ReKey.handler(rekey("missing"), ctx))).toBe(
        version < 20 ? ResultReason.ItemNotFound : ResultReason.ObjectNotFound,
      );
    });

    it("refuses what is not a symmetric key", async () => {
      const ctx = h.ctx(version);
      const registered = await Register.handler(
        {
          objectType: ObjectType.SecretData,
          attributes: [],
          object: {
            type: "secretData",
            value: {
              secretDataType: SecretDataType.Password,
              keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: new Uint8Array(8) } },
            },
          },
        },
        ctx,
      );
      expect(await reasonOf(ReKey.handler(rekey(uidOf(registered)), ctx))).toBe(
        version < 20 ? ResultReason.PermissionDenied : ResultReason.InvalidObjectType,
      );
    });
  });

  it("a failed hand-over leaves no replacement behind and the placeholder as it was", async () => {
    const ctx = h.ctx(21);
    const old = await createKey(ctx, [name("keep")]);
    const failing: ObjectStore = Object.create(h.objects, {
      update: {
        value: async () => {
          throw new Error("disk full");
        },
      },
    });
    const broken = { ...ctx, objects: failing };
    await expect(ReKey.handler(rekey(old), broken)).rejects.toThrow("disk full");
    expect(await h.objects.countInScope(SCOPE_A)).toBe(1);
    expect(ctx.batch.idPlaceholder).toBe(old);
    expect(await instances(h, old, "Name")).toEqual([name("keep")]);
  });
});
