/**
 * The derivation methods against the OASIS KMIP 1.4 test cases TC-DERIVEKEY-1…5 (KMIP Test Cases
 * v1.4): the base object's Key Material, the Derive Key parameters and the Key Material a Get of
 * the derived key returns, read from the shared vectors at test time (never copied here).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deriveKey } from "../../src/crypto/derive.js";
import { DerivationMethod, HashingAlgorithm } from "../../src/kmip/generated/enums.js";
import { vectorsDir } from "../helpers/vectors.js";
import { hex, unhex } from "./helpers.js";

/** The `value` attributes of every `<tag … value="…"/>` in `xml`, in document order. */
function values(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag} type="\\w+" value="([^"]*)"`, "g"))].map((m) => m[1]!);
}

for (const n of [1, 2, 3, 4, 5]) {
  describe(`TC-DERIVEKEY-${n}-14`, () => {
    it("derives the Key Material the case expects", async () => {
      const xml = readFileSync(join(vectorsDir(), "kmip-1.4/testcases", `TC-DERIVEKEY-${n}-14.xml`), "utf8");
      const materials = values(xml, "KeyMaterial");
      const base = unhex(materials[0]!);
      const expected = materials[materials.length - 1]!;
      const method = DerivationMethod[values(xml, "DerivationMethod")[0] as keyof typeof DerivationMethod];
      const hashName = values(xml, "HashingAlgorithm")[0];
      const data = values(xml, "DerivationData")[0];
      const salt = values(xml, "Salt")[0];
      const iterations = values(xml, "IterationCount")[0];
      const isSecretData = xml.includes('<ObjectType type="Enumeration" value="SecretData"/>');
      const out = await deriveKey({
        method,
        // A Secret Data object stands in for the Derivation Data (1.4 §4.6 Table 182).
        ...(isSecretData ? { data: base } : { key: base }),
        ...(data === undefined ? {} : { data: unhex(data) }),
        parameters:
          hashName === undefined
            ? undefined
            : { hashing: HashingAlgorithm[hashName as keyof typeof HashingAlgorithm] },
        salt: salt === undefined ? undefined : unhex(salt),
        iterationCount: iterations === undefined ? undefined : Number(iterations),
        lengthBits: (expected.length / 2) * 8,
      });
      expect(hex(out)).toBe(expected);
    });
  });
}
