import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FlagSpec, parseFlags, parseKvData, toQuery, UsageError } from "../../src/cli/kv-args.js";

const SPECS: FlagSpec[] = [
  { name: "format", kind: "string", help: "" },
  { name: "force", alias: "f", kind: "bool", help: "" },
  { name: "policy", kind: "list", commas: true, help: "" },
  { name: "metadata", kind: "map", help: "" },
  { name: "key-shares", kind: "int", help: "" },
  { name: "ttl", kind: "duration", help: "" },
];

const stdin = (text: string) => ({ readStdin: async () => text });

describe("flags", () => {
  it("reads -name=value, --name=value and -name value, before or after arguments", () => {
    for (const argv of [
      ["-format=json", "kmip/ca"],
      ["--format=json", "kmip/ca"],
      ["-format", "json", "kmip/ca"],
      ["kmip/ca", "--format", "json"],
    ]) {
      const p = parseFlags(argv, SPECS);
      expect(p.string("format")).toBe("json");
      expect(p.positionals).toEqual(["kmip/ca"]);
    }
  });

  it("reads booleans bare or with a value, and aliases", () => {
    expect(parseFlags(["-f", "p"], SPECS).bool("force")).toBe(true);
    expect(parseFlags(["-force=false", "p"], SPECS).bool("force", true)).toBe(false);
    expect(parseFlags(["--force=true"], SPECS).bool("force")).toBe(true);
    expect(parseFlags(["p"], SPECS).bool("force")).toBe(false);
  });

  it("collects repeated lists (split on commas) and maps", () => {
    const p = parseFlags(["-policy=a", "-policy", "b,c", "-metadata=k=v=w", "-metadata=x=y"], SPECS);
    expect(p.list("policy")).toEqual(["a", "b", "c"]);
    expect(p.map("metadata")).toEqual({ k: "v=w", x: "y" });
  });

  it("converts integers and durations", () => {
    const p = parseFlags(["-key-shares=1", "-ttl=1h30m"], SPECS);
    expect(p.number("key-shares", 5)).toBe(1);
    expect(p.number("ttl", 0)).toBe(5400);
    expect(parseFlags(["-ttl=90"], SPECS).number("ttl", 0)).toBe(90);
  });

  it("keeps key=value data, a lone dash and everything after -- as arguments", () => {
    expect(parseFlags(["p", "a=-b", "-", "--", "-format=x"], SPECS).positionals).toEqual([
      "p",
      "a=-b",
      "-",
      "-format=x",
    ]);
  });

  it("refuses unknown flags, missing values and bad values as Go's flag package does", () => {
    expect(() => parseFlags(["-nope"], SPECS)).toThrow(
      new UsageError("flag provided but not defined: -nope"),
    );
    expect(() => parseFlags(["-format"], SPECS)).toThrow("flag needs an argument: -format");
    expect(() => parseFlags(["-key-shares=x"], SPECS)).toThrow(
      'invalid value "x" for flag -key-shares: parse error',
    );
    expect(() => parseFlags(["-force=maybe"], SPECS)).toThrow(
      'invalid boolean value "maybe" for -force: parse error',
    );
    expect(() => parseFlags(["-ttl=soon"], SPECS)).toThrow(/invalid value "soon" for flag -ttl/);
  });
});

describe("key=value data", () => {
  const dir = mkdtempSync(join(tmpdir(), "kmipd-kv-"));
  const pem = join(dir, "ca.pem");
  writeFileSync(pem, "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n");
  const json = join(dir, "data.json");
  writeFileSync(json, '{"n": 1, "list": ["a"]}');

  it("reads strings, @file contents, \\@ literals and repeated keys as lists", async () => {
    const data = await parseKvData(
      ["a=1", `ca_pem=@${pem}`, "at=\\@x", "r=1", "r=2", "r=3", "empty="],
      stdin(""),
    );
    expect(data).toEqual({
      a: "1",
      ca_pem: "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n",
      at: "@x",
      r: ["1", "2", "3"],
      empty: "",
    });
  });

  it("reads key=- from standard input, once", async () => {
    expect(await parseKvData(["token=-"], stdin("s3cret\n"))).toEqual({ token: "s3cret\n" });
    await expect(parseKvData(["a=-", "b=-"], stdin("x"))).rejects.toThrow("stdin already consumed");
  });

  it("merges a JSON object from - or @file, keeping JSON types", async () => {
    expect(await parseKvData(["-", "b=2"], stdin('{"a": true, "n": 3}'))).toEqual({ a: true, n: 3, b: "2" });
    expect(await parseKvData([`@${json}`], stdin(""))).toEqual({ n: 1, list: ["a"] });
    await expect(parseKvData(["-"], stdin("[1]"))).rejects.toThrow("must hold a JSON object");
  });

  it("refuses arguments without = and unreadable files", async () => {
    await expect(parseKvData(["novalue"], stdin(""))).rejects.toThrow("format must be key=value");
    await expect(parseKvData([`k=@${join(dir, "missing")}`], stdin(""))).rejects.toThrow(
      /^error reading file: /,
    );
  });

  it("turns data into query parameters", () => {
    expect(toQuery({ a: "1", r: ["x", "y"], b: true })).toEqual({ a: ["1"], r: ["x", "y"], b: ["true"] });
  });
});
