import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import { ResultReason } from "../../src/kmip/generated/enums.js";
import { Create } from "../../src/operations/create.js";
import { Get } from "../../src/operations/get-crypto.js";
import { loadObject, resolveUid, updateObject } from "../../src/operations/objects.js";
import { withChanges } from "../../src/policy/index.js";
import { type ObjectStore, ObjectStoreError } from "../../src/storage/objects.js";
import { createAes, type Harness, harness, reasonOf, run } from "./harness.js";

/** The store, with `update` answering `stale` the first `times` times. */
function conflicting(store: ObjectStore, times: number): ObjectStore & { updates: number } {
  let left = times;
  const wrapped = Object.create(store) as ObjectStore & { updates: number };
  wrapped.updates = 0;
  wrapped.update = async (...args: Parameters<ObjectStore["update"]>) => {
    wrapped.updates++;
    if (left-- > 0) throw new ObjectStoreError("stale", "changed");
    return store.update(...args);
  };
  return wrapped;
}

describe("operations/objects", () => {
  let h: Harness;
  let uid: string;
  beforeEach(async () => {
    h = harness();
    uid = (await run(Create, createAes(), h.ctx(14))).response.uniqueIdentifier as string;
  });
  afterEach(async () => h.close());

  it("resolves the Unique Identifier, the ID Placeholder, or fails", () => {
    const ctx = h.ctx(14, { batch: { idPlaceholder: "p" } });
    expect(resolveUid("given", ctx)).toBe("given");
    expect(resolveUid(undefined, ctx)).toBe("p");
    expect(() => resolveUid(undefined, h.ctx(14))).toThrow(
      expect.objectContaining({ reason: ResultReason.ItemNotFound }),
    );
  });

  it("an identifier the store cannot hold names no object", async () => {
    expect(await reasonOf(Get.handler({ uniqueIdentifier: "x".repeat(100_000) }, h.ctx(14)))).toBe(
      ResultReason.ItemNotFound,
    );
    expect(await reasonOf(Get.handler({ uniqueIdentifier: "" }, h.ctx(21)))).toBe(
      ResultReason.ObjectNotFound,
    );
  });

  it("refuses an archived object: Object Archived", async () => {
    const stored = (await h.objects.get(h.ctx(14).scope, uid))!;
    await h.objects.update(stored.scope, uid, stored.revision, { archived: true });
    expect(await reasonOf(loadObject(h.ctx(14), uid))).toBe(ResultReason.ObjectArchived);
    expect((await loadObject(h.ctx(14), uid, { allowArchived: true })).uid).toBe(uid);
  });

  it("retries a stale write once, then fails with General Failure", async () => {
    const once = conflicting(h.objects, 1);
    const ctx = { ...h.ctx(14), objects: once };
    const contact = (value: string) => (obj: { attributes: Attribute[] }) => ({
      attributes: withChanges(obj.attributes, [{ name: "Contact Information", value }]),
    });
    const updated = await updateObject(ctx, uid, contact("first"));
    expect(updated.attributes).toContainEqual({ name: "Contact Information", value: "first" });
    expect(once.updates).toBe(2);

    const always = conflicting(h.objects, 2);
    const failing = { ...h.ctx(14), objects: always };
    expect(await reasonOf(updateObject(failing, uid, contact("second")))).toBe(ResultReason.GeneralFailure);
    expect(h.logs.some((l) => l.level === "warn")).toBe(true);
  });
});
