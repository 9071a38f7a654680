/**
 * Attributes in one place (src/kmip/attributes.ts): the KMIP 1.x Template-Attribute and
 * Attribute structures and the KMIP 2.x Attributes, Vendor Attribute, Attribute Reference and
 * Current/New Attribute forms all meet in one canonical list, and go back out per version.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Attribute,
  attributeInVersion,
  getAttribute,
  getAttributes,
  getCustomAttribute,
} from "../../src/kmip/attributes.js";
import { NameType, ObjectType, Operation } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask } from "../../src/kmip/generated/masks.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { decodeRequestPayload, encodeRequestPayload } from "../../src/kmip/payloads/registry.js";
import { KmipDecodeError, KmipEncodeError } from "../../src/kmip/schema/index.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";

const canonical: Attribute[] = [
  { name: "Cryptographic Algorithm", value: 3 },
  { name: "Cryptographic Length", value: 256 },
  {
    name: "Cryptographic Usage Mask",
    value: CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt,
  },
  { name: "Name", value: { nameValue: "key-1", nameType: NameType.UninterpretedTextString } },
  { name: "x-ID", value: txt(Tag.AttributeValue, "TL-M-2-20") },
  { name: "x-Count", value: int(Tag.AttributeValue, 7) },
];

/** The same list as KMIP 1.x writes it (1.4 §2.1.1, §2.1.8). */
const templateAttribute14 = s(Tag.TemplateAttribute, [
  attr("Cryptographic Algorithm", enm(Tag.AttributeValue, 3)),
  attr("Cryptographic Length", int(Tag.AttributeValue, 256)),
  attr("Cryptographic Usage Mask", int(Tag.AttributeValue, 12)),
  attr("Name", s(Tag.AttributeValue, [txt(Tag.NameValue, "key-1"), enm(Tag.NameType, 1)])),
  attr("x-ID", txt(Tag.AttributeValue, "TL-M-2-20")),
  attr("x-Count", int(Tag.AttributeValue, 7)),
]);

/** … and as KMIP 2.x writes it (2.1 §5.1, §4.60). */
const attributes20 = s(Tag.Attributes, [
  enm(Tag.CryptographicAlgorithm, 3),
  int(Tag.CryptographicLength, 256),
  int(Tag.CryptographicUsageMask, 12),
  s(Tag.Name, [txt(Tag.NameValue, "key-1"), enm(Tag.NameType, 1)]),
  vendorAttr("x", "ID", txt(Tag.AttributeValue, "TL-M-2-20")),
  vendorAttr("x", "Count", int(Tag.AttributeValue, 7)),
]);

function createPayload(attributes: TtlvItem): TtlvItem {
  return s(Tag.RequestPayload, [enm(Tag.ObjectType, ObjectType.SymmetricKey), attributes]);
}

describe("one canonical list for both wire forms", () => {
  it("reads a 1.x Template-Attribute and a 2.x Attributes structure into the same list", () => {
    expect(decodeRequestPayload(Operation.Create, createPayload(templateAttribute14), 14)).toEqual({
      objectType: ObjectType.SymmetricKey,
      attributes: canonical,
    });
    expect(decodeRequestPayload(Operation.Create, createPayload(attributes20), 20)).toEqual({
      objectType: ObjectType.SymmetricKey,
      attributes: canonical,
    });
  });

  it("writes the list in each version's own form", () => {
    const value = { objectType: ObjectType.SymmetricKey, attributes: canonical };
    expect(encodeRequestPayload(Operation.Create, value, 14)).toEqual(createPayload(templateAttribute14));
    expect(encodeRequestPayload(Operation.Create, value, 20)).toEqual(createPayload(attributes20));
  });

  it("converts 1.x to 2.x and back through the canonical list", () => {
    const from14 = decodeRequestPayload(Operation.Create, createPayload(templateAttribute14), 14);
    const as21 = encodeRequestPayload(Operation.Create, from14, 21);
    expect(as21.value[1]).toEqual(attributes20);
    expect(
      encodeRequestPayload(Operation.Create, decodeRequestPayload(Operation.Create, as21, 21), 10),
    ).toEqual(createPayload(templateAttribute14));
  });

  it("keeps the 1.x Attribute Index, and drops it for 2.x which has none", () => {
    const item = s(Tag.RequestPayload, [
      txt(Tag.UniqueIdentifier, "k1"),
      s(Tag.Attribute, [
        txt(Tag.AttributeName, "Name"),
        int(Tag.AttributeIndex, 1),
        s(Tag.AttributeValue, [txt(Tag.NameValue, "n2"), enm(Tag.NameType, 1)]),
      ]),
    ]);
    const payload = decodeRequestPayload(Operation.ModifyAttribute, item, 12);
    expect(payload).toEqual({
      uniqueIdentifier: "k1",
      newAttribute: { name: "Name", index: 1, value: { nameValue: "n2", nameType: 1 } },
    });
    expect(encodeRequestPayload(Operation.ModifyAttribute, payload, 12)).toEqual(item);
    expect(encodeRequestPayload(Operation.ModifyAttribute, payload, 20).value[1]).toEqual(
      s(Tag.NewAttribute, [s(Tag.Name, [txt(Tag.NameValue, "n2"), enm(Tag.NameType, 1)])]),
    );
  });

  it("reads custom attributes of any type, including structures", () => {
    const struct = s(Tag.AttributeValue, [txt(Tag.ApplicationNamespace, "a"), int(0x540001, 5)]);
    const item = s(Tag.Attributes, [
      vendorAttr("y", "Info", struct),
      vendorAttr("acme.io", "when", dt(Tag.AttributeValue, 5n)),
    ]);
    const payload = decodeRequestPayload(Operation.Locate, s(Tag.RequestPayload, [item]), 21) as {
      attributes: Attribute[];
    };
    expect(payload.attributes).toEqual([
      { name: "y-Info", value: struct },
      { name: "acme.io-when", value: dt(Tag.AttributeValue, 5n) },
    ]);
    expect(getCustomAttribute(payload.attributes, "y-Info")).toBe(struct);
    const as14 = encodeRequestPayload(Operation.Locate, payload, 14);
    expect(as14.value).toEqual([attr("y-Info", struct), attr("acme.io-when", dt(Tag.AttributeValue, 5n))]);
  });
});

describe("the KMIP 1.x-only and 2.x-only forms", () => {
  it("reads Template-Attribute Name references to Templates, which 2.x cannot carry", () => {
    const withTemplate = s(Tag.TemplateAttribute, [
      s(Tag.Name, [txt(Tag.NameValue, "Template1"), enm(Tag.NameType, 1)]),
      attr("Cryptographic Length", int(Tag.AttributeValue, 128)),
    ]);
    const payload = decodeRequestPayload(Operation.Create, createPayload(withTemplate), 11) as {
      attributes: Attribute[];
    };
    expect(payload.attributes).toEqual([
      { name: "Name", value: { nameValue: "Template1", nameType: 1 }, templateReference: true },
      { name: "Cryptographic Length", value: 128 },
    ]);
    expect(getAttribute(payload.attributes, "Name")).toBeUndefined();
    expect(encodeRequestPayload(Operation.Create, payload, 11)).toEqual(createPayload(withTemplate));
    expect(() => encodeRequestPayload(Operation.Create, payload, 20)).toThrow(
      /KMIP 2\.x has no template references/,
    );
  });

  it("names attributes by Attribute Name in 1.x and by Attribute Reference (tag or vendor) in 2.x", () => {
    const names = { attributeReference: ["State", "Cryptographic Algorithm", "x-ID"] };
    expect(encodeRequestPayload(Operation.GetAttributes, names, 14).value).toEqual([
      txt(Tag.AttributeName, "State"),
      txt(Tag.AttributeName, "Cryptographic Algorithm"),
      txt(Tag.AttributeName, "x-ID"),
    ]);
    const as20 = encodeRequestPayload(Operation.GetAttributes, names, 20);
    expect(as20.value).toEqual([
      enm(Tag.AttributeReference, Tag.State),
      enm(Tag.AttributeReference, Tag.CryptographicAlgorithm),
      s(Tag.AttributeReference, [txt(Tag.VendorIdentification, "x"), txt(Tag.AttributeName, "ID")]),
    ]);
    expect(decodeRequestPayload(Operation.GetAttributes, as20, 20)).toEqual(names);
  });

  it("reads a 2.x Modify Attribute's Current and New Attribute, one attribute each", () => {
    const item = s(Tag.RequestPayload, [
      s(Tag.CurrentAttribute, [int(Tag.CryptographicLength, 128)]),
      s(Tag.NewAttribute, [int(Tag.CryptographicLength, 256)]),
    ]);
    expect(decodeRequestPayload(Operation.ModifyAttribute, item, 20)).toEqual({
      currentAttribute: { name: "Cryptographic Length", value: 128 },
      newAttribute: { name: "Cryptographic Length", value: 256 },
    });
    const two = s(Tag.RequestPayload, [
      s(Tag.NewAttribute, [int(Tag.CryptographicLength, 1), int(Tag.CryptographicLength, 2)]),
    ]);
    expect(() => decodeRequestPayload(Operation.ModifyAttribute, two, 20)).toThrow(
      /expected exactly one attribute, got 2/,
    );
  });

  it("refuses a non-attribute tag inside 2.x Attributes", () => {
    const item = s(Tag.RequestPayload, [s(Tag.Attributes, [txt(Tag.Username, "alice")])]);
    const e = catchError(() => decodeRequestPayload(Operation.Locate, item, 20), KmipDecodeError);
    expect(e.publicMessage).toBe("Request Payload > Attributes: Username is not an attribute");
  });
});

describe("attributes and versions", () => {
  it("knows which versions have an attribute", () => {
    expect(attributeInVersion("Description", 13)).toBe(false);
    expect(attributeInVersion("Description", 14)).toBe(true);
    expect(attributeInVersion("Operation Policy Name", 20)).toBe(false);
    expect(attributeInVersion("Rotate Date", 20)).toBe(false);
    expect(attributeInVersion("x-anything", 10)).toBe(true);
    expect(attributeInVersion("Not An Attribute", 21)).toBe(false);
  });

  it("refuses to send a typed attribute the target version lacks", () => {
    const described = { objectType: 2, attributes: [{ name: "Description", value: "d" }] };
    expect(
      catchError(() => encodeRequestPayload(Operation.Create, described, 13), KmipEncodeError).message,
    ).toBe(
      "Request Payload > Template-Attribute: attribute Description is not in KMIP 1.3; only a raw item value can be sent",
    );
    const quantum = { objectType: 2, attributes: [{ name: "Quantum Safe", value: true }] };
    expect(() => encodeRequestPayload(Operation.Create, quantum, 14)).toThrow(
      /Quantum Safe is not in KMIP 1\.4/,
    );
    expect(encodeRequestPayload(Operation.Create, quantum, 20).value[1]).toEqual(
      s(Tag.Attributes, [bool(Tag.QuantumSafe, true)]),
    );
  });

  it("keeps a later version's standard attribute raw when an older message names it", () => {
    const item = createPayload(
      s(Tag.TemplateAttribute, [attr("Certificate Issuer C", txt(Tag.AttributeValue, "AU"))]),
    );
    const payload = decodeRequestPayload(Operation.Create, item, 14) as { attributes: Attribute[] };
    expect(payload.attributes).toEqual([
      { name: "Certificate Issuer C", value: txt(Tag.AttributeValue, "AU") },
    ]);
    expect(encodeRequestPayload(Operation.Create, payload, 14)).toEqual(item);
  });

  it("is strict on the type of a standard attribute's value", () => {
    const item = createPayload(
      s(Tag.TemplateAttribute, [attr("Cryptographic Length", txt(Tag.AttributeValue, "256"))]),
    );
    const e = catchError(() => decodeRequestPayload(Operation.Create, item, 14), KmipDecodeError);
    expect(e.path).toEqual(["Request Payload", "Template-Attribute", "Attribute", "Cryptographic Length"]);
  });
});

describe("lookups on the canonical list", () => {
  it("finds typed values by spec name", () => {
    expect(getAttribute(canonical, "Cryptographic Length")).toBe(256);
    expect(getAttribute(canonical, "Name")?.nameValue).toBe("key-1");
    expect(
      getAttributes([...canonical, { name: "Name", value: { nameValue: "k2", nameType: 1 } }], "Name"),
    ).toHaveLength(2);
    expect(getAttribute(canonical, "State")).toBeUndefined();
  });
});

describe("conversion between versions (property)", () => {
  const attribute = fc.oneof(
    fc.integer({ min: 1, max: 4096 }).map((n): Attribute => ({ name: "Cryptographic Length", value: n })),
    fc.constantFrom(1, 2, 3).map((n): Attribute => ({ name: "Cryptographic Algorithm", value: n })),
    fc.string().map((t): Attribute => ({ name: "Name", value: { nameValue: t, nameType: 1 } })),
    fc.string().map((t): Attribute => ({ name: "Object Group", value: t })),
    fc.bigInt({ min: 0n, max: 2n ** 40n }).map((d): Attribute => ({ name: "Activation Date", value: d })),
    fc
      .tuple(fc.constantFrom("x", "y"), fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,10}$/), fc.string())
      .map(
        ([vendor, name, t]): Attribute => ({ name: `${vendor}-${name}`, value: txt(Tag.AttributeValue, t) }),
      ),
  );

  it("a list written for one version and read back is the same list, in every version", () => {
    fc.assert(
      fc.property(
        fc.array(attribute, { maxLength: 8 }),
        fc.constantFrom<KmipVersion>(10, 11, 12, 13, 14, 20, 21),
        (list, v) => {
          const value = { objectType: 2, attributes: list };
          const item = encodeRequestPayload(Operation.Create, value, v);
          expect(decodeRequestPayload(Operation.Create, item, v)).toEqual(value);
        },
      ),
    );
  });
});

/* ---------------------------------------------------------------------------------------- */

function attr(name: string, value: TtlvItem): TtlvItem {
  return s(Tag.Attribute, [txt(Tag.AttributeName, name), value]);
}
function vendorAttr(vendor: string, name: string, value: TtlvItem): TtlvItem {
  return s(Tag.Attribute, [txt(Tag.VendorIdentification, vendor), txt(Tag.AttributeName, name), value]);
}
function s(tag: number, value: TtlvItem[]): TtlvItem & { value: TtlvItem[] } {
  return { tag, type: ItemType.Structure, value };
}
function txt(tag: number, value: string): TtlvItem {
  return { tag, type: ItemType.TextString, value };
}
function int(tag: number, value: number): TtlvItem {
  return { tag, type: ItemType.Integer, value };
}
function enm(tag: number, value: number): TtlvItem {
  return { tag, type: ItemType.Enumeration, value };
}
function bool(tag: number, value: boolean): TtlvItem {
  return { tag, type: ItemType.Boolean, value };
}
function dt(tag: number, value: bigint): TtlvItem {
  return { tag, type: ItemType.DateTime, value };
}

function catchError<E extends Error>(f: () => unknown, type: new (...args: never[]) => E): E {
  try {
    f();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}`);
}
