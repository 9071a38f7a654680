/**
 * Export and Import (KMIP 2.1 §6.1.18, §6.1.25): an object with all its attributes out, and in
 * again as given; Replace Existing; scope isolation of the identifiers an Import asks for.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import { KeyFormatType, ObjectType, ResultReason, State } from "../../src/kmip/generated/enums.js";
import type { ImportRequest } from "../../src/kmip/payloads/get.js";
import { Create } from "../../src/operations/create.js";
import { Destroy } from "../../src/operations/destroy.js";
import { Export } from "../../src/operations/export.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Import } from "../../src/operations/import.js";
import { createAes, type Harness, harness, reasonOf, run, SCOPE_B } from "./harness.js";

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

const value = (attrs: readonly Attribute[], name: string) => attrs.find((a) => a.name === name)?.value;

async function created(): Promise<string> {
  return (await run(Create, createAes(128), h.ctx(21))).response.uniqueIdentifier as string;
}

async function exported(uid: string) {
  return (await run(Export, { uniqueIdentifier: uid }, h.ctx(21))).response;
}

/** The exported object as an Import of `uid` (its Unique Identifier attribute saying `uid`). */
function importOf(e: Awaited<ReturnType<typeof exported>>, uid: string, replace?: boolean): ImportRequest {
  const attributes = (e.attributes ?? []).map((a) =>
    a.name === "Unique Identifier" ? { ...a, value: uid } : a,
  );
  return {
    uniqueIdentifier: uid,
    objectType: e.objectType,
    replaceExisting: replace,
    attributes,
    object: e.object,
  };
}

describe("Export (2.1 §6.1.18)", () => {
  it("returns the object as Get does, with all its attributes, and sets the ID Placeholder", async () => {
    const uid = await created();
    const batch = { idPlaceholder: undefined as string | undefined };
    const { response } = await run(Export, { uniqueIdentifier: uid }, h.ctx(21, { batch }));
    expect(response.objectType).toBe(ObjectType.SymmetricKey);
    expect(value(response.attributes ?? [], "Unique Identifier")).toBe(uid);
    expect(value(response.attributes ?? [], "State")).toBe(State.PreActive);
    expect(value(response.attributes ?? [], "Fresh")).toBe(true);
    const got = (await run(Get, { uniqueIdentifier: uid }, h.ctx(21))).response;
    expect(response.object).toEqual(got.object);
    expect(batch.idPlaceholder).toBe(uid);
  });

  it("honours Key Format Type as Get does", async () => {
    const uid = await created();
    const e = (
      await run(
        Export,
        { uniqueIdentifier: uid, keyFormatType: KeyFormatType.TransparentSymmetricKey },
        h.ctx(21),
      )
    ).response;
    expect((e.object.value as { keyBlock: { keyFormatType: number } }).keyBlock.keyFormatType).toBe(
      KeyFormatType.TransparentSymmetricKey,
    );
  });

  it("refuses a destroyed object, and an object of another scope is not found", async () => {
    const uid = await created();
    expect(await reasonOf(Export.handler({ uniqueIdentifier: uid }, h.ctx(21, { scope: SCOPE_B })))).toBe(
      ResultReason.ObjectNotFound,
    );
    await run(Destroy, { uniqueIdentifier: uid }, h.ctx(21));
    const reason = await reasonOf(Export.handler({ uniqueIdentifier: uid }, h.ctx(21)));
    expect(reason).toBe(ResultReason.KeyValueNotPresent);
  });
});

describe("Import (2.1 §6.1.25)", () => {
  it("refuses an existing identifier without Replace Existing, and replaces with it", async () => {
    const uid = await created();
    const e = await exported(uid);
    expect(await reasonOf(Import.handler(importOf(e, uid), h.ctx(21)))).toBe(
      ResultReason.ObjectAlreadyExists,
    );
    expect(await reasonOf(Import.handler(importOf(e, uid, false), h.ctx(21)))).toBe(
      ResultReason.ObjectAlreadyExists,
    );
    const attrs = [
      ...(e.attributes ?? []).filter((a) => a.name !== "State"),
      { name: "State", value: State.Active },
    ];
    const batch = { idPlaceholder: undefined as string | undefined };
    const { response } = await run(
      Import,
      { ...importOf(e, uid, true), attributes: attrs },
      h.ctx(21, { batch }),
    );
    expect(response.uniqueIdentifier).toBe(uid);
    expect(batch.idPlaceholder).toBe(uid);
    const after = (await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(21))).response.attributes ?? [];
    expect(value(after, "State")).toBe(State.Active);
  });

  it("restores a destroyed object's material by replacement", async () => {
    const uid = await created();
    const e = await exported(uid);
    await run(Destroy, { uniqueIdentifier: uid }, h.ctx(21));
    await run(Import, importOf(e, uid, true), h.ctx(21));
    const got = (await run(Get, { uniqueIdentifier: uid }, h.ctx(21))).response;
    expect(got.object).toEqual(e.object);
  });

  it("sets the supplied attribute values, not the server's", async () => {
    const uid = await created();
    const e = await exported(uid);
    const initial = BigInt(Date.UTC(2001, 1, 3, 4, 5, 6) / 1000);
    const attrs = [
      ...(e.attributes ?? []).filter((a) => a.name !== "Initial Date" && a.name !== "Unique Identifier"),
      { name: "Initial Date", value: initial },
    ];
    const { response } = await run(
      Import,
      { ...importOf(e, "client-chosen-1"), attributes: attrs },
      h.ctx(21),
    );
    expect(response.uniqueIdentifier).toBe("client-chosen-1");
    const got =
      (await run(GetAttributes, { uniqueIdentifier: "client-chosen-1" }, h.ctx(21))).response.attributes ??
      [];
    expect(value(got, "Initial Date")).toBe(initial);
    expect(value(got, "Unique Identifier")).toBe("client-chosen-1");
  });

  it("keeps scopes apart: another scope's identifier is never replaced, taken or revealed", async () => {
    const uid = await created();
    const e = await exported(uid);
    const inB = h.ctx(21, { scope: SCOPE_B });
    const theirs = (await run(Import, importOf(e, uid, true), inB)).response.uniqueIdentifier as string;
    expect(theirs).not.toBe(uid);
    const own = (await run(Get, { uniqueIdentifier: uid }, h.ctx(21))).response;
    expect(own.uniqueIdentifier).toBe(uid);
    // A server-form identifier that names nothing gets a fresh one too: the answer cannot tell.
    const unused = "A".repeat(32);
    const fresh = (await run(Import, importOf(e, unused), inB)).response.uniqueIdentifier as string;
    expect(fresh).not.toBe(unused);
    // A client-chosen name held by another scope is not theirs to take.
    await run(Import, importOf(e, "shared-name"), h.ctx(21));
    const other = (await run(Import, importOf(e, "shared-name"), inB)).response.uniqueIdentifier;
    expect(other).not.toBe("shared-name");
    expect(await reasonOf(Get.handler({ uniqueIdentifier: "shared-name" }, inB))).toBe(
      ResultReason.ObjectNotFound,
    );
  });

  it("refuses a mismatched Object Type, a differing Unique Identifier attribute, a type change and a double single-valued attribute", async () => {
    const uid = await created();
    const e = await exported(uid);
    expect(
      await reasonOf(Import.handler({ ...importOf(e, "x1"), objectType: ObjectType.SecretData }, h.ctx(21))),
    ).toBe(ResultReason.InvalidObjectType);
    const stale = { ...importOf(e, "x2"), attributes: e.attributes };
    expect(await reasonOf(Import.handler(stale, h.ctx(21)))).toBe(ResultReason.InvalidAttributeValue);
    const noUid = (e.attributes ?? []).filter(
      (a) => a.name !== "Unique Identifier" && a.name !== "Object Type",
    );
    const twice = [...noUid, { name: "Cryptographic Length", value: 256 }];
    expect(await reasonOf(Import.handler({ ...importOf(e, "x3"), attributes: twice }, h.ctx(21)))).toBe(
      ResultReason.AttributeSingleValued,
    );
    expect(await reasonOf(Import.handler({ ...importOf(e, ""), attributes: noUid }, h.ctx(21)))).toBe(
      ResultReason.InvalidField,
    );
    const secret = {
      type: "secretData",
      value: {
        secretDataType: 1,
        keyBlock: { keyFormatType: KeyFormatType.Raw, keyValue: { keyMaterial: new Uint8Array(8) } },
      },
    };
    const change = {
      ...importOf(e, uid, true),
      objectType: ObjectType.SecretData,
      object: secret,
      attributes: noUid,
    } as ImportRequest;
    expect(await reasonOf(Import.handler(change, h.ctx(21)))).toBe(ResultReason.InvalidObjectType);
    // Nothing half-written: the refused imports left no object behind.
    for (const id of ["x1", "x2", "x3"])
      expect(await reasonOf(Get.handler({ uniqueIdentifier: id }, h.ctx(21)))).toBe(
        ResultReason.ObjectNotFound,
      );
  });
});
