/**
 * Runs `openssl pkeyutl` for ECDSA / DSA over Digested Data (ecdsa-digest.ts), bounded: at most
 * OPENSSL_CHILDREN_MAX children at once (the others wait), a deadline after which the child's
 * process group is killed, and a cap on what it may print.
 *
 * Key material never reaches the disk or a command line: the key goes through an extra pipe
 * (fd 3), the signature through another (fd 4), the digest through stdin. Node's "pipe" stdio
 * entries are socket pairs, and Linux refuses to open a socket by its /dev/fd path (ENXIO), so a
 * constant /bin/sh script turns fds 3 and 4 into real pipes with `cat` before openssl opens
 * them. The script takes no request data: the openssl path and the pkeyutl arguments are its
 * positional parameters ("$@"), never parsed as shell text.
 *
 * The openssl binary is `openssl` on the PATH, or the KMIPD_OPENSSL environment variable, or the
 * caller's `command` option (tests). A missing binary is Cryptographic Failure with a message
 * naming the cause; the details go to the log (the KmipError cause), never to the client.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { Writable } from "node:stream";
import { Semaphore } from "./ecdsa-digest-limit.js";
import { cryptographicFailure } from "./errors.js";

/** Children at once; more requests wait for a slot. */
export const OPENSSL_CHILDREN_MAX = 4;
/** Default deadline of one child. */
export const OPENSSL_TIMEOUT_MS = 5000;
/** Standard output accepted from one child (a P-521 ECDSA signature is 139 bytes). */
export const OPENSSL_OUTPUT_BYTES_MAX = 4096;
/** Standard error kept for the log. */
const STDERR_BYTES_KEPT = 2048;
/** sh's exit statuses for a command it could not find or not execute (POSIX §2.8.2). */
const NOT_RUNNABLE: readonly number[] = [126, 127];

/** The slots shared by every child (exported for the tests of the bound). */
export const OPENSSL_CHILDREN = new Semaphore(OPENSSL_CHILDREN_MAX);

export interface OpensslOptions {
  /** The openssl binary (default: KMIPD_OPENSSL, else `openssl` on the PATH). */
  readonly command?: string | undefined;
  readonly timeoutMs?: number | undefined;
}

export interface OpensslInputs {
  readonly stdin: Uint8Array;
  readonly fd3: Uint8Array;
  readonly fd4?: Uint8Array | undefined;
}

export interface OpensslResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export const MISSING_OPENSSL = "ECDSA over Digested Data needs the openssl command on the server";

function opensslCommand(options: OpensslOptions): string {
  return options.command ?? (process.env.KMIPD_OPENSSL || "openssl");
}

/** Runs `script` with "$@" = the openssl command and `args`, feeding `inputs`, within the bounds. */
export function runOpenssl(
  script: string,
  args: readonly string[],
  inputs: OpensslInputs,
  options: OpensslOptions = {},
): Promise<OpensslResult> {
  return OPENSSL_CHILDREN.run(() => runChild(script, args, inputs, options));
}

function runChild(
  script: string,
  args: readonly string[],
  inputs: OpensslInputs,
  options: OpensslOptions,
): Promise<OpensslResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", script, "kmipd-openssl", opensslCommand(options), ...args], {
      stdio: ["pipe", "pipe", "pipe", "pipe", "pipe"],
      detached: true, // its own process group, so a kill reaches openssl and the cats too
    });
    let settled = false;
    const out = collect(child, (tooMuch) => finish(tooMuch));
    const late = () => finish(cryptographicFailure("the openssl command did not answer in time"));
    const timer = setTimeout(late, options.timeoutMs ?? OPENSSL_TIMEOUT_MS);
    function finish(error: Error | undefined, code: number | null = null): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error !== undefined) {
        killGroup(child);
        reject(error);
      } else if (code !== null && NOT_RUNNABLE.includes(code)) {
        reject(cryptographicFailure(MISSING_OPENSSL, new Error(out.stderr())));
      } else resolve({ code, stdout: out.stdout(), stderr: out.stderr() });
    }
    child.on("error", (e) => finish(cryptographicFailure(MISSING_OPENSSL, e)));
    child.on("close", (code) => finish(undefined, code));
    feed(child, inputs);
  });
}

/** Writes each input and closes its pipe; a child that exits early makes EPIPE, ignored here. */
function feed(child: ChildProcess, inputs: OpensslInputs): void {
  const write = (stream: Writable | null | undefined, data: Uint8Array | undefined) => {
    if (!stream) return;
    stream.on("error", () => {}); // the exit status tells what went wrong
    stream.end(data);
  };
  write(child.stdio[3] as Writable | null, inputs.fd3);
  write(child.stdio[4] as Writable | null, inputs.fd4);
  write(child.stdin, inputs.stdin);
}

interface Collected {
  stdout(): Buffer;
  stderr(): string;
}

/** Gathers stdout (over the cap: `onTooMuch`) and the first bytes of stderr. */
function collect(child: ChildProcess, onTooMuch: (e: Error) => void): Collected {
  const chunks: Buffer[] = [];
  let size = 0;
  let errText = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > OPENSSL_OUTPUT_BYTES_MAX)
      onTooMuch(cryptographicFailure("the openssl command answered too much"));
    else chunks.push(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    if (errText.length < STDERR_BYTES_KEPT) errText += chunk.toString("utf8").slice(0, STDERR_BYTES_KEPT);
  });
  for (const stream of [child.stdout, child.stderr]) stream?.on("error", () => {});
  return { stdout: () => Buffer.concat(chunks), stderr: () => errText };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}
