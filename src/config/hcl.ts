/**
 * A parser for the subset of HCL (HashiCorp Configuration Language, version 1 as Vault reads it)
 * that Vault server configuration files and ACL policies use. Written from the HCL syntax as
 * documented; no interpolation (`${...}` stays literal text, as Vault never evaluates it).
 *
 * Syntax accepted
 * - comments: `# ...`, `// ...` to end of line, `/* ... *\/` (not nested)
 * - attributes: `name = value`, the name an identifier (`[A-Za-z_][A-Za-z0-9_.-]*`) or a string
 * - values: "strings" (escapes \n \t \r \" \\ \a \b \f \v \uXXXX \UXXXXXXXX; no raw newlines),
 *   heredocs (`<<EOF` ... `EOF`, and `<<-EOF` whose closing marker may be indented, that indentation
 *   being removed from every line when all non-blank lines have it, as HCL 1 does), numbers
 *   (decimal, optional sign, fraction and exponent), `true`/`false`, lists `[a, b,]`, objects `{ k = v }`
 * - blocks: `type "label" ... { body }`, labels strings or identifiers, any number of them
 * - items need no separator; a newline or one comma between them is usual (HCL 1 is that lenient)
 * - `parseConfigText` also takes the JSON form (text starting with `{`), as Vault does
 *
 * Output mapping (the shape of HCL's JSON form)
 * - `k = v`                          → `{ k: v }`; the same attribute twice is an error (Vault
 *                                      deprecates duplicate attributes)
 * - `t { ... }`                      → `{ t: {...} }`
 * - `t "a" "b" { ... }`              → `{ t: { a: { b: {...} } } }`
 * - `t "a" {..}` and `t "c" {..}`    → `{ t: { a: {...}, c: {...} } }`
 * - the same type and labels again   → the bodies in source order as an array: `{ t: { a: [{...}, {...}] } }`
 * - an attribute and a block of the same name, or a block used with and without a further label,
 *   is an error
 * Errors are HclError with 1-based line and column (UTF-16 code units, a tab counts 1).
 * Input size and nesting depth (blocks, lists and objects together) are bounded.
 */

export type HclValue = string | number | boolean | HclValue[] | HclObject;
export interface HclObject {
  [key: string]: HclValue;
}

export interface HclOptions {
  bytesMax?: number;
  depthMax?: number;
}

export const HCL_BYTES_MAX = 1024 * 1024;
export const HCL_DEPTH_MAX = 64;

export class HclError extends Error {
  override readonly name = "HclError";
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${reason}`);
  }
}

type Kind = "ident" | "string" | "number" | "punct" | "eof";
interface Token {
  kind: Kind;
  text: string; // identifier, punctuation, or the decoded string
  num: number;
  line: number;
  col: number;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEREDOC_START = /<<(-?)([A-Za-z_][A-Za-z0-9_]*)\r?\n/y;
const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  '"': '"',
  "\\": "\\",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
};

class Lexer {
  private pos = 0;
  private line = 1;
  private col = 1;
  private peeked: Token | undefined;

  constructor(private readonly src: string) {}

  peek(): Token {
    this.peeked ??= this.scan();
    return this.peeked;
  }

  next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  fail(reason: string, at?: { line: number; col: number }): never {
    throw new HclError(reason, at?.line ?? this.line, at?.col ?? this.col);
  }

  /** Moves past `n` characters, keeping line and column. */
  private advance(n: number): void {
    for (const end = this.pos + n; this.pos < end; this.pos++) {
      if (this.src[this.pos] === "\n") {
        this.line++;
        this.col = 1;
      } else this.col++;
    }
  }

  private skipTrivia(): void {
    for (;;) {
      const c = this.src[this.pos];
      const two = this.src.slice(this.pos, this.pos + 2);
      if (c === " " || c === "\t" || c === "\r" || c === "\n") this.advance(1);
      else if (c === "#" || two === "//") this.advance(this.lineEnd() - this.pos);
      else if (two === "/*") {
        const close = this.src.indexOf("*/", this.pos + 2);
        if (close < 0) this.fail("unterminated /* comment");
        this.advance(close + 2 - this.pos);
      } else return;
    }
  }

  private lineEnd(): number {
    const nl = this.src.indexOf("\n", this.pos);
    return nl < 0 ? this.src.length : nl;
  }

  private token(kind: Kind, text: string, at: { line: number; col: number }, num = 0): Token {
    return { kind, text, num, line: at.line, col: at.col };
  }

  private scan(): Token {
    this.skipTrivia();
    const at = { line: this.line, col: this.col };
    const c = this.src[this.pos];
    if (c === undefined) return this.token("eof", "", at);
    if ("{}[]=,".includes(c)) {
      this.advance(1);
      return this.token("punct", c, at);
    }
    if (c === '"') return this.token("string", this.readString(), at);
    if (c === "<" && this.src[this.pos + 1] === "<") return this.token("string", this.readHeredoc(), at);
    if (c === "-" || (c >= "0" && c <= "9")) return this.readNumber(at);
    const ident = this.match(IDENT);
    if (ident) {
      this.advance(ident.length);
      return this.token("ident", ident, at);
    }
    return this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    return re.exec(this.src)?.[0];
  }

  private readNumber(at: { line: number; col: number }): Token {
    const text = this.match(NUMBER);
    if (!text) return this.fail("invalid number");
    if (/^-?0[0-9]/.test(text)) this.fail("numbers may not have leading zeros (HCL 1 reads them as octal)");
    const after = this.src[this.pos + text.length];
    if (after !== undefined && /[A-Za-z0-9_.]/.test(after))
      this.fail(`invalid number ${JSON.stringify(text)}`);
    const num = Number(text);
    if (!Number.isFinite(num) || (/^-?[0-9]+$/.test(text) && !Number.isSafeInteger(num))) {
      this.fail(`number ${text} is out of range`);
    }
    this.advance(text.length);
    return this.token("number", text, at, num);
  }

  private readString(): string {
    const start = { line: this.line, col: this.col };
    this.advance(1);
    let out = "";
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === "\n") this.fail("unterminated string", start);
      if (c === '"') break;
      if (c === "\\") out += this.readEscape();
      else {
        out += c;
        this.advance(1);
      }
    }
    this.advance(1);
    return out;
  }

  private readEscape(): string {
    const e = this.src[this.pos + 1] ?? "";
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      this.advance(2);
      return simple;
    }
    const digits = e === "u" ? 4 : e === "U" ? 8 : 0;
    const hex = this.src.slice(this.pos + 2, this.pos + 2 + digits);
    if (digits === 0 || !new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) {
      this.fail(`invalid escape sequence ${JSON.stringify(`\\${e}`)}`);
    }
    const cp = Number.parseInt(hex, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail(`invalid Unicode code point \\${e}${hex}`);
    this.advance(2 + digits);
    return String.fromCodePoint(cp);
  }

  /** `<<EOF` or `<<-EOF`, a newline, lines, then the marker alone on its line. */
  private readHeredoc(): string {
    const start = { line: this.line, col: this.col };
    HEREDOC_START.lastIndex = this.pos;
    const m = HEREDOC_START.exec(this.src);
    if (!m) return this.fail("a heredoc needs <<MARKER or <<-MARKER followed by a newline");
    const [opener, dash, marker] = m as unknown as [string, string, string];
    this.advance(opener.length);
    const lines: string[] = [];
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`heredoc not closed by ${marker}`, start);
      const end = this.lineEnd();
      const line = this.src.slice(this.pos, end).replace(/\r$/, "");
      this.advance(Math.min(end + 1, this.src.length) - this.pos);
      if ((dash ? line.trim() : line) === marker) return unindent(lines, dash ? line : "");
      lines.push(line);
    }
  }
}

/** HCL 1's `<<-` rule: remove the closing marker's indentation when every non-blank line has it. */
function unindent(lines: string[], closing: string): string {
  const prefix = /^[ \t]*/.exec(closing)![0];
  const blank = (l: string) => l.trim() === "";
  const strip = prefix !== "" && lines.every((l) => blank(l) || l.startsWith(prefix));
  const out = strip ? lines.map((l) => (l.startsWith(prefix) ? l.slice(prefix.length) : "")) : lines;
  return out.map((l) => `${l}\n`).join("");
}

function describe(t: Token): string {
  if (t.kind === "eof") return "end of input";
  if (t.kind === "string") return "a string";
  if (t.kind === "number") return `number ${t.text}`;
  return JSON.stringify(t.text);
}

class Parser {
  private depth = 0;
  // Objects and arrays the parser made for blocks, so merging can tell them from attribute values.
  private readonly labelNodes = new WeakSet<object>();
  private readonly bodies = new WeakSet<object>();
  private readonly repeats = new WeakSet<object>();

  constructor(
    private readonly lex: Lexer,
    private readonly depthMax: number,
  ) {}

  parseFile(): HclObject {
    return this.parseBody(undefined);
  }

  /** Items up to `}` (when `open` is the brace that began the body) or end of input. */
  private parseBody(open: Token | undefined): HclObject {
    const obj: HclObject = {};
    for (;;) {
      const t = this.lex.next();
      if (t.kind === "eof") {
        if (open) this.lex.fail(`expected "}" to close the "{" at ${open.line}:${open.col}`, t);
        return obj;
      }
      if (t.kind === "punct" && t.text === "}" && open) return obj;
      if (t.kind !== "ident" && t.kind !== "string") {
        this.lex.fail(`expected an attribute name or block type, found ${describe(t)}`, t);
      }
      this.parseItem(obj, t);
      const sep = this.lex.peek();
      if (sep.kind === "punct" && sep.text === ",") this.lex.next();
    }
  }

  private parseItem(obj: HclObject, key: Token): void {
    checkKey(key, this.lex);
    const next = this.lex.peek();
    if (next.kind === "punct" && next.text === "=") {
      this.lex.next();
      if (Object.hasOwn(obj, key.text)) this.lex.fail(`${JSON.stringify(key.text)} is defined twice`, key);
      obj[key.text] = this.parseValue();
      return;
    }
    const keys = [key.text];
    while (this.lex.peek().kind === "string" || this.lex.peek().kind === "ident") {
      const label = this.lex.next();
      checkKey(label, this.lex);
      keys.push(label.text);
    }
    const open = this.lex.next();
    if (open.kind !== "punct" || open.text !== "{") {
      this.lex.fail(
        `expected "=" or a block body after ${JSON.stringify(key.text)}, found ${describe(open)}`,
        open,
      );
    }
    this.insertBlock(
      obj,
      keys,
      this.nested(open, () => this.parseBody(open)),
      key,
    );
  }

  private nested<T>(at: Token, parse: () => T): T {
    if (++this.depth > this.depthMax) this.lex.fail(`nesting deeper than ${this.depthMax}`, at);
    const value = parse();
    this.depth--;
    return value;
  }

  /** Places a block body at obj[type][label]...; repeats become arrays (see the mapping above). */
  private insertBlock(obj: HclObject, keys: string[], body: HclObject, at: Token): void {
    const conflict = (k: string): never =>
      this.lex.fail(
        `block ${keys.map((k) => JSON.stringify(k)).join(" ")} conflicts with an earlier ${JSON.stringify(k)}`,
        at,
      );
    let node = obj;
    for (const k of keys.slice(0, -1)) {
      if (!Object.hasOwn(node, k)) {
        const child: HclObject = {};
        this.labelNodes.add(child);
        node[k] = child;
      }
      const child = node[k] as HclObject;
      if (!this.labelNodes.has(child)) conflict(k);
      node = child;
    }
    const last = keys.at(-1)!;
    this.bodies.add(body);
    const prev = node[last];
    if (prev === undefined || !Object.hasOwn(node, last)) node[last] = body;
    else if (this.repeats.has(prev as object)) (prev as HclValue[]).push(body);
    else if (this.bodies.has(prev as object)) {
      const list = [prev, body];
      this.repeats.add(list);
      node[last] = list;
    } else conflict(last);
  }

  private parseValue(): HclValue {
    const t = this.lex.next();
    if (t.kind === "string") return t.text;
    if (t.kind === "number") return t.num;
    if (t.kind === "ident" && (t.text === "true" || t.text === "false")) return t.text === "true";
    if (t.kind === "punct" && t.text === "[") return this.nested(t, () => this.parseList());
    if (t.kind === "punct" && t.text === "{") return this.nested(t, () => this.parseBody(t));
    if (t.kind === "ident")
      this.lex.fail(`unexpected identifier ${JSON.stringify(t.text)}; strings need quotes`, t);
    return this.lex.fail(`expected a value, found ${describe(t)}`, t);
  }

  /** Values separated by commas, a trailing comma allowed, up to `]`. */
  private parseList(): HclValue[] {
    const items: HclValue[] = [];
    for (;;) {
      const t = this.lex.peek();
      if (t.kind === "punct" && t.text === "]") {
        this.lex.next();
        return items;
      }
      items.push(this.parseValue());
      const sep = this.lex.next();
      if (sep.kind === "punct" && sep.text === "]") return items;
      if (sep.kind !== "punct" || sep.text !== ",")
        this.lex.fail(`expected "," or "]" in list, found ${describe(sep)}`, sep);
    }
  }
}

/** `__proto__` as a key would reach Object.prototype through plain-object assignment. */
function checkKey(t: Token, lex: Lexer): void {
  if (t.text === "__proto__") lex.fail('"__proto__" is not allowed as a name', t);
}

function checkSize(text: string, bytesMax: number): void {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > bytesMax)
    throw new HclError(`input is ${bytes} bytes, more than the limit of ${bytesMax}`, 1, 1);
}

/** Parses HCL text into plain values, in the shape of HCL's JSON form. */
export function parseHcl(text: string, options: HclOptions = {}): HclObject {
  checkSize(text, options.bytesMax ?? HCL_BYTES_MAX);
  return new Parser(new Lexer(text), options.depthMax ?? HCL_DEPTH_MAX).parseFile();
}

/**
 * Vault reads configuration and policies written as HCL or as JSON. Text whose first non-blank
 * character is `{` is JSON (an HCL body cannot start with `{`), checked to the same limits and
 * to values HCL has (no null); anything else is HCL.
 */
export function parseConfigText(text: string, options: HclOptions = {}): HclObject {
  if (!/^\s*\{/.test(text)) return parseHcl(text, options);
  checkSize(text, options.bytesMax ?? HCL_BYTES_MAX);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = /at position (\d+)/.exec(String((e as Error).message));
    const { line, col } = lineCol(text, at ? Number(at[1]) : 0);
    throw new HclError(`invalid JSON: ${(e as Error).message}`, line, col);
  }
  checkJson(value, 0, options.depthMax ?? HCL_DEPTH_MAX);
  return value as HclObject;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, col: before.at(-1)!.length + 1 };
}

function checkJson(v: unknown, depth: number, depthMax: number): void {
  const fail = (reason: string): never => {
    throw new HclError(reason, 1, 1);
  };
  if (v === null) fail("null is not an HCL value");
  if (typeof v !== "object") return;
  if (depth >= depthMax) fail(`nesting deeper than ${depthMax}`);
  const children = Array.isArray(v) ? v : Object.values(v as object);
  if (!Array.isArray(v) && Object.hasOwn(v as object, "__proto__"))
    fail('"__proto__" is not allowed as a name');
  for (const c of children) checkJson(c, depth + 1, depthMax);
}
