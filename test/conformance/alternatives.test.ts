/**
 * Rule "alternative" (src/conformance/alternatives.ts): files with the same requests and different
 * expected answers; when one passes, the failing others are SKIP, otherwise they stay FAIL.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { settleAlternatives } from "../../src/conformance/alternatives.js";
import type { FileResult, Outcome } from "../../src/conformance/types.js";
import type { VectorFile } from "../../src/conformance/vectors.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-alt-"));
const requestOf = (label: string, data: string) =>
  `<KMIP><RequestMessage><RequestHeader><ClientCorrelationValue type="TextString" value="${label}"/></RequestHeader><Data value="${data}"/></RequestMessage><ResponseMessage/></KMIP>`;

function vector(name: string, text: string, set = "kmip-2.0/profiles/optional"): VectorFile {
  const path = join(dir, `${name}-${set.replaceAll("/", "_")}.xml`);
  writeFileSync(path, text);
  return { name: `${set}/${name}.xml`, path, set, version: "2.0", profile: "X" };
}

const result = (file: VectorFile, outcome: Outcome): FileResult => ({
  name: file.name,
  set: file.set,
  profile: file.profile,
  outcome,
  ms: 1,
});

describe("settleAlternatives", () => {
  it("turns the failing alternatives of a passing file into SKIP naming it", () => {
    const files = [vector("a", requestOf("a", "01")), vector("b", requestOf("b", "01"))];
    const [a, b] = settleAlternatives(files, [result(files[0]!, "FAIL"), result(files[1]!, "PASS")]);
    expect(a?.outcome).toBe("SKIP");
    expect(a?.skip).toBe("alternative");
    expect(a?.reason).toContain(files[1]!.name);
    expect(b?.outcome).toBe("PASS");
  });

  it("keeps FAIL when no alternative passes, when the requests differ, or in another folder", () => {
    const same = [vector("c", requestOf("c", "02")), vector("d", requestOf("d", "02"))];
    expect(
      settleAlternatives(
        same,
        same.map((f) => result(f, "FAIL")),
      ).map((r) => r.outcome),
    ).toEqual(["FAIL", "FAIL"]);
    const differ = [vector("e", requestOf("e", "03")), vector("f", requestOf("f", "04"))];
    const settled = settleAlternatives(differ, [result(differ[0]!, "FAIL"), result(differ[1]!, "PASS")]);
    expect(settled[0]?.outcome).toBe("FAIL");
    const elsewhere = [vector("g", requestOf("g", "05")), vector("h", requestOf("h", "05"), "kmip-2.1/x")];
    const apart = settleAlternatives(elsewhere, [
      result(elsewhere[0]!, "FAIL"),
      result(elsewhere[1]!, "PASS"),
    ]);
    expect(apart[0]?.outcome).toBe("FAIL");
  });
});
