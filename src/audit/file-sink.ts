/**
 * Where a file device's lines go (Vault docs "File audit device": "it appends logs to a file";
 * `file_path` may also be `stdout` or `discard`). Each record is one synchronous append that opens
 * the file, writes the whole line and closes it again, in the order records are made: a line is in
 * the file before the request goes on, and a file that cannot be written right now (its folder
 * made unreadable, the file replaced by a directory, a full disk) fails that very write. Opening
 * per write also follows log rotation: the next line goes to the new file at `file_path`.
 *
 * New files are created with the device's mode (default 0600); `mode` "0000" leaves an existing
 * file's mode alone, as in Vault.
 */
import { appendFileSync, chmodSync, closeSync, openSync, readSync, statSync, writeSync } from "node:fs";
import { chainedLine, GENESIS_HASH, lineHash } from "./chain.js";

export interface FileSinkOptions {
  /** A path, or "stdout" or "discard". */
  readonly path: string;
  /** File mode bits; 0 leaves the mode alone (and creates files 0600). */
  readonly mode: number;
}

const TAIL_CHUNK_BYTES = 64 * 1024;

export class FileSink {
  /** SHA-256 of the last line written; undefined until the file's tail has been read. */
  #lastHash: string | undefined;

  constructor(readonly options: FileSinkOptions) {}

  /** Creates the file if needed and applies the mode; throws when it cannot be opened. */
  open(): void {
    if (this.#special()) return;
    const { path, mode } = this.options;
    closeSync(openSync(path, "a", mode === 0 ? 0o600 : mode));
    if (mode !== 0) chmodSync(path, mode);
  }

  /** Appends one record, linked to the previous line; throws when it cannot be written. */
  append(record: object): void {
    const prev = this.#lastHash ?? this.#tailHash();
    const line = chainedLine(record, prev);
    this.#write(`${line}\n`);
    this.#lastHash = lineHash(line);
  }

  #special(): boolean {
    return this.options.path === "stdout" || this.options.path === "discard";
  }

  #write(text: string): void {
    const { path, mode } = this.options;
    if (path === "discard") return;
    if (path === "stdout") {
      writeSync(1, text);
      return;
    }
    appendFileSync(path, text, { mode: mode === 0 ? 0o600 : mode });
  }

  /** The hash of the file's last line, so appending to an existing file keeps its chain. */
  #tailHash(): string {
    if (this.#special()) return GENESIS_HASH;
    const size = statSync(this.options.path, { throwIfNoEntry: false })?.size ?? 0;
    if (size === 0) return GENESIS_HASH;
    const last = lastLine(this.options.path, size);
    return last === undefined ? GENESIS_HASH : lineHash(last);
  }
}

/** The last complete line of a file (without its newline), read backwards in chunks. */
export function lastLine(path: string, size: number): string | undefined {
  const fd = openSync(path, "r");
  try {
    let end = size;
    const chunks: Buffer[] = [];
    // Skip the final newline, then gather bytes back to the newline before it.
    const tail = Buffer.alloc(1);
    readSync(fd, tail, 0, 1, size - 1);
    if (tail[0] === 0x0a) end -= 1;
    let position = end;
    while (position > 0) {
      const length = Math.min(TAIL_CHUNK_BYTES, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      readSync(fd, chunk, 0, length, position);
      const newline = chunk.lastIndexOf(0x0a);
      if (newline !== -1) {
        chunks.unshift(chunk.subarray(newline + 1));
        break;
      }
      chunks.unshift(chunk);
    }
    const line = Buffer.concat(chunks).toString("utf8");
    return line === "" ? undefined : line;
  } finally {
    closeSync(fd);
  }
}
