import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatDuration,
  goDurationString,
  InputError,
  parseBool,
  parseDuration,
  parseList,
  SECONDS_MAX,
} from "../../src/config/duration.js";

describe("parseDuration", () => {
  it.each([
    ["336h", 1_209_600],
    ["1h30m", 5400],
    ["90s", 90],
    ["1.5h", 5400],
    ["2h45m30s", 9930],
    [".5m", 30],
    ["5.s", 5],
    ["+10s", 10],
    ["0", 0],
    ["0s", 0],
    ["-0s", 0],
    ["1000000us", 1],
    ["1000000µs", 1],
    ["1000000μs", 1],
    ["1500000000ns", 1],
    ["500ms", 0], // whole seconds, truncated
    ["1999ms", 1],
    ["1.9s", 1],
    ["1h1ms", 3600],
    ["365d", 31_536_000],
    ["0d", 0],
    ["300", 300],
    ["007", 7],
    ["", 0],
    ["2562047h47m16s", 9_223_372_036], // Go's largest whole-second duration, 2562047h47m16.854775807s
  ] as const)("%j is %d seconds", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it("numbers and absent values count seconds", () => {
    expect(parseDuration(3600)).toBe(3600);
    expect(parseDuration(1.9)).toBe(1);
    expect(parseDuration(0)).toBe(0);
    expect(parseDuration(undefined)).toBe(0);
    expect(parseDuration(null)).toBe(0);
    expect(parseDuration(SECONDS_MAX)).toBe(SECONDS_MAX);
  });

  it.each([
    ["1", 'missing unit in duration "1.5"', "1.5"],
    ["2", 'unknown unit "d" in duration "1d2h"', "1d2h"],
    ["3", 'invalid duration "1.5d"', "1.5d"],
    ["4", 'invalid duration "d"', "d"],
    ["5", 'unknown unit "x" in duration "10x"', "10x"],
    ["6", 'unknown unit "H" in duration "1H"', "1H"],
    ["7", 'invalid duration "."', "."],
    ["8", 'invalid duration "-"', "-"],
    ["9", 'invalid duration "h"', "h"],
    ["10", 'unknown unit " s" in duration "1 s"', "1 s"],
    ["11", 'invalid duration " 1s"', " 1s"], // Go does not trim
    ["12", 'duration "-1h" is negative', "-1h"],
    ["13", 'duration "-5" is negative', "-5"],
    ["14", 'duration "-2d" is negative', "-2d"],
    ["15", 'invalid duration "2562048h"', "2562048h"],
    ["16", 'duration "9223372037" is out of range', "9223372037"],
    ["17", 'duration "106752d" is out of range', "106752d"],
  ])("error %s: %s", (_n, message, text) => {
    expect(() => parseDuration(text)).toThrow(new InputError(message));
  });

  it("rejects other types and bad numbers", () => {
    expect(() => parseDuration(true)).toThrow("cannot parse a duration from a boolean");
    expect(() => parseDuration({})).toThrow("cannot parse a duration from a object");
    expect(() => parseDuration(Number.NaN)).toThrow("not a finite number");
    expect(() => parseDuration(-1)).toThrow("is negative");
    expect(() => parseDuration(SECONDS_MAX + 1)).toThrow("out of range");
  });
});

describe("goDurationString and formatDuration", () => {
  it.each([
    [0, "0s", "0s"],
    [1, "1s", "1s"],
    [59, "59s", "59s"],
    [60, "1m0s", "1m"],
    [150, "2m30s", "2m30s"],
    [3600, "1h0m0s", "1h"],
    [3605, "1h0m5s", "1h5s"],
    [5400, "1h30m0s", "1h30m"],
    [5430, "1h30m30s", "1h30m30s"],
    [36_000, "10h0m0s", "10h"],
    [1_209_600, "336h0m0s", "336h"],
    [2_764_800, "768h0m0s", "768h"],
    [31_536_000, "8760h0m0s", "8760h"],
    [-90, "-1m30s", "-1m30s"],
  ])("%d seconds: Go %s, Vault CLI %s", (seconds, go, vault) => {
    expect(goDurationString(seconds)).toBe(go);
    expect(formatDuration(seconds)).toBe(vault);
  });

  it("rejects non-integers", () => {
    expect(() => formatDuration(1.5)).toThrow(InputError);
    expect(() => goDurationString(Number.NaN)).toThrow("not a whole number of seconds");
  });

  it("property: both printed forms parse back to the same seconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SECONDS_MAX }), (seconds) => {
        expect(parseDuration(goDurationString(seconds))).toBe(seconds);
        expect(parseDuration(formatDuration(seconds))).toBe(seconds);
      }),
    );
  });
});

describe("parseList", () => {
  it("reads arrays and comma-separated strings, trimmed, without empty entries", () => {
    expect(parseList(["a", " b ", "c"])).toEqual(["a", "b", "c"]);
    expect(parseList("a,b")).toEqual(["a", "b"]);
    expect(parseList(" read , list ,")).toEqual(["read", "list"]);
    expect(parseList("a,,b")).toEqual(["a", "b"]);
    expect(parseList(["a,b"])).toEqual(["a,b"]); // array entries are not split
    expect(parseList([1, "x"])).toEqual(["1", "x"]);
    expect(parseList(5)).toEqual(["5"]);
  });

  it("absent and empty are the empty list", () => {
    expect(parseList("")).toEqual([]);
    expect(parseList([])).toEqual([]);
    expect(parseList(undefined)).toEqual([]);
    expect(parseList(null)).toEqual([]);
  });

  it("rejects entries that are not strings or numbers", () => {
    expect(() => parseList([{}])).toThrow("cannot read a list entry from a object");
    expect(() => parseList([null])).toThrow("cannot read a list entry from a null");
    expect(() => parseList(true)).toThrow(InputError);
  });
});

describe("parseBool", () => {
  it.each([
    [true, true],
    [false, false],
    ["true", true],
    ["True", true],
    ["TRUE", true],
    ["t", true],
    ["1", true],
    ["false", false],
    ["F", false],
    ["0", false],
    ["", false],
    [1, true],
    [0, false],
    [2, true],
  ] as const)("%j is %s", (input, expected) => {
    expect(parseBool(input)).toBe(expected);
  });

  it("rejects anything else", () => {
    expect(() => parseBool("yes")).toThrow('cannot parse "yes" as a boolean');
    expect(() => parseBool(" true")).toThrow(InputError);
    expect(() => parseBool(null)).toThrow("cannot parse a boolean from null");
    expect(() => parseBool(undefined)).toThrow("cannot parse a boolean from a undefined");
    expect(() => parseBool(Number.NaN)).toThrow(InputError);
  });
});
