import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ObjectType, ResultReason, UsageLimitsUnit } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask as M } from "../../src/kmip/generated/masks.js";
import { Check } from "../../src/operations/check.js";
import { Create } from "../../src/operations/create.js";
import { Register } from "../../src/operations/register.js";
import { createAes, type Harness, harness, nameAttribute, reasonOf, run, SCOPE_A } from "./harness.js";

describe("Check (1.4 §4.10, 2.1 §6.1.7)", () => {
  let h: Harness;
  let uid: string;
  beforeEach(async () => {
    h = harness();
    const limits = {
      name: "Usage Limits",
      value: { usageLimitsTotal: 100n, usageLimitsUnit: UsageLimitsUnit.Object },
    };
    const created = await run(Create, createAes(256, [limits]), h.ctx(14));
    uid = created.response.uniqueIdentifier as string;
  });
  afterEach(async () => h.close());

  it("returns the Unique Identifier when the object may be used so (usage mask, limits)", async () => {
    const { response } = await run(
      Check,
      { uniqueIdentifier: uid, cryptographicUsageMask: M.Encrypt, usageLimitsCount: 100n },
      h.ctx(14),
    );
    expect(response).toEqual({ uniqueIdentifier: uid });
  });

  it("fails on a usage the mask lacks, and empties the ID Placeholder (BL-M-2-21)", async () => {
    const batch: { idPlaceholder: string | undefined } = { idPlaceholder: uid };
    const request = { cryptographicUsageMask: M.Sign };
    expect(await reasonOf(Check.handler(request, h.ctx(21, { batch })))).toBe(
      ResultReason.IncompatibleCryptographicUsageMask,
    );
    expect(batch.idPlaceholder).toBeUndefined();
    expect(await reasonOf(Check.handler({ uniqueIdentifier: uid, ...request }, h.ctx(14)))).toBe(
      ResultReason.PermissionDenied,
    );
  });

  it("fails when more use is asked than the Usage Limits allow", async () => {
    const request = { uniqueIdentifier: uid, usageLimitsCount: 101n };
    expect(await reasonOf(Check.handler(request, h.ctx(21)))).toBe(ResultReason.UsageLimitExceeded);
    expect(await reasonOf(Check.handler(request, h.ctx(12)))).toBe(ResultReason.PermissionDenied);
  });

  it("accepts any lease when the object has no Lease Time", async () => {
    const obj = (await h.objects.get(SCOPE_A, uid))!;
    await h.objects.update(SCOPE_A, uid, obj.revision, {
      attributes: obj.attributes.filter((a) => a.name !== "Lease Time"),
    });
    await run(Check, { uniqueIdentifier: uid, leaseTime: 86_400 }, h.ctx(14));
  });

  it("refuses a lease longer than the server's Lease Time of a new object (2.1 §4.30)", async () => {
    await run(Check, { uniqueIdentifier: uid, leaseTime: 3600 }, h.ctx(14));
    const request = { uniqueIdentifier: uid, leaseTime: 86_400 };
    expect(await reasonOf(Check.handler(request, h.ctx(14)))).toBe(ResultReason.PermissionDenied);
  });

  it("refuses a Template (1.x Illegal Operation)", async () => {
    const template = {
      objectType: ObjectType.Template,
      attributes: [nameAttribute("t")],
      object: {
        type: "template" as const,
        value: { attribute: [{ name: "Cryptographic Length", value: 128 }] },
      },
    };
    const { response } = await run(Register, template, h.ctx(12));
    expect(await reasonOf(Check.handler({ uniqueIdentifier: response.uniqueIdentifier }, h.ctx(12)))).toBe(
      ResultReason.IllegalOperation,
    );
  });
});
