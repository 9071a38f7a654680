/**
 * The OASIS mandatory sets replayed against a live kmipd (one server, the files one after the
 * other, each in its own scope): every file's outcome must be the one `expected.ts` records —
 * PASS, FAIL at the same first difference, or SKIP by the same rule. A file that starts passing
 * fails this test too, so the list is kept true (`npx tsx test/conformance/write-expected.ts`).
 * The clock rule does not wait here (two files would need two minutes each); see expected.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveServer } from "../../src/conformance/live-server.js";
import { describeResult } from "../../src/conformance/report.js";
import { runConformance } from "../../src/conformance/runner.js";
import type { FileResult } from "../../src/conformance/types.js";
import { listVectors } from "../../src/conformance/vectors.js";
import { vectorsDir } from "../helpers/vectors.js";
import { EXPECTED } from "./expected.js";
import { MANDATORY_SETS, outcomeKey } from "./mandatory-sets.js";

const files = listVectors(vectorsDir()).filter((f) => (MANDATORY_SETS as readonly string[]).includes(f.set));
const results = new Map<string, FileResult>();
let server: LiveServer;

beforeAll(async () => {
  server = await LiveServer.start();
  for (const r of await runConformance(files, { server, clockWaitMaxMs: 0 })) results.set(r.name, r);
}, 170_000);

afterAll(async () => {
  await server?.close();
});

describe("OASIS mandatory sets against kmipd", () => {
  it("has an expectation for exactly the files of the mandatory sets", () => {
    expect(files.length).toBeGreaterThanOrEqual(350);
    for (const set of MANDATORY_SETS)
      expect(
        files.some((f) => f.set === set),
        set,
      ).toBe(true);
    expect(Object.keys(EXPECTED).sort()).toEqual(files.map((f) => f.name).sort());
  });

  it.each(files.map((f) => f.name))("%s", (name) => {
    const result = results.get(name);
    expect(result, "the runner reported on the file").toBeDefined();
    const expected = EXPECTED[name];
    expect(expected, "an expectation for the file").toBeDefined();
    expect(outcomeKey(result!), describeResult(result!)).toBe(outcomeKey(expected!));
  });
});
