/**
 * Add, Modify, Set and Delete Attribute rules (1.4 §4.14–4.16, §11.15–11.17; 2.1 §6.1.2, §6.1.13,
 * §6.1.34, §6.1.51), with the reasons of the OASIS vectors: BL-M-5-21 (Add of a second
 * Description), BL-M-7-21 (Modify State), BL-M-10-21 (Modify Certificate Length), SKLC-M-3-14/-21
 * (Modify Activation Date of an Active key), TC-SETATTR-3-20 (Set of a multi-valued attribute),
 * and Synology's activation by Modify Attribute.
 */
import { describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import { ObjectType, ResultReason, State } from "../../src/kmip/generated/enums.js";
import {
  applyDates,
  checkAdd,
  checkDelete,
  checkModify,
  checkSet,
  kmipDate,
  sensitivityChanges,
  withChanges,
} from "../../src/policy/index.js";
import { at, key, reasonOf } from "./helpers.js";

const NOW = at(100);

const description: Attribute = { name: "Description", value: "opaque" };

describe("Add Attribute", () => {
  it("adds a client attribute, and refuses a second single-instance one (BL-M-5-21)", () => {
    expect(() => checkAdd("Description", key(), 21, NOW)).not.toThrow();
    const described = key(State.Active, [description]);
    expect(reasonOf(() => checkAdd("Description", described, 21, NOW))).toBe(
      ResultReason.AttributeSingleValued,
    );
    expect(reasonOf(() => checkAdd("Description", described, 14, NOW))).toBe(ResultReason.IllegalOperation);
  });

  it("adds further instances of a multi-instance attribute and custom x- attributes (TC-41-12)", () => {
    const named = key(State.Compromised, [{ name: "Name", value: { nameValue: "a", nameType: 1 } }]);
    expect(() => checkAdd("Name", named, 12, NOW)).not.toThrow();
    expect(() => checkAdd("x-attribute1", named, 12, NOW)).not.toThrow();
  });

  it("refuses read-only attributes (1.4 §11.15 Permission Denied, 2.1 Read Only Attribute) and y-", () => {
    for (const name of ["State", "Digest", "Initial Date", "Cryptographic Algorithm", "y-secret"]) {
      expect(
        reasonOf(() => checkAdd(name, key(), 14, NOW)),
        name,
      ).toBe(ResultReason.PermissionDenied);
      expect(
        reasonOf(() => checkAdd(name, key(), 21, NOW)),
        name,
      ).toBe(ResultReason.ReadOnlyAttribute);
    }
  });

  it("refuses an attribute that does not apply to the object (1.x Permission Denied, 2.x Invalid Attribute)", () => {
    const secret = key(State.PreActive, [], ObjectType.SecretData);
    expect(reasonOf(() => checkAdd("Process Start Date", secret, 14, NOW))).toBe(
      ResultReason.PermissionDenied,
    );
    expect(() => checkAdd("Process Start Date", secret, 21, NOW)).not.toThrow();
    expect(reasonOf(() => checkAdd("Certificate Subject CN", key(), 21, NOW))).toBe(
      ResultReason.InvalidAttribute,
    );
  });

  it("a Deactivation Date is not added after the object left Pre-Active/Active (1.4 §3.27)", () => {
    expect(() => checkAdd("Deactivation Date", key(State.Active), 21, NOW)).not.toThrow();
    expect(reasonOf(() => checkAdd("Deactivation Date", key(State.Compromised), 21, NOW))).toBe(
      ResultReason.WrongKeyLifecycleState,
    );
  });
});

describe("Modify Attribute", () => {
  it("refuses State: never modifiable (1.4 §3.22; BL-M-7-21)", () => {
    expect(reasonOf(() => checkModify("State", key(), 21, NOW))).toBe(ResultReason.AttributeReadOnly);
    expect(reasonOf(() => checkModify("State", key(), 14, NOW))).toBe(ResultReason.PermissionDenied);
  });

  it("refuses Certificate Length of a certificate (BL-M-10-21)", () => {
    const cert = key(State.Active, [{ name: "Certificate Length", value: 1234 }], ObjectType.Certificate);
    expect(reasonOf(() => checkModify("Certificate Length", cert, 21, NOW))).toBe(
      ResultReason.AttributeReadOnly,
    );
  });

  it("Activation Date only while Pre-Active (SKLC-M-3-14 Permission Denied, SKLC-M-3-21 Wrong Key Lifecycle State)", () => {
    const active = key(State.Active, [{ name: "Activation Date", value: kmipDate(at(1)) }]);
    expect(reasonOf(() => checkModify("Activation Date", active, 14, NOW))).toBe(
      ResultReason.PermissionDenied,
    );
    expect(reasonOf(() => checkModify("Activation Date", active, 20, NOW))).toBe(
      ResultReason.PermissionDenied,
    );
    expect(reasonOf(() => checkModify("Activation Date", active, 21, NOW))).toBe(
      ResultReason.WrongKeyLifecycleState,
    );
    const pending = key(State.PreActive, [{ name: "Activation Date", value: kmipDate(at(500)) }]);
    expect(checkModify("Activation Date", pending, 14, NOW)).toBe("replace");
  });

  it("Synology: Modify of the Activation Date of a Pre-Active key that has none activates it", () => {
    const preActive = key(State.PreActive);
    expect(checkModify("Activation Date", preActive, 12, NOW)).toBe("add");
    const modified = {
      ...preActive,
      attributes: withChanges(preActive.attributes, [{ name: "Activation Date", value: kmipDate(NOW) }]),
    };
    expect(applyDates(modified, NOW).state).toBe(State.Active);
  });

  it("Process Start Date only until it is reached (1.4 §3.25)", () => {
    const future = key(State.Active, [{ name: "Process Start Date", value: kmipDate(at(200)) }]);
    expect(checkModify("Process Start Date", future, 14, NOW)).toBe("replace");
    expect(reasonOf(() => checkModify("Process Start Date", future, 21, at(300)))).toBe(
      ResultReason.WrongKeyLifecycleState,
    );
  });

  it("an attribute that does not exist needs Add first (1.4 §11.16 Invalid Field, 2.x Attribute Not Found)", () => {
    expect(reasonOf(() => checkModify("Description", key(), 14, NOW))).toBe(ResultReason.InvalidField);
    expect(reasonOf(() => checkModify("Description", key(), 21, NOW))).toBe(ResultReason.AttributeNotFound);
    expect(checkModify("Description", key(State.Active, [description]), 21, NOW)).toBe("replace");
  });

  it("client custom attributes are modifiable, server ones not (1.4 §3.39)", () => {
    const custom = key(State.Active, [
      { name: "x-attribute1", value: "Value1" },
      { name: "y-note", value: "server" },
    ]);
    expect(checkModify("x-attribute1", custom, 12, NOW)).toBe("replace");
    expect(reasonOf(() => checkModify("y-note", custom, 12, NOW))).toBe(ResultReason.PermissionDenied);
  });

  it("Usage Limits only until Get Usage Allocation took units (1.4 §3.21)", () => {
    const limits = (count: bigint) =>
      key(State.Active, [
        {
          name: "Usage Limits",
          value: { usageLimitsTotal: 500n, usageLimitsCount: count, usageLimitsUnit: 1 },
        },
      ]);
    expect(checkModify("Usage Limits", limits(500n), 14, NOW)).toBe("replace");
    expect(reasonOf(() => checkModify("Usage Limits", limits(400n), 14, NOW))).toBe(
      ResultReason.PermissionDenied,
    );
  });
});

describe("Delete Attribute", () => {
  it("deletes client attributes; refuses those always required (1.4 §4.16) or read-only", () => {
    expect(() => checkDelete("Description", key(State.Active, [description]), 14, NOW)).not.toThrow();
    for (const name of ["Cryptographic Usage Mask", "State", "Activation Date", "Sensitive"]) {
      const obj = key(State.Active, [
        { name: "Activation Date", value: 1n },
        { name: "Sensitive", value: false },
      ]);
      expect(
        reasonOf(() => checkDelete(name, obj, 14, NOW)),
        name,
      ).toBe(ResultReason.PermissionDenied);
      expect(
        reasonOf(() => checkDelete(name, obj, 21, NOW)),
        name,
      ).toBe(ResultReason.AttributeReadOnly);
    }
  });

  it("a missing attribute is Item Not Found in 1.x, Attribute Not Found in 2.x (1.4 §11.17)", () => {
    expect(reasonOf(() => checkDelete("Description", key(), 14, NOW))).toBe(ResultReason.ItemNotFound);
    expect(reasonOf(() => checkDelete("Description", key(), 21, NOW))).toBe(ResultReason.AttributeNotFound);
  });
});

describe("Set Attribute (2.x)", () => {
  it("adds when absent, replaces one instance, refuses several (TC-SETATTR-3-20 Multi Valued Attribute)", () => {
    expect(checkSet("tc-Set", key(), 20, NOW)).toBe("add");
    expect(checkSet("tc-Set", key(State.PreActive, [{ name: "tc-Set", value: "one" }]), 20, NOW)).toBe(
      "replace",
    );
    const two = key(State.PreActive, [{ name: "tc-Set", value: "one" }]);
    two.attributes.push({ name: "tc-Set", value: "two" });
    expect(reasonOf(() => checkSet("tc-Set", two, 20, NOW))).toBe(ResultReason.MultiValuedAttribute);
  });

  it("refuses read-only attributes with Read Only Attribute (2.1 §6.1.51.1)", () => {
    expect(reasonOf(() => checkSet("State", key(), 21, NOW))).toBe(ResultReason.ReadOnlyAttribute);
    expect(reasonOf(() => checkSet("Destroy Date", key(), 21, NOW))).toBe(ResultReason.ReadOnlyAttribute);
  });
});

describe("derived attributes", () => {
  it("Always Sensitive and Never Extractable turn False for good (1.4 §3.49, §3.51)", () => {
    const attrs: Attribute[] = [
      { name: "Sensitive", value: false },
      { name: "Always Sensitive", value: true },
      { name: "Extractable", value: true },
      { name: "Never Extractable", value: true },
    ];
    expect(sensitivityChanges(attrs)).toEqual([
      { name: "Always Sensitive", value: false },
      { name: "Never Extractable", value: false },
    ]);
  });
});
