/**
 * Vault's loosely typed API and config inputs: durations (TTLs), comma lists and booleans, as its
 * parseutil helpers read them, and TTLs printed as Vault's CLI prints them.
 *
 * Durations (Vault's ParseDurationSecond):
 * - absent (`undefined`/`null`) or `""` is 0;
 * - a number, or a string of decimal digits, counts seconds (`300`, `"300"`);
 * - `<integer>d` counts days (`"365d"`); `d` is not a Go unit and cannot be combined (`"1d2h"` fails);
 * - anything else is a Go duration (Go `time.ParseDuration`): an optionally signed sequence of
 *   decimal numbers with optional fraction and a unit each, units ns, us (µs, μs), ms, s, m, h;
 *   `"0"` alone needs no unit.
 * Decisions: the result is whole seconds, fractions truncated (`"500ms"` → 0, `"1.9s"` → 1), as
 * Vault truncates when it stores a TTL in seconds; negative durations are rejected (no TTL is
 * negative); the range is Go's time.Duration, at most 2^63-1 ns (SECONDS_MAX).
 */

/** A duration, list or boolean input that does not parse; the message is safe to show the user. */
export class InputError extends Error {
  override readonly name = "InputError";
}

/** floor((2^63 - 1) ns / 1e9): the longest duration Go's time.Duration holds, in seconds. */
export const SECONDS_MAX = 9_223_372_036;
const NS_MAX = 2n ** 63n - 1n;
const NS_PER_S = 1_000_000_000n;
const UNIT_NS = new Map<string, bigint>([
  ["ns", 1n],
  ["us", 1_000n],
  ["µs", 1_000n], // U+00B5 micro sign
  ["μs", 1_000n], // U+03BC Greek small letter mu
  ["ms", 1_000_000n],
  ["s", NS_PER_S],
  ["m", 60n * NS_PER_S],
  ["h", 3600n * NS_PER_S],
]);
const COMPONENT = /([0-9]*)(?:\.([0-9]*))?([^0-9.]*)/y;

/** `value` × `unit` nanoseconds, refused when negative or beyond Go's time.Duration. */
function checkedNs(value: bigint, unit: bigint, input: string): bigint {
  if (value < 0n) throw new InputError(`duration ${JSON.stringify(input)} is negative`);
  if (value * unit > NS_MAX) throw new InputError(`duration ${JSON.stringify(input)} is out of range`);
  return value * unit;
}

/** Go's time.ParseDuration, in nanoseconds; `text` is non-empty. */
function parseGoDuration(text: string): bigint {
  const invalid = () => new InputError(`invalid duration ${JSON.stringify(text)}`);
  const negative = text[0] === "-";
  let s = text[0] === "-" || text[0] === "+" ? text.slice(1) : text;
  if (s === "0") return 0n;
  if (s === "") throw invalid();
  let total = 0n;
  while (s !== "") {
    COMPONENT.lastIndex = 0;
    const [whole, int = "", frac, unit = ""] = COMPONENT.exec(s) as unknown as [
      string,
      string?,
      string?,
      string?,
    ];
    if (int === "" && !frac) throw invalid();
    if (unit === "") throw new InputError(`missing unit in duration ${JSON.stringify(text)}`);
    const ns = UNIT_NS.get(unit);
    if (ns === undefined)
      throw new InputError(`unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`);
    total += BigInt(int || "0") * ns + (frac ? (BigInt(frac) * ns) / 10n ** BigInt(frac.length) : 0n);
    if (total > NS_MAX) throw invalid();
    s = s.slice(whole.length);
  }
  return negative ? -total : total;
}

/** A Vault duration input in nanoseconds (see the module comment for the forms). */
function durationNs(input: unknown): bigint {
  if (input === undefined || input === null || input === "") return 0n;
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw new InputError(`duration ${input} is not a finite number`);
    return checkedNs(BigInt(Math.trunc(input)), NS_PER_S, String(input));
  }
  if (typeof input !== "string") throw new InputError(`cannot parse a duration from a ${typeof input}`);
  if (/^[+-]?[0-9]+$/.test(input)) return checkedNs(BigInt(input), NS_PER_S, input);
  if (input.endsWith("d")) {
    const days = input.slice(0, -1);
    if (!/^[+-]?[0-9]+$/.test(days)) throw new InputError(`invalid duration ${JSON.stringify(input)}`);
    return checkedNs(BigInt(days), 86_400n * NS_PER_S, input);
  }
  return checkedNs(parseGoDuration(input), 1n, input);
}

/** Parses a Vault duration input to whole seconds (see the module comment for the forms). */
export function parseDuration(input: unknown): number {
  return Number(durationNs(input) / NS_PER_S);
}

/**
 * The same forms in whole milliseconds (sub-millisecond parts truncated), for server timeouts
 * that may be shorter than a second (`"500ms"`); a bare number still counts seconds.
 */
export function parseDurationMs(input: unknown): number {
  return Number(durationNs(input) / 1_000_000n);
}

function checkSeconds(seconds: number): void {
  if (!Number.isSafeInteger(seconds)) throw new InputError(`${seconds} is not a whole number of seconds`);
}

/** Go's time.Duration.String() for whole seconds: "0s", "59s", "1m0s", "1h30m0s", "336h0m0s". */
export function goDurationString(seconds: number): string {
  checkSeconds(seconds);
  if (seconds === 0) return "0s";
  const sign = seconds < 0 ? "-" : "";
  const abs = Math.abs(seconds);
  const [h, m, s] = [Math.floor(abs / 3600), Math.floor((abs % 3600) / 60), abs % 60];
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

/**
 * A TTL as Vault's CLI prints it (its humanDuration): Go's form without a trailing "0s" after
 * minutes and without "0m" after hours: "336h", "1h30m", "2m30s", "1h5s", "0s".
 */
export function formatDuration(seconds: number): string {
  let s = goDurationString(seconds);
  if (s.endsWith("m0s")) s = s.slice(0, -2);
  const idx = s.indexOf("h0m");
  if (idx > 0) s = s.slice(0, idx + 1) + s.slice(idx + 3);
  return s;
}

/**
 * Vault's "list or comma-separated string" inputs (ParseCommaStringSlice): an array of strings or
 * numbers, or one string split on commas; entries are trimmed. Decision: empty entries are
 * dropped (`"a,,b,"` → ["a", "b"]), as Vault removes them before use. Absent or "" is [].
 */
export function parseList(input: unknown): string[] {
  if (input === undefined || input === null) return [];
  const items = Array.isArray(input) ? input : typeof input === "string" ? input.split(",") : [input];
  return items
    .map((item) => {
      if (typeof item === "string") return item.trim();
      if (typeof item === "number" && Number.isFinite(item)) return String(item);
      throw new InputError(`cannot read a list entry from a ${item === null ? "null" : typeof item}`);
    })
    .filter((item) => item !== "");
}

const TRUE_WORDS = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE_WORDS = new Set(["0", "f", "F", "FALSE", "false", "False", ""]);

/**
 * Vault's boolean inputs (ParseBool, a weakly typed decode): booleans; the strings Go's
 * strconv.ParseBool knows (1 t T TRUE true True, 0 f F FALSE false False) and "" as false;
 * numbers, non-zero being true.
 */
export function parseBool(input: unknown): boolean {
  if (typeof input === "boolean") return input;
  if (typeof input === "number" && Number.isFinite(input)) return input !== 0;
  if (typeof input === "string") {
    if (TRUE_WORDS.has(input)) return true;
    if (FALSE_WORDS.has(input)) return false;
    throw new InputError(`cannot parse ${JSON.stringify(input)} as a boolean`);
  }
  throw new InputError(`cannot parse a boolean from ${input === null ? "null" : `a ${typeof input}`}`);
}
