/** Test helpers for src/crypto: hex, the Result Reason of a failure, and the openssl CLI. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KmipError } from "../../src/kmip/errors.js";

/** Bytes of a hex string (whitespace ignored). */
export function unhex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/\s+/g, ""), "hex"));
}

/** Lower-case hex of `data`. */
export function hex(data: Uint8Array): string {
  return Buffer.from(data).toString("hex");
}

/** The Result Reason `fn` throws, or "no error". */
export function reasonOf(fn: () => unknown): number | string {
  try {
    fn();
  } catch (e) {
    if (e instanceof KmipError) return e.reason;
    return `not a KmipError: ${String(e)}`;
  }
  return "no error";
}

/** The Result Reason an async `fn` rejects with, or "no error". */
export async function reasonOfAsync(fn: () => Promise<unknown>): Promise<number | string> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof KmipError) return e.reason;
    return `not a KmipError: ${String(e)}`;
  }
  return "no error";
}

/** Runs the openssl CLI; throws with its stderr when it fails. */
export function openssl(args: readonly string[], input?: Uint8Array): Buffer {
  const run = spawnSync("openssl", args, input === undefined ? {} : { input });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${run.stderr.toString()}`);
  return run.stdout;
}

/** The exit status of the openssl CLI (for verifications that may fail on purpose). */
export function opensslStatus(args: readonly string[], input?: Uint8Array): number | null {
  return spawnSync("openssl", args, input === undefined ? {} : { input }).status;
}

/** A file in a fresh temporary folder holding `data`. */
export function tempFile(name: string, data: Uint8Array | string): string {
  const path = join(mkdtempSync(join(tmpdir(), "kmipd-crypto-")), name);
  writeFileSync(path, data);
  return path;
}
