/**
 * The hash chain of an audit file and `kmipd audit verify`: an intact file passes (exit 0); a
 * changed byte, a deleted line, two reordered lines, a cut last line are each found at the right
 * line (exit 1); appending after a restart keeps the chain; a rotated file checks with --prev.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { GENESIS_HASH, lineHash, verifyChain } from "../../src/audit/chain.js";
import { FileSink } from "../../src/audit/file-sink.js";
import { registerAuditCommand, verifyAuditFile } from "../../src/cli/audit.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-audit-chain-"));
let files = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of `count` records written through the device's sink. */
function logFile(count: number): string {
  const path = join(dir, `audit-${files++}.log`);
  const sink = new FileSink({ path, mode: 0o600 });
  sink.open();
  for (let i = 0; i < count; i++)
    sink.append({ type: "request", time: new Date(i * 1000).toISOString(), n: i });
  return path;
}

function lines(path: string): string[] {
  return readFileSync(path, "utf8").split("\n").slice(0, -1);
}

function rewrite(path: string, next: string[]): void {
  writeFileSync(path, `${next.join("\n")}\n`);
}

function captureIo() {
  const io = {
    stdout: "",
    stderr: "",
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}

describe("the hash chain", () => {
  it("links every line to the one before, from 64 zeros", () => {
    const path = logFile(3);
    const [a, b, c] = lines(path).map((l) => JSON.parse(l) as { prev_hash: string });
    const raw = lines(path);
    expect(a!.prev_hash).toBe(GENESIS_HASH);
    expect(b!.prev_hash).toBe(lineHash(raw[0]!));
    expect(c!.prev_hash).toBe(lineHash(raw[1]!));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("keeps the chain when a new sink appends to an existing file (a restart)", () => {
    const path = logFile(2);
    new FileSink({ path, mode: 0o600 }).append({ type: "response", n: 99 });
    expect(verifyChain(readFileSync(path, "utf8"))).toMatchObject({ ok: true, records: 3 });
  });
});

describe("kmipd audit verify", () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("passes an intact file and prints its last hash", async () => {
    const path = logFile(5);
    const io = captureIo();
    expect(await verifyAuditFile(path, {}, io)).toBe(0);
    expect(io.stdout).toContain("5 records, hash chain intact");
    expect(io.stdout).toContain(lineHash(lines(path)[4]!));
  });

  it("names the line after a changed byte", async () => {
    const path = logFile(5);
    const next = lines(path);
    next[2] = next[2]!.replace('"n":2', '"n":7');
    rewrite(path, next);
    const io = captureIo();
    expect(await verifyAuditFile(path, {}, io)).toBe(1);
    expect(io.stdout).toMatch(/broken at line 4: prev_hash is not the SHA-256 of line 3/);
  });

  it("names a line that no longer parses", async () => {
    const path = logFile(4);
    const next = lines(path);
    next[1] = next[1]!.slice(0, 20);
    rewrite(path, next);
    expect(verifyChain(readFileSync(path, "utf8"))).toMatchObject({ ok: false, brokenLine: 2 });
  });

  it("names the line after a deleted one", async () => {
    const path = logFile(5);
    const next = lines(path);
    next.splice(1, 1);
    rewrite(path, next);
    const io = captureIo();
    expect(await verifyAuditFile(path, {}, io)).toBe(1);
    expect(io.stdout).toMatch(/broken at line 2:/);
  });

  it("names the first of two reordered lines", async () => {
    const path = logFile(5);
    const next = lines(path);
    [next[2], next[3]] = [next[3]!, next[2]!];
    rewrite(path, next);
    expect(verifyChain(readFileSync(path, "utf8"))).toMatchObject({ ok: false, brokenLine: 3, records: 2 });
  });

  it("finds a removed first line and a cut last line", () => {
    const path = logFile(3);
    const text = readFileSync(path, "utf8");
    const [first] = lines(path);
    expect(verifyChain(text.slice(first!.length + 1))).toMatchObject({ ok: false, brokenLine: 1 });
    expect(verifyChain(text.slice(0, -1))).toMatchObject({ ok: false, brokenLine: 3 });
    expect(verifyChain(text.slice(0, -10))).toMatchObject({ ok: false, brokenLine: 3 });
  });

  it("checks a rotated file's first link with --prev", async () => {
    const path = logFile(4);
    const all = lines(path);
    const rotated = join(dir, "rotated.log");
    rewrite(rotated, all.slice(2));
    const io = captureIo();
    expect(await verifyAuditFile(rotated, {}, io)).toBe(1);
    expect(io.stdout).toMatch(/line 1: the chain continues from another file/);
    expect(await verifyAuditFile(rotated, { prev: lineHash(all[1]!) }, captureIo())).toBe(0);
    expect(await verifyAuditFile(rotated, { prev: "abc" }, captureIo())).toBe(2);
  });

  it("runs as a commander verb with its exit status", async () => {
    const good = logFile(2);
    const io = captureIo();
    const program = new Command("kmipd").exitOverride();
    registerAuditCommand(program, io);
    await program.parseAsync(["audit", "verify", good], { from: "user" });
    expect(process.exitCode).toBe(0);
    await program.parseAsync(["audit", "verify", join(dir, "missing.log")], { from: "user" });
    expect(process.exitCode).toBe(2);
    expect(io.stderr).toMatch(/ENOENT/);
  });
});
