/**
 * The KMIP 2.x protocol operations of `protocol-set.ts` (Interop, Log, Ping, PKCS#11) and the
 * Quantum Safe refusal of new objects (2.1 §4.45).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CryptographicAlgorithm,
  InteropFunction,
  PKCS_11Function,
  PKCS_11ReturnCode,
  ResultReason,
} from "../../src/kmip/generated/enums.js";
import { Create } from "../../src/operations/create.js";
import { interopOperation } from "../../src/operations/interop.js";
import { Log } from "../../src/operations/log.js";
import { pkcs11Operation } from "../../src/operations/pkcs11.js";
import { protocolOperations } from "../../src/operations/protocol-set.js";
import { isQuantumSafe } from "../../src/policy/quantum-safe.js";
import { createAes, type Harness, harness, reasonOf, run, SCOPE_B } from "./harness.js";

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

describe("Interop (2.1 §6.1.26)", () => {
  it("is served only by a test server", () => {
    expect(protocolOperations({ interop: false }).map((d) => d.name)).not.toContain("Interop");
    expect(protocolOperations({ interop: true }).map((d) => d.name)).toContain("Interop");
  });

  it("ends only a test that was begun, per scope", async () => {
    const op = interopOperation();
    const begin = { interopFunction: InteropFunction.Begin, interopIdentifier: "BL-M-1-21" };
    const end = { interopFunction: InteropFunction.End, interopIdentifier: "BL-M-1-21" };
    await run(op, begin, h.ctx(21));
    expect(await reasonOf(op.handler(end, h.ctx(21, { scope: SCOPE_B })))).toBe(ResultReason.InvalidField);
    await run(op, end, h.ctx(21));
    expect(await reasonOf(op.handler(end, h.ctx(21)))).toBe(ResultReason.InvalidField);
    expect(await reasonOf(op.handler({ interopFunction: 0x99, interopIdentifier: "x" }, h.ctx(21)))).toBe(
      ResultReason.InvalidField,
    );
  });

  it("Reset removes the scope's objects and nothing of other scopes", async () => {
    await run(Create, createAes(256), h.ctx(21));
    await run(Create, createAes(256), h.ctx(21, { scope: SCOPE_B }));
    await run(
      interopOperation(),
      { interopFunction: InteropFunction.Reset, interopIdentifier: "r" },
      h.ctx(21),
    );
    expect(await h.objects.countInScope(h.ctx(21).scope)).toBe(0);
    expect(await h.objects.countInScope(SCOPE_B)).toBe(1);
  });
});

describe("Log (2.1 §6.1.29)", () => {
  it("writes the client's message to the server log as a field, and bounds it", async () => {
    await run(Log, { logMessage: "hello %s" }, h.ctx(21));
    expect(h.logs.some((l) => (l.obj as { logMessage?: string }).logMessage === "hello %s")).toBe(true);
    expect(await reasonOf(Log.handler({ logMessage: "x".repeat(5000) }, h.ctx(21)))).toBe(
      ResultReason.InvalidField,
    );
  });
});

describe("PKCS#11 (2.1 §6.1.37)", () => {
  it("C_Initialize, C_GetInfo and C_Finalize over one library session", async () => {
    const op = pkcs11Operation();
    const init = await run(op, { pkcs11Function: PKCS_11Function.C_Initialize }, h.ctx(21));
    const session = init.response.correlationValue!;
    expect(init.response.pkcs11ReturnCode).toBe(PKCS_11ReturnCode.OK);
    expect(session.length).toBe(16);
    const info = await run(
      op,
      { pkcs11Function: PKCS_11Function.C_GetInfo, correlationValue: session },
      h.ctx(21),
    );
    const ck = info.response.pkcs11OutputParameters!;
    expect(ck.length).toBe(76);
    expect([ck[0], ck[1]]).toEqual([3, 0]);
    expect(Buffer.from(ck.subarray(2, 34)).toString()).toBe(`kmipd${" ".repeat(27)}`);
    const again = await run(
      op,
      { pkcs11Function: PKCS_11Function.C_Initialize, correlationValue: session },
      h.ctx(21),
    );
    expect(again.response.pkcs11ReturnCode).toBe(PKCS_11ReturnCode.CRYPTOKI_ALREADY_INITIALIZED);
    // Another scope does not see this session.
    const other = await run(
      op,
      { pkcs11Function: PKCS_11Function.C_GetInfo, correlationValue: session },
      h.ctx(21, { scope: SCOPE_B }),
    );
    expect(other.response.pkcs11ReturnCode).toBe(PKCS_11ReturnCode.CRYPTOKI_NOT_INITIALIZED);
    const fin = await run(
      op,
      { pkcs11Function: PKCS_11Function.C_Finalize, correlationValue: session },
      h.ctx(21),
    );
    expect(fin.response.pkcs11ReturnCode).toBe(PKCS_11ReturnCode.OK);
    const after = await run(
      op,
      { pkcs11Function: PKCS_11Function.C_GetInfo, correlationValue: session },
      h.ctx(21),
    );
    expect(after.response.pkcs11ReturnCode).toBe(PKCS_11ReturnCode.CRYPTOKI_NOT_INITIALIZED);
  });

  it("answers token functions CKR_FUNCTION_NOT_SUPPORTED, and refuses other interfaces and vendor functions", async () => {
    const op = pkcs11Operation();
    const slots = await run(op, { pkcs11Function: PKCS_11Function.C_GetSlotList }, h.ctx(21));
    expect(slots.response.pkcs11ReturnCode).toBe(PKCS_11ReturnCode.FUNCTION_NOT_SUPPORTED);
    const iface = op.handler(
      { pkcs11Interface: "Vendor X", pkcs11Function: PKCS_11Function.C_GetInfo },
      h.ctx(21),
    );
    expect(await reasonOf(iface)).toBe(ResultReason.PKCS_11InvalidInterface);
    const vendor = op.handler({ pkcs11Function: { vendor: 0x80000001 } }, h.ctx(21));
    expect(await reasonOf(vendor)).toBe(ResultReason.PKCS_11InvalidFunction);
  });
});

describe("Quantum Safe (2.1 §4.45)", () => {
  const quantumSafe = { name: "Quantum Safe", value: true };

  it("refuses to create a key that would not be Quantum Safe, and stores nothing", async () => {
    const refused = Create.handler(createAes(128, [quantumSafe]), h.ctx(21));
    expect(await reasonOf(refused)).toBe(ResultReason.GeneralFailure);
    expect(await h.objects.countInScope(h.ctx(21).scope)).toBe(0);
    await run(Create, createAes(256, [quantumSafe]), h.ctx(21));
    await run(Create, createAes(128), h.ctx(21));
    expect(await h.objects.countInScope(h.ctx(21).scope)).toBe(2);
  });

  it("judges by algorithm: post-quantum schemes yes, Shor-breakable ones never", () => {
    expect(isQuantumSafe(CryptographicAlgorithm.XMSS, undefined)).toBe(true);
    expect(isQuantumSafe(CryptographicAlgorithm.RSA, 15360)).toBe(false);
    expect(isQuantumSafe(CryptographicAlgorithm.AES, 192)).toBe(false);
    expect(isQuantumSafe(CryptographicAlgorithm.HMAC_SHA512, 512)).toBe(true);
    expect(isQuantumSafe(CryptographicAlgorithm.DES3, 168)).toBe(false);
  });
});
