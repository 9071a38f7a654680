/**
 * Placeholder bindings for one test-case file (vectors README, "How to read the XML files"):
 * `$UNIQUE_IDENTIFIER_n`, `$IV_COUNTER_NONCE`, `$DATA_n`, ... stand for values the server
 * chooses. A token is bound where it first appears: in a response, to what the server returned;
 * in a request, to a value generated here. Every later appearance uses that value: substituted
 * into requests, compared in responses.
 *
 * Literal values the server chose (a Unique Identifier or a ciphertext printed from the run that
 * produced the file) are bound the same way, as *aliases* keyed by the literal: a later request
 * that repeats the literal sends what this server returned instead (see `compare.ts`, rule
 * "server-chosen").
 *
 * How placeholders survive parsing (`parseKmipXmlDocument` with `resolver()`):
 * - Text String: the token stays as text ("$UNIQUE_IDENTIFIER_0"), recognised by `TOKEN`.
 * - Byte String: a fresh empty `Uint8Array` stands in; its identity maps back to the token.
 * - Date-Time: `$NOW`, `$NOW+n`, `$NOW-n` are relative to the start of the file, so they are
 *   resolved while parsing. `$NOW` (no offset) is the server's "now": see `isServerNow`.
 */
import { randomBytes } from "node:crypto";
import type { PlaceholderResolver, PlaceholderValue } from "../ttlv/text-options.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import { nameStandIn, valueKey } from "./values.js";

/**
 * An un-numbered placeholder ($CORRELATION_VALUE, $IV_COUNTER_NONCE, $SIGNATURE_DATA) names "the
 * current one": the files reuse it for each new stream, IV or signature. A numbered one
 * ($UNIQUE_IDENTIFIER_0, $DATA_1) names one value for the whole file.
 */
export function reusable(token: string): boolean {
  return !/_\d+$/.test(token);
}

/** The whole value of a Text String placeholder. */
const TOKEN = /^\$[A-Z][A-Z0-9_]*$/;
const NOW = /^\$NOW(?:([+-])(\d{1,12}))?$/;

export class Bindings {
  /** Token ("$DATA_0") or alias ("=" and a value key) → the value the server returned or we chose. */
  private readonly values = new Map<string, TtlvItem>();
  private readonly byteTokens = new Map<Uint8Array, string>();
  /** The last value of each tag the server returned in this file (see `generate`). */
  private readonly returned = new Map<number, TtlvItem>();
  /** Date-Time values (seconds) written `$NOW+n` / `$NOW-n` (n ≠ 0) → n. */
  private readonly nowOffsets = new Map<bigint, bigint>();

  /** `nowSeconds`: the start of the file, the origin of `$NOW±n`. */
  constructor(readonly nowSeconds: bigint) {}

  /** The resolver to parse the file with (see the module comment). */
  resolver(): PlaceholderResolver {
    return (token, type): PlaceholderValue | undefined => {
      const now = NOW.exec(token);
      if (now !== null && (type === "DateTime" || type === "DateTimeExtended")) {
        const delta = BigInt(now[2] ?? "0");
        const offset = now[1] === "-" ? -delta : delta;
        const seconds = this.nowSeconds + offset;
        if (offset !== 0n) this.nowOffsets.set(seconds, offset);
        return type === "DateTime" ? seconds : seconds * 1_000_000n;
      }
      if (type !== "ByteString") return undefined;
      const stand = new Uint8Array(0);
      this.byteTokens.set(stand, token);
      nameStandIn(stand, token);
      return stand;
    };
  }

  /** The placeholder an expected value stands for, or undefined for a literal value. */
  tokenOf(item: TtlvItem): string | undefined {
    if (item.type === ItemType.TextString && TOKEN.test(item.value)) return item.value;
    if (item.type === ItemType.ByteString) return this.byteTokens.get(item.value);
    return undefined;
  }

  /** True for a Date-Time written `$NOW`: whatever the server's clock said (presence only). */
  isServerNow(item: TtlvItem): boolean {
    if (item.type === ItemType.DateTime) return item.value === this.nowSeconds;
    if (item.type === ItemType.DateTimeExtended) return item.value === this.nowSeconds * 1_000_000n;
    return false;
  }

  /** For a Date-Time written `$NOW+n` or `$NOW-n` (n ≠ 0): n; otherwise undefined. */
  nowOffset(item: TtlvItem): bigint | undefined {
    if (item.type === ItemType.DateTime) return this.nowOffsets.get(item.value);
    if (item.type === ItemType.DateTimeExtended) return this.nowOffsets.get(item.value / 1_000_000n);
    return undefined;
  }

  /** What a placeholder, or a literal bound as an alias, stands for; undefined when unbound. */
  lookup(expected: TtlvItem): TtlvItem | undefined {
    return this.values.get(this.keyOf(expected));
  }

  /** Binds the placeholder or literal `expected` to `actual` (the first binding stays). */
  bind(expected: TtlvItem, actual: TtlvItem): void {
    const key = this.keyOf(expected);
    if (!this.values.has(key)) this.values.set(key, actual);
  }

  /** Binds a placeholder anew (see `reusable`). */
  rebind(expected: TtlvItem, actual: TtlvItem): void {
    this.values.set(this.keyOf(expected), actual);
  }

  /** The placeholders a message carries (a request, as written in the file). */
  tokensIn(item: TtlvItem): Set<string> {
    const out = new Set<string>();
    const walk = (i: TtlvItem): void => {
      if (i.type === ItemType.Structure) i.value.forEach(walk);
      else {
        const token = this.tokenOf(i);
        if (token !== undefined) out.add(token);
      }
    };
    walk(item);
    return out;
  }

  /** The bindings as they are now, to `restore` if a comparison is taken back (see `clock.ts`). */
  snapshot(): ReadonlyMap<string, TtlvItem> {
    return new Map(this.values);
  }

  restore(snapshot: ReadonlyMap<string, TtlvItem>): void {
    this.values.clear();
    for (const [k, v] of snapshot) this.values.set(k, v);
  }

  /** The request as sent: placeholders and aliased literals replaced by their bound values. */
  substitute(item: TtlvItem): TtlvItem {
    if (item.type === ItemType.Structure) {
      return { ...item, value: item.value.map((child) => this.substitute(child)) };
    }
    const bound = this.lookup(item) ?? this.generate(item);
    if (bound === undefined) return item;
    return { ...item, value: convert(bound, item.type) } as TtlvItem;
  }

  /** Notes what the server returned, for placeholders first met in a request. */
  observe(response: TtlvItem): void {
    if (response.type === ItemType.Structure) for (const c of response.value) this.observe(c);
    else this.returned.set(response.tag, response);
  }

  private keyOf(item: TtlvItem): string {
    return this.tokenOf(item) ?? `=${valueKey(item)}`;
  }

  /**
   * A placeholder first met in a request. A placeholder names a value the server chose, so it is
   * the last value the server returned at that tag in this file (a file may print an Encrypt
   * response's Data and IV literally and send them back as $DATA_0 and $IV_COUNTER_NONCE). With
   * none, or for a `…_RANDOM_n` token, the client chooses: a random identifier (naming no
   * object, as `$UNIQUE_IDENTIFIER_RANDOM_n` intends) or 16 random bytes.
   */
  private generate(item: TtlvItem): TtlvItem | undefined {
    const token = this.tokenOf(item);
    if (token === undefined) return undefined;
    const returned = token.includes("RANDOM") ? undefined : this.returned.get(item.tag);
    const value: TtlvItem =
      returned ??
      (item.type === ItemType.TextString
        ? { ...item, value: `random-${randomBytes(12).toString("hex")}` }
        : { tag: item.tag, type: ItemType.ByteString, value: randomBytes(16) });
    this.values.set(token, value);
    return value;
  }
}

/** A bound value in the type of the item it replaces (a token may be met as text and as bytes). */
function convert(bound: TtlvItem, type: TtlvItem["type"]): TtlvItem["value"] {
  if (bound.type === type) return bound.value;
  if (type === ItemType.TextString && bound.type === ItemType.ByteString) {
    return Buffer.from(bound.value).toString("utf8");
  }
  if (type === ItemType.ByteString && bound.type === ItemType.TextString) {
    return new Uint8Array(Buffer.from(bound.value, "utf8"));
  }
  return bound.value;
}
