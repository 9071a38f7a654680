/**
 * `kmipd ttlv decode|encode`, run as a child process like a user would: captured wire messages,
 * a whole OASIS file, multi-message streams, and bad input (reason on stderr, non-zero exit).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, vectorsDir } from "../helpers/vectors.js";

interface Run {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** `kmipd ttlv ...args` from the TypeScript sources (tsx), with `input` on standard input. */
function kmipd(args: string[], input: string | Buffer = ""): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "ttlv", ...args], {
    cwd: repoRoot,
    timeout: 30_000,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => out.push(c));
  child.stderr.on("data", (c: Buffer) => err.push(c));
  child.stdin.on("error", () => {}); // the command may exit before reading its input
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => {
      resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

function ok(r: Run): string {
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout.toString("utf8");
}

const exchanges = (
  JSON.parse(
    readFileSync(join(vectorsDir(), "pykmip-wire/pykmip-0.10.0-client-server-kmip-1.4.json"), "utf8"),
  ) as { exchanges: Array<{ request_hex: string; response_hex: string }> }
).exchanges;
const oasisFile = join(
  vectorsDir(),
  "kmip-1.1/testcases-ovh/TC_72_11_Unrecognized_Message_Extension_with_Criticality_Indicator_True.xml",
);

describe("kmipd ttlv", () => {
  it("decodes a captured request to XML, JSON and text, and encodes it back", async () => {
    const hex = exchanges[2]!.request_hex; // PyKMIP Create
    const [xmlRun, jsonRun, textRun] = await Promise.all([
      kmipd(["decode", "--from", "hex"], hex),
      kmipd(["decode", "--from", "hex", "--to", "json"], hex),
      kmipd(["decode", "--from", "hex", "--to", "text"], hex),
    ]);
    const xml = ok(xmlRun);
    expect(xml).toMatch(/^<RequestMessage>\n {2}<RequestHeader>/);
    expect(xml).toContain('<Operation type="Enumeration" value="Create"/>');
    const json = ok(jsonRun);
    expect(JSON.parse(json).tag).toBe("RequestMessage");
    expect(ok(textRun)).toContain("Operation (0x42005c) Enumeration: Create (0x00000001)");

    const [fromXml, fromJson] = await Promise.all([
      kmipd(["encode", "--to", "hex"], xml),
      kmipd(["encode", "--from", "json", "--to", "hex"], json),
    ]);
    expect(ok(fromXml)).toBe(`${hex}\n`);
    expect(ok(fromJson)).toBe(`${hex}\n`);
  });

  it("decodes a binary stream of many messages and encodes it back byte for byte", async () => {
    const stream = Buffer.from(exchanges.map((e) => e.request_hex + e.response_hex).join(""), "hex");
    const xml = ok(await kmipd(["decode"], stream));
    expect(xml.startsWith("<KMIP>\n")).toBe(true);
    expect(xml.match(/^ {2}<(Request|Response)Message>$/gm)).toHaveLength(exchanges.length * 2);
    const bin = await kmipd(["encode"], xml);
    expect(bin.status).toBe(0);
    expect(bin.stdout.equals(stream)).toBe(true);
  });

  it("encodes a whole OASIS file to hex (one line per message) and decodes it back", async () => {
    const hex = ok(await kmipd(["encode", "--to", "hex", oasisFile]));
    const lines = hex.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    const xml = ok(await kmipd(["decode", "--from", "hex"], hex));
    expect(xml).toContain('<TTLV tag="0x540001" type="TextString" value="na"/>');
    expect(ok(await kmipd(["encode", "--to", "hex"], xml))).toBe(hex);
  });

  it("reports bad input on stderr with exit status 1", async () => {
    const malformed = join(vectorsDir(), "kmip-1.4/testcases/TC-ECDSA-SIGN-1-14.xml");
    const cases: Array<[string[], string, RegExp]> = [
      [
        ["encode", malformed],
        "",
        /syntax: closing tag after the end of the root element \(line \d+, column 1\)/,
      ],
      [["decode", "--from", "hex"], "42007801000000", /truncated/],
      [["decode", "--from", "hex"], "4200780100000008", /truncated: 8 bytes after the last whole message/],
      [["decode", "--from", "hex"], "zz", /bad-value: invalid hex character/],
      [
        ["encode"],
        '<RequestMessage><BatchCount type="Integer" value="x"/></RequestMessage>',
        /RequestMessage\/BatchCount/,
      ],
      [["encode", "--from", "json"], "{", /syntax: malformed JSON/],
      [["encode"], "<KMIP><!-- nothing --></KMIP>", /no message in the input/],
      [["decode", "/no/such/file"], "", /ENOENT/],
    ];
    const runs = await Promise.all(cases.map(([args, input]) => kmipd(args, input)));
    cases.forEach(([args, , pattern], i) => {
      const r = runs[i]!;
      expect(r.status, args.join(" ")).toBe(1);
      expect(r.stderr).toMatch(pattern);
      expect(r.stdout.length).toBe(0);
    });
  });

  it("exits with status 2 on usage errors", async () => {
    const usages = [["decode", "--to", "yaml"], ["encode", "--bogus"], ["frobnicate"], []];
    const runs = await Promise.all(usages.map((args) => kmipd(args)));
    usages.forEach((args, i) => {
      expect(runs[i]!.status, args.join(" ")).toBe(2);
      expect(runs[i]!.stderr.length).toBeGreaterThan(0);
    });
  });
});

describe("kmipd ttlv with OASIS placeholders", () => {
  it("binds $NOW and byte-string placeholders, and round-trips through hex, JSON and XML", async () => {
    const file = join(vectorsDir(), "kmip-1.4/profiles/mandatory/CS-BC-M-GCM-1-14.xml");
    const hex = ok(await kmipd(["encode", "--to", "hex", "--now", "2024-01-01T00:00:00Z", file]));
    const lines = hex.trim().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    const first = lines[0]!;
    const json = ok(await kmipd(["decode", "--from", "hex", "--to", "json"], first));
    const again = ok(await kmipd(["encode", "--from", "json", "--to", "hex"], json));
    expect(again.trim()).toBe(first);
    // $NOW-3600 of the Activation Date, bound relative to --now
    const xml = ok(await kmipd(["decode", "--from", "hex"], first));
    expect(xml).toContain('value="2023-12-31T23:00:00+00:00"');
  });

  it("refuses a bad --now", async () => {
    const file = join(vectorsDir(), "kmip-1.4/profiles/mandatory/CS-BC-M-GCM-1-14.xml");
    const r = await kmipd(["encode", "--now", "yesterday", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--now must be/);
  });
});
