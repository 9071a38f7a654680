/**
 * The declarative schema layer (src/kmip/schema/): every schema resolves against the tag tables
 * at load and agrees with them version by version; the DSL decodes strictly on types, leniently
 * where documented, and never encodes what the target version lacks.
 */
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { ATTRIBUTES } from "../../src/kmip/attributes.js";
import { KmipError } from "../../src/kmip/errors.js";
import { KeyFormatType, ObjectType, ResultReason } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask } from "../../src/kmip/generated/masks.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { RequestMessage, ResponseMessage } from "../../src/kmip/messages.js";
import type { UsageLimits } from "../../src/kmip/objects/attribute-values.js";
import { Credential } from "../../src/kmip/objects/credential.js";
import { EncryptionKeyInformation, KeyBlock } from "../../src/kmip/objects/key-block.js";
import type { GetRequest } from "../../src/kmip/payloads/get.js";
import { PAYLOAD_DEFS, PAYLOADS } from "../../src/kmip/payloads/registry.js";
import {
  boolean,
  type Codec,
  decodeStruct,
  encodeStruct,
  enumeration,
  type Fields,
  type Infer,
  type ItemReference,
  integer,
  KmipDecodeError,
  KmipEncodeError,
  longInteger,
  many,
  newDecodeReport,
  opt,
  req,
  StructCodec,
  struct,
  text,
} from "../../src/kmip/schema/index.js";
import { enumByName, tagInVersion } from "../../src/kmip/tables.js";
import { isInVersion, KMIP_VERSIONS, type KmipVersion } from "../../src/kmip/version.js";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { ItemType, ItemTypeNames, type TtlvItem } from "../../src/ttlv/types.js";

describe("schemas resolve at load", () => {
  it("registers a payload pair for every Operation of KMIP 1.0–2.1, in the versions that have it", () => {
    const operations = enumByName("Operation")!.values;
    expect(PAYLOADS.size).toBe(operations.length);
    for (const op of operations) {
      const entry = PAYLOADS.get(op.value);
      expect(entry, op.name).toBeDefined();
      expect([entry?.since, entry?.until], op.name).toEqual([op.since, op.until]);
    }
  });

  it("refuses a spec name the tables do not know, when the schema is built", () => {
    expect(() => req("Frobnication Key", text)).toThrow(/unknown tag "Frobnication Key"/);
    expect(() => struct("No Such Structure", "nowhere", {})).toThrow(/unknown tag/);
    expect(() => opt("Offset Items", integer, { since: 14, until: 13 })).toThrow(
      /until 13 is not after since 14/,
    );
  });

  it("uses the camelCase of a spec name as each field's key", () => {
    for (const [where, schema] of allStructs()) {
      for (const [key, field] of Object.entries(schema.fields)) {
        if (field.choice) continue; // "object": one of several managed objects
        // A 1.x Template-Attribute is the canonical attribute list, named as its 2.x successor.
        const keys = field.forms.map((f) =>
          camelCase(f.tag.name.replace("Template-Attribute", "Attributes")),
        );
        expect(keys, `${where}.${key}`).toContain(key);
      }
    }
  });

  it("cites a spec section for every structure", () => {
    for (const [where, schema] of allStructs()) expect(schema.section, where).toMatch(/KMIP \d\.\d §\d/);
  });

  it("agrees with the tag tables in every version where a field is reachable", () => {
    const problems: string[] = [];
    for (const def of PAYLOAD_DEFS) {
      const versions = KMIP_VERSIONS.filter((v) => isInVersion(def, v));
      visit(def.request, versions, `${def.operation} request`, problems);
      visit(def.response, versions, `${def.operation} response`, problems);
    }
    visit(RequestMessage, [...KMIP_VERSIONS], "Request Message", problems);
    visit(ResponseMessage, [...KMIP_VERSIONS], "Response Message", problems);
    // KMIP 2.1 §6.1.37 allows "an Integer for vendor defined function"; the tag tables, built from
    // the tag list and §7.26, only name Enumeration (and Structure).
    const documented = [
      "PKCS#11 request.pkcs11Function: PKCS#11 Function is never an Integer",
      "PKCS#11 response.pkcs11Function: PKCS#11 Function is never an Integer",
    ];
    expect([...new Set(problems)]).toEqual(documented);
  });

  it("gives every standard attribute a tag and codec the tables allow in its versions", () => {
    for (const a of ATTRIBUTES) {
      for (const v of KMIP_VERSIONS)
        if (isInVersion(a, v)) expect(tagInVersion(a.tag.tag, v), `${a.name} ${v}`).toBe(true);
      for (const t of a.codec.itemTypes) expect(a.tag.types, a.name).toContain(ItemTypeNames[t]);
    }
  });
});

/** A small table built from real tags, to exercise the DSL itself. */
const Inner = struct("Name", "KMIP 1.4 §3.2", {
  nameValue: req("Name Value", text),
  nameType: req("Name Type", enumeration),
});
const Demo = struct("Request Payload", "KMIP 1.4 §4.9 (adapted for tests)", {
  objectType: req("Object Type", enumeration),
  maximumItems: opt("Maximum Items", integer),
  offsetItems: opt("Offset Items", integer, { since: 13 }),
  name: many("Name", Inner),
  usageLimitsCount: opt("Usage Limits Count", longInteger),
  ephemeral: req("Ephemeral", boolean, { since: 20 }),
  cryptographicUsageMask: opt("Cryptographic Usage Mask", integer),
});

const demoItem = s(Tag.RequestPayload, [
  enm(Tag.ObjectType, ObjectType.SymmetricKey),
  int(Tag.MaximumItems, 5),
  s(Tag.Name, [txt(Tag.NameValue, "k1"), enm(Tag.NameType, 1)]),
  s(Tag.Name, [txt(Tag.NameValue, "k2"), enm(Tag.NameType, 1)]),
]);

describe("decodeStruct", () => {
  it("gives typed values under camelCase keys, and encodes them back to the same tree", () => {
    const value = decodeStruct(Demo, demoItem, 14);
    expect(value).toEqual({
      objectType: ObjectType.SymmetricKey,
      maximumItems: 5,
      name: [
        { nameValue: "k1", nameType: 1 },
        { nameValue: "k2", nameType: 1 },
      ],
    });
    expect(encodeStruct(Demo, value, 14)).toEqual(demoItem);
  });

  it("accepts fields out of table order and writes them back in table order", () => {
    const shuffled = s(Tag.RequestPayload, [demoItem.value[2]!, demoItem.value[1]!, demoItem.value[0]!]);
    const value = decodeStruct(Demo, shuffled, 14);
    expect(value.maximumItems).toBe(5);
    expect(encodeStruct(Demo, value, 14).value.map((c: TtlvItem) => c.tag)).toEqual([
      Tag.ObjectType,
      Tag.MaximumItems,
      Tag.Name,
    ]);
  });

  it("names the missing required field, as an Invalid Message KmipError", () => {
    const e = decodeError(() => decodeStruct(Demo, s(Tag.RequestPayload, [int(Tag.MaximumItems, 1)]), 14));
    expect(e).toBeInstanceOf(KmipError);
    expect(e.reason).toBe(ResultReason.InvalidMessage);
    expect(e.code).toBe("missing");
    expect(e.publicMessage).toBe("Request Payload: missing required field Object Type");
  });

  it("is strict on item types, with the path to the item", () => {
    const bad = s(Tag.RequestPayload, [
      enm(Tag.ObjectType, 2),
      s(Tag.Name, [int(Tag.NameValue, 7), enm(Tag.NameType, 1)]),
    ]);
    const e = decodeError(() => decodeStruct(Demo, bad, 14));
    expect(e.code).toBe("type");
    expect(e.path).toEqual(["Request Payload", "Name", "Name Value"]);
    expect(e.publicMessage).toMatch(/^Request Payload > Name > Name Value: expected TextString, got Integer/);
  });

  it("refuses the wrong tag, an unknown field and a repeated single field", () => {
    expect(decodeError(() => decodeStruct(Demo, s(Tag.ResponsePayload, []), 14)).code).toBe("tag");
    const extra = s(Tag.RequestPayload, [enm(Tag.ObjectType, 2), txt(Tag.ServerName, "x")]);
    const e = decodeError(() => decodeStruct(Demo, extra, 20));
    expect([e.code, e.detail]).toEqual(["extra", "unexpected field Server Name"]);
    const twice = s(Tag.RequestPayload, [enm(Tag.ObjectType, 2), enm(Tag.ObjectType, 3)]);
    expect(decodeError(() => decodeStruct(Demo, twice, 14)).code).toBe("duplicate");
  });

  it("keeps and reports vendor-extension items, and writes them back last", () => {
    const vendor = txt(0x540001, "acme");
    const item = s(Tag.RequestPayload, [vendor, enm(Tag.ObjectType, 2)]);
    const report = newDecodeReport();
    const value = decodeStruct(Demo, item, 14, { report });
    expect(value.$vendor).toEqual([vendor]);
    expect(report.vendorItems).toEqual([{ parentTag: Tag.RequestPayload, item: vendor }]);
    expect(encodeStruct(Demo, value, 14).value).toEqual([enm(Tag.ObjectType, 2), vendor]);
  });

  it("reads a field of a later version and reports it, or refuses it when asked to be strict", () => {
    const item = s(Tag.RequestPayload, [enm(Tag.ObjectType, 2), int(Tag.OffsetItems, 16)]);
    const e = decodeError(() => decodeStruct(Demo, item, 10, { strictVersion: true }));
    expect([e.code, e.detail]).toEqual(["version", "field Offset Items is not in KMIP 1.0"]);
    const report = newDecodeReport();
    expect(decodeStruct(Demo, item, 10, { report }).offsetItems).toBe(16);
    expect(report.outOfVersion).toEqual([
      { parentTag: Tag.RequestPayload, tag: Tag.OffsetItems, name: "Offset Items" },
    ]);
  });
});

describe("encodeStruct never sends what the target version lacks", () => {
  const base = { objectType: ObjectType.SymmetricKey, offsetItems: 3 };

  it("omits an optional field the version does not have", () => {
    expect(encodeStruct(Demo, base, 10).value.map((c: TtlvItem) => c.tag)).toEqual([Tag.ObjectType]);
    expect(encodeStruct(Demo, base, 13).value.map((c: TtlvItem) => c.tag)).toEqual([
      Tag.ObjectType,
      Tag.OffsetItems,
    ]);
  });

  it("throws for a required field outside its versions, and for a missing required one", () => {
    expect(encodeError(() => encodeStruct(Demo, { ...base, ephemeral: true }, 14)).message).toBe(
      "Request Payload: required field Ephemeral is not in KMIP 1.4",
    );
    expect(encodeError(() => encodeStruct(Demo, base, 20)).message).toBe(
      "Request Payload: missing required field Ephemeral",
    );
    expect(encodeStruct(Demo, { ...base, ephemeral: false }, 20).value).toHaveLength(3);
  });

  it("throws for an enumeration value the version lacks, allowing vendor extensions", () => {
    const certRequest = { objectType: ObjectType.CertificateRequest };
    expect(encodeError(() => encodeStruct(Demo, certRequest, 14)).message).toBe(
      "Request Payload > Object Type: Object Type value 0xa is not in KMIP 1.4",
    );
    expect(encodeStruct(Demo, { ...certRequest, ephemeral: true }, 20).value[0]).toEqual(
      enm(Tag.ObjectType, 10),
    );
    expect(encodeStruct(Demo, { objectType: 0x80000001 }, 10).value[0]).toEqual(
      enm(Tag.ObjectType, 0x80000001),
    );
  });

  it("throws for bit-mask bits the version lacks, in both directions", () => {
    const fpe = { objectType: 2, cryptographicUsageMask: CryptographicUsageMask.FPEEncrypt };
    expect(encodeError(() => encodeStruct(Demo, fpe, 14)).message).toMatch(
      /bits 0x400000 are not in KMIP 1\.4/,
    );
    const contentCommitment = {
      objectType: 2,
      ephemeral: false,
      cryptographicUsageMask: CryptographicUsageMask.ContentCommitmentNonRepudiation,
    };
    expect(encodeError(() => encodeStruct(Demo, contentCommitment, 20)).message).toMatch(
      /bits 0x400 are not in KMIP 2\.0/,
    );
    expect(encodeStruct(Demo, { ...contentCommitment, ephemeral: undefined }, 14).value).toHaveLength(2);
  });
});

describe("polymorphic items", () => {
  it("reads a Credential Value by its Credential Type, and keeps an extension type raw", () => {
    const userPass = s(Tag.Credential, [
      enm(Tag.CredentialType, 1),
      s(Tag.CredentialValue, [txt(Tag.Username, "alice"), txt(Tag.Password, "pw")]),
    ]);
    const ctx = { version: 14 as KmipVersion, vars: {}, strictVersion: false, report: newDecodeReport() };
    expect(Credential.decode(userPass, ctx)).toEqual({
      credentialType: 1,
      credentialValue: { username: "alice", password: "pw" },
    });
    const raw = s(Tag.CredentialValue, [txt(Tag.Username, "x")]);
    const vendor = s(Tag.Credential, [enm(Tag.CredentialType, 0x80000002), raw]);
    expect(Credential.decode(vendor, ctx).credentialValue).toEqual(raw);
    expect(
      Credential.encode(Tag.Credential, Credential.decode(vendor, ctx), { version: 14, vars: {} }),
    ).toEqual(vendor);
  });
});

describe("key material", () => {
  const ctx = () => ({
    version: 14 as KmipVersion,
    vars: {},
    strictVersion: false,
    report: newDecodeReport(),
  });

  it("reads Key Material as the Transparent structure its Key Format Type names", () => {
    const block = s(Tag.KeyBlock, [
      enm(Tag.KeyFormatType, KeyFormatType.TransparentSymmetricKey),
      s(Tag.KeyValue, [s(Tag.KeyMaterial, [bytes(Tag.Key, [1, 2, 3])])]),
      enm(Tag.CryptographicAlgorithm, 3),
      int(Tag.CryptographicLength, 24),
    ]);
    const value = KeyBlock.decode(block, ctx());
    expect(value.keyValue).toEqual({ keyMaterial: { key: new Uint8Array([1, 2, 3]) } });
    expect(KeyBlock.encode(Tag.KeyBlock, value, { version: 14, vars: {} })).toEqual(block);
    const wrongShape = s(Tag.KeyBlock, [
      enm(Tag.KeyFormatType, KeyFormatType.TransparentRSAPublicKey),
      s(Tag.KeyValue, [s(Tag.KeyMaterial, [bytes(Tag.Key, [1])])]),
    ]);
    expect(catchError(() => KeyBlock.decode(wrongShape, ctx()), KmipDecodeError).path).toEqual([
      "Key Value",
      "Key Material",
    ]);
  });

  it("reads a wrapped Key Value as bytes, whatever the format", () => {
    const block = s(Tag.KeyBlock, [
      enm(Tag.KeyFormatType, KeyFormatType.TransparentSymmetricKey),
      bytes(Tag.KeyValue, [9, 9, 9]),
      s(Tag.KeyWrappingData, [
        enm(Tag.WrappingMethod, 1),
        s(Tag.EncryptionKeyInformation, [txt(Tag.UniqueIdentifier, "kek")]),
      ]),
    ]);
    const value = KeyBlock.decode(block, ctx());
    expect(value.keyValue).toEqual(new Uint8Array([9, 9, 9]));
    expect(value.keyWrappingData?.encryptionKeyInformation?.uniqueIdentifier).toBe("kek");
    expect(KeyBlock.encode(Tag.KeyBlock, value, { version: 14, vars: {} })).toEqual(block);
  });

  it("lets a KMIP 2.x Unique Identifier be a reference, and only 2.x", () => {
    const byIndex = s(Tag.EncryptionKeyInformation, [int(Tag.UniqueIdentifier, -1)]);
    const info = EncryptionKeyInformation.decode(byIndex, { ...ctx(), version: 20 });
    expect(info.uniqueIdentifier).toEqual({ index: -1 });
    expect(
      EncryptionKeyInformation.encode(Tag.EncryptionKeyInformation, info, { version: 20, vars: {} }),
    ).toEqual(byIndex);
    expect(catchError(() => EncryptionKeyInformation.decode(byIndex, ctx()), KmipDecodeError).detail).toMatch(
      /^expected TextString, got Integer/,
    );
    expect(() =>
      EncryptionKeyInformation.encode(Tag.EncryptionKeyInformation, info, { version: 14, vars: {} }),
    ).toThrow(/needs KMIP 2\.0/);
  });
});

describe("types inferred from the schemas", () => {
  it("makes required fields plain, optional ones optional and repeated ones arrays", () => {
    type Demo = Infer<typeof Demo>;
    expectTypeOf<Demo["objectType"]>().toEqualTypeOf<number>();
    expectTypeOf<Demo["offsetItems"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Demo["name"]>().toEqualTypeOf<
      { nameValue: string; nameType: number; $vendor?: TtlvItem[] }[] | undefined
    >();
    expectTypeOf<GetRequest["uniqueIdentifier"]>().toEqualTypeOf<string | ItemReference | undefined>();
    expectTypeOf<Infer<typeof UsageLimits>["usageLimitsTotal"]>().toEqualTypeOf<bigint>();
  });
});

describe("round trips (property)", () => {
  const nameArb = fc.record({ nameValue: fc.string(), nameType: fc.constantFrom(1, 2) });
  const demoArb = fc.record(
    {
      objectType: fc.constantFrom(1, 2, 3, 4, 7, 8),
      maximumItems: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      offsetItems: fc.nat({ max: 2 ** 31 - 1 }),
      name: fc.array(nameArb, { minLength: 1, maxLength: 4 }),
      usageLimitsCount: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      cryptographicUsageMask: fc.constantFrom(1, 4, 8, 12, 0x80, 0x100),
    },
    { requiredKeys: ["objectType"] },
  );

  it("decode(encode(value)) is the value, through binary TTLV, in KMIP 1.3 and 1.4", () => {
    fc.assert(
      fc.property(demoArb, fc.constantFrom<KmipVersion>(13, 14), (value, v) => {
        const bytes = encodeTtlv(encodeStruct(Demo, value, v));
        expect(decodeStruct(Demo, decodeTtlv(bytes), v)).toEqual(value);
      }),
    );
  });
});

/* ---------------------------------------------------------------------------------------- */

function decodeError(f: () => unknown): KmipDecodeError {
  return catchError(f, KmipDecodeError);
}

function encodeError(f: () => unknown): KmipEncodeError {
  return catchError(f, KmipEncodeError);
}

/** "Unique Batch Item ID" → uniqueBatchItemID; "PKCS#11 Function" → pkcs11Function. */
function camelCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1))).join("");
}

/** Every structure schema reachable from the payloads and messages, once each. */
function allStructs(): [string, StructCodec<Fields>][] {
  const seen = new Map<StructCodec<Fields>, string>();
  const walk = (c: Codec<unknown>, where: string): void => {
    if (c instanceof StructCodec) {
      const schema = c as StructCodec<Fields>;
      if (seen.has(schema)) return;
      seen.set(schema, where);
      for (const [key, field] of Object.entries(schema.fields)) {
        for (const f of field.forms) walk(f.codec, `${where}.${key}`);
      }
      return;
    }
    for (const n of c.nested?.() ?? []) walk(n.codec, where);
  };
  for (const def of PAYLOAD_DEFS) {
    walk(def.request, `${def.operation} request`);
    walk(def.response, `${def.operation} response`);
  }
  walk(RequestMessage, "Request Message");
  walk(ResponseMessage, "Response Message");
  return [...seen].map(([schema, where]) => [where, schema]);
}

/**
 * Every field must name a tag that exists in each version the field can appear in (the
 * intersection of its own range with those of the structures and variant cases above it), and
 * its codec must read only item types the tables allow for that tag.
 */
function visit(c: Codec<unknown>, versions: readonly KmipVersion[], where: string, problems: string[]): void {
  if (versions.length === 0) return;
  if (!(c instanceof StructCodec)) {
    for (const n of c.nested?.() ?? []) {
      const range = n.range;
      visit(
        n.codec,
        range === undefined ? versions : versions.filter((v) => isInVersion(range, v)),
        where,
        problems,
      );
    }
    return;
  }
  for (const [key, field] of Object.entries((c as StructCodec<Fields>).fields)) {
    for (const f of field.forms) {
      const reachable = versions.filter((v) => isInVersion(f, v));
      for (const v of reachable) {
        if (!tagInVersion(f.tag.tag, v)) problems.push(`${where}.${key}: ${f.tag.name} is not in ${v}`);
      }
      for (const t of f.codec.itemTypes) {
        const name = ItemTypeNames[t]!;
        if (!f.tag.types.includes(name)) problems.push(`${where}.${key}: ${f.tag.name} is never an ${name}`);
      }
      visit(f.codec, reachable, `${where}.${key}`, problems);
    }
  }
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
function bytes(tag: number, value: number[]): TtlvItem {
  return { tag, type: ItemType.ByteString, value: new Uint8Array(value) };
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
