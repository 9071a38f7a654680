/**
 * How the client reads people's input and writes its output: enumeration and mask names,
 * `NAME=VALUE` attributes, PEM bundles holding both certificate and key, and attributes and
 * payloads as JSON with spec names.
 */
import { describe, expect, it } from "vitest";
import { attributeFromText, parseAttributeAssignment } from "../../src/client/attribute-text.js";
import { customAttribute, nameAttribute, usageMaskAttribute } from "../../src/client/attributes.js";
import { attributesJson, itemJson, payloadJson } from "../../src/client/display.js";
import { enumName, enumValue, maskNames, maskValue } from "../../src/client/names.js";
import { splitPem, tlsIdentity } from "../../src/client/pem.js";
import { resolveVersion } from "../../src/client/session.js";
import { Operation } from "../../src/kmip/generated/enums.js";
import { ItemType } from "../../src/ttlv/types.js";

describe("names", () => {
  it("reads enumeration values however they are spelt", () => {
    for (const spelling of [
      "Cessation of Operation",
      "cessation-of-operation",
      "CessationOfOperation",
      "0x06",
    ]) {
      expect(enumValue("Revocation Reason Code", spelling)).toBe(6);
    }
    expect(enumName("Result Reason", 1)).toBe("Item Not Found");
    expect(enumName("Result Reason", 0x7777)).toBe("0x00007777");
    expect(() => enumValue("Cryptographic Algorithm", "FOO")).toThrow(
      /unknown Cryptographic Algorithm "FOO"/,
    );
  });

  it("reads mask bits by name, multi-word names included", () => {
    expect(maskValue("Cryptographic Usage Mask", "Encrypt Decrypt")).toBe(0x0c);
    expect(maskValue("Cryptographic Usage Mask", "MAC Generate MAC Verify Encrypt")).toBe(0x184);
    expect(maskValue("Cryptographic Usage Mask", ["wrap-key", "UnwrapKey,export"])).toBe(0x70);
    expect(() => maskValue("Cryptographic Usage Mask", "Encrypt Frobnicate")).toThrow(/Frobnicate/);
    expect(maskNames("Cryptographic Usage Mask", 0x0c)).toEqual(["Encrypt", "Decrypt"]);
    expect(maskNames("Cryptographic Usage Mask", 0x80000004)).toEqual(["Encrypt", "0x80000000"]);
  });

  it("reads protocol versions as numbers, text or codes", () => {
    expect([1.0, 1.4, 2, "2.1", 14, undefined].map(resolveVersion)).toEqual([10, 14, 20, 21, 14, 14]);
    expect(() => resolveVersion("3.0")).toThrow(/unsupported KMIP version/);
  });
});

describe("attributes from text", () => {
  it("types a standard attribute's value by its definition", () => {
    expect(attributeFromText("State", "Active")).toEqual({ name: "State", value: 2 });
    expect(attributeFromText("cryptographic-usage-mask", "Encrypt Decrypt")).toEqual(
      usageMaskAttribute(0x0c),
    );
    expect(attributeFromText("Cryptographic Length", "256")).toEqual({
      name: "Cryptographic Length",
      value: 256,
    });
    expect(attributeFromText("Activation Date", "2024-01-02T03:04:05Z")).toEqual({
      name: "Activation Date",
      value: 1704164645n,
    });
    expect(attributeFromText("Fresh", "true")).toEqual({ name: "Fresh", value: true });
    expect(attributeFromText("ObjectGroup", "g")).toEqual({ name: "Object Group", value: "g" });
    expect(attributeFromText("Name", "k1")).toEqual(nameAttribute("k1"));
  });

  it("makes custom attributes Text Strings, and splits at the first =", () => {
    expect(parseAttributeAssignment("x-Note=a=b")).toEqual(customAttribute("x-Note", "a=b"));
    expect(customAttribute("x-Count", 5).value).toMatchObject({ type: ItemType.Integer, value: 5 });
    expect(() => parseAttributeAssignment("novalue")).toThrow(/NAME=VALUE/);
    expect(() => attributeFromText("Frobnication", "1")).toThrow(/unknown attribute/);
    expect(() => attributeFromText("Link", "x")).toThrow(/structure/);
  });
});

describe("PEM bundles", () => {
  const cert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----";
  const key = "-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----";
  const rsaKey = "-----BEGIN RSA PRIVATE KEY-----\nCCCC\n-----END RSA PRIVATE KEY-----";

  it("separates the certificate chain from the key, in any order", () => {
    expect(splitPem(`${key}\n${cert}\n${cert}\n`)).toEqual({ certificates: `${cert}\n${cert}\n`, key });
    expect(tlsIdentity(`${cert}\n${rsaKey}`)).toEqual({ cert: `${cert}\n`, key: rsaKey });
    expect(tlsIdentity(cert, key)).toEqual({ cert: `${cert}\n`, key });
    expect(() => tlsIdentity(cert)).toThrow(/no private key/);
    expect(() => tlsIdentity(key)).toThrow(/no CERTIFICATE/);
  });
});

describe("JSON output", () => {
  it("names enumerations and masks, formats dates and bytes, groups repeated attributes", () => {
    const list = [
      { name: "Cryptographic Algorithm", value: 3 },
      usageMaskAttribute("Encrypt Decrypt"),
      { name: "Initial Date", value: 1704164645n },
      nameAttribute("a"),
      nameAttribute("b", 2),
      customAttribute("x-Raw", new Uint8Array([1, 255])),
    ];
    expect(attributesJson(list, 14)).toEqual({
      "Cryptographic Algorithm": "AES",
      "Cryptographic Usage Mask": ["Encrypt", "Decrypt"],
      "Initial Date": "2024-01-02T03:04:05+00:00",
      Name: ["a", { "Name Value": "b", "Name Type": "URI" }],
      "x-Raw": "01ff",
    });
  });

  it("renders any payload through its schema", () => {
    const query = { operation: [Operation.Create, Operation.Get], vendorIdentification: "v" };
    expect(payloadJson(Operation.Query, query, 14)).toEqual({
      Operation: ["Create", "Get"],
      "Vendor Identification": "v",
    });
    expect(itemJson({ tag: 0x420001, type: ItemType.LongInteger, value: 5n })).toBe("5");
  });
});
