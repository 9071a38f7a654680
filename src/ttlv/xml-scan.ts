/**
 * A small, strict XML 1.0 reader for the KMIP XML encoding: elements, attributes, text, comments,
 * processing instructions (the `<?xml ...?>` declaration) and CDATA. Document type declarations
 * are refused, so no entity but the five predefined ones and character references can exist.
 *
 * Why not fast-xml-parser: its default parser is lenient (a duplicated `</KMIP>` would need a
 * separate validation pass), it reports no positions for our own errors, and it builds its whole
 * tree before we could apply our bounds. The KMIP encoding uses a tiny subset of XML, so one pass
 * that checks well-formedness, keeps attribute values as strings and children in document order,
 * and stops at the first limit (characters, depth, elements) is short and predictable.
 */
import { TtlvError } from "./errors.js";

export interface XmlElement {
  readonly name: string;
  /** Attributes in document order; values with references decoded and whitespace normalised. */
  readonly attrs: ReadonlyArray<readonly [string, string]>;
  readonly children: XmlElement[];
  /** Character data directly inside the element (not in children), concatenated. */
  text: string;
  /** Offset of the start tag in the document (see `lineColumn`). */
  readonly offset: number;
}

export interface XmlScanLimits {
  readonly charsMax: number;
  readonly depthMax: number;
  readonly elementsMax: number;
}

const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;
const ATTR_VALUE = /"([^"<]*)"|'([^'<]*)'/y;
const PREDEFINED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

class Scanner {
  private pos = 0;
  private elements = 0;
  private readonly stack: XmlElement[] = [];

  constructor(
    private readonly src: string,
    private readonly limits: XmlScanLimits,
  ) {}

  fail(message: string, at = this.pos, code: "syntax" | "limit" = "syntax"): never {
    const path = this.stack.map((e) => e.name).join("/");
    throw new TtlvError(code, `${message} (${lineColumn(this.src, at)})`, -1, undefined, path || undefined);
  }

  /** The whole document: prolog, exactly one root element, then only misc. */
  document(): XmlElement {
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.misc();
    if (!this.src.startsWith("<", this.pos) || this.pos >= this.src.length)
      this.fail("expected the root element");
    const root = this.element();
    this.misc();
    if (this.src.startsWith("</", this.pos)) this.fail("closing tag after the end of the root element");
    if (this.pos < this.src.length) this.fail("content after the end of the root element");
    return root;
  }

  /** Whitespace, comments and processing instructions outside the root element. */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.src.startsWith("<!--", this.pos)) this.comment();
      else if (this.src.startsWith("<?", this.pos)) this.instruction();
      else if (this.src.startsWith("<!DOCTYPE", this.pos))
        this.fail("document type declarations are not allowed");
      else return;
    }
  }

  private skipSpace(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.src);
    this.pos = SPACE.lastIndex;
  }

  private skipPast(end: string, what: string): string {
    const i = this.src.indexOf(end, this.pos);
    if (i < 0) this.fail(`unterminated ${what}`);
    const body = this.src.slice(this.pos, i);
    this.pos = i + end.length;
    return body;
  }

  private comment(): void {
    this.pos += 4;
    if (this.skipPast("-->", "comment").includes("--")) this.fail("'--' inside a comment");
  }

  private instruction(): void {
    this.pos += 2;
    this.skipPast("?>", "processing instruction");
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (m === null) this.fail("expected a name");
    this.pos = NAME.lastIndex;
    return m[0];
  }

  private element(): XmlElement {
    const start = this.pos;
    this.pos += 1;
    const name = this.name();
    const el: XmlElement = { name, attrs: this.attributes(), children: [], text: "", offset: start };
    if (++this.elements > this.limits.elementsMax) {
      this.fail(`more than ${this.limits.elementsMax} elements`, start, "limit");
    }
    if (this.stack.length >= this.limits.depthMax)
      this.fail(`nesting deeper than ${this.limits.depthMax}`, start, "limit");
    if (this.src.startsWith("/>", this.pos)) {
      this.pos += 2;
      return el;
    }
    if (this.src[this.pos] !== ">") this.fail(`malformed start tag <${name}>`);
    this.pos += 1;
    this.stack.push(el);
    this.content(el);
    this.stack.pop();
    return el;
  }

  private attributes(): Array<[string, string]> {
    const attrs: Array<[string, string]> = [];
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === "/" || c === ">" || c === undefined) return attrs;
      if (this.pos === before) this.fail("expected whitespace before an attribute");
      const name = this.name();
      this.skipSpace();
      if (this.src[this.pos] !== "=") this.fail(`attribute ${name} has no value`);
      this.pos += 1;
      this.skipSpace();
      ATTR_VALUE.lastIndex = this.pos;
      const m = ATTR_VALUE.exec(this.src);
      if (m === null) this.fail(`attribute ${name} value is not a quoted string`);
      if (attrs.some(([n]) => n === name)) this.fail(`duplicate attribute ${name}`);
      // XML 1.0 §2.11 and §3.3.3: a line break (CR LF, CR or LF) or a tab in an attribute value
      // becomes a space; references to those characters do not.
      attrs.push([name, this.decode((m[1] ?? m[2] ?? "").replace(/\r\n?|[\n\t]/g, " "), this.pos)]);
      this.pos = ATTR_VALUE.lastIndex;
    }
  }

  /** Children, text, comments up to the matching end tag. */
  private content(el: XmlElement): void {
    for (;;) {
      const lt = this.src.indexOf("<", this.pos);
      if (lt < 0) this.fail(`element <${el.name}> is not closed`, this.src.length);
      if (lt > this.pos) el.text += this.decode(this.src.slice(this.pos, lt), this.pos);
      this.pos = lt;
      if (this.src.startsWith("</", lt)) {
        this.endTag(el);
        return;
      }
      if (this.src.startsWith("<!--", lt)) this.comment();
      else if (this.src.startsWith("<![CDATA[", lt)) {
        this.pos += 9;
        el.text += this.skipPast("]]>", "CDATA section");
      } else if (this.src.startsWith("<?", lt)) this.instruction();
      else if (this.src.startsWith("<!", lt)) this.fail("markup declarations are not allowed");
      else el.children.push(this.element());
    }
  }

  private endTag(el: XmlElement): void {
    const at = this.pos;
    this.pos += 2;
    const name = this.name();
    this.skipSpace();
    if (this.src[this.pos] !== ">") this.fail(`malformed end tag </${name}>`);
    if (name !== el.name) this.fail(`end tag </${name}> does not match <${el.name}>`, at);
    this.pos += 1;
  }

  /**
   * Replace the predefined entities and character references (XML 1.0 §4.1, §4.6). References to
   * control characters (even U+0000), which XML 1.0 forbids, are accepted so that any Text String
   * our writer escapes reads back unchanged.
   */
  private decode(raw: string, at: number): string {
    if (!raw.includes("&")) return raw;
    return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(";")) this.fail("'&' that does not start a reference", at);
      const named = PREDEFINED[ref];
      if (named !== undefined) return named;
      const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
      const code = m === null ? Number.NaN : m[1] !== undefined ? Number.parseInt(m[1], 16) : Number(m[2]);
      if (!(code >= 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
        this.fail(`unknown entity or bad character reference &${ref};`, at);
      }
      return String.fromCodePoint(code);
    });
  }
}

/** "line L, column C" (1-based) of an offset in `text`, for messages. */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split("\n").length}, column ${offset - before.lastIndexOf("\n")}`;
}

/** Parse a whole XML document into its root element, or throw `TtlvError("syntax")`. */
export function scanXml(text: string, limits: XmlScanLimits): XmlElement {
  if (text.length > limits.charsMax) {
    throw new TtlvError("limit", `XML text of ${text.length} characters exceeds ${limits.charsMax}`);
  }
  return new Scanner(text, limits).document();
}
