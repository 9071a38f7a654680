/**
 * Rewrites test/conformance/expected.ts from a run over the mandatory sets:
 *
 *   npx tsx test/conformance/write-expected.ts
 *
 * A FAIL gets the note of the first pattern below that matches what it shows; when none does, it
 * keeps the note it had if it still fails at the same place (notes written by hand), or gets
 * "to classify". Review the diff before committing it:
 * the list is the record of what kmipd does, and every change in it should be explained.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runConformance } from "../../src/conformance/runner.js";
import type { FileResult } from "../../src/conformance/types.js";
import { listVectors } from "../../src/conformance/vectors.js";
import { vectorsDir } from "../helpers/vectors.js";
import { EXPECTED } from "./expected.js";
import { type Expectation, failedAt, MANDATORY_SETS } from "./mandatory-sets.js";

/** Notes for failures, by what the first difference shows. */
const NOTES: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [/"operation (.+) is not supported"/, (m) => `server: kmipd has no ${m[1]} operation`],
  [
    /cannot be used for \w+ now \(state Pre-Active\)/,
    () => "vector: the file uses a Pre-Active key; kmipd refuses as KMIP 1.4 §3.22 requires",
  ],
  [
    /LinkType Enumeration \w+Link LinkType Enumeration \w+Link/,
    () =>
      "vector: the 1.1 and 1.2 renderings of TC-13.4 expect the certificate's two Links at opposite Attribute Indexes; kmipd matches the 1.1 one",
  ],
  [/may not perform (.+)"/, (m) => `server: operation_all does not grant ${m[1]}`],
];

function note(r: FileResult): string {
  const text = `${r.name} ${r.difference?.actual ?? ""} ${r.difference?.expected ?? ""} ${r.reason ?? ""}`;
  for (const [pattern, why] of NOTES) {
    const m = text.match(pattern);
    if (m !== null) return why(m);
  }
  return "to classify";
}

function expectation(r: FileResult): string {
  if (r.outcome === "PASS") return "PASS";
  if (r.outcome === "SKIP") return `skip(${JSON.stringify(r.skip ?? "")})`;
  const at = failedAt(r);
  const old: Expectation | undefined = EXPECTED[r.name];
  const auto = note(r);
  const kept =
    old !== undefined && old !== "PASS" && old.outcome === "FAIL" && old.at === at ? old.why : undefined;
  const why = auto === "to classify" ? (kept ?? auto) : auto;
  return `fail(${JSON.stringify(at)}, ${JSON.stringify(why)})`;
}

const files = listVectors(vectorsDir()).filter((f) => (MANDATORY_SETS as readonly string[]).includes(f.set));
const results = await runConformance(files);
const lines = results.map((r) => `  ${JSON.stringify(r.name)}: ${expectation(r)},`);
const text = `/**
 * What kmipd does with each file of the mandatory sets (test/conformance/mandatory.test.ts):
 * PASS, FAIL where it first differs and why, or SKIP by which rule of src/conformance/skips.ts.
 * Written by \`npx tsx test/conformance/write-expected.ts\`, then reviewed; the notes say whose the
 * failure is ("crypto:" operations being added, "server:" a kmipd bug or gap, see the report).
 */
import { type Expectation, fail, skip } from "./mandatory-sets.js";

const PASS = "PASS";

// biome-ignore format: one line per file
export const EXPECTED: Readonly<Record<string, Expectation>> = {
${lines.join("\n")}
};
`;
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), "expected.ts"), text);
process.stderr.write(`${results.length} files written\n`);
