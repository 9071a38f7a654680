/**
 * Options shared by the XML and JSON readers: bounds on the input, and placeholder binding.
 *
 * The OASIS test-case files write values the server chooses as placeholders (`$NOW`,
 * `$UNIQUE_IDENTIFIER_0`, `$IV_COUNTER_NONCE`, ...). A caller that replays them binds each
 * placeholder through `resolvePlaceholder`; without a binding, a placeholder is kept as text in a
 * Text String and is a `bad-value` anywhere else.
 */
import { TtlvError } from "./errors.js";
import type { ItemTypeName } from "./types.js";

/** A value of the item's type: number (Integer, Enumeration, Interval), bigint (Long/Big Integer,
 * Date-Time, Date-Time Extended), boolean, string (Text String) or Uint8Array (Byte String). */
export type PlaceholderValue = number | bigint | boolean | string | Uint8Array;

/**
 * Binds a placeholder token (the whole value text, e.g. "$NOW-3600") of an item of type `type` at
 * `path`. Return undefined to leave it unbound.
 */
export type PlaceholderResolver = (
  token: string,
  type: ItemTypeName,
  path: string,
) => PlaceholderValue | undefined;

export interface TextLimits {
  /** Characters of XML or JSON text. */
  readonly textCharsMax: number;
  /** Structure nesting; a top-level item is at depth 1 (a `<KMIP>` wrapper does not count). */
  readonly depthMax: number;
  /** Items (XML elements) in the whole input. */
  readonly itemsMax: number;
}

/**
 * 16 Mi characters: a message at the 1 MiB TTLV default is at most about 2 MiB of hex plus markup,
 * and the largest OASIS test-case file is under 200 KB. Depth and items as for binary TTLV
 * (`src/ttlv/limits.ts`), with room for whole test-case files of many messages.
 */
export const DEFAULT_TEXT_LIMITS: TextLimits = Object.freeze({
  textCharsMax: 16 * 1024 * 1024,
  depthMax: 32,
  itemsMax: 100_000,
});

export interface TextParseOptions {
  readonly resolvePlaceholder?: PlaceholderResolver;
  readonly limits?: Partial<TextLimits>;
}

export function resolveTextLimits(partial: Partial<TextLimits> | undefined): TextLimits {
  if (partial === undefined) return DEFAULT_TEXT_LIMITS;
  const out = Object.assign({}, DEFAULT_TEXT_LIMITS, partial);
  for (const [key, value] of Object.entries(out)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TtlvError("bad-value", `invalid text limit ${key}: ${String(value)}`);
    }
  }
  return out;
}

/** What a value of each type must be in JavaScript. */
const JS_TYPE: Readonly<Record<ItemTypeName, string>> = {
  Structure: "none",
  Integer: "number",
  LongInteger: "bigint",
  BigInteger: "bigint",
  Enumeration: "number",
  Boolean: "boolean",
  TextString: "string",
  ByteString: "bytes",
  DateTime: "bigint",
  Interval: "number",
  DateTimeExtended: "bigint",
};

/**
 * The bound value of a placeholder, or undefined when it stays unbound (no resolver, or the
 * resolver returned undefined). A bound value of the wrong JavaScript type is a `bad-value`.
 */
export function bindPlaceholder(
  token: string,
  type: ItemTypeName,
  at: { tag: number | undefined; path: string },
  resolve: PlaceholderResolver | undefined,
): PlaceholderValue | undefined {
  const value = resolve?.(token, type, at.path);
  if (value === undefined) return undefined;
  const actual = value instanceof Uint8Array ? "bytes" : typeof value;
  if (actual !== JS_TYPE[type]) {
    throw new TtlvError(
      "bad-value",
      `placeholder ${token} bound to a ${actual}, not a ${type}`,
      -1,
      at.tag,
      at.path,
    );
  }
  return value;
}

/**
 * Paths of a structure's children for error messages, e.g. `RequestMessage/BatchItem[1]/Operation`:
 * a child's name is indexed (from 0) when the parent has several children of that name.
 */
export function childPaths(parent: string, names: readonly string[]): string[] {
  const total = new Map<string, number>();
  for (const n of names) total.set(n, (total.get(n) ?? 0) + 1);
  const seen = new Map<string, number>();
  return names.map((n) => {
    const i = seen.get(n) ?? 0;
    seen.set(n, i + 1);
    const segment = (total.get(n) ?? 0) > 1 ? `${n}[${i}]` : n;
    return parent === "" ? segment : `${parent}/${segment}`;
  });
}
