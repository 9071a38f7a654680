import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HclError, type HclObject, type HclValue, parseConfigText, parseHcl } from "../../src/config/hcl.js";

/** The error message ("line:column: reason") for input that must fail. */
function errorOf(text: string, options = {}): string {
  try {
    parseHcl(text, options);
  } catch (e) {
    if (e instanceof HclError) return e.message;
    throw e;
  }
  throw new Error(`parsed without error: ${text}`);
}

// A server configuration in the form Vault's documentation uses, written for these tests.
const serverConfig = `
ui            = true
cluster_addr  = "https://127.0.0.1:8201"
api_addr      = "https://127.0.0.1:8200"
disable_mlock = true
default_lease_ttl = "768h"
max_lease_ttl     = "8760h"

storage "raft" {
  path    = "/opt/kmipd/data"
  node_id = "node_1"

  retry_join {
    leader_api_addr = "https://node2.example.com:8200"
  }
  retry_join {
    leader_api_addr = "https://node3.example.com:8200"
  }
}

listener "tcp" {
  address       = "127.0.0.1:8200"
  tls_cert_file = "/etc/kmipd/full-chain.pem"
  tls_key_file  = "/etc/kmipd/private-key.pem"
}

listener "tcp" {
  address     = "10.0.0.5:8200"
  tls_disable = 1
}

telemetry {
  statsite_address = "127.0.0.1:8125"
  disable_hostname = true
}
`;

const serverConfigJson = {
  ui: true,
  cluster_addr: "https://127.0.0.1:8201",
  api_addr: "https://127.0.0.1:8200",
  disable_mlock: true,
  default_lease_ttl: "768h",
  max_lease_ttl: "8760h",
  storage: {
    raft: {
      path: "/opt/kmipd/data",
      node_id: "node_1",
      retry_join: [
        { leader_api_addr: "https://node2.example.com:8200" },
        { leader_api_addr: "https://node3.example.com:8200" },
      ],
    },
  },
  listener: {
    tcp: [
      {
        address: "127.0.0.1:8200",
        tls_cert_file: "/etc/kmipd/full-chain.pem",
        tls_key_file: "/etc/kmipd/private-key.pem",
      },
      { address: "10.0.0.5:8200", tls_disable: 1 },
    ],
  },
  telemetry: { statsite_address: "127.0.0.1:8125", disable_hostname: true },
};

// An ACL policy using the elements Vault's policy documentation describes.
const policy = `
# Read and list KMIP scopes.
path "kmip/scope/*" {
  capabilities = ["read", "list"]
}

// Explicitly deny one path; deny wins over any grant.
path "kmip/scope/finance" {
  capabilities = ["deny"]
}

/* Parameter constraints:
   "ttl" may take any value, "roles" one of two. */
path "kmip/scope/+/role/*" {
  capabilities       = ["create", "update",]
  allowed_parameters = {
    "ttl"   = []
    "roles" = ["reader", "writer"]
  }
  denied_parameters   = { "*" = [] }
  required_parameters = ["ttl"]
  min_wrapping_ttl    = "1s"
  max_wrapping_ttl    = "90s"
}

path "secret/data/{{identity.entity.id}}/*" {
  capabilities = ["create", "read", "update", "patch", "delete", "list"]
}
`;

describe("documented Vault shapes", () => {
  it("parses a server configuration, repeated blocks becoming arrays", () => {
    expect(parseHcl(serverConfig)).toEqual(serverConfigJson);
  });

  it("gives the same values as the JSON form of the same configuration", () => {
    const json = JSON.stringify(serverConfigJson, null, 2);
    expect(parseConfigText(json)).toEqual(parseHcl(serverConfig));
    expect(parseConfigText(serverConfig)).toEqual(parseConfigText(json));
  });

  it("parses an ACL policy", () => {
    expect(parseHcl(policy)).toEqual({
      path: {
        "kmip/scope/*": { capabilities: ["read", "list"] },
        "kmip/scope/finance": { capabilities: ["deny"] },
        "kmip/scope/+/role/*": {
          capabilities: ["create", "update"],
          allowed_parameters: { ttl: [], roles: ["reader", "writer"] },
          denied_parameters: { "*": [] },
          required_parameters: ["ttl"],
          min_wrapping_ttl: "1s",
          max_wrapping_ttl: "90s",
        },
        "secret/data/{{identity.entity.id}}/*": {
          capabilities: ["create", "read", "update", "patch", "delete", "list"],
        },
      },
    });
  });

  it("merges the same path twice into an array of bodies, in order", () => {
    const twice = 'path "a" { capabilities = ["read"] }\npath "a" { capabilities = ["list"] }\n';
    expect(parseHcl(twice)).toEqual({
      path: { a: [{ capabilities: ["read"] }, { capabilities: ["list"] }] },
    });
    expect(parseHcl(`${twice}path "a" {}`).path).toEqual({
      a: [{ capabilities: ["read"] }, { capabilities: ["list"] }, {}],
    });
  });
});

describe("syntax elements", () => {
  it("strings and their escapes; ${ stays literal", () => {
    const src = String.raw`a = "tab\there \"q\" back\\slash\nnl\r \a\b\f\v"
b = "\u00e9\U0001F600"
c = "${"${"}var.x}"
d = ""`;
    expect(parseHcl(src)).toEqual({
      a: 'tab\there "q" back\\slash\nnl\r \x07\b\f\v',
      b: "é😀",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL text, not a template; it must stay literal
      c: "${var.x}",
      d: "",
    });
  });

  it("numbers: integers, negatives, fractions, exponents", () => {
    expect(parseHcl("a = 0\nb = -12\nc = 1.5\nd = 2e3\ne = -1.25E-2\nf = 9007199254740991")).toEqual({
      a: 0,
      b: -12,
      c: 1.5,
      d: 2000,
      e: -0.0125,
      f: Number.MAX_SAFE_INTEGER,
    });
  });

  it("booleans, lists (nested, empty, multi-line, trailing comma) and objects", () => {
    const src = `t = true
f = false
l = [
  1,
  "two", # comment inside a list
  [true, []],
  { k = "v" },
]
o = { a = 1, "b c" = [2] }
e = {}`;
    expect(parseHcl(src)).toEqual({
      t: true,
      f: false,
      l: [1, "two", [true, []], { k: "v" }],
      o: { a: 1, "b c": [2] },
      e: {},
    });
  });

  it("heredocs keep lines and the final newline", () => {
    expect(parseHcl("a = <<EOF\nline 1\n  line 2\nEOF\nb = 1")).toEqual({ a: "line 1\n  line 2\n", b: 1 });
    expect(parseHcl("a = <<EOF\nEOF\n")).toEqual({ a: "" });
    expect(parseHcl("a = <<EOF\r\nx\r\nEOF")).toEqual({ a: "x\n" });
    expect(parseHcl('a = <<EOF\n"quoted" \\n # not a comment\nEOF')).toEqual({
      a: '"quoted" \\n # not a comment\n',
    });
  });

  it("<<- heredocs drop the closing marker's indentation when every non-blank line has it", () => {
    expect(parseHcl("a = <<-EOT\n    one\n\n      two\n    EOT\n")).toEqual({ a: "one\n\n  two\n" });
    // a line with less indentation than the marker: HCL 1 leaves the text as written
    expect(parseHcl("a = <<-EOT\n    one\n  two\n    EOT\n")).toEqual({ a: "    one\n  two\n" });
    // an unindented <<- marker removes nothing
    expect(parseHcl("a = <<-EOT\n  x\nEOT")).toEqual({ a: "  x\n" });
  });

  it("blocks: no label, identifier labels, several labels, quoted names, nested", () => {
    const src = `seal { disabled = false }
storage sqlite { path = "/tmp/k.db" }
a "b" "c" { d = 1 }
"quoted name" = 2
outer { inner "x" { deep { v = 3 } } }`;
    expect(parseHcl(src)).toEqual({
      seal: { disabled: false },
      storage: { sqlite: { path: "/tmp/k.db" } },
      a: { b: { c: { d: 1 } } },
      "quoted name": 2,
      outer: { inner: { x: { deep: { v: 3 } } } },
    });
  });

  it("items may be separated by commas or nothing at all on one line", () => {
    expect(parseHcl("a = 1, b = 2\nc = 3 d = 4")).toEqual({ a: 1, b: 2, c: 3, d: 4 });
  });

  it("comments of all three kinds, anywhere whitespace may be", () => {
    const src = "# top\na /* inline */ = /* here */ 1 // trailing\n/* multi\nline */ b = 2 # end";
    expect(parseHcl(src)).toEqual({ a: 1, b: 2 });
    expect(parseHcl("")).toEqual({});
    expect(parseHcl("  \n# only a comment\n")).toEqual({});
  });

  it("'constructor' and other prototype names are ordinary keys", () => {
    expect(parseHcl('constructor = 1\ntoString "x" {}')).toEqual({ constructor: 1, toString: { x: {} } });
  });
});

describe("malformed input reports line:column", () => {
  const cases: [string, string][] = [
    ["a = ", "1:5: expected a value, found end of input"],
    ['a = "open', "1:5: unterminated string"],
    ['a = "x\ny"', "1:5: unterminated string"],
    ["a {\n  b = 1\n", '3:1: expected "}" to close the "{" at 1:3'],
    ["}", '1:1: expected an attribute name or block type, found "}"'],
    ["a = b", '1:5: unexpected identifier "b"; strings need quotes'],
    ["a = [1 2]", '1:8: expected "," or "]" in list, found number 2'],
    ["a = [1,,]", '1:8: expected a value, found ","'],
    ["a = 1\na = 2", '2:1: "a" is defined twice'],
    ['a = 1\na "x" {}', '2:1: block "a" "x" conflicts with an earlier "a"'],
    ["a {}\na = 1", '2:1: "a" is defined twice'],
    ['t {}\nt "x" {}', '2:1: block "t" "x" conflicts with an earlier "t"'],
    ['t "x" {}\nt {}', '2:1: block "t" conflicts with an earlier "t"'],
    ['a = "\\q"', '1:6: invalid escape sequence "\\\\q"'],
    ['a = "\\u12"', '1:6: invalid escape sequence "\\\\u"'],
    ['a = "\\uD800"', "1:6: invalid Unicode code point \\uD800"],
    ["a = <<EOF\nno end\n", "1:5: heredoc not closed by EOF"],
    ["a = <<EOF x\n", "1:5: a heredoc needs <<MARKER or <<-MARKER followed by a newline"],
    ["a = 1 /* never closed", "1:7: unterminated /* comment"],
    ["a = 007", "1:5: numbers may not have leading zeros (HCL 1 reads them as octal)"],
    ["a = 12abc", '1:5: invalid number "12"'],
    ["a = -", "1:5: invalid number"],
    ["a = 99999999999999999999", "1:5: number 99999999999999999999 is out of range"],
    ["a = 1e999", "1:5: number 1e999 is out of range"],
    ["__proto__ = 1", '1:1: "__proto__" is not allowed as a name'],
    ['b "__proto__" {}', '1:3: "__proto__" is not allowed as a name'],
    ["a = @", '1:5: unexpected character "@"'],
    ["a b = 1", '1:5: expected "=" or a block body after "a", found "="'],
    ["  x\n    y", '2:6: expected "=" or a block body after "x", found end of input'],
    ["a = 1\n  b = [\n    1,\n    2\n  ", '5:3: expected "," or "]" in list, found end of input'],
  ];
  it.each(cases)("%j", (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it("exposes line, column and reason as fields", () => {
    try {
      parseHcl("ok = 1\n\n  bad = ?");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HclError);
      expect(e).toMatchObject({ line: 3, column: 9, reason: 'unexpected character "?"' });
    }
  });
});

describe("bounds", () => {
  it("input size: at the limit parses, one byte past fails", () => {
    const text = `a = "${"x".repeat(94)}"`; // 100 bytes
    expect(parseHcl(text, { bytesMax: 100 })).toEqual({ a: "x".repeat(94) });
    expect(errorOf(`${text} `, { bytesMax: 100 })).toBe(
      "1:1: input is 101 bytes, more than the limit of 100",
    );
    expect(errorOf('a = "é"', { bytesMax: 7 })).toBe("1:1: input is 8 bytes, more than the limit of 7"); // é is 2 bytes
  });

  it("nesting: lists, objects and blocks at the limit parse, one deeper fails", () => {
    const list = (n: number) => `a = ${"[".repeat(n)}${"]".repeat(n)}`;
    const obj = (n: number) => `a = ${"{ b = ".repeat(n - 1)}{}${" }".repeat(n - 1)}`;
    const blocks = (n: number) => `${"b { ".repeat(n)}${"} ".repeat(n)}`;
    for (const make of [list, obj, blocks]) {
      expect(() => parseHcl(make(8), { depthMax: 8 })).not.toThrow();
      expect(errorOf(make(9), { depthMax: 8 })).toMatch(/nesting deeper than 8$/);
    }
    expect(errorOf(list(100_000))).toMatch(/^1:\d+: nesting deeper than 64$/);
  });
});

describe("JSON form", () => {
  it("reads JSON text and applies the same limits", () => {
    expect(parseConfigText('  {"path": {"a/*": {"capabilities": ["read"]}}}')).toEqual({
      path: { "a/*": { capabilities: ["read"] } },
    });
    expect(() => parseConfigText('{"a": null}')).toThrow("null is not an HCL value");
    expect(() => parseConfigText('{"__proto__": {}}')).toThrow('"__proto__" is not allowed');
    expect(() => parseConfigText(`{"a": ${"[".repeat(70)}${"]".repeat(70)}}`)).toThrow(
      "nesting deeper than 64",
    );
    expect(() => parseConfigText('{"a": 1}', { bytesMax: 4 })).toThrow("more than the limit of 4");
  });

  it("reports JSON syntax errors with a position", () => {
    try {
      parseConfigText('{\n  "a": 1,\n  }');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HclError);
      expect((e as HclError).line).toBe(3);
    }
  });
});

describe("property: printing values as HCL and parsing them back is the identity", () => {
  const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== "__proto__");
  const leaf = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.boolean(),
    fc.integer(),
    fc.double({ min: -1e15, max: 1e15, noNaN: true }).map((d) => (Object.is(d, -0) ? 0 : d)),
  );
  const { value } = fc.letrec<{ value: HclValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      leaf,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(key, tie("value"), { maxKeys: 4, noNullPrototype: true }),
    ),
  }));
  const doc = fc.dictionary(key, value, { maxKeys: 6, noNullPrototype: true });

  const print = (v: HclValue, indent: string): string => {
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v !== "object") return String(v);
    if (Array.isArray(v))
      return `[\n${v.map((x) => `${indent}  ${print(x, `${indent}  `)},\n`).join("")}${indent}]`;
    return `{\n${body(v, `${indent}  `)}${indent}}`;
  };
  const body = (o: HclObject, indent: string): string =>
    Object.entries(o)
      .map(([k, x]) => `${indent}${JSON.stringify(k)} = ${print(x, indent)}\n`)
      .join("");

  it("holds for random documents", () => {
    fc.assert(
      fc.property(doc, (d) => {
        expect(parseHcl(body(d, ""))).toEqual(d);
      }),
      { numRuns: 300 },
    );
  });
});
