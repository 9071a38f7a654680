/**
 * The output filter: a client never sees an attribute its version lacks (Percona Server for
 * MongoDB broke on Fresh from a 1.0 server, Cosmian KMS #687).
 */
import { describe, expect, it } from "vitest";
import { ATTRIBUTES, type Attribute } from "../../src/kmip/attributes.js";
import { ObjectType } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask } from "../../src/kmip/generated/masks.js";
import { KMIP_VERSIONS } from "../../src/kmip/version.js";
import {
  attributeNamesForVersion,
  attributesForVersion,
  newObjectAttributes,
} from "../../src/policy/index.js";
import { T0 } from "./helpers.js";

/** One entry of every standard attribute, plus a custom one. */
const everything: Attribute[] = [
  ...ATTRIBUTES.map((def) => ({ name: def.name, value: 0 })),
  { name: "x-ID", value: { tag: 0x540000, type: 7, value: "id" } },
];

describe("attributesForVersion", () => {
  it("a 1.0 view lacks every 1.1+ attribute", () => {
    const view = attributesForVersion(everything, 10).map((a) => a.name);
    for (const name of [
      "Fresh",
      "Original Creation Date",
      "Random Number Generator",
      "Sensitive",
      "Description",
      "Comment",
      "Alternative Name",
      "Key Value Present",
      "Certificate Length",
      "X.509 Certificate Subject",
      "Digital Signature Algorithm",
    ])
      expect(view, name).not.toContain(name);
    for (const name of ["Unique Identifier", "State", "Certificate Subject", "Operation Policy Name", "x-ID"])
      expect(view, name).toContain(name);
  });

  it("shows each attribute from its first version (1.1 Fresh, 1.2 Original Creation Date, 1.3 RNG, 1.4 Sensitive)", () => {
    const first: Record<string, number> = {
      Fresh: 11,
      "Original Creation Date": 12,
      "Random Number Generator": 13,
      Sensitive: 14,
      "PKCS#12 Friendly Name": 14,
    };
    for (const [name, since] of Object.entries(first))
      for (const v of KMIP_VERSIONS) {
        const seen = attributesForVersion(everything, v).some((a) => a.name === name);
        expect(seen, `${name} in ${v}`).toBe(v >= since);
      }
  });

  it("2.x-only attributes are absent from 1.4, 1.x-only ones from 2.x", () => {
    const v14 = attributesForVersion(everything, 14).map((a) => a.name);
    for (const name of [
      "Key Format Type",
      "Short Unique Identifier",
      "Protection Level",
      "Quantum Safe",
      "NIST Key Type",
      "Certificate Subject CN",
      "Rotate Date",
    ])
      expect(v14, name).not.toContain(name);
    expect(attributesForVersion(everything, 20).map((a) => a.name)).not.toContain("Rotate Date");
    const v21 = attributesForVersion(everything, 21).map((a) => a.name);
    for (const name of [
      "Operation Policy Name",
      "Certificate Identifier",
      "Certificate Subject",
      "Certificate Issuer",
    ])
      expect(v21, name).not.toContain(name);
    expect(v21).toContain("Rotate Date");
  });

  it("a new object's attributes, seen by a 1.0 client, hold 1.0 attributes only", () => {
    const created = newObjectAttributes({
      uid: "u1",
      objectType: ObjectType.SymmetricKey,
      op: "Create",
      template: [{ name: "Cryptographic Algorithm", value: 3 }],
      cryptographicLength: 256,
      now: T0,
      version: 10,
      digest: new Uint8Array(32),
      keyFormatType: 1,
      shortUniqueIdentifier: new Uint8Array(32),
    });
    const names = attributeNamesForVersion(created.attributes, 10);
    expect(names).toEqual(
      expect.arrayContaining([
        "Unique Identifier",
        "Object Type",
        "State",
        "Initial Date",
        "Last Change Date",
        "Digest",
      ]),
    );
    for (const name of names) expect(ATTRIBUTES.find((d) => d.name === name)?.since, name).toBe(10);
    expect(attributeNamesForVersion(created.attributes, 21)).toEqual(
      expect.arrayContaining([
        "Fresh",
        "Original Creation Date",
        "Sensitive",
        "Key Format Type",
        "Short Unique Identifier",
      ]),
    );
  });
});

describe("bit masks per version", () => {
  const { Encrypt, Export, ContentCommitmentNonRepudiation, Authenticate } = CryptographicUsageMask;
  const stored: Attribute[] = [
    {
      name: "Cryptographic Usage Mask",
      value: Encrypt | Export | ContentCommitmentNonRepudiation | 0x10000000,
    },
  ];

  it("a 2.x view drops the bits 2.x reserves (2.1 §12.1), keeping extension bits; the 1.x view keeps all", () => {
    expect(attributesForVersion(stored, 21)).toEqual([
      { name: "Cryptographic Usage Mask", value: Encrypt | 0x10000000 },
    ]);
    expect(attributesForVersion(stored, 14)).toEqual(stored);
  });

  it("a 1.x view drops the bits only 2.x defines", () => {
    const v2: Attribute[] = [{ name: "Cryptographic Usage Mask", value: Encrypt | Authenticate }];
    expect(attributesForVersion(v2, 14)).toEqual([{ name: "Cryptographic Usage Mask", value: Encrypt }]);
  });
});
