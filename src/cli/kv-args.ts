/**
 * Command-line arguments as Vault reads them: its flags and its `key=value` data.
 *
 * Flags (Go's `flag` package as Vault's commands use it): `-name=value`, `--name=value` and
 * `-name value`; booleans as `-name` or `-name=true|false`; repeatable list and map flags
 * (`-policy=a -policy=b`, `-metadata=k=v`). Unlike Go's parser, flags are also read after
 * positional arguments (`kmipd read kmip/ca -format=json`, as Vault's KMIP tutorial writes it);
 * `--` ends the flags. An unknown flag is a usage error, as in Go.
 *
 * Data (Vault's kv-builder, described on the `write` and `kv put` docs pages):
 * - `key=value`; `key=@file` reads the value from a file; `key=\@x` is the literal `@x`;
 * - `key=-` reads the value from standard input;
 * - `-` alone reads a JSON object from standard input, `@file` alone a JSON object from a file,
 *   merged into the data (values keep their JSON types);
 * - a repeated key becomes a list (`a=1 a=2` → `["1","2"]`).
 */
import { readFile } from "node:fs/promises";
import { InputError, parseBool, parseDuration } from "../config/duration.js";

export type FlagKind = "bool" | "string" | "int" | "duration" | "list" | "map";
export type FlagValue = boolean | string | number | string[] | Record<string, string>;

export interface FlagSpec {
  readonly name: string;
  readonly kind: FlagKind;
  readonly help: string;
  /** Another spelling (`f` for `force`). */
  readonly alias?: string;
  /** Split list values on commas too. */
  readonly commas?: boolean;
}

/** A flag or argument error: printed as is, exit code 1. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export class ParsedArgs {
  constructor(
    readonly values: ReadonlyMap<string, FlagValue>,
    readonly positionals: string[],
  ) {}
  has(name: string): boolean {
    return this.values.has(name);
  }
  string(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === "string" ? v : undefined;
  }
  bool(name: string, fallback = false): boolean {
    const v = this.values.get(name);
    return typeof v === "boolean" ? v : fallback;
  }
  number(name: string, fallback: number): number {
    const v = this.values.get(name);
    return typeof v === "number" ? v : fallback;
  }
  list(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }
  map(name: string): Record<string, string> {
    const v = this.values.get(name);
    return typeof v === "object" && !Array.isArray(v) ? v : {};
  }
}

const FLAG = /^--?([A-Za-z][A-Za-z0-9_-]*)(?:=([\s\S]*))?$/;

function invalid(value: string, name: string, why: string): UsageError {
  return new UsageError(`invalid value ${JSON.stringify(value)} for flag -${name}: ${why}`);
}

function convert(spec: FlagSpec, raw: string, previous: FlagValue | undefined): FlagValue {
  switch (spec.kind) {
    case "bool":
      try {
        return parseBool(raw);
      } catch {
        throw new UsageError(`invalid boolean value ${JSON.stringify(raw)} for -${spec.name}: parse error`);
      }
    case "int":
      if (!/^[+-]?[0-9]+$/.test(raw)) throw invalid(raw, spec.name, "parse error");
      return Number.parseInt(raw, 10);
    case "duration":
      try {
        return parseDuration(raw);
      } catch (err) {
        throw invalid(raw, spec.name, err instanceof InputError ? err.message : "parse error");
      }
    case "list": {
      const items = spec.commas ? raw.split(",").map((s) => s.trim()) : [raw.trim()];
      return [...(Array.isArray(previous) ? previous : []), ...items.filter((s) => s !== "")];
    }
    case "map": {
      const eq = raw.indexOf("=");
      if (eq <= 0) throw invalid(raw, spec.name, "expected key=value");
      const map = typeof previous === "object" && !Array.isArray(previous) ? previous : {};
      return { ...map, [raw.slice(0, eq)]: raw.slice(eq + 1) };
    }
    default:
      return raw;
  }
}

/** Splits arguments into flags (by `specs`) and positional arguments, in order. */
export function parseFlags(args: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  for (const spec of specs) {
    byName.set(spec.name, spec);
    if (spec.alias) byName.set(spec.alias, spec);
  }
  const values = new Map<string, FlagValue>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    const m = FLAG.exec(arg);
    if (!m) {
      positionals.push(arg);
      continue;
    }
    const [, name = "", inline] = m;
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`flag provided but not defined: -${name}`);
    let raw = inline;
    if (raw === undefined && spec.kind === "bool") raw = "true";
    if (raw === undefined) {
      if (i + 1 >= args.length) throw new UsageError(`flag needs an argument: -${name}`);
      raw = args[++i]!;
    }
    values.set(spec.name, convert(spec, raw, values.get(spec.name)));
  }
  return new ParsedArgs(values, positionals);
}

/** The flags of a verb as help text, one per line (`-name (kind) help`). */
export function flagHelp(specs: readonly FlagSpec[]): string {
  return specs
    .map((s) => `  -${s.name}${s.alias ? `, -${s.alias}` : ""} (${s.kind})\n      ${s.help}`)
    .join("\n");
}

/** A data argument that cannot be read; the verb prints "Failed to parse K=V data: …". */
export class DataError extends Error {
  override readonly name = "DataError";
}

export interface StdinSource {
  readStdin(): Promise<string>;
}

async function readDataFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    throw new DataError(`error reading file: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function parseJsonObject(text: string, source: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DataError(`${source} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DataError(`${source} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

function addValue(data: Record<string, unknown>, key: string, value: string): void {
  if (!Object.hasOwn(data, key)) {
    data[key] = value;
    return;
  }
  const existing = data[key];
  if (typeof existing === "object" && existing !== null && !Array.isArray(existing)) {
    throw new DataError(`cannot add a value to ${JSON.stringify(key)}: it holds a map`);
  }
  data[key] = [...(Array.isArray(existing) ? existing : [existing]), value];
}

/** Vault's kv-builder: `key=value` arguments (and `-`, `@file`) into a data object. */
export async function parseKvData(
  args: readonly string[],
  stdin: StdinSource,
): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  let stdinUsed = false;
  const takeStdin = async () => {
    if (stdinUsed) throw new DataError("stdin already consumed");
    stdinUsed = true;
    return stdin.readStdin();
  };
  for (const arg of args) {
    if (arg === "") continue;
    if (arg === "-") Object.assign(data, parseJsonObject(await takeStdin(), "standard input"));
    else if (arg.startsWith("@")) Object.assign(data, parseJsonObject(await readDataFile(arg.slice(1)), arg));
    else {
      const eq = arg.indexOf("=");
      if (eq < 0) throw new DataError("format must be key=value");
      const key = arg.slice(0, eq);
      let value = arg.slice(eq + 1);
      if (value.startsWith("@")) value = await readDataFile(value.slice(1));
      else if (value.startsWith("\\@")) value = value.slice(1);
      else if (value === "-") value = await takeStdin();
      addValue(data, key, value);
    }
  }
  return data;
}

/** Data as query parameters (Vault's parseArgsDataStringLists): every value a list of strings. */
export function toQuery(data: Record<string, unknown>): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(data)) {
    const items = Array.isArray(value) ? value : [value];
    query[key] = items.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  }
  return query;
}
