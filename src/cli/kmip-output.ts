/**
 * What `kmipd kmip` verbs print. A verb produces a record (spec names as keys) or a list; it is
 * written as JSON (`--format json`, indented by 2) or as a table in the style of the other
 * kmipd verbs (`Key`/`Value` columns; a list as one column under its heading). KMIP failures go
 * to standard error as `Result Reason: <reason> (<Result Message>)`.
 */

import type { Json } from "../client/display.js";
import { KmipResultError } from "../client/errors.js";
import { enumName } from "../client/names.js";
import { table } from "./format.js";
import type { CliIo } from "./io.js";

export type KmipOutput =
  | { readonly kind: "record"; readonly data: { [key: string]: Json } }
  | { readonly kind: "list"; readonly heading: string; readonly items: string[]; readonly json?: Json }
  /** Printed as is whatever the format (`get --format raw`). */
  | { readonly kind: "raw"; readonly text: string };

export function record(data: { [key: string]: Json }): KmipOutput {
  return { kind: "record", data };
}

export function list(heading: string, items: string[], json?: Json): KmipOutput {
  return json === undefined ? { kind: "list", heading, items } : { kind: "list", heading, items, json };
}

/** A table cell: lists joined by commas, structures as compact JSON. */
function cellText(v: Json): string {
  if (v === null) return "";
  if (Array.isArray(v)) return v.every((x) => typeof x !== "object") ? v.join(", ") : JSON.stringify(v);
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function render(output: KmipOutput, format: string): string {
  if (output.kind === "raw") return output.text;
  if (format === "json") {
    const json = output.kind === "record" ? output.data : (output.json ?? output.items);
    return JSON.stringify(json, null, 2);
  }
  if (output.kind === "list") {
    return output.items.length === 0
      ? `No ${output.heading} found`
      : table([[output.heading], ...output.items.map((i) => [i])]);
  }
  const rows = Object.entries(output.data).map(([k, v]) => [k, cellText(v)]);
  return table([["Key", "Value"], ...rows]);
}

export function printOutput(io: CliIo, output: KmipOutput, format: string): void {
  io.out(`${render(output, format)}\n`);
}

/** KMIP 1.4 §6.10–6.11 / 2.1 §9.17–9.18: the Result Reason and the server's Result Message. */
export function resultErrorText(e: KmipResultError): string {
  const reason =
    e.resultReason === undefined
      ? enumName("Result Status", e.resultStatus)
      : enumName("Result Reason", e.resultReason);
  const message = e.resultMessage === undefined || e.resultMessage === "" ? "" : ` (${e.resultMessage})`;
  return `Result Reason: ${reason}${message}`;
}

export function isResultError(e: unknown): e is KmipResultError {
  return e instanceof KmipResultError;
}
