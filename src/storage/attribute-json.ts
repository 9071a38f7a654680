/**
 * A lossless JSON form for canonical attribute lists (`src/kmip/attributes.ts`), so every adapter
 * can keep an object's attributes in one text column and read back exactly what was written.
 *
 * Plain JSON loses the value types the KMIP model uses, so those become one-key objects whose key
 * starts with a single "$": `{"$n":"-5"}` a bigint (Long Integer, Big Integer, Date-Time),
 * `{"$b":"AQI="}` a Uint8Array (Byte String, base64), `{"$d":1700000000000}` a Date,
 * `{"$f":"-0"}` a number JSON cannot hold, `{"$u":0}` undefined. A real object key that starts with
 * "$" (a structure's `$vendor` items) is written with one more "$", so the two never meet. Raw TTLV
 * items of custom attributes are plain objects of these values and need nothing more.
 */
import type { Attribute } from "../kmip/attributes.js";
import { StorageError } from "./types.js";

/** Nesting deeper than this is refused: attribute values are a few levels deep at most. */
const DEPTH_MAX = 64;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function encodeAttributes(attributes: readonly Attribute[]): string {
  if (!Array.isArray(attributes)) throw invalid("attributes must be a list");
  return JSON.stringify(attributes.map(encodeEntry));
}

export function decodeAttributes(text: string): Attribute[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw invalid("stored attributes are not JSON", err);
  }
  if (!Array.isArray(parsed)) throw invalid("stored attributes are not a list");
  return parsed.map(decodeEntry);
}

/** The JSON-safe form of one value (exported for the index: a canonical text of a structure). */
export function encodeValue(value: unknown, depth = 0): Json {
  if (depth > DEPTH_MAX) throw invalid(`attribute value nested deeper than ${DEPTH_MAX}`);
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0)
        ? value
        : { $f: String(value === 0 ? "-0" : value) };
    case "bigint":
      return { $n: value.toString() };
    case "undefined":
      return { $u: 0 };
  }
  if (value === null) return null;
  if (value instanceof Uint8Array)
    return { $b: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  if (value instanceof Date) return { $d: Number.isNaN(value.getTime()) ? null : value.getTime() };
  if (Array.isArray(value)) return Array.from(value, (v) => encodeValue(v, depth + 1));
  if (isPlainObject(value)) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value))
      setOwn(out, k.startsWith("$") ? `$${k}` : k, encodeValue(v, depth + 1));
    return out;
  }
  throw invalid(`attribute values cannot hold ${describe(value)}`);
}

export function decodeValue(json: unknown, depth = 0): unknown {
  if (depth > DEPTH_MAX) throw invalid(`stored attribute value nested deeper than ${DEPTH_MAX}`);
  if (json === null || typeof json !== "object") return json;
  if (Array.isArray(json)) return json.map((v) => decodeValue(v, depth + 1));
  const keys = Object.keys(json);
  const tagged =
    keys.length === 1 ? decodeTagged(keys[0]!, (json as Record<string, unknown>)[keys[0]!]) : NOT_TAGGED;
  if (tagged !== NOT_TAGGED) return tagged;
  const out: Record<string, unknown> = {};
  for (const k of keys)
    setOwn(
      out,
      k.startsWith("$$") ? k.slice(1) : k,
      decodeValue((json as Record<string, unknown>)[k], depth + 1),
    );
  return out;
}

/**
 * One text per value, equal exactly when the values are: object keys sorted, keys whose value is
 * undefined left out (an absent optional field). The index matches structures by it.
 */
export function canonicalText(value: unknown): string {
  return JSON.stringify(sortKeys(encodeValue(value)));
}

const NOT_TAGGED = Symbol("not tagged");

function decodeTagged(key: string, v: unknown): unknown {
  switch (key) {
    case "$n":
      if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
      break;
    case "$b":
      if (typeof v === "string") return new Uint8Array(Buffer.from(v, "base64"));
      break;
    case "$d":
      if (v === null || typeof v === "number") return new Date(v ?? Number.NaN);
      break;
    case "$f":
      if (v === "-0") return -0;
      if (v === "NaN" || v === "Infinity" || v === "-Infinity") return Number(v);
      break;
    case "$u":
      return undefined;
    default:
      return NOT_TAGGED;
  }
  throw invalid(`malformed stored value ${key}`);
}

function encodeEntry(a: Attribute): Json {
  if (!isPlainObject(a) || typeof a.name !== "string" || a.name === "")
    throw invalid("an attribute needs a name");
  if (a.index !== undefined && !(Number.isInteger(a.index) && a.index >= 0)) {
    throw invalid(`attribute ${a.name}: the index must be a non-negative integer`);
  }
  const out: { [key: string]: Json } = { name: a.name };
  if (a.index !== undefined) out.index = a.index;
  if ("value" in a) out.value = encodeValue(a.value);
  if (a.templateReference === true) out.templateReference = true;
  return out;
}

function decodeEntry(e: unknown): Attribute {
  if (!isPlainObject(e) || typeof e.name !== "string") throw invalid("malformed stored attribute");
  const out: Attribute = { name: e.name, value: undefined };
  if (typeof e.index === "number") out.index = e.index;
  if ("value" in e) out.value = decodeValue(e.value);
  if (e.templateReference === true) out.templateReference = true;
  return out;
}

function sortKeys(json: Json): Json {
  if (json === null || typeof json !== "object") return json;
  if (Array.isArray(json)) return json.map(sortKeys);
  const out: { [key: string]: Json } = {};
  for (const k of Object.keys(json).sort()) {
    const v = json[k]!;
    if (!(isPlainObject(v) && "$u" in v && Object.keys(v).length === 1)) setOwn(out, k, sortKeys(v));
  }
  return out;
}

/** An own property even for the key "__proto__" (plain assignment would set the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key !== "__proto__") target[key] = value;
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  return typeof v === "object"
    ? `a ${(v as object).constructor?.name ?? "null-prototype"} object`
    : `a ${typeof v}`;
}

function invalid(message: string, cause?: unknown): StorageError {
  return new StorageError(message, "invalid", cause === undefined ? undefined : { cause });
}
