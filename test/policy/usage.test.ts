/**
 * Usage masks (1.4 §3.19, 2.1 §4.17, §12.1) and the states and dates that allow a cryptographic
 * use (1.4 §3.22, §3.25–3.26): CS-BC-M-14 (Protect Stop Date passed, Process Start Date ahead),
 * BL-M-2/3-21 (mask lacks the bit), MongoDB's Secret Data with mask 0.
 */
import { describe, expect, it } from "vitest";
import { CryptographicAlgorithm, ObjectType, ResultReason, State } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask as M } from "../../src/kmip/generated/masks.js";
import {
  type CryptoPurpose,
  canUseFor,
  checkUsageMaskValue,
  defaultUsageMask,
  kmipDate,
  maskAllows,
  requireUsableFor,
  requireUsage,
  requireUsageFor,
} from "../../src/policy/index.js";
import { at, key, reasonOf } from "./helpers.js";

const NOW = at(100);

describe("requireUsage", () => {
  const encryptOnly = key(State.Active, [{ name: "Cryptographic Usage Mask", value: M.Encrypt }]);

  it("passes when every bit is set", () => {
    expect(() => requireUsage(encryptOnly, M.Encrypt, 14)).not.toThrow();
    expect(() => requireUsageFor(key(State.Active), "Decrypt", 21)).not.toThrow();
  });

  it("refuses a missing bit: 1.x Permission Denied, 2.x Incompatible Cryptographic Usage Mask (BL-M-2-21)", () => {
    expect(reasonOf(() => requireUsage(encryptOnly, M.Decrypt, 14))).toBe(ResultReason.PermissionDenied);
    expect(reasonOf(() => requireUsage(encryptOnly, M.Decrypt, 21))).toBe(
      ResultReason.IncompatibleCryptographicUsageMask,
    );
    expect(reasonOf(() => requireUsage(encryptOnly, M.Encrypt | M.WrapKey, 21))).toBe(
      ResultReason.IncompatibleCryptographicUsageMask,
    );
  });

  it("Unrestricted allows everything (2.1 §12.1); no mask allows nothing", () => {
    expect(maskAllows(M.Unrestricted, M.Sign | M.Decrypt)).toBe(true);
    expect(maskAllows(undefined, M.Encrypt)).toBe(false);
    expect(maskAllows(0, 0)).toBe(true);
  });

  it("MongoDB's Secret Data with mask 0 allows no cryptography, and needs none to be stored", () => {
    const secret = key(State.Active, [{ name: "Cryptographic Usage Mask", value: 0 }], ObjectType.SecretData);
    expect(reasonOf(() => requireUsageFor(secret, "Derive Key", 10))).toBe(ResultReason.PermissionDenied);
  });
});

describe("defaults when a creating request has no mask (2.1 §4 Table 28)", () => {
  it("symmetric keys encrypt and decrypt; HMAC keys MAC", () => {
    expect(defaultUsageMask(ObjectType.SymmetricKey, CryptographicAlgorithm.AES)).toBe(M.Encrypt | M.Decrypt);
    expect(defaultUsageMask(ObjectType.SymmetricKey, CryptographicAlgorithm.HMAC_SHA256)).toBe(
      M.MACGenerate | M.MACVerify,
    );
  });

  it("Secret Data gets 0, Opaque Objects and Templates none", () => {
    expect(defaultUsageMask(ObjectType.SecretData)).toBe(0);
    expect(defaultUsageMask(ObjectType.OpaqueObject)).toBeUndefined();
    expect(defaultUsageMask(ObjectType.Template)).toBeUndefined();
  });

  it("a mask value is a 32-bit integer", () => {
    expect(checkUsageMaskValue(0x240, 14)).toBe(0x240);
    expect(reasonOf(() => checkUsageMaskValue(2 ** 33, 14))).toBe(ResultReason.InvalidField);
    expect(reasonOf(() => checkUsageMaskValue("x", 21))).toBe(ResultReason.InvalidAttributeValue);
  });
});

describe("canUseFor: states (1.4 §3.22)", () => {
  const table: [number, CryptoPurpose, boolean][] = [
    [State.PreActive, "Encrypt", false],
    [State.PreActive, "Decrypt", false],
    [State.Active, "Encrypt", true],
    [State.Active, "Decrypt", true],
    [State.Deactivated, "Encrypt", false],
    [State.Deactivated, "Sign", false],
    [State.Deactivated, "MAC", false],
    [State.Deactivated, "Wrap Key", false],
    [State.Deactivated, "Derive Key", false],
    [State.Deactivated, "Decrypt", true],
    [State.Deactivated, "Signature Verify", true],
    [State.Deactivated, "MAC Verify", true],
    [State.Deactivated, "Unwrap Key", true],
    [State.Compromised, "Encrypt", false],
    [State.Compromised, "Decrypt", true],
    [State.Destroyed, "Decrypt", false],
    [State.DestroyedCompromised, "Signature Verify", false],
  ];
  for (const [state, purpose, allowed] of table)
    it(`${purpose} with a ${state}-state object: ${allowed}`, () => {
      expect(canUseFor(key(state), purpose, NOW)).toBe(allowed);
    });

  it("refuses with Permission Denied in 1.x/2.0 (CS-BC-M-14-14/-20), Wrong Key Lifecycle State in 2.1", () => {
    expect(reasonOf(() => requireUsableFor(key(State.PreActive), "Encrypt", NOW, 14))).toBe(
      ResultReason.PermissionDenied,
    );
    expect(reasonOf(() => requireUsableFor(key(State.PreActive), "Encrypt", NOW, 20))).toBe(
      ResultReason.PermissionDenied,
    );
    expect(reasonOf(() => requireUsableFor(key(State.PreActive), "Encrypt", NOW, 21))).toBe(
      ResultReason.WrongKeyLifecycleState,
    );
  });

  it("a Pre-Active object whose Activation Date passed may be used (lazy dates)", () => {
    const obj = key(State.PreActive, [{ name: "Activation Date", value: kmipDate(at(10)) }]);
    expect(canUseFor(obj, "Encrypt", NOW)).toBe(true);
  });
});

describe("canUseFor: dates (1.4 §3.25–3.26; CS-BC-M-14-21)", () => {
  const dated = key(State.Active, [
    { name: "Activation Date", value: kmipDate(at(-3600)) },
    { name: "Process Start Date", value: kmipDate(at(3700)) },
    { name: "Protect Stop Date", value: kmipDate(at(-3500)) },
  ]);

  it("no protection once the Protect Stop Date has passed, no processing before the Process Start Date", () => {
    expect(canUseFor(dated, "Encrypt", NOW)).toBe(false);
    expect(canUseFor(dated, "Decrypt", NOW)).toBe(false);
    expect(reasonOf(() => requireUsableFor(dated, "Encrypt", NOW, 21))).toBe(
      ResultReason.WrongKeyLifecycleState,
    );
  });

  it("processing starts at the Process Start Date", () => {
    expect(canUseFor(dated, "Decrypt", at(3700))).toBe(true);
  });
});
