/**
 * KMIP JSON encoding → TTLV items (KMIP Additional Message Encodings v1.0, §4.1).
 *
 * An item is an object with `tag` (normalised name or "0x" hex, §4.1.6.1), optional `name`
 * (informational), `type` (default Structure, §4.1.4) and `value`: an array (or null) of items
 * for a Structure (§4.1.6.2), else a Number, Boolean or String as §4.1.6.3–4.1.6.12 allow.
 * Numbers must be exact: a Long or Big Integer beyond 2^53 must be a hex string (§4.1.6.5).
 */
import { type ItemContext, type TtlvDictionary, topLevelContext } from "./dictionary.js";
import { TtlvError } from "./errors.js";
import { childPaths, resolveTextLimits, type TextLimits, type TextParseOptions } from "./text-options.js";
import { type ScalarTypeName, scalarFromText, scalarItem } from "./text-scalar.js";
import { badValue } from "./text-values.js";
import { ItemType, type ItemTypeName, isTtlvTag, type TtlvItem } from "./types.js";

export type JsonParseOptions = TextParseOptions;

interface ReadState {
  readonly dict: TtlvDictionary;
  readonly opts: JsonParseOptions;
  readonly limits: TextLimits;
  items: number;
}

const KEYS = new Set(["tag", "name", "type", "value"]);

function syntax(message: string, path: string): never {
  throw new TtlvError("syntax", message, -1, undefined, path || undefined);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function tagOf(st: ReadState, text: unknown, path: string): number {
  if (typeof text !== "string") syntax('an item needs a "tag" string', path);
  const tag = /^0[xX][0-9a-fA-F]{6}$/.test(text)
    ? Number.parseInt(text.slice(2), 16)
    : st.dict.tagNumber(text);
  if (tag === undefined)
    throw new TtlvError("bad-tag", `unknown tag name ${JSON.stringify(text)}`, -1, undefined, path);
  if (!isTtlvTag(tag))
    throw new TtlvError("bad-tag", `tag ${text} is outside the KMIP ranges`, -1, tag, path);
  return tag;
}

function typeOf(text: unknown, tag: number, path: string): ItemTypeName {
  if (text === undefined) return "Structure";
  if (typeof text !== "string" || !Object.hasOwn(ItemType, text)) {
    throw new TtlvError("bad-type", `unknown item type ${JSON.stringify(text)}`, -1, tag, path);
  }
  return text as ItemTypeName;
}

function readItem(st: ReadState, v: unknown, ctx: ItemContext, path: string, depth: number): TtlvItem {
  if (!isObject(v)) syntax("expected a TTLV object", path);
  if (++st.items > st.limits.itemsMax)
    throw new TtlvError("limit", `more than ${st.limits.itemsMax} items`, -1, undefined, path);
  for (const key of Object.keys(v))
    if (!KEYS.has(key)) syntax(`unexpected property ${JSON.stringify(key)}`, path);
  const tag = tagOf(st, v.tag, path);
  const type = typeOf(v.type, tag, path);
  if (type === "Structure") return readStructure(st, v.value, tag, path, depth);
  return readScalar(st, v.value, tag, type, ctx, path);
}

function readStructure(st: ReadState, value: unknown, tag: number, path: string, depth: number): TtlvItem {
  if (depth > st.limits.depthMax)
    throw new TtlvError("limit", `nesting deeper than ${st.limits.depthMax}`, -1, tag, path);
  if (value === null || value === undefined) return { tag, type: ItemType.Structure, value: [] };
  if (!Array.isArray(value)) syntax("a Structure value must be an array", path);
  const names = value.map((c) => (isObject(c) && typeof c.tag === "string" ? c.tag : "?"));
  const paths = childPaths(path, names);
  const items: TtlvItem[] = [];
  value.forEach((child, i) => {
    items.push(readItem(st, child, { parentTag: tag, siblings: items }, paths[i] ?? path, depth + 1));
  });
  return { tag, type: ItemType.Structure, value: items };
}

function readScalar(
  st: ReadState,
  value: unknown,
  tag: number,
  type: ScalarTypeName,
  ctx: ItemContext,
  path: string,
): TtlvItem {
  const at = { tag, path };
  if (typeof value === "string") {
    const rc = { dict: st.dict, ctx, sep: "|" as const, resolvePlaceholder: st.opts.resolvePlaceholder };
    return scalarFromText(tag, type, value, rc, path);
  }
  if (typeof value === "number" && ["Integer", "Enumeration", "Interval"].includes(type)) {
    return scalarItem(tag, type, value, at);
  }
  if (typeof value === "number" && (type === "LongInteger" || type === "BigInteger")) {
    // After JSON.parse, any integer beyond 2^53 has lost precision and is no longer "safe".
    if (!Number.isSafeInteger(value))
      badValue(`${type} ${value} is not exact as a Number; use a hex string`, at);
    return scalarItem(tag, type, BigInt(value), at);
  }
  if (typeof value === "boolean" && type === "Boolean") return scalarItem(tag, type, value, at);
  return badValue(`a ${type} value cannot be ${value === null ? "null" : typeof value}`, at);
}

function parseInput(input: unknown, limits: TextLimits): unknown {
  if (typeof input !== "string") return input;
  if (input.length > limits.textCharsMax) {
    throw new TtlvError("limit", `JSON text of ${input.length} characters exceeds ${limits.textCharsMax}`);
  }
  try {
    return JSON.parse(input);
  } catch (err) {
    throw new TtlvError("syntax", `malformed JSON: ${(err as Error).message}`);
  }
}

function start(input: unknown, dict: TtlvDictionary, opts: JsonParseOptions): [ReadState, unknown] {
  const limits = resolveTextLimits(opts.limits);
  return [{ dict, opts, limits, items: 0 }, parseInput(input, limits)];
}

function rootPath(v: unknown): string {
  return isObject(v) && typeof v.tag === "string" ? v.tag : "";
}

/** One item from JSON text or from an already parsed value. */
export function parseKmipJson(input: unknown, dict: TtlvDictionary, opts: JsonParseOptions = {}): TtlvItem {
  const [st, v] = start(input, dict, opts);
  return readItem(st, v, topLevelContext, rootPath(v), 1);
}

/** Several items: a JSON array of items (as `toKmipJsonDocument` writes), or a single item. */
export function parseKmipJsonDocument(
  input: unknown,
  dict: TtlvDictionary,
  opts: JsonParseOptions = {},
): TtlvItem[] {
  const [st, v] = start(input, dict, opts);
  if (!Array.isArray(v)) return [readItem(st, v, topLevelContext, rootPath(v), 1)];
  const paths = childPaths("", v.map(rootPath));
  return v.map((item, i) => readItem(st, item, topLevelContext, paths[i] ?? "", 1));
}
