import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ObjectType, ResultReason } from "../../src/kmip/generated/enums.js";
import { StorageStatusMask } from "../../src/kmip/generated/masks.js";
import { AddAttribute } from "../../src/operations/add-attribute.js";
import { Archive } from "../../src/operations/archive.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Locate } from "../../src/operations/locate.js";
import { ObtainLease } from "../../src/operations/obtain-lease.js";
import { Recover } from "../../src/operations/recover.js";
import { createKey, name, secondsOf, stored, storedValue, VERSIONS } from "./attribute-fixtures.js";
import { type Harness, harness, reasonOf, run, SCOPE_B, T0, tagNames } from "./harness.js";

const byName = (value: string, storageStatusMask?: number) => ({
  storageStatusMask,
  attributes: [{ name: "Object Type", value: ObjectType.SymmetricKey }, name(value)],
});

describe.each(VERSIONS)("Archive and Recover, KMIP %i (OASIS TC-101)", (version) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  it("archives: Get refuses, Locate sees it only with the Archival bit; Recover brings it back", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx, [name("archive-key")]);
    const before = await Get.handler({ uniqueIdentifier: uid }, ctx);
    h.clock.now = new Date(T0.getTime() + 2000);

    const { encoded } = await run(Archive, { uniqueIdentifier: uid }, ctx);
    expect(tagNames(encoded)).toEqual(["Response Payload", "Unique Identifier"]);
    expect((await stored(h, uid)).archived).toBe(true);
    expect(await reasonOf(Get.handler({ uniqueIdentifier: uid }, ctx))).toBe(ResultReason.ObjectArchived);
    // Metadata stays readable (get-attributes.ts): Archive Date exists only while archived.
    const archiveDate = await GetAttributes.handler(
      { uniqueIdentifier: uid, attributeReference: ["Archive Date"] },
      ctx,
    );
    expect(archiveDate.attributes?.map((a) => a.name)).toEqual(["Archive Date"]);
    expect(await storedValue(h, uid, "Archive Date")).toBe(secondsOf(h.clock.now));
    expect(await storedValue(h, uid, "Last Change Date")).toBe(secondsOf(h.clock.now));

    expect((await Locate.handler(byName("archive-key"), ctx)).uniqueIdentifier).toEqual([]);
    const both = StorageStatusMask.OnLineStorage | StorageStatusMask.ArchivalStorage;
    expect((await Locate.handler(byName("archive-key", both), ctx)).uniqueIdentifier).toEqual([uid]);
    const archivalOnly = StorageStatusMask.ArchivalStorage;
    expect((await Locate.handler(byName("archive-key", archivalOnly), ctx)).uniqueIdentifier).toEqual([uid]);

    h.clock.now = new Date(T0.getTime() + 4000);
    const recovered = await run(Recover, { uniqueIdentifier: uid }, ctx);
    expect(recovered.response).toEqual({ uniqueIdentifier: uid });
    expect((await stored(h, uid)).archived).toBe(false);
    expect(await storedValue(h, uid, "Archive Date")).toBeUndefined();
    expect(await storedValue(h, uid, "Last Change Date")).toBe(secondsOf(h.clock.now));
    const after = await Get.handler({ uniqueIdentifier: uid }, ctx);
    expect(after.object).toEqual(before.object);
    expect((await Locate.handler(byName("archive-key"), ctx)).uniqueIdentifier).toEqual([uid]);
    expect((await Locate.handler(byName("archive-key", archivalOnly), ctx)).uniqueIdentifier).toEqual([]);
  });

  it("an archived object refuses changes and leases until recovered", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    await Archive.handler({ uniqueIdentifier: uid }, ctx);
    expect(
      await reasonOf(AddAttribute.handler({ uniqueIdentifier: uid, newAttribute: name("n") }, ctx)),
    ).toBe(ResultReason.ObjectArchived);
    expect(await reasonOf(ObtainLease.handler({ uniqueIdentifier: uid }, ctx))).toBe(
      ResultReason.ObjectArchived,
    );
  });

  it("archiving twice is Object Archived (1.4 §11.23)", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    await Archive.handler({ uniqueIdentifier: uid }, ctx);
    expect(await reasonOf(Archive.handler({ uniqueIdentifier: uid }, ctx))).toBe(ResultReason.ObjectArchived);
  });

  it("recovering an on-line object succeeds and changes nothing", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    const before = await stored(h, uid);
    await run(Recover, { uniqueIdentifier: uid }, ctx);
    expect((await stored(h, uid)).revision).toBe(before.revision);
  });

  it("a missing object, or one of another scope, is not found; the ID Placeholder stands in", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    const expected = version < 20 ? ResultReason.ItemNotFound : ResultReason.ObjectNotFound;
    for (const op of [Archive, Recover]) {
      expect(await reasonOf(op.handler({ uniqueIdentifier: "nope" }, ctx))).toBe(expected);
      expect(await reasonOf(op.handler({ uniqueIdentifier: uid }, h.ctx(version, { scope: SCOPE_B })))).toBe(
        expected,
      );
    }
    expect((await Archive.handler({}, ctx)).uniqueIdentifier).toBe(uid);
    expect((await Recover.handler({}, ctx)).uniqueIdentifier).toBe(uid);
  });
});
