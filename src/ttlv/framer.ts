/**
 * Splits a byte stream (a TLS connection) into whole TTLV messages. A KMIP message is one
 * top-level Structure (KMIP 1.4 §7 "Message Contents"; Request/Response Message are Structures),
 * and its 8-byte header says how long it is (§9.1.1.3), so nothing else is needed to frame it.
 *
 * The header is judged as soon as its 8 bytes are in: a bad tag, a type other than Structure, a
 * length not a multiple of 8 or a message over `messageBytesMax` fails before any of the body is
 * buffered. Chunks are queued by reference and each message is copied out once, so cost stays
 * linear whatever the read sizes (a pushed chunk is held by reference until consumed, so the caller
 * must not reuse its memory; Node's socket chunks are fresh). After an error the stream is unusable: every later push throws
 * the same error until `reset()` (a server closes the connection instead).
 */
import { TtlvError } from "./errors.js";
import { resolveLimits, type TtlvLimits } from "./limits.js";
import { ItemType, isTtlvTag } from "./types.js";

const HEADER_BYTES = 8;

export class TtlvFramer {
  private readonly limits: TtlvLimits;
  /** Pending chunks; `chunks[head]` is consumed up to `headOffset`. */
  private chunks: Uint8Array[] = [];
  private head = 0;
  private headOffset = 0;
  private buffered = 0;
  /** Total size of the message being assembled, once its header is known; else -1. */
  private expected = -1;
  /** Stream offset of the next message's first byte, for error offsets. */
  private streamOffset = 0;
  private failure: TtlvError | undefined;

  constructor(limits?: Partial<TtlvLimits>) {
    this.limits = resolveLimits(limits);
  }

  /** Bytes received and not yet returned as part of a message. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Appends `chunk` and returns every message it completes, in order (possibly none). */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failure) throw this.failure;
    const messages: Uint8Array[] = [];
    if (chunk.length === 0) return messages;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.expected < 0) {
        if (this.buffered < HEADER_BYTES) break;
        this.expected = this.checkHeader(this.peekHeader());
      }
      if (this.buffered < this.expected) break;
      messages.push(this.take(this.expected));
      this.streamOffset += this.expected;
      this.expected = -1;
    }
    return messages;
  }

  /** Drops buffered data and any error, ready for a fresh stream. */
  reset(): void {
    this.chunks = [];
    this.head = 0;
    this.headOffset = 0;
    this.buffered = 0;
    this.expected = -1;
    this.streamOffset = 0;
    this.failure = undefined;
  }

  /** Validates a message header; returns the message's total size. */
  private checkHeader(header: Uint8Array): number {
    const tag = (header[0]! << 16) | (header[1]! << 8) | header[2]!;
    const type = header[3]!;
    const length = ((header[4]! << 24) | (header[5]! << 16) | (header[6]! << 8) | header[7]!) >>> 0;
    const at = this.streamOffset;
    if (!isTtlvTag(tag)) this.fail("bad-tag", "message tag must start with 0x42 or 0x54 (§9.1.1.1)", at, tag);
    if (type !== ItemType.Structure) {
      this.fail("bad-type", `a message must be a Structure, got type 0x${type.toString(16)}`, at, tag);
    }
    if (length % 8 !== 0)
      this.fail("bad-length", `Structure length ${length} is not a multiple of 8`, at, tag);
    if (HEADER_BYTES + length > this.limits.messageBytesMax) {
      this.fail("limit", `message of ${HEADER_BYTES + length} bytes exceeds messageBytesMax`, at, tag);
    }
    return HEADER_BYTES + length;
  }

  /** The next 8 bytes without consuming them (they may straddle chunks). */
  private peekHeader(): Uint8Array {
    const first = this.chunks[this.head]!;
    if (first.length - this.headOffset >= HEADER_BYTES) {
      return first.subarray(this.headOffset, this.headOffset + HEADER_BYTES);
    }
    const header = new Uint8Array(HEADER_BYTES);
    let filled = 0;
    let offset = this.headOffset;
    for (let i = this.head; filled < HEADER_BYTES; i++) {
      const chunk = this.chunks[i]!;
      const n = Math.min(chunk.length - offset, HEADER_BYTES - filled);
      header.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset = 0;
    }
    return header;
  }

  /** Removes the next `size` bytes (all buffered) and returns them as one fresh array. */
  private take(size: number): Uint8Array {
    const out = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const chunk = this.chunks[this.head]!;
      const n = Math.min(chunk.length - this.headOffset, size - filled);
      out.set(chunk.subarray(this.headOffset, this.headOffset + n), filled);
      filled += n;
      this.headOffset += n;
      if (this.headOffset === chunk.length) this.dropHead();
    }
    this.buffered -= size;
    return out;
  }

  private dropHead(): void {
    this.head++;
    this.headOffset = 0;
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head >= 64 && this.head * 2 >= this.chunks.length) {
      // Compact now and then so the queue never grows with consumed entries (amortised O(1)).
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  private fail(
    code: "bad-tag" | "bad-type" | "bad-length" | "limit",
    message: string,
    at: number,
    tag: number,
  ): never {
    this.failure = new TtlvError(code, message, at, tag);
    throw this.failure;
  }
}
