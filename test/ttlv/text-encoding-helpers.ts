/**
 * Shared by the XML, JSON, text and OASIS tests: the spec's JSON/XML examples (read from the
 * shared vectors, never copied), error assertions and a deterministic placeholder binder.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { conversionPlaceholders } from "../../src/kmip/placeholders.js";
import { TtlvError } from "../../src/ttlv/errors.js";
import { vectorsDir } from "../helpers/vectors.js";

export interface SpecExample {
  sec: string;
  what: string;
  json?: string | string[];
  xml?: string | string[];
  ttlv: string;
  note?: string;
}

/** `spec-examples/json-xml-encoding-examples-msgenc-v1.0.json`: §4.1.6 and §6.1.6 examples. */
export function specExamples(): SpecExample[] {
  const file = join(vectorsDir(), "spec-examples/json-xml-encoding-examples-msgenc-v1.0.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { examples: SpecExample[] }).examples;
}

export function forms(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Expect `fn` to throw a TtlvError with `code` whose message matches `pattern`. */
export function expectTtlvError(fn: () => unknown, code: string, pattern?: RegExp): TtlvError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TtlvError);
    const e = err as TtlvError;
    expect(e.code, e.message).toBe(code);
    if (pattern) expect(e.message).toMatch(pattern);
    return e;
  }
  throw new Error(`expected a ${code} TtlvError`);
}

/** Test start for `$NOW` placeholders: 2023-11-14T22:13:20Z. */
export const NOW = 1_700_000_000n;

/** Binds the OASIS placeholders deterministically (the CLI's conversion binder, at NOW). */
export const bindPlaceholder = conversionPlaceholders(NOW);
