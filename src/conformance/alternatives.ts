/**
 * Rule "alternative": some profile test cases come as a family of files that send the same
 * requests and expect different answers, one per behaviour the profile allows (the RNG Seed cases
 * CS-RNG-O-1..4 expect 32, 16 or 0 bytes of seed used, or Permission Denied: KMIP 1.4 §4.36 lets
 * the server decide how much seed it uses, or refuse). A server can meet only one of them. When
 * one file of such a family passes, the others that fail are reported as SKIP with this rule
 * rather than FAIL; when none passes, they all stay FAIL. Decided from the files' contents: the
 * Request Messages, compared as text with white space collapsed and without the Client
 * Correlation Value (a free label; the 2.x files put their own name in it), within one folder.
 */
import { readFileSync } from "node:fs";
import type { Skip } from "./skips.js";
import type { FileResult } from "./types.js";
import type { VectorFile } from "./vectors.js";

export const ALTERNATIVE: Skip = {
  id: "alternative",
  reason: "an alternative answer to the same requests as a file that passes",
  why: "A profile lists the behaviours a server may choose between as separate files with identical requests (CS-RNG-O-1..4: RNG Seed uses 32, 16 or 0 bytes, or is refused; KMIP 1.4 §4.36 leaves the amount to the server). kmipd passes the one it implements; the others cannot all pass on any server.",
};

/** The results with failing alternatives of a passing file turned into SKIP (see the module comment). */
export function settleAlternatives(
  files: readonly VectorFile[],
  results: readonly FileResult[],
): FileResult[] {
  const families = new Map<string, FileResult[]>();
  for (const [i, result] of results.entries()) {
    const file = files[i];
    const key = file === undefined ? undefined : requestsKey(file);
    if (key === undefined) continue;
    const family = families.get(key) ?? [];
    family.push(result);
    families.set(key, family);
  }
  const settled = new Map<string, FileResult>();
  for (const family of families.values()) {
    const passing = family.find((r) => r.outcome === "PASS");
    if (passing === undefined || family.length < 2) continue;
    for (const r of family) {
      if (r.outcome !== "FAIL") continue;
      const reason = `${ALTERNATIVE.reason} (${passing.name})`;
      settled.set(r.name, { ...r, outcome: "SKIP", skip: ALTERNATIVE.id, reason, difference: undefined });
    }
  }
  return results.map((r) => settled.get(r.name) ?? r);
}

/** Folder and Request Messages of a file, white space collapsed; undefined if it has none. */
function requestsKey(file: VectorFile): string | undefined {
  let text: string;
  try {
    text = readFileSync(file.path, "utf8");
  } catch {
    return undefined;
  }
  const requests = text.match(/<RequestMessage>[\s\S]*?<\/RequestMessage>/g);
  if (requests === null) return undefined;
  const label = /<ClientCorrelationValue\b[^>]*\/>/g;
  return `${file.set}\n${requests.map((r) => r.replace(label, "").replace(/\s+/g, " ")).join("\n")}`;
}
