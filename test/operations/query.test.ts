import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ObjectType, Operation, QueryFunction, RNGAlgorithm } from "../../src/kmip/generated/enums.js";
import { CORE_OPERATIONS } from "../../src/operations/core-set.js";
import { Query } from "../../src/operations/query.js";
import { buildOperationRegistry } from "../../src/operations/registry.js";
import { ItemType } from "../../src/ttlv/types.js";
import { type Harness, harness, run, tagNames } from "./harness.js";

describe("Query (1.4 §4.25, 2.1 §6.1.40)", () => {
  let h: Harness;
  let registered: number[];
  beforeEach(() => {
    h = harness();
    registered = [...buildOperationRegistry(CORE_OPERATIONS).keys()];
    h.operations.push(...registered);
  });
  afterEach(async () => h.close());

  it("lists exactly the registered operations the version has", async () => {
    const q = { queryFunction: [QueryFunction.QueryOperations] };
    const v14 = await run(Query, q, h.ctx(14));
    expect(v14.response.operation).toEqual([...registered].sort((a, b) => a - b));
    const v10 = await run(Query, q, h.ctx(10));
    // Discover Versions is 1.1+.
    expect(v10.response.operation).toEqual(
      registered.filter((c) => c !== Operation.DiscoverVersions).sort((a, b) => a - b),
    );
    h.operations.length = 0;
    h.operations.push(Operation.Get, Operation.Locate);
    expect((await run(Query, q, h.ctx(21))).response.operation).toEqual([Operation.Locate, Operation.Get]);
  });

  it("lists the object types Register stores, per version", async () => {
    const q = { queryFunction: [QueryFunction.QueryObjects] };
    const v10 = (await run(Query, q, h.ctx(10))).response.objectType ?? [];
    expect(v10).toContain(ObjectType.Template);
    expect(v10).not.toContain(ObjectType.PGPKey);
    const v21 = (await run(Query, q, h.ctx(21))).response.objectType ?? [];
    expect(v21).not.toContain(ObjectType.Template);
    expect(v21).toContain(ObjectType.CertificateRequest);
    expect(v21).toContain(ObjectType.SymmetricKey);
  });

  it("reports the vendor, and the server version in 2.x Server Information", async () => {
    const q = { queryFunction: [QueryFunction.QueryServerInformation] };
    const v14 = await run(Query, q, h.ctx(14));
    expect(v14.response.vendorIdentification).toBe("kmipd");
    expect(v14.response.serverInformation).toMatchObject({ type: ItemType.Structure, value: [] });
    const v21 = await run(Query, q, h.ctx(21));
    expect(tagNames(v21.encoded)).toContain("Server Version");
  });

  it("claims nothing it does not do: no profiles, validations, namespaces, extensions", async () => {
    const q = {
      queryFunction: [
        QueryFunction.QueryProfiles,
        QueryFunction.QueryValidations,
        QueryFunction.QueryApplicationNamespaces,
        QueryFunction.QueryExtensionList,
        QueryFunction.QueryAttestationTypes,
        QueryFunction.QueryClientRegistrationMethods,
      ],
    };
    const { encoded } = await run(Query, q, h.ctx(14));
    expect(encoded.value).toEqual([]);
  });

  it("reports an unspecified RNG and plain capabilities to 1.3+ only", async () => {
    const q = { queryFunction: [QueryFunction.QueryRNGs, QueryFunction.QueryCapabilities] };
    const v13 = await run(Query, q, h.ctx(13));
    expect(v13.response.rngParameters).toEqual([{ rngAlgorithm: RNGAlgorithm.Unspecified }]);
    expect(v13.response.capabilityInformation?.[0]).toMatchObject({ streamingCapability: false });
    expect(tagNames(v13.encoded)).toContain("Capability Information");
    const v12 = await run(Query, q, h.ctx(12));
    expect(v12.encoded.value).toEqual([]);
  });

  it("2.x: an empty Protection Storage Masks list when asked", async () => {
    const q = { queryFunction: [QueryFunction.QueryStorageProtectionMasks] };
    const { encoded } = await run(Query, q, h.ctx(21));
    expect(tagNames(encoded)).toEqual(["Response Payload", "Protection Storage Masks"]);
  });

  it("ignores an unknown Query Function and logs it", async () => {
    const { encoded } = await run(Query, { queryFunction: [0x7fff] }, h.ctx(14));
    expect(encoded.value).toEqual([]);
    expect(h.logs.some((l) => l.level === "warn")).toBe(true);
  });
});
