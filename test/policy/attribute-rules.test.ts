/**
 * The attribute rule table (1.4 §3, 2.1 §4) and the Create/Register template check: server-only
 * attributes refused with the version's reason, custom "x-" accepted and "y-" refused, single
 * instances, attributes that do not apply.
 */
import { describe, expect, it } from "vitest";
import { ATTRIBUTES } from "../../src/kmip/attributes.js";
import { ObjectType, ResultReason } from "../../src/kmip/generated/enums.js";
import { KMIP_VERSIONS, type KmipVersion } from "../../src/kmip/version.js";
import {
  ATTRIBUTE_INSTANCES_MAX,
  ATTRIBUTE_RULE_ROWS,
  allowsMultipleInstances,
  attributeRule,
  checkClientSettable,
  checkMultiInstance,
  checkTemplate,
} from "../../src/policy/index.js";
import { reasonOf } from "./helpers.js";

const { SymmetricKey, SecretData, Certificate, PGPKey, PrivateKey, OpaqueObject } = ObjectType;

describe("the rule table", () => {
  it("has a rule for every standard attribute of every version", () => {
    for (const def of ATTRIBUTES)
      for (const v of KMIP_VERSIONS) expect(attributeRule(def.name, v), def.name).toBeDefined();
  });

  it("names each row once and cites its section", () => {
    const names = ATTRIBUTE_RULE_ROWS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const r of ATTRIBUTE_RULE_ROWS) expect(r.section).toMatch(/^(1\.4 §3\.\d+)?(; )?(2\.1 §4\.\d+)?$/);
  });

  it("records where a rule changed with the version", () => {
    // Fresh: "SHALL always have a value" No in 1.4 §3.34, Yes in 2.1 §4.24.
    expect(attributeRule("Fresh", 14)?.alwaysHasValue).toBe(false);
    expect(attributeRule("Fresh", 21)?.alwaysHasValue).toBe(true);
    // Process Start Date: symmetric keys in 1.4 §3.25 (asymmetric keys too, for the 1.4
    // profile case CS-AC-M-8-14), All Objects in 2.1 §4.40.
    expect(attributeRule("Process Start Date", 14)?.appliesTo).toContain(PrivateKey);
    expect(attributeRule("Process Start Date", 14)?.appliesTo).not.toContain(SecretData);
    expect(attributeRule("Process Start Date", 21)?.appliesTo).toContain(SecretData);
    // Digital Signature Algorithm: PGP keys from 1.2 (§3.16).
    expect(attributeRule("Digital Signature Algorithm", 11)?.appliesTo).not.toContain(PGPKey);
    expect(attributeRule("Digital Signature Algorithm", 12)?.appliesTo).toContain(PGPKey);
  });

  it("marks the read-only attributes (1.4 §3: not modifiable or deletable by a client)", () => {
    for (const name of [
      "Unique Identifier",
      "State",
      "Initial Date",
      "Last Change Date",
      "Digest",
      "Destroy Date",
    ])
      expect(attributeRule(name, 14)?.readOnlyForClient, name).toBe(true);
    for (const name of ["Name", "Activation Date", "Object Group", "Contact Information", "x-anything"])
      expect(attributeRule(name, 14)?.readOnlyForClient, name).toBe(false);
    expect(attributeRule("y-server", 14)?.readOnlyForClient).toBe(true);
  });

  it("multiple instances: Name, Link, Object Group, custom yes; Digital Signature Algorithm only for PGP keys", () => {
    for (const name of ["Name", "Link", "Object Group", "Digest", "x-ID", "Certificate Subject CN"])
      expect(allowsMultipleInstances(attributeRule(name, 21)!, SymmetricKey), name).toBe(true);
    const dsa = attributeRule("Digital Signature Algorithm", 14)!;
    expect(allowsMultipleInstances(dsa, PGPKey)).toBe(true);
    expect(allowsMultipleInstances(dsa, Certificate)).toBe(false);
    expect(allowsMultipleInstances(attributeRule("Description", 14)!, SymmetricKey)).toBe(false);
  });

  it("does not know names that are neither standard nor custom", () => {
    expect(attributeRule("Cryptographic Algoritm", 14)).toBeUndefined();
  });
});

describe("checkClientSettable / checkTemplate (Create, Register)", () => {
  const serverOnly = [
    "Unique Identifier",
    "State",
    "Initial Date",
    "Last Change Date",
    "Digest",
    "Destroy Date",
    "Compromise Date",
    "Compromise Occurrence Date",
    "Revocation Reason",
    "Archive Date",
    "Lease Time",
    "Key Value Present",
    "Always Sensitive",
    "Never Extractable",
    "y-server-note",
  ];

  for (const version of [10, 14, 20, 21] as const) {
    it(`${version}: refuses server-only attributes (${version < 20 ? "Permission Denied" : "Attribute Read Only"})`, () => {
      const expected = version < 20 ? ResultReason.PermissionDenied : ResultReason.AttributeReadOnly;
      for (const name of serverOnly) {
        expect(
          reasonOf(() => checkClientSettable(name, SymmetricKey, version, "Create")),
          name,
        ).toBe(expected);
      }
    });
  }

  it("accepts what a client describes: algorithm, length, mask, name, dates, groups, custom x-", () => {
    for (const name of [
      "Cryptographic Algorithm",
      "Cryptographic Length",
      "Cryptographic Usage Mask",
      "Name",
      "Activation Date",
      "Deactivation Date",
      "Object Group",
      "Contact Information",
      "Fresh", // 1.4 §3.34: initially set by "Client or Server"
      "x-NETAPP-ClusterName",
    ])
      expect(() => checkClientSettable(name, SymmetricKey, 14, "Create"), name).not.toThrow();
  });

  it("Original Creation Date is the client's on Register only (1.4 §3.43)", () => {
    expect(reasonOf(() => checkClientSettable("Original Creation Date", SymmetricKey, 14, "Create"))).toBe(
      ResultReason.PermissionDenied,
    );
    expect(() => checkClientSettable("Original Creation Date", SymmetricKey, 14, "Register")).not.toThrow();
  });

  it("refuses attributes that do not apply to the object type (1.x Invalid Field, 2.x Invalid Attribute)", () => {
    expect(reasonOf(() => checkClientSettable("Process Start Date", SecretData, 14, "Register"))).toBe(
      ResultReason.InvalidField,
    );
    expect(() => checkClientSettable("Protect Stop Date", PrivateKey, 14, "Register")).not.toThrow();
    expect(reasonOf(() => checkClientSettable("Opaque Data Type", SymmetricKey, 21, "Register"))).toBe(
      ResultReason.AttributeReadOnly,
    );
    expect(reasonOf(() => checkClientSettable("Key Value Location", OpaqueObject, 14, "Register"))).toBe(
      ResultReason.InvalidField,
    );
  });

  it("refuses attributes of the other protocol family, accepts newer minors of the same", () => {
    expect(reasonOf(() => checkClientSettable("Protection Level", SymmetricKey, 14))).toBe(
      ResultReason.InvalidField,
    );
    expect(reasonOf(() => checkClientSettable("Operation Policy Name", SymmetricKey, 21))).toBe(
      ResultReason.InvalidAttribute,
    );
    expect(() => checkClientSettable("Description", SymmetricKey, 10)).not.toThrow(); // 1.4 attribute, 1.0 header
  });

  it("a single-instance attribute given twice is refused (1.x Invalid Field, 2.x Attribute Single Valued)", () => {
    const twice = [
      { name: "Cryptographic Algorithm", value: 3 },
      { name: "Cryptographic Algorithm", value: 3 },
    ];
    expect(reasonOf(() => checkTemplate(twice, SymmetricKey, 14))).toBe(ResultReason.InvalidField);
    expect(reasonOf(() => checkTemplate(twice, SymmetricKey, 21))).toBe(ResultReason.AttributeSingleValued);
    const names = [
      { name: "Name", value: { nameValue: "a", nameType: 1 } },
      { name: "Name", value: { nameValue: "b", nameType: 1 } },
    ];
    expect(() => checkTemplate(names, SymmetricKey, 14)).not.toThrow();
  });

  it("tolerates an echoed Object Type equal to the request's, refuses another", () => {
    expect(() =>
      checkTemplate([{ name: "Object Type", value: SecretData }], SecretData, 10, "Register"),
    ).not.toThrow();
    expect(
      reasonOf(() =>
        checkTemplate([{ name: "Object Type", value: SymmetricKey }], SecretData, 21, "Register"),
      ),
    ).toBe(ResultReason.AttributeReadOnly);
  });

  it("bounds the instances of a multi-instance attribute", () => {
    const limit = ATTRIBUTE_INSTANCES_MAX;
    const check = (count: number, version: KmipVersion) => () =>
      checkMultiInstance("Name", count, SymmetricKey, version, "Add Attribute");
    expect(check(limit, 14)).not.toThrow();
    expect(reasonOf(check(limit + 1, 14))).toBe(ResultReason.IndexOutOfBounds);
    expect(reasonOf(check(limit + 1, 21))).toBe(ResultReason.ServerLimitExceeded);
  });
});
