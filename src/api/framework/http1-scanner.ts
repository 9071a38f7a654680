/**
 * Finds HTTP/1.1 request boundaries in the bytes a client sends, without parsing more than it
 * must, so that a caller can rewrite each request head (see `list-method.ts`) and leave every
 * other byte alone. Message framing follows RFC 9112:
 * - §2.2: a server ignores empty lines (CRLF) received before a request line;
 * - §6.3: a request with Transfer-Encoding whose final coding is chunked has a chunked body; one
 *   with Content-Length has that many bytes; one with neither has none;
 * - §7.1: a chunked body is chunk-size [ext] CRLF, data, CRLF, ..., a last chunk of size 0, trailer
 *   fields, and an empty line.
 * Anything this scanner cannot frame with certainty (both Content-Length and Transfer-Encoding,
 * differing Content-Lengths, a bad chunk size, a head over the size bound, an Upgrade or CONNECT)
 * switches it to pass-through for the rest of the connection: the bytes go to Node's parser
 * untouched, which answers the error itself (400, 431) and closes the connection.
 */

const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");
const EMPTY = Buffer.alloc(0);
/** A chunk-size line (size and extensions) longer than this is refused. */
const CHUNK_LINE_BYTES_MAX = 4096;

export interface ScannerOptions {
  /** The largest request head (request line and header fields) this scanner buffers. */
  readonly headBytesMax: number;
  /** Called once per complete request head; returns the bytes to forward in its place. */
  readonly rewriteHead: (head: Buffer) => Buffer;
}

type State =
  | { kind: "head" }
  | { kind: "fixed"; left: number }
  | { kind: "chunk-size" }
  | { kind: "chunk-data"; left: number }
  | { kind: "chunk-end" }
  | { kind: "trailers"; bytes: number }
  | { kind: "pass" };

type Framing = { kind: "fixed"; length: number } | { kind: "chunked" } | { kind: "pass" };

export class Http1RequestScanner {
  #state: State = { kind: "head" };
  #pending: Buffer = EMPTY;

  constructor(private readonly options: ScannerOptions) {}

  /** True once framing was lost and every further byte is forwarded as is. */
  get passingThrough(): boolean {
    return this.#state.kind === "pass";
  }

  /** Feeds bytes from the client; returns the bytes to forward, in order. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    this.#pending = EMPTY;
    while (data.length > 0) {
      const used = this.#step(data, out);
      if (used < 0) {
        this.#pending = data; // wait for more bytes
        break;
      }
      data = data.subarray(used);
    }
    return out.filter((b) => b.length > 0);
  }

  /** Consumes a prefix of `data`, returns its length, or -1 when more bytes are needed. */
  #step(data: Buffer, out: Buffer[]): number {
    const s = this.#state;
    switch (s.kind) {
      case "pass":
        out.push(data);
        return data.length;
      case "head":
        return this.#head(data, out);
      case "fixed":
      case "chunk-data":
        return this.#body(s, data, out);
      case "chunk-size":
        return this.#chunkSize(data, out);
      case "chunk-end":
        return this.#chunkEnd(data, out);
      case "trailers":
        return this.#trailers(s, data, out);
    }
  }

  #pass(data: Buffer, out: Buffer[]): number {
    this.#state = { kind: "pass" };
    out.push(data);
    return data.length;
  }

  #head(data: Buffer, out: Buffer[]): number {
    if (data[0] === 0x0d || data[0] === 0x0a) return this.#leadingEmptyLine(data, out);
    const end = data.indexOf(HEAD_END);
    if (end < 0) return data.length > this.options.headBytesMax ? this.#pass(data, out) : -1;
    const headLength = end + HEAD_END.length;
    if (headLength > this.options.headBytesMax) return this.#pass(data, out);
    const head = data.subarray(0, headLength);
    const framing = framingOf(head);
    out.push(this.options.rewriteHead(head));
    if (framing.kind === "pass") this.#state = { kind: "pass" };
    else if (framing.kind === "chunked") this.#state = { kind: "chunk-size" };
    else if (framing.length > 0) this.#state = { kind: "fixed", left: framing.length };
    return headLength;
  }

  /** RFC 9112 §2.2: CRLF (or a bare LF) before a request line is forwarded and skipped. */
  #leadingEmptyLine(data: Buffer, out: Buffer[]): number {
    if (data[0] === 0x0a) {
      out.push(data.subarray(0, 1));
      return 1;
    }
    if (data.length < 2) return -1;
    if (data[1] !== 0x0a) return this.#pass(data, out);
    out.push(data.subarray(0, 2));
    return 2;
  }

  #body(s: { kind: "fixed" | "chunk-data"; left: number }, data: Buffer, out: Buffer[]): number {
    const n = Math.min(s.left, data.length);
    out.push(data.subarray(0, n));
    s.left -= n;
    if (s.left === 0) this.#state = s.kind === "fixed" ? { kind: "head" } : { kind: "chunk-end" };
    return n;
  }

  #chunkSize(data: Buffer, out: Buffer[]): number {
    const end = data.indexOf(CRLF);
    if (end < 0) return data.length > CHUNK_LINE_BYTES_MAX ? this.#pass(data, out) : -1;
    const size = parseChunkSize(data.toString("latin1", 0, end));
    if (size === undefined || end > CHUNK_LINE_BYTES_MAX) return this.#pass(data, out);
    out.push(data.subarray(0, end + 2));
    this.#state = size === 0 ? { kind: "trailers", bytes: 0 } : { kind: "chunk-data", left: size };
    return end + 2;
  }

  #chunkEnd(data: Buffer, out: Buffer[]): number {
    if (data.length < 2) return data[0] === 0x0d ? -1 : this.#pass(data, out);
    if (data[0] !== 0x0d || data[1] !== 0x0a) return this.#pass(data, out);
    out.push(data.subarray(0, 2));
    this.#state = { kind: "chunk-size" };
    return 2;
  }

  /** Trailer fields after the last chunk, one line at a time, up to the empty line. */
  #trailers(s: { kind: "trailers"; bytes: number }, data: Buffer, out: Buffer[]): number {
    const end = data.indexOf(CRLF);
    if (end < 0) return s.bytes + data.length > this.options.headBytesMax ? this.#pass(data, out) : -1;
    s.bytes += end + 2;
    if (s.bytes > this.options.headBytesMax) return this.#pass(data, out);
    out.push(data.subarray(0, end + 2));
    if (end === 0) this.#state = { kind: "head" };
    return end + 2;
  }
}

/** Hex digits, then optional `;extensions` (RFC 9112 §7.1.1); undefined when malformed. */
function parseChunkSize(line: string): number | undefined {
  const m = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?$/.exec(line);
  if (!m) return undefined;
  const size = Number.parseInt(m[1]!, 16);
  return Number.isSafeInteger(size) ? size : undefined;
}

/** Reads just enough of a head to know how its body is framed (RFC 9112 §6.3). */
function framingOf(head: Buffer): Framing {
  const lines = head.toString("latin1").split("\r\n");
  const method = lines[0]?.split(" ", 1)[0] ?? "";
  if (method === "CONNECT") return { kind: "pass" };
  const lengths = new Set<string>();
  let codings: string[] | undefined;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "content-length") for (const v of value.split(",")) lengths.add(v.trim());
    else if (name === "transfer-encoding") codings = [...(codings ?? []), ...value.toLowerCase().split(",")];
    else if (name === "upgrade") return { kind: "pass" };
  }
  return framingFrom(lengths, codings);
}

function framingFrom(lengths: Set<string>, codings: string[] | undefined): Framing {
  if (codings !== undefined) {
    // Both headers, or a final coding other than chunked: Node refuses it; let it.
    if (lengths.size > 0 || codings.at(-1)?.trim() !== "chunked") return { kind: "pass" };
    return { kind: "chunked" };
  }
  if (lengths.size === 0) return { kind: "fixed", length: 0 };
  const [only] = lengths;
  if (lengths.size > 1 || only === undefined || !/^[0-9]{1,15}$/.test(only)) return { kind: "pass" };
  return { kind: "fixed", length: Number(only) };
}
