/** The operation registry (src/operations/registry.ts) and the version rules of the service. */
import { describe, expect, it } from "vitest";
import { Operation } from "../../src/kmip/generated/enums.js";
import { buildOperationRegistry, operationCode, operationName } from "../../src/operations/registry.js";
import { resolveRequestVersion, sniffProtocolVersion } from "../../src/server/protocol-version.js";
import { locate, request } from "./ttlv-builders.js";

const handler = async () => ({});

describe("buildOperationRegistry", () => {
  it("maps spec names to Operation codes", () => {
    const registry = buildOperationRegistry([
      { name: "Get Attribute List", handler },
      { name: "Create Key Pair", handler },
      { name: "Re-key", handler },
    ]);
    expect([...registry.keys()]).toEqual([
      Operation.GetAttributeList,
      Operation.CreateKeyPair,
      Operation.ReKey,
    ]);
    expect(operationCode("MAC Verify")).toBe(Operation.MACVerify);
    expect(operationName(Operation.RNGRetrieve)).toBe("RNG Retrieve");
  });

  it("fails at load on an unknown or loosely spelt name, and on a duplicate", () => {
    expect(() => buildOperationRegistry([{ name: "Frobnicate", handler }])).toThrow(/not a KMIP Operation/);
    expect(() => buildOperationRegistry([{ name: "GetAttributeList", handler }])).toThrow(
      /Get Attribute List/,
    );
    expect(() =>
      buildOperationRegistry([
        { name: "Get", handler },
        { name: "Get", handler },
      ]),
    ).toThrow(/twice/);
  });
});

describe("request protocol versions", () => {
  const served = [21, 20, 14, 13, 12, 11, 10] as const;
  it("serves known versions as sent and newer minors as our newest of the major", () => {
    expect(resolveRequestVersion({ major: 1, minor: 0 }, served)).toEqual({ kind: "serve", version: 10 });
    expect(resolveRequestVersion({ major: 1, minor: 9 }, served)).toEqual({ kind: "serve", version: 14 });
    expect(resolveRequestVersion({ major: 2, minor: 5 }, served)).toEqual({ kind: "serve", version: 21 });
    expect(resolveRequestVersion({ major: 1, minor: 2 }, [14])).toEqual({ kind: "serve", version: 12 });
  });

  it("answers another major in the newest version served", () => {
    expect(resolveRequestVersion({ major: 3, minor: 0 }, served)).toMatchObject({
      kind: "mismatch",
      answerIn: 21,
    });
    expect(resolveRequestVersion({ major: 2, minor: 0 }, [14, 10])).toMatchObject({
      kind: "mismatch",
      answerIn: 14,
    });
    expect(resolveRequestVersion({ major: 0, minor: 9 }, served)).toMatchObject({ kind: "mismatch" });
  });

  it("reads the version of a message from its fixed position", () => {
    expect(sniffProtocolVersion(request([1, 3], [locate()]))).toEqual({ major: 1, minor: 3 });
    expect(sniffProtocolVersion(new Uint8Array(56))).toBeUndefined();
    expect(sniffProtocolVersion(request([1, 3], [locate()]).subarray(0, 40))).toBeUndefined();
  });
});
