/**
 * Output as Vault's CLI prints it (`-format=table|json|yaml`, `-field`; each command's docs page,
 * "Output options"; VAULT_FORMAT or KMIPD_FORMAT sets the default).
 *
 * Tables (as in the `read`, `status` and `token create` examples of Vault's docs):
 * - a `Key`/`Value` header underlined with dashes, columns joined by 4 spaces, every column but
 *   the last padded to its longest cell; cells are trimmed and an empty cell reads `n/a`;
 * - lease rows first (`lease_id`, `lease_duration`, `lease_renewable`, or `refresh_interval` for
 *   a lease without an id), then the token rows of an `auth` block (`token_duration` is `∞` for
 *   0, policies as `["a" "b"]`), then the data keys, sorted;
 * - values as Go's `%v` prints decoded JSON: `[a b]`, `map[k:v]`, null as `<nil>` (the "Identifying
 *   tokens" support article shows `expire_time <nil>` and `entity_id n/a` for an empty string);
 * - numbers under keys that look like durations (`ttl`, `*_ttl`, `period`, `*_period`,
 *   `duration`, `*_duration`, `lease_max`, `ttl_max`) as `336h`, `1h30m`, `0s`.
 * JSON: the whole response envelope (`request_id`, `lease_id`, `lease_duration`, `renewable`,
 * `data`, `warnings`, then `auth`, `wrap_info`, `mount_type` when present) indented by 2, map keys
 * sorted and `<>&` escaped as Go's encoder does. YAML: the same tree, keys sorted (Vault converts
 * its JSON to YAML); scalars are quoted when YAML would read them otherwise.
 * `-field=NAME`: the value alone, raw, with no trailing newline unless stdout is a terminal.
 */
import { formatDuration } from "../config/duration.js";
import { isRecord, type Secret, type SecretAuth } from "./http-client.js";
import type { CliIo } from "./io.js";
import type { FlagSpec, ParsedArgs } from "./kv-args.js";

export type Format = "table" | "json" | "yaml";

export interface Output {
  readonly io: CliIo;
  readonly format: Format;
  readonly field: string | undefined;
}

export const FORMAT_FLAG: FlagSpec = {
  name: "format",
  kind: "string",
  help: 'Output format: "table", "json" or "yaml" (KMIPD_FORMAT, VAULT_FORMAT).',
};
export const FIELD_FLAG: FlagSpec = {
  name: "field",
  kind: "string",
  help: "Print only this field, raw, with no trailing newline when piped.",
};

export function outputFromFlags(flags: ParsedArgs, io: CliIo): Output | string {
  const name = (
    flags.string("format") ??
    io.env.KMIPD_FORMAT ??
    io.env.VAULT_FORMAT ??
    "table"
  ).toLowerCase();
  const format = name === "yml" ? "yaml" : name;
  if (format !== "table" && format !== "json" && format !== "yaml") return `Invalid output format: ${name}`;
  return { io, format, field: flags.string("field") };
}

/** Go's `%v` for a decoded JSON value. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  if (isRecord(v))
    return `map[${sortedKeys(v)
      .map((k) => `${k}:${goValue(v[k])}`)
      .join(" ")}]`;
  return String(v);
}

/** Go's `%q` for a list of strings (`["default" "ops"]`; `[]` for none). */
function goQuoted(list: readonly string[] | null): string {
  return `[${(list ?? []).map((s) => JSON.stringify(s)).join(" ")}]`;
}

function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort();
}

function looksLikeDuration(key: string): boolean {
  return /(^|_)(ttl|period|duration)$/.test(key) || key === "lease_max" || key === "ttl_max";
}

/** One data cell: durations humanized, everything else as `%v`. */
export function cell(key: string, value: unknown): string {
  if (looksLikeDuration(key) && typeof value === "number" && Number.isSafeInteger(value)) {
    return formatDuration(value);
  }
  return goValue(value);
}

/** Vault's tableOutput: header row underlined, 4-space glue, empty cells `n/a`. */
export function table(rows: readonly (readonly string[])[], underline = true): string {
  const cells = rows.map((r) => r.map((c) => (c.trim() === "" ? "n/a" : c.trim())));
  if (underline && cells[0])
    cells.splice(
      1,
      0,
      cells[0].map((h) => "-".repeat(h.length)),
    );
  const widths: number[] = [];
  for (const row of cells) {
    row.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...c].length);
    });
  }
  const line = (row: string[]) =>
    row.map((c, i) => (i === row.length - 1 ? c : c + " ".repeat(widths[i]! - [...c].length + 4))).join("");
  return cells.map(line).join("\n");
}

function authRows(a: SecretAuth): string[][] {
  const rows = [
    ["token", a.client_token],
    ["token_accessor", a.accessor],
    ["token_duration", a.lease_duration === 0 ? "∞" : formatDuration(a.lease_duration)],
    ["token_renewable", String(a.renewable)],
    ["token_policies", goQuoted(a.token_policies)],
    ["identity_policies", goQuoted(a.identity_policies)],
    ["policies", goQuoted(a.policies)],
  ];
  for (const k of sortedKeys(a.metadata ?? {})) rows.push([`token_meta_${k}`, goValue(a.metadata?.[k])]);
  return rows;
}

/** The rows of Vault's secret table, without the header. */
export function secretRows(s: Secret): string[][] {
  const rows: string[][] = [];
  if (s.lease_duration > 0 && s.lease_id !== "") {
    rows.push(["lease_id", s.lease_id], ["lease_duration", formatDuration(s.lease_duration)]);
    rows.push(["lease_renewable", String(s.renewable)]);
  } else if (s.lease_duration > 0) rows.push(["refresh_interval", formatDuration(s.lease_duration)]);
  if (s.auth) rows.push(...authRows(s.auth));
  const data = s.data ?? {};
  for (const k of sortedKeys(data)) rows.push([k, cell(k, data[k])]);
  return rows;
}

/** Object keys sorted at every depth, as Go's encoder writes a map. */
export function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (!isRecord(v)) return v;
  return Object.fromEntries(sortedKeys(v).map((k) => [k, sortDeep(v[k])]));
}

/** The envelope in the field order of Vault's api.Secret, as `-format=json` prints it. */
export function secretJson(s: Secret): Record<string, unknown> {
  const o: Record<string, unknown> = {
    request_id: s.request_id,
    lease_id: s.lease_id,
    lease_duration: s.lease_duration,
    renewable: s.renewable,
    data: sortDeep(s.data),
    warnings: s.warnings,
  };
  if (s.auth) o.auth = { ...s.auth, metadata: sortDeep(s.auth.metadata), mfa_requirement: null };
  if (s.wrap_info) o.wrap_info = s.wrap_info;
  if (s.mount_type) o.mount_type = s.mount_type;
  return o;
}

/** Go's json.MarshalIndent(v, "", "  "), which escapes <, >, &, U+2028 and U+2029. */
export function goJson(v: unknown): string {
  const escapes: Record<string, string> = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
  };
  return (JSON.stringify(v, null, 2) ?? "null").replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]!);
}

const YAML_PLAIN = /^[A-Za-z0-9_./][^\n]*$/;
/** Plain text YAML would read as a mapping, a comment or a timestamp. */
const YAML_AMBIGUOUS = /: | #|:$|\s$|^\d{4}-\d\d?-\d\d?([Tt ]|$)/;
const YAML_SPECIAL =
  /^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\.inf|\.nan|[0-9][0-9_]*(\.[0-9]*)?([eE][-+]?[0-9]+)?))$/i;

function yamlString(s: string, indent: string): string {
  if (s.includes("\n") && !/[ \t]\n|^\s/.test(s)) {
    const body = s.endsWith("\n") ? s.slice(0, -1) : s;
    return `${s.endsWith("\n") ? "|" : "|-"}\n${body.replace(/^/gm, `${indent}  `)}`;
  }
  if (YAML_PLAIN.test(s) && !YAML_SPECIAL.test(s) && !YAML_AMBIGUOUS.test(s)) return s;
  return JSON.stringify(s);
}

function yamlLines(v: unknown, indent: string): string {
  if (Array.isArray(v) && v.length > 0) {
    return v.map((item) => `${indent}- ${yamlLines(item, `${indent}  `).trimStart()}`).join("\n");
  }
  if (isRecord(v) && Object.keys(v).length > 0) {
    return sortedKeys(v)
      .map((k) => {
        const child = v[k];
        const nested = (Array.isArray(child) || isRecord(child)) && Object.keys(child).length > 0;
        const inner = Array.isArray(child) ? indent : `${indent}  `;
        return nested
          ? `${indent}${yamlString(k, indent)}:\n${yamlLines(child, inner)}`
          : `${indent}${yamlString(k, indent)}: ${yamlLines(child, indent).trimStart()}`;
      })
      .join("\n");
  }
  if (Array.isArray(v)) return `${indent}[]`;
  if (isRecord(v)) return `${indent}{}`;
  if (typeof v === "string") return `${indent}${yamlString(v, indent)}`;
  return `${indent}${v === null || v === undefined ? "null" : String(v)}`;
}

/** A YAML document for a JSON value, block style, keys sorted. */
export function toYaml(v: unknown): string {
  return `${yamlLines(v, "")}\n`;
}

/** Vault's OutputData: any value as JSON or YAML; a map as a Key/Value table. */
export function printData(out: Output, data: unknown): number {
  if (out.format === "json") out.io.out(`${goJson(data)}\n`);
  else if (out.format === "yaml") out.io.out(toYaml(data));
  else if (isRecord(data) && Object.keys(data).length > 0) {
    const rows = sortedKeys(data).map((k) => [k, cell(k, data[k])]);
    out.io.out(`${table([["Key", "Value"], ...rows])}\n`);
  }
  return 0;
}

/** Vault's minimal-raggedness word wrap (wrapAtLength: 78 columns, less the padding). */
export function wrapAtLength(text: string, pad = 0): string {
  const words = text.trim().replaceAll("\n", " ").split(" ");
  const limit = 78 - pad;
  const n = words.length;
  const len = (i: number, j: number) => words.slice(i, j + 1).reduce((t, w) => t + [...w].length, j - i);
  const cost: number[] = new Array(n).fill(0);
  const next: number[] = new Array(n).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    if (len(i, n - 1) <= limit || i === n - 1) continue;
    cost[i] = Number.POSITIVE_INFINITY;
    for (let j = i + 1; j < n; j++) {
      const width = len(i, j - 1);
      const c = (limit - width) ** 2 + cost[j]! + (width > limit ? 100_000 : 0);
      if (c < cost[i]!) [cost[i], next[i]] = [c, j];
    }
  }
  const lines: string[] = [];
  for (let i = 0; i < n; i = next[i]!) lines.push(" ".repeat(pad) + words.slice(i, next[i]).join(" "));
  return lines.join("\n");
}

/** Vault's table formatter prints a response's warnings on standard error, before the table. */
export function printWarnings(io: CliIo, warnings: readonly string[] | null): void {
  if (!warnings || warnings.length === 0) return;
  io.err("WARNING! The following warnings were returned from Vault:\n\n");
  for (const w of warnings) io.err(`${wrapAtLength(`* ${w}`, 2)}\n\n`);
}

/** Vault's RawField: the token fields of an auth block, lease fields, else a data key. */
function rawField(s: Secret, field: string): unknown {
  const a = s.auth;
  const authFields: Record<string, unknown> = a
    ? {
        token: a.client_token,
        token_accessor: a.accessor,
        token_duration: a.lease_duration,
        token_renewable: a.renewable,
        token_policies: a.token_policies,
        identity_policies: a.identity_policies,
        policies: a.policies,
      }
    : {
        refresh_interval: s.lease_duration,
        lease_id: s.lease_id,
        lease_duration: s.lease_duration,
        lease_renewable: s.renewable,
        request_id: s.request_id,
        warnings: s.warnings,
      };
  return Object.hasOwn(authFields, field) ? authFields[field] : s.data?.[field];
}

/** Vault's PrintRawField: exit 1 when the field is absent or null. */
export function printField(out: Output, value: unknown, field: string): number {
  if (value === null || value === undefined) {
    out.io.err(`Field ${JSON.stringify(field)} not present in secret\n`);
    return 1;
  }
  let text = goValue(value);
  if (out.format === "json") text = goJson(sortDeep(value));
  else if (out.format === "yaml") text = toYaml(sortDeep(value)).replace(/\n$/, "");
  out.io.out(out.io.stdoutIsTty ? `${text}\n` : text);
  return 0;
}

/** Vault's OutputSecret (or PrintRawField under `-field`). */
export function printSecret(out: Output, s: Secret): number {
  if (out.field !== undefined) return printField(out, rawField(s, out.field), out.field);
  if (out.format !== "table") return printData(out, secretJson(s));
  printWarnings(out.io, s.warnings);
  const rows = secretRows(s);
  if (rows.length > 0) out.io.out(`${table([["Key", "Value"], ...rows])}\n`);
  return 0;
}

/** Vault's OutputList: `Keys` and the sorted keys as a table; the key list itself as JSON. */
export function printList(out: Output, s: Secret, keys: readonly unknown[]): number {
  if (out.format !== "table") return printData(out, keys);
  printWarnings(out.io, s.warnings);
  const bad = keys.find((k) => typeof k !== "string");
  if (bad !== undefined) {
    out.io.err(`${goValue(bad)} is not a string\n`);
    return 2;
  }
  if (keys.length > 0)
    out.io.out(
      `${table([
        ["Keys"],
        ...(keys as string[])
          .slice()
          .sort()
          .map((k) => [k]),
      ])}\n`,
    );
  return 0;
}
