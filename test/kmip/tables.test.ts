import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { Operation, ResultReason } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask } from "../../src/kmip/generated/masks.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { normalizeName } from "../../src/kmip/names.js";
import {
  allEnums,
  allMasks,
  allTags,
  type EnumInfo,
  type EnumValueInfo,
  enumByName,
  enumForTag,
  enumValueByName,
  enumValueByNumber,
  enumValueByXmlName,
  enumValueInVersion,
  maskBitsInVersion,
  maskByName,
  maskForTag,
  type TagInfo,
  tagAllowsType,
  tagByName,
  tagByNumber,
  tagByXmlName,
  tagInVersion,
} from "../../src/kmip/tables.js";
import { KMIP_VERSIONS, type KmipVersion, versionCode } from "../../src/kmip/version.js";
import { listFiles, vectorsDir } from "../helpers/vectors.js";

function tag(name: string): TagInfo {
  const info = tagByName(name);
  if (!info) throw new Error(`no tag ${name}`);
  return info;
}

function enumOf(name: string): EnumInfo {
  const info = enumByName(name) ?? maskByName(name);
  if (!info) throw new Error(`no enumeration ${name}`);
  return info;
}

function value(e: string, name: string): EnumValueInfo {
  const v = enumValueByName(enumOf(e), name);
  if (!v) throw new Error(`no ${e} value ${name}`);
  return v;
}

describe("tables: shape", () => {
  it("every tag has a type, a 0x42xxxx value and a consistent xml name", () => {
    for (const t of allTags) {
      expect(t.types.length, t.name).toBeGreaterThan(0);
      expect(t.tag >>> 16, t.name).toBe(0x42);
      expect(t.xmlName).toBe(normalizeName(t.name));
      if (
        t.types.includes("Enumeration") &&
        !["Attribute Value", "Custom Attribute", "Reserved", "Tag"].includes(t.name)
      ) {
        expect(t.enumName, t.name).toBeDefined();
      }
    }
  });

  it("every enumName and maskName points to a table", () => {
    for (const t of allTags) {
      if (t.enumName !== undefined && t.enumName !== "Tag") expect(enumForTag(t.tag), t.name).toBeDefined();
      if (t.maskName !== undefined) expect(maskForTag(t.tag), t.name).toBeDefined();
    }
  });

  it("masks hold single bits", () => {
    for (const m of allMasks) {
      for (const v of m.values) expect(v.value & (v.value - 1), `${m.name} ${v.name}`).toBe(0);
    }
  });

  it("generated constants agree with the tables", () => {
    expect(Tag.ActivationDate).toBe(0x420001);
    expect(ResultReason.ItemNotFound).toBe(0x1);
    expect(Operation.Get).toBe(0x0a);
    expect(CryptographicUsageMask.Encrypt).toBe(0x4);
    for (const t of allTags) expect((Tag as Record<string, number>)[t.xmlName]).toBe(t.tag);
  });
});

describe("tables: lookups", () => {
  it("finds tags by number, spec name and xml name", () => {
    expect(tagByNumber(0x420001)?.name).toBe("Activation Date");
    expect(tagByName("Activation Date")?.tag).toBe(0x420001);
    expect(tagByName("ActivationDate")?.tag).toBe(0x420001);
    expect(tagByName("X.509 Certificate Subject")?.xmlName).toBe("X_509CertificateSubject");
    expect(tagByName("Template-Attribute")?.tag).toBe(0x420091);
    expect(tagByName("No Such Tag")).toBeUndefined();
    expect(tagByNumber(0x540001)).toBeUndefined();
  });

  it("has strict XML-name lookups beside the lenient ones", () => {
    expect(tagByXmlName("ActivationDate")?.tag).toBe(0x420001);
    expect(tagByXmlName("Activation Date")).toBeUndefined();
    expect(tagByName("activation   date")?.tag).toBe(0x420001);
    expect(enumValueByXmlName(enumOf("Object Type"), "SymmetricKey")?.value).toBe(2);
    expect(enumValueByXmlName(enumOf("Object Type"), "Symmetric Key")).toBeUndefined();
  });

  it("finds enumerations and values by spec and xml names", () => {
    expect(enumByName("Object Type")).toBe(enumByName("ObjectType"));
    expect(value("Object Type", "Symmetric Key").value).toBe(0x2);
    expect(value("ObjectType", "SymmetricKey").value).toBe(0x2);
    expect(value("Result Reason", "Item Not Found").value).toBe(0x1);
    expect(value("Operation", "Get").value).toBe(0x0a);
    expect(value("Cryptographic Algorithm", "3DES").xmlName).toBe("DES3");
    expect(enumValueByNumber(enumOf("Operation"), 0x0a)?.name).toBe("Get");
    expect(enumForTag(Tag.ObjectType)?.name).toBe("Object Type");
    expect(enumForTag(Tag.AttributeReference)).toBeUndefined(); // Enumeration (Tag)
    expect(tag("Attribute Reference").enumName).toBe("Tag");
    expect(maskForTag(Tag.CryptographicUsageMask)?.name).toBe("Cryptographic Usage Mask");
    expect(value("Cryptographic Usage Mask", "Encrypt").value).toBe(0x4);
  });

  it("keeps renamed values resolvable under every name", () => {
    expect(value("Result Reason", "Object archived")).toBe(value("Result Reason", "Object Archived"));
    expect(value("Digital Signature Algorithm", "SHA-256 with RSA Encryption (PKCS#1 v1.5)").value).toBe(0x5);
    expect(value("Digital Signature Algorithm", "SHA256WithRSAEncryption").value).toBe(0x5);
  });

  it("records item types, including 2.x multi-type tags", () => {
    expect(tag("Activation Date").types).toEqual(["DateTime"]);
    expect(tag("Tag Length").types).toEqual(["Integer"]);
    expect([...tag("Unique Identifier").types].sort()).toEqual(["Enumeration", "Integer", "TextString"]);
    expect(tag("Unique Identifier").typeSince).toMatchObject({ Enumeration: 20, Integer: 20 });
    expect(tag("Attribute Value").types.length).toBeGreaterThan(5);
    expect(tag("Cryptographic Usage Mask").maskName).toBe("Cryptographic Usage Mask");
    expect(tag("Object Type").enumName).toBe("Object Type");
  });

  it("tells which item types a tag may carry in a version", () => {
    const uid = tag("Unique Identifier");
    expect(tagAllowsType(uid, "TextString", 10)).toBe(true);
    expect(tagAllowsType(uid, "Enumeration", 14)).toBe(false);
    expect(tagAllowsType(uid, "Enumeration", 20)).toBe(true);
    expect(tagAllowsType(uid, "Boolean", 21)).toBe(false);
    expect(tagAllowsType(tag("Template-Attribute"), "Structure", 20)).toBe(false);
  });
});

describe("tables: versions", () => {
  it("converts protocol versions", () => {
    expect(versionCode(1, 4)).toBe(14);
    expect(versionCode(2, 1)).toBe(21);
    expect(versionCode(1, 5)).toBeUndefined();
    expect(versionCode(3, 0)).toBeUndefined();
  });

  it("gates tags by version", () => {
    expect(tagInVersion(Tag.ActivationDate, 10)).toBe(true);
    expect(tagInVersion(Tag.TemplateAttribute, 14)).toBe(true);
    expect(tagInVersion(Tag.TemplateAttribute, 20)).toBe(false);
    expect(tagInVersion(Tag.OperationPolicyName, 14)).toBe(true);
    expect(tagInVersion(Tag.OperationPolicyName, 20)).toBe(false);
    expect(tagInVersion(Tag.CertificateIdentifier, 11)).toBe(true); // deprecated, not removed
    expect(tag("Certificate Identifier").deprecated).toMatch(/deprecated as of version 1.1/);
    expect(tagInVersion(Tag.CertificateIdentifier, 20)).toBe(false);
    expect(tagInVersion(Tag.ProtectionStorageMask, 14)).toBe(false);
    expect(tagInVersion(Tag.ProtectionStorageMask, 20)).toBe(true);
    expect(tagInVersion(Tag.AttributeReference, 20)).toBe(true);
    expect(tagInVersion(Tag.AttributeIndex, 14)).toBe(true);
    expect(tagInVersion(Tag.AttributeIndex, 20)).toBe(false);
    expect(tagInVersion(0x540001, 14)).toBe(false);
    expect(tagInVersion(0x42ffff, 21)).toBe(false);
  });

  it("gates the Date-Time Extended item type to 2.0+", () => {
    // KMIP 2.0 §9.1.1.2 / §11.23 add Date Time Extended (0x0B); no 1.x tag may carry it.
    expect(value("Item Type", "Date Time Extended")).toMatchObject({ value: 0x0b, since: 20 });
    for (const t of allTags) {
      if (t.types.includes("DateTimeExtended")) {
        expect(t.typeSince?.DateTimeExtended ?? t.since, t.name).toBeGreaterThanOrEqual(20);
      }
    }
    expect(tag("Time Stamp").typeSince).toEqual({ DateTimeExtended: 20 });
  });

  it("gates enumeration values by version", () => {
    const op = enumOf("Operation");
    const rekeyPair = value("Operation", "Re-key Key Pair").value;
    expect(enumValueInVersion(op, Operation.Get, 10)).toBe(true);
    expect(enumValueInVersion(op, rekeyPair, 10)).toBe(false);
    expect(enumValueInVersion(op, rekeyPair, 11)).toBe(true);
    expect(enumValueInVersion(op, value("Operation", "Log").value, 14)).toBe(false);
    expect(enumValueInVersion(op, value("Operation", "Log").value, 20)).toBe(true);
    expect(enumValueInVersion(op, value("Operation", "Ping").value, 20)).toBe(false);
    expect(enumValueInVersion(op, value("Operation", "Ping").value, 21)).toBe(true);
    const objectType = enumOf("Object Type");
    expect(enumValueInVersion(objectType, value("Object Type", "Template").value, 14)).toBe(true);
    expect(enumValueInVersion(objectType, value("Object Type", "Template").value, 20)).toBe(false);
    expect(enumValueInVersion(objectType, 0x7fff, 14)).toBe(false);
  });

  it("gates mask bits by version", () => {
    const usage = enumOf("Cryptographic Usage Mask");
    expect(maskBitsInVersion(usage, 10)).toBe(0xfffff);
    expect(maskBitsInVersion(usage, 14)).toBe(0xfffff);
    // 2.0 §12.1 reserved Export, Content Commitment and the Cryptogram/Translate bits, added 4 more.
    expect(maskBitsInVersion(usage, 20)).toBe(0xf03bbf);
    expect(value("Cryptographic Usage Mask", "Export").until).toBe(20);
    const storage = enumOf("Storage Status Mask");
    expect(maskBitsInVersion(storage, 14)).toBe(0x3);
    expect(maskBitsInVersion(storage, 20)).toBe(0x7);
    const protection = enumOf("Protection Storage Mask");
    expect(protection.since).toBe(20);
    expect(maskBitsInVersion(protection, 14)).toBe(0);
    expect(maskBitsInVersion(protection, 21)).toBe(0x3fff);
  });

  it("has data for every version", () => {
    for (const v of KMIP_VERSIONS) {
      expect(allTags.filter((t) => tagInVersion(t.tag, v)).length, `tags in ${v}`).toBeGreaterThan(150);
      expect(
        allEnums.filter((e) => e.values.some((x) => enumValueInVersion(e, x.value, v))).length,
      ).toBeGreaterThan(25);
    }
  });
});

// --- the KMIP 1.4 tag table as extracted independently into the shared vectors -----------------

describe("tables: KMIP 1.4 §9.1.3.1 tag values", () => {
  const file = join(vectorsDir(), "spec-examples", "kmip-1.4-tag-values-sec-9.1.3.1.json");
  const table = JSON.parse(readFileSync(file, "utf8")) as {
    tags: { name: string; tag: string; note: string | null }[];
  };

  it("lists 292 tags", () => {
    expect(table.tags.length).toBe(292);
  });

  it("every tag there is ours, with the same value, present in 1.4", () => {
    const problems: string[] = [];
    for (const t of table.tags) {
      const value = Number.parseInt(t.tag, 16);
      const ours = tagByNumber(value);
      const byName = tagByName(t.name.replace(/\s+/g, " ").trim());
      if (!ours || ours !== byName)
        problems.push(`${t.name} ${t.tag}: ours ${ours?.name} / by name ${byName?.name}`);
      else if (!tagInVersion(value, 14)) problems.push(`${t.name} not in 1.4`);
    }
    expect(problems).toEqual([]);
  });

  it("and we have no 1.4 tag it lacks", () => {
    const theirs = new Set(table.tags.map((t) => Number.parseInt(t.tag, 16)));
    expect(allTags.filter((t) => tagInVersion(t.tag, 14) && !theirs.has(t.tag)).map((t) => t.name)).toEqual(
      [],
    );
  });
});

// --- every name used in the shared XML vectors resolves -------------------------------------------

interface Use {
  file: string;
  element: string;
  type?: string;
  value?: string;
  /** For a 1.x AttributeValue: the AttributeName of the same Attribute. */
  attributeName?: string;
  version?: KmipVersion;
}

/** The one published file with a defect (KMIP 1.4 test cases, README "Known defects"). */
const DUPLICATE_CLOSE = "kmip-1.4/testcases/TC-ECDSA-SIGN-1-14.xml";

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:-]+\s*=\s*"[^"]*")*)\s*(\/?)>/g;
const ATTR = /([\w:-]+)\s*=\s*"([^"]*)"/g;

/** Remove a second `</KMIP>` after the root has closed; returns undefined when there is none. */
function stripDuplicateClose(text: string): string | undefined {
  const m = /<\/KMIP>\s*<\/KMIP>\s*$/.exec(text);
  return m ? `${text.slice(0, m.index)}</KMIP>\n` : undefined;
}

interface Frame {
  name: string;
  attributeName?: string;
  major?: number;
  minor?: number;
}

/** Scan one file's elements (a well-formedness-checked regex walk), with the message's version. */
function scan(file: string, text: string): Use[] {
  const uses: Use[] = [];
  const stack: Frame[] = [];
  let version: KmipVersion | undefined;
  let messageStart = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m[2] === undefined) continue; // comment or declaration
    const [, close, name, rawAttrs, selfClose] = m;
    if (close) {
      const top = stack.pop();
      if (top?.name !== name) throw new Error(`${file}: </${name}> closes <${top?.name}>`);
      continue;
    }
    const attrs = Object.fromEntries([...rawAttrs!.matchAll(ATTR)].map((a) => [a[1], a[2]]));
    const parent = stack[stack.length - 1];
    if (name === "RequestMessage" || name === "ResponseMessage") {
      version = undefined;
      messageStart = uses.length;
    }
    if (name === "ProtocolVersionMajor" && parent) parent.major = Number(attrs.value);
    if (name === "ProtocolVersionMinor" && parent) {
      parent.minor = Number(attrs.value);
      if (version === undefined) {
        version = versionCode(parent.major ?? -1, parent.minor);
        for (const earlier of uses.slice(messageStart)) earlier.version = version; // the header's opening
      }
    }
    if (name === "AttributeName" && parent) parent.attributeName = attrs.value;
    uses.push({
      file,
      element: name!,
      type: attrs.type,
      value: attrs.value,
      attributeName: name === "AttributeValue" ? parent?.attributeName : undefined,
      version,
    });
    if (attrs.tag !== undefined) uses[uses.length - 1]!.element = `#${attrs.tag}`;
    if (!selfClose) stack.push({ name: name! });
  }
  if (stack.length > 0) throw new Error(`${file}: <${stack[stack.length - 1]!.name}> never closed`);
  return uses;
}

function readVectors(): { uses: Use[]; repaired: string[] } {
  const uses: Use[] = [];
  const repaired: string[] = [];
  for (const file of listFiles(vectorsDir(), ".xml")) {
    let text = readFileSync(join(vectorsDir(), file), "utf8");
    const fixed = stripDuplicateClose(text);
    if (fixed !== undefined) {
      repaired.push(file);
      text = fixed;
    }
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw new Error(`${file}: not well-formed XML: ${valid.err.msg}`);
    uses.push(...scan(file, text));
  }
  return { uses, repaired };
}

const PLACEHOLDER = /^\$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const NUMBER = /^-?\d+$/;

function isExtensionTag(element: string): boolean {
  return /^#0x54[0-9a-fA-F]{4}$/.test(element);
}

/** The tag an Enumeration/Integer value belongs to: the element's, or for a 1.x AttributeValue the attribute's. */
function valueOwner(u: Use): TagInfo | undefined {
  if (u.element !== "AttributeValue") return tagByName(u.element);
  if (u.attributeName === undefined || /^[xy]-/.test(u.attributeName)) return undefined; // custom attribute
  return tagByName(u.attributeName);
}

function checkElement(u: Use): string | undefined {
  if (u.element === "KMIP" || isExtensionTag(u.element) || tagByXmlName(u.element)) return undefined;
  const loose = tagByName(u.element);
  return loose ? `<${u.element}> only loosely matches ${loose.xmlName}` : `unknown tag <${u.element}>`;
}

function checkEnumeration(u: Use): string | undefined {
  if (u.type !== "Enumeration" || u.value === undefined || PLACEHOLDER.test(u.value) || HEX.test(u.value))
    return undefined;
  const owner = valueOwner(u);
  if (owner === undefined) {
    return u.element === "AttributeValue" && u.attributeName !== undefined && /^[xy]-/.test(u.attributeName)
      ? undefined
      : `<${u.element}> (attribute ${u.attributeName}) has no known tag`;
  }
  if (owner.enumName === "Tag") {
    return tagByXmlName(u.value) ? undefined : `<${u.element}> value ${u.value} is not a tag name`;
  }
  const e = owner.enumName === undefined ? undefined : enumByName(owner.enumName);
  if (!e) return `<${u.element}> (${owner.name}) has no enumeration for ${u.value}`;
  if (enumValueByXmlName(e, u.value)) return undefined;
  const loose = enumValueByName(e, u.value);
  return loose
    ? `<${u.element}> ${u.value} only loosely matches ${loose.xmlName}`
    : `<${u.element}> ${e.name} has no value ${u.value}`;
}

function checkMask(u: Use): string | undefined {
  if (u.type !== "Integer" || u.value === undefined || PLACEHOLDER.test(u.value)) return undefined;
  if (NUMBER.test(u.value) || HEX.test(u.value)) return undefined;
  const owner = valueOwner(u);
  const mask = owner?.maskName === undefined ? undefined : maskByName(owner.maskName);
  if (!mask) return `<${u.element}> Integer ${u.value} is symbolic but ${owner?.name} is no mask`;
  for (const bit of u.value.split(/\s+/).filter((b) => b.length > 0)) {
    if (HEX.test(bit) || NOT_IN_TABLES[`${u.element} ${bit}`] !== undefined) continue;
    if (!enumValueByXmlName(mask, bit)) return `<${u.element}> ${mask.name} has no bit ${bit}`;
  }
  return undefined;
}

/**
 * In 1.x an Attribute Name is the attribute's spec name (or a custom x-/y- name); 2.x names only
 * vendor attributes this way. The ovh renderings pad some names with extra spaces, so whitespace
 * runs are collapsed before comparing.
 */
function checkAttributeName(u: Use): string | undefined {
  if (u.element !== "AttributeName" || u.value === undefined || /^[xy]-/.test(u.value)) return undefined;
  if (u.version === undefined || u.version >= 20) return undefined;
  const name = u.value.replace(/\s+/g, " ").trim();
  const t = tagByName(name);
  if (!t) return `AttributeName ${u.value} is no tag`;
  return [t.name, ...(t.aliases ?? [])].includes(name)
    ? undefined
    : `AttributeName ${u.value} only loosely matches ${t.name}`;
}

/** A tag, or an enumeration value, used in a message of a version that does not define it. */
function checkVersion(u: Use): string | undefined {
  if (u.version === undefined || u.element === "KMIP" || isExtensionTag(u.element)) return undefined;
  const info = tagByName(u.element);
  if (info && !tagInVersion(info.tag, u.version)) return `<${u.element}> not in ${u.version}`;
  if (u.type !== "Enumeration" || u.value === undefined || PLACEHOLDER.test(u.value) || HEX.test(u.value))
    return undefined;
  const owner = valueOwner(u);
  const e = owner?.enumName === undefined ? undefined : enumByName(owner.enumName);
  const v = e && enumValueByName(e, u.value);
  if (e && v && !enumValueInVersion(e, v.value, u.version)) return `${e.name} ${u.value} not in ${u.version}`;
  return undefined;
}

/**
 * Names in the vectors used outside the versions the tables give them, each with the reason it
 * is accepted. Keyed by "<element> value". (Values the spec defines by reference, and the test
 * cases' other spellings, are in the tables: see REFERENCED_VALUES and VALUE_ALIASES in
 * scripts/spec-overrides.ts.)
 */
const NOT_IN_TABLES: Record<string, string> = {
  "CryptographicUsageMask ContentCommitment":
    "TC-CERTATTR-1-20 / TC-PKCS12-1-20 use the 1.x bit 'Content Commitment (Non Repudiation)', (Reserved) in 2.0 §12.1",
};

function allowed(u: Use): boolean {
  return NOT_IN_TABLES[`${u.element} ${u.value}`] !== undefined;
}

describe("tables: every name in the shared XML vectors resolves", () => {
  const { uses, repaired } = readVectors();

  function problems(check: (u: Use) => string | undefined): string[] {
    const out = new Set<string>();
    for (const u of uses) {
      if (allowed(u)) continue;
      const p = check(u);
      if (p !== undefined) out.add(`${p} (${u.file})`);
    }
    return [...out].sort();
  }

  it("reads every XML vector, repairing only the known duplicated </KMIP>", () => {
    expect(repaired).toEqual([DUPLICATE_CLOSE]);
    expect(new Set(uses.map((u) => u.file)).size).toBeGreaterThan(500);
    expect(uses.length).toBeGreaterThan(60_000);
    // Nearly every element sits in a message whose header states its protocol version.
    expect(uses.filter((u) => u.version !== undefined).length / uses.length).toBeGreaterThan(0.99);
    expect(new Set(uses.map((u) => u.version))).toEqual(new Set([undefined, 10, 11, 12, 13, 14, 20, 21]));
  });

  it("element names are tags", () => {
    expect(problems(checkElement)).toEqual([]);
  });

  it("Enumeration values are values of the tag's enumeration (or tag names for Attribute Reference)", () => {
    expect(problems(checkEnumeration)).toEqual([]);
  });

  it("symbolic Integer values are mask bit names", () => {
    expect(problems(checkMask)).toEqual([]);
  });

  it("1.x Attribute Names are attribute tags' spec names", () => {
    expect(problems(checkAttributeName)).toEqual([]);
  });

  it("every accepted exception still occurs in the vectors", () => {
    const seen = new Set(
      uses.flatMap((u) => (u.value ?? "").split(/\s+/).map((part) => `${u.element} ${part}`)),
    );
    expect(Object.keys(NOT_IN_TABLES).filter((k) => !seen.has(k))).toEqual([]);
  });

  it("tags and enumeration values are in the protocol version of their message", () => {
    expect(problems(checkVersion)).toEqual([]);
  });
});
