/**
 * The attribute operations behind the payload schemas: each request is encoded to TTLV bytes in
 * the client's version, decoded as the batch layer decodes it, handled, and the response encoded
 * and decoded again — so the handlers read the fields the schemas produce, for 1.x and 2.x forms.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  decodeRequestPayload,
  decodeResponsePayload,
  encodeRequestPayload,
} from "../../src/kmip/payloads/registry.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { ATTRIBUTE_OPERATIONS } from "../../src/operations/attribute-set.js";
import type { OperationContext, OperationDef } from "../../src/operations/types.js";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { ItemType } from "../../src/ttlv/types.js";
import { createKey, instances, item, name, secondsOf, storedValue, VERSIONS } from "./attribute-fixtures.js";
import { type Harness, harness, operationCode, run, T0 } from "./harness.js";

function op(opName: string): OperationDef {
  const found = ATTRIBUTE_OPERATIONS.find((o) => o.name === opName);
  if (found === undefined) throw new Error(`no ${opName}`);
  return found;
}

/** The request as a server receives it: through the bytes and the request schema. */
function overTheWire(opName: string, request: unknown, version: KmipVersion): unknown {
  const code = operationCode(opName);
  const bytes = encodeTtlv(encodeRequestPayload(code, request, version));
  return decodeRequestPayload(code, decodeTtlv(bytes), version);
}

async function call(opName: string, request: unknown, ctx: OperationContext) {
  const { encoded } = await run(op(opName), overTheWire(opName, request, ctx.version), ctx);
  return decodeResponsePayload(operationCode(opName), decodeTtlv(encodeTtlv(encoded)), ctx.version) as {
    uniqueIdentifier: string;
    attribute?: unknown;
  };
}

describe.each(VERSIONS)("attribute operations over the wire, KMIP %i", (version) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  it("Add, Modify and Delete a Name and a custom attribute", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx, [name("a")]);
    const added = await call("Add Attribute", { uniqueIdentifier: uid, newAttribute: name("b") }, ctx);
    expect(added.attribute).toEqual(version < 20 ? { ...name("b"), index: 1 } : undefined);
    const custom = { name: "x-tag", value: item(ItemType.TextString, "v1") };
    await call("Add Attribute", { newAttribute: custom }, ctx);
    const changed = { name: "x-tag", value: item(ItemType.TextString, "v2") };
    await call("Modify Attribute", { uniqueIdentifier: uid, newAttribute: changed }, ctx);
    expect(await storedValue(h, uid, "x-tag")).toEqual(changed.value);
    const removal =
      version < 20
        ? { uniqueIdentifier: uid, attributeReference: "Name", attributeIndex: 1 }
        : { uniqueIdentifier: uid, currentAttribute: name("b") };
    const deleted = await call("Delete Attribute", removal, ctx);
    expect(deleted.attribute).toEqual(version < 20 ? { ...name("b"), index: 1 } : undefined);
    expect(await instances(h, uid, "Name")).toEqual([name("a")]);
  });

  it("Re-key, Archive, Recover, Obtain Lease and Get Usage Allocation", async () => {
    const ctx = h.ctx(version);
    const old = await createKey(ctx, [
      name("k"),
      { name: "Activation Date", value: secondsOf(T0) },
      { name: "Usage Limits", value: { usageLimitsTotal: 10n, usageLimitsUnit: 1 } },
    ]);
    h.clock.now = new Date(T0.getTime() + 5000);
    const replaced = await call("Re-key", { uniqueIdentifier: old, offset: 0 }, ctx);
    expect(replaced.uniqueIdentifier).not.toBe(old);
    expect(ctx.batch.idPlaceholder).toBe(replaced.uniqueIdentifier);
    expect((await call("Obtain Lease", {}, ctx)).uniqueIdentifier).toBe(replaced.uniqueIdentifier);
    await call("Get Usage Allocation", { usageLimitsCount: 4n }, ctx);
    expect(await call("Archive", {}, ctx)).toEqual({ uniqueIdentifier: replaced.uniqueIdentifier });
    expect(await call("Recover", {}, ctx)).toEqual({ uniqueIdentifier: replaced.uniqueIdentifier });
  });

  it.runIf(version >= 20)("Set and Adjust a custom counter", async () => {
    const ctx = h.ctx(version);
    const uid = await createKey(ctx);
    await call(
      "Set Attribute",
      { uniqueIdentifier: uid, newAttribute: { name: "x-n", value: item(ItemType.Integer, 1) } },
      ctx,
    );
    await call(
      "Adjust Attribute",
      {
        uniqueIdentifier: uid,
        attributeReference: "x-n",
        adjustmentType: 1,
        adjustmentValue: item(ItemType.Integer, 41),
      },
      ctx,
    );
    expect(await storedValue(h, uid, "x-n")).toEqual(item(ItemType.Integer, 42));
  });
});
