/**
 * Builds the LogicalRequest a handler sees: fields converted to their declared types the way
 * Vault's framework converts them (list-or-CSV strings, int-or-duration TTLs, "true"/1 booleans),
 * defaults applied, required fields and allowed values enforced with a 400.
 */
import { parseBool, parseDuration, parseList } from "../../config/duration.js";
import {
  ApiError,
  type FieldDef,
  type LogicalRequest,
  type Operation,
  type PathDef,
  type RequestIdentity,
} from "./types.js";

export interface RequestInput {
  readonly operation: Operation;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly identity: RequestIdentity;
}

export function buildLogicalRequest(def: Pick<PathDef, "fields">, input: RequestInput): LogicalRequest {
  const fields = def.fields ?? {};
  const cache = new Map<string, unknown>();
  // A JSON null counts as absent, as in Vault's framework (its CLI sends `"options": null`).
  const has = (name: string): boolean => name in input.params || (input.raw[name] ?? null) !== null;
  return {
    ...input,
    has,
    get<T>(name: string): T {
      if (cache.has(name)) return cache.get(name) as T;
      const field = fields[name];
      if (!field) throw new Error(`handler asked for undeclared field ${name}`);
      const given = name in input.params ? input.params[name] : input.raw[name];
      const value =
        given === undefined || given === null ? missing(name, field) : convertField(name, field, given);
      cache.set(name, value);
      return value as T;
    },
  };
}

/** The raw input's keys that no field or path segment declares (Vault warns about these). */
export function unknownFields(
  def: Pick<PathDef, "fields">,
  raw: Readonly<Record<string, unknown>>,
): string[] {
  const fields = def.fields ?? {};
  return Object.keys(raw).filter((k) => !(k in fields));
}

function missing(name: string, field: FieldDef): unknown {
  if (field.required) throw new ApiError(400, `missing required field: ${name}`);
  return field.default === undefined ? zeroValue(field) : field.default;
}

function zeroValue(field: FieldDef): unknown {
  switch (field.type) {
    case "string":
      return "";
    case "int":
    case "duration":
      return 0;
    case "bool":
      return false;
    case "comma-string-list":
      return [];
    case "map":
      return {};
  }
}

export function convertField(name: string, field: FieldDef, value: unknown): unknown {
  let out: unknown;
  try {
    out = convert(field, value);
  } catch (err) {
    throw new ApiError(
      400,
      `error converting input ${JSON.stringify(value)} for field "${name}": ${reason(err)}`,
    );
  }
  if (field.allowed && !field.allowed.includes(out as string | number)) {
    throw new ApiError(400, `invalid value for "${name}": must be one of ${field.allowed.join(", ")}`);
  }
  return out;
}

function convert(field: FieldDef, value: unknown): unknown {
  switch (field.type) {
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      throw new Error("expected a string");
    case "int":
      return toInt(value);
    case "bool":
      return parseBool(value);
    case "duration":
      return parseDuration(value as string | number);
    case "comma-string-list":
      return parseList(value);
    case "map":
      if (value !== null && typeof value === "object" && !Array.isArray(value)) return value;
      throw new Error("expected an object");
  }
}

function toInt(value: unknown): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) throw new Error("expected an integer");
  return n;
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
