/**
 * The hand-written rule table against the specification texts themselves: for every attribute
 * section of KMIP 1.0–1.4 (§3) and 2.0–2.1 (§4), the second table ("SHALL always have a value |
 * Initially set by | Modifiable by server | Modifiable by client | Deletable by client | Multiple
 * instances permitted | Applies to Object Types") must agree with `attributeRule(name, version)`.
 * The texts are read at test time from the shared folder (see test/helpers/vectors.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ObjectType } from "../../src/kmip/generated/enums.js";
import { KMIP_VERSIONS, type KmipVersion, versionString } from "../../src/kmip/version.js";
import {
  ALL_OBJECTS,
  ASYMMETRIC_KEYS,
  type AttributeRule,
  attributeRule,
  CERTIFICATES,
  CRYPTOGRAPHIC_OBJECTS,
  KEYS,
  OPAQUE_OBJECTS,
  objectTypeInVersion,
  TEMPLATES,
} from "../../src/policy/index.js";
import { specDir } from "../helpers/vectors.js";

type Row = Record<string, string>;

const COLUMNS = [
  "shall always have a value",
  "initially set by",
  "modifiable by server",
  "modifiable by client",
  "deletable by client",
  "multiple instances permitted",
  "applies to object types",
];

/** Attribute name → its rule table cells, from one specification text. */
function ruleTables(version: KmipVersion): Map<string, Row> {
  const text = readFileSync(join(specDir(), `kmip-spec-v${versionString(version)}.txt`), "utf8");
  const chapter = version < 20 ? "3" : "4";
  const tables = new Map<string, Row>();
  let current: string | undefined;
  let row: Row = {};
  for (const line of text.split("\n")) {
    const heading = /^(\d+)\.\d+ ([A-Z][^|]*)$/.exec(line);
    if (heading) {
      current = heading[1] === chapter ? heading[2]?.trim() : undefined;
      row = {};
      continue;
    }
    const [key, ...rest] = line.split("|");
    const column = key?.trim().toLowerCase() ?? "";
    if (current === undefined || !COLUMNS.includes(column)) continue;
    row[column] = rest.join("|").trim();
    if (column === "applies to object types") tables.set(current, row);
  }
  return tables;
}

const { SymmetricKey, PrivateKey, PublicKey, SplitKey, SecretData, PGPKey } = ObjectType;

/** The phrases of the "Applies to Object Types" cells. */
const PHRASES: Record<string, readonly number[]> = {
  "all objects": ALL_OBJECTS,
  "all cryptographic objects": CRYPTOGRAPHIC_OBJECTS,
  "managed cryptographic objects": CRYPTOGRAPHIC_OBJECTS,
  keys: KEYS,
  "asymmetric keys": ASYMMETRIC_KEYS,
  certificates: CERTIFICATES,
  "x.509 certificates": CERTIFICATES,
  templates: TEMPLATES,
  "opaque objects": OPAQUE_OBJECTS,
  "opaque object": OPAQUE_OBJECTS,
  "pgp keys": [PGPKey],
  "symmetric keys": [SymmetricKey],
  "symmetric key": [SymmetricKey],
  "split keys of symmetric keys": [SplitKey],
  "split key": [SplitKey],
  "private key": [PrivateKey],
  "private keys": [PrivateKey],
  "public keys": [PublicKey],
  "secret data": [SecretData],
};

function appliesTo(cell: string, version: KmipVersion): number[] {
  const types = cell
    .toLowerCase()
    .split(",")
    .flatMap((p) => {
      const found = PHRASES[p.trim()];
      if (found === undefined) throw new Error(`unknown phrase "${p.trim()}"`);
      return found;
    });
  return [...new Set(types)].filter((t) => objectTypeInVersion(t, version)).sort();
}

/**
 * Where the table deliberately applies an attribute to more 1.x object types than the 1.x text:
 * see PROCESS_DATES_1X in src/policy/attribute-rule-table.ts (KMIP Profiles 1.4 CS-AC-M-8-14).
 */
const WIDENED_1X: Readonly<Record<string, readonly number[]>> = {
  "Process Start Date": ASYMMETRIC_KEYS,
  "Protect Stop Date": ASYMMETRIC_KEYS,
};

function yes(cell: string | undefined): boolean {
  return cell?.startsWith("Yes") ?? false;
}

function initiallySetBy(cell: string): readonly string[] {
  if (/\bwhen\b/.test(cell)) return ["registrar"];
  if (cell.includes("Server") && cell.includes("Client")) return ["either"];
  return cell.startsWith("Server") ? ["server", "request"] : ["client"];
}

function compare(name: string, cells: Row, rule: AttributeRule, version: KmipVersion): void {
  const at = `${name} (${versionString(version)})`;
  expect(rule.alwaysHasValue !== false, `${at} always`).toBe(yes(cells["shall always have a value"]));
  expect(initiallySetBy(cells["initially set by"] ?? ""), `${at} initially set by`).toContain(
    rule.initiallySetBy,
  );
  expect(rule.modifiableByServer !== false, `${at} modifiable by server`).toBe(
    yes(cells["modifiable by server"]),
  );
  expect(rule.modifiableByClient !== false, `${at} modifiable by client`).toBe(
    yes(cells["modifiable by client"]),
  );
  expect(rule.deletableByClient !== false, `${at} deletable by client`).toBe(
    yes(cells["deletable by client"]),
  );
  const multi = cells["multiple instances permitted"] ?? "";
  expect(rule.multipleInstances, `${at} multiple`).toBe(/PGP/.test(multi) ? "pgp-keys" : yes(multi));
  const widened = version < 20 ? (WIDENED_1X[name] ?? []) : [];
  const expected = [
    ...new Set([...appliesTo(cells["applies to object types"] ?? "", version), ...widened]),
  ].sort();
  const actual = rule.appliesTo.filter((t) => objectTypeInVersion(t, version)).sort();
  expect(actual, `${at} applies to`).toEqual(expected);
}

describe("the rule table agrees with the specification texts", () => {
  for (const version of KMIP_VERSIONS) {
    it(`KMIP ${versionString(version)}`, () => {
      let compared = 0;
      for (const [name, cells] of ruleTables(version)) {
        if (name === "Custom Attribute" || name === "Certificate Attributes") continue;
        const rule = attributeRule(name, version);
        expect(rule, name).toBeDefined();
        if (rule !== undefined) compare(name, cells, rule, version);
        compared++;
      }
      expect(compared).toBeGreaterThan(30);
    });
  }
});
