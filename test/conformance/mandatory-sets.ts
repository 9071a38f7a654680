/**
 * The mandatory sets the conformance test runs, and how one file's result is summed up for the
 * expectation list (`expected.ts`): PASS; FAIL with where it first differs (message and path),
 * which stays the same from run to run while identifiers and times do not; SKIP with the id of
 * its rule in src/conformance/skips.ts.
 */
import type { FileResult } from "../../src/conformance/types.js";

export const MANDATORY_SETS = [
  "kmip-1.4/profiles/mandatory",
  "kmip-2.0/profiles/mandatory",
  "kmip-2.1/profiles/mandatory",
  "kmip-1.1/testcases-ovh",
  "kmip-1.2/testcases-ovh",
] as const;

export type Expectation =
  | "PASS"
  | { readonly outcome: "FAIL"; readonly at: string; readonly why: string }
  | { readonly outcome: "SKIP"; readonly skip: string };

/** A FAIL, where it first differs ("message 1: ResponseMessage/BatchItem/ResultStatus"), and why. */
export function fail(at: string, why: string): Expectation {
  return { outcome: "FAIL", at, why };
}

export function skip(id: string): Expectation {
  return { outcome: "SKIP", skip: id };
}

/** What a result is compared on: the outcome and where (FAIL) or which rule (SKIP). */
export function outcomeKey(r: FileResult | Expectation): string {
  if (r === "PASS" || r.outcome === "PASS") return "PASS";
  if (r.outcome === "SKIP") return `SKIP ${"skip" in r ? r.skip : ""}`;
  return `FAIL ${"at" in r ? r.at : failedAt(r)}`;
}

/** "message 3: ResponseMessage/BatchItem/ResultReason", "message 0: no response", "runner error". */
export function failedAt(r: FileResult): string {
  if (r.message === undefined) return "runner error";
  return `message ${r.message}: ${r.difference?.path ?? "no response"}`;
}
