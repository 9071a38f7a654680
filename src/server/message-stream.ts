/**
 * The TTLV framer of one connection, plus what the server needs when framing fails: the whole
 * messages that arrived in the same read before the bad one (the framer drops them when it
 * throws), and the first bytes of the bad message, to read its Protocol Version if it has one.
 * A framing error means the stream can no longer be split into messages (KMIP 1.4 §9.1.1.3: only
 * the length says where a message ends), so after it the connection is answered and closed.
 */
import { TtlvError } from "../ttlv/errors.js";
import { TtlvFramer } from "../ttlv/framer.js";
import type { TtlvLimits } from "../ttlv/limits.js";

export interface PushResult {
  readonly messages: Uint8Array[];
  /** Set when the stream broke; no further push is possible. */
  readonly error?: TtlvError;
  /** Up to 56 bytes of the message that broke the stream (enough for its Protocol Version). */
  readonly brokenHead?: Uint8Array;
}

const HEAD_BYTES = 56;

export class MessageStream {
  private readonly framer: TtlvFramer;
  /** Chunks not yet wholly returned as messages, with their stream offsets (held by reference). */
  private chunks: { start: number; bytes: Uint8Array }[] = [];
  private pushed = 0;
  private consumed = 0;

  constructor(private readonly limits: TtlvLimits) {
    this.framer = new TtlvFramer(limits);
  }

  /** Bytes of a message begun and not yet whole (the connection times its arrival). */
  get partialBytes(): number {
    return this.framer.bufferedBytes;
  }

  push(chunk: Uint8Array): PushResult {
    this.chunks.push({ start: this.pushed, bytes: chunk });
    this.pushed += chunk.length;
    try {
      const messages = this.framer.push(chunk);
      for (const m of messages) this.consumed += m.length;
      this.dropConsumed();
      return { messages };
    } catch (error) {
      if (!(error instanceof TtlvError)) throw error;
      return this.broken(error);
    }
  }

  private broken(error: TtlvError): PushResult {
    const at = Math.max(error.offset, this.consumed);
    // Whole messages between the last one returned and the bad one: their headers passed the
    // framer's checks already, so a fresh framer splits them the same way.
    let messages: Uint8Array[] = [];
    try {
      messages = new TtlvFramer(this.limits).push(this.slice(this.consumed, at));
    } catch {
      messages = [];
    }
    const brokenHead = this.slice(at, Math.min(at + HEAD_BYTES, this.pushed));
    this.chunks = [];
    return { messages, error, brokenHead };
  }

  /** Stream bytes [from, to) out of the held chunks. */
  private slice(from: number, to: number): Uint8Array {
    const out = new Uint8Array(Math.max(0, to - from));
    for (const { start, bytes } of this.chunks) {
      const lo = Math.max(from, start);
      const hi = Math.min(to, start + bytes.length);
      if (lo < hi) out.set(bytes.subarray(lo - start, hi - start), lo - from);
    }
    return out;
  }

  private dropConsumed(): void {
    let keep = 0;
    while (keep < this.chunks.length) {
      const c = this.chunks[keep]!;
      if (c.start + c.bytes.length > this.consumed) break;
      keep++;
    }
    if (keep > 0) this.chunks = this.chunks.slice(keep);
  }
}
