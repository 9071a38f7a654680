/**
 * The one error type of the codec layer. Every failure to read or write TTLV, XML or JSON raises a
 * TtlvError and nothing else, so callers (the server, the CLI) can map it to `Invalid Message` or
 * a clear message without guessing. `offset` is a byte offset for binary input and `-1` when not
 * meaningful (for XML/JSON a `path` is given instead).
 */
export type TtlvErrorCode =
  | "truncated" // fewer bytes than a header or declared length needs
  | "overrun" // a child's declared length runs past its parent
  | "bad-length" // a fixed-length type with the wrong length, or a Big Integer not a multiple of 8
  | "bad-padding" // non-zero padding bytes
  | "bad-type" // unknown item type byte (or type name in XML/JSON)
  | "bad-tag" // a tag outside 0x420000-0x42FFFF and 0x540000-0x54FFFF, or an unknown tag name
  | "bad-utf8" // a Text String that is not valid UTF-8
  | "bad-value" // a value that does not fit its type (out of range, bad hex, bad date, unknown enum name)
  | "limit" // a configured limit (bytes, depth, items, string length) exceeded
  | "trailing" // bytes left after the top-level item
  | "syntax"; // XML or JSON that is not well formed, or not shaped as the encoding requires

export class TtlvError extends Error {
  override readonly name = "TtlvError";
  constructor(
    readonly code: TtlvErrorCode,
    message: string,
    readonly offset = -1,
    readonly tag?: number,
    readonly path?: string,
  ) {
    super(TtlvError.describe(message, offset, tag, path));
  }

  private static describe(message: string, offset: number, tag?: number, path?: string): string {
    const where: string[] = [];
    if (offset >= 0) where.push(`offset ${offset}`);
    if (tag !== undefined) where.push(`tag 0x${tag.toString(16).padStart(6, "0")}`);
    if (path) where.push(`at ${path}`);
    return where.length > 0 ? `${message} (${where.join(", ")})` : message;
  }
}
