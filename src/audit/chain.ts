/**
 * The hash chain of an audit file: every record carries `prev_hash`, the SHA-256 (hex) of the
 * previous line's bytes (without its newline); the first record of a chain carries 64 zeros. A
 * changed, removed, inserted or reordered line breaks the link of the line after it, so tampering
 * shows to anyone holding the file (`kmipd audit verify FILE`), with no key needed.
 *
 * Limits, as with any hash chain: the last line can be changed, and lines cut from the end, without
 * a broken link; `verify` prints the last hash so it can be kept elsewhere to anchor the file. A
 * file rotated away while the server runs does not restart the chain: the new file's first record
 * links to the old file's last line, and `verify --prev HASH` checks that link.
 */
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export function lineHash(line: string): string {
  return createHash("sha256").update(line, "utf8").digest("hex");
}

/** The record as one JSON line (no newline), linked to the line before it. */
export function chainedLine(record: object, prevHash: string): string {
  return JSON.stringify({ prev_hash: prevHash, ...record });
}

export interface ChainReport {
  readonly ok: boolean;
  /** Records checked (all of them when ok). */
  readonly records: number;
  /** SHA-256 of the last line checked (when ok, the `--prev` of the next file). */
  readonly lastHash: string;
  /** 1-based number of the first line whose link is broken. */
  readonly brokenLine?: number;
  readonly reason?: string;
}

/** Checks a chain line by line (a file of any size can be streamed through it). */
export class ChainWalker {
  #expected: string;
  #records = 0;
  #broken: { line: number; reason: string } | undefined;

  constructor(prev: string = GENESIS_HASH) {
    this.#expected = prev;
  }

  /** Takes the next line (without its newline); false once the chain is broken. */
  push(line: string): boolean {
    if (this.#broken !== undefined) return false;
    const problem = linkProblem(line, this.#expected, this.#records);
    if (problem !== undefined) {
      this.#broken = { line: this.#records + 1, reason: problem };
      return false;
    }
    this.#expected = lineHash(line);
    this.#records++;
    return true;
  }

  /** The file ended without a newline after its last line: that line was cut short. */
  cutShort(): void {
    if (this.#broken !== undefined || this.#records === 0) return;
    this.#broken = { line: this.#records, reason: "the last line is cut short (no newline)" };
    this.#records--;
  }

  report(): ChainReport {
    const base = { records: this.#records, lastHash: this.#expected };
    if (this.#broken === undefined) return { ok: true, ...base };
    return { ok: false, ...base, brokenLine: this.#broken.line, reason: this.#broken.reason };
  }
}

/** Walks the chain of a whole file's text; `prev` is the hash the first line must link to. */
export function verifyChain(text: string, prev: string = GENESIS_HASH): ChainReport {
  const walker = new ChainWalker(prev);
  const lines = text.split("\n");
  const complete = lines.at(-1) === "";
  if (complete) lines.pop();
  for (const line of lines) if (!walker.push(line)) break;
  if (!complete && text !== "") walker.cutShort();
  return walker.report();
}

function linkProblem(line: string, expected: string, index: number): string | undefined {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return "not a JSON record (the line was changed or cut)";
  }
  const prevHash = (record as { prev_hash?: unknown } | null)?.prev_hash;
  if (typeof prevHash !== "string") return "no prev_hash field";
  if (prevHash === expected) return undefined;
  if (index === 0) {
    return prevHash === GENESIS_HASH
      ? `the chain should continue from ${expected}, but starts afresh`
      : `the chain continues from another file (prev_hash ${prevHash}); give that file's last hash with --prev`;
  }
  return (
    `prev_hash is not the SHA-256 of line ${index}: line ${index} was changed, ` +
    `or lines were removed, inserted or reordered between lines ${index} and ${index + 1}`
  );
}
