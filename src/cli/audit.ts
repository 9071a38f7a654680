/**
 * `kmipd audit verify [--prev HASH] FILE`: walks the hash chain of a file audit device's log
 * (src/audit/chain.ts) and reports the first line whose link is broken: a line changed, removed,
 * inserted or reordered shows at the line after it, a line that is not JSON at itself.
 *
 *   exit 0  the chain is intact; prints the record count and the last line's hash (keep it to
 *           anchor the file, or pass it as --prev when checking the file rotated after this one)
 *   exit 1  the chain is broken; prints the line number and why
 *   exit 2  the file cannot be read, or a bad --prev
 *
 * Works offline on the file alone: no server, token or salt needed. The file is streamed, so
 * logs of any size can be checked.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { ChainWalker, GENESIS_HASH } from "../audit/chain.js";

export interface AuditCliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: AuditCliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export function registerAuditCommand(program: Command, io: AuditCliIo = processIo): void {
  const audit = program.command("audit").description("work with audit device logs");
  audit
    .command("verify")
    .description("check the hash chain of an audit log file; names the first broken line")
    .argument("<file>", "the audit log file")
    .option("--prev <hash>", "the hash the first line links to (the previous file's last hash)")
    .action(async (file: string, opts: { prev?: string }) => {
      process.exitCode = await verifyAuditFile(file, opts, io);
    });
}

/** Checks one file; returns the exit status. */
export async function verifyAuditFile(
  file: string,
  opts: { prev?: string },
  io: AuditCliIo,
): Promise<number> {
  const prev = opts.prev?.toLowerCase() ?? GENESIS_HASH;
  if (!/^[0-9a-f]{64}$/.test(prev)) {
    io.err("kmipd audit verify: --prev must be a SHA-256 hash (64 hex digits)\n");
    return 2;
  }
  let walker: ChainWalker;
  try {
    walker = await walkFile(file, prev);
  } catch (err) {
    io.err(`kmipd audit verify: ${(err as Error).message}\n`);
    return 2;
  }
  const report = walker.report();
  if (!report.ok) {
    io.out(`${file}: broken at line ${report.brokenLine}: ${report.reason}\n`);
    return 1;
  }
  io.out(`${file}: ${report.records} records, hash chain intact; last hash ${report.lastHash}\n`);
  return 0;
}

async function walkFile(file: string, prev: string): Promise<ChainWalker> {
  const walker = new ChainWalker(prev);
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!walker.push(line)) {
      lines.close();
      return walker;
    }
  }
  if (!(await endsWithNewline(file))) walker.cutShort();
  return walker;
}

async function endsWithNewline(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}
