import { describe, expect, it } from "vitest";
import {
  cell,
  goJson,
  goValue,
  type Output,
  printField,
  printSecret,
  table,
  toYaml,
  wrapAtLength,
} from "../../src/cli/format.js";
import { parseSecret, type Secret } from "../../src/cli/http-client.js";
import { envelope, memoryIo } from "./vault-fake.js";

function secretOf(body: Record<string, unknown>): Secret {
  const secret = parseSecret(JSON.stringify(body));
  if (!secret) throw new Error("no secret");
  return secret;
}

function render(secret: Secret, format: Output["format"] = "table", field?: string, tty = false) {
  const io = memoryIo({ tty });
  const code = printSecret({ io, format, field }, secret);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe("Go %v values", () => {
  it("prints lists, maps, null and scalars as Go's fmt does", () => {
    expect(goValue(["a", "b"])).toBe("[a b]");
    expect(goValue([])).toBe("[]");
    expect(goValue({ b: 2, a: "x" })).toBe("map[a:x b:2]");
    expect(goValue({})).toBe("map[]");
    expect(goValue(null)).toBe("<nil>");
    expect(goValue([1, null, true])).toBe("[1 <nil> true]");
    expect(goValue(0)).toBe("0");
  });

  it("prints durations for keys that look like TTLs, and only for numbers", () => {
    expect(cell("tls_client_ttl", 1_209_600)).toBe("336h");
    expect(cell("ttl", 0)).toBe("0s");
    expect(cell("period", 5400)).toBe("1h30m");
    expect(cell("lease_duration", 150)).toBe("2m30s");
    expect(cell("ttl_max", 60)).toBe("1m");
    expect(cell("ttl", "1h")).toBe("1h");
    expect(cell("subtle", 30)).toBe("30");
    expect(cell("ttlx", 30)).toBe("30");
  });
});

describe("tables", () => {
  it("pads the key column to the longest key plus 4 spaces and underlines the header", () => {
    expect(
      table([
        ["Key", "Value"],
        ["a", "1"],
        ["longer_key", "2"],
      ]),
    ).toBe("Key           Value\n---           -----\na             1\nlonger_key    2");
  });

  it("prints empty cells as n/a and keeps multi-line values as they are", () => {
    expect(
      table([
        ["Key", "Value"],
        ["k", ""],
        ["pem", "line1\nline2\n"],
      ]),
    ).toBe("Key    Value\n---    -----\nk      n/a\npem    line1\nline2");
  });

  it("prints the KMIP role of the tutorial as Vault does", () => {
    const data = { operation_all: true, tls_client_key_bits: 0, tls_client_key_type: "", tls_client_ttl: 0 };
    expect(render(secretOf(envelope(data))).stdout).toBe(
      [
        "Key                    Value",
        "---                    -----",
        "operation_all          true",
        "tls_client_key_bits    0",
        "tls_client_key_type    n/a",
        "tls_client_ttl         0s",
        "",
      ].join("\n"),
    );
  });

  it("prints JSON null as <nil> and an empty string as n/a (token lookup in Vault's docs)", () => {
    const out = render(secretOf(envelope({ entity_id: "", expire_time: null, policies: ["root"] }))).stdout;
    expect(out).toBe(
      "Key            Value\n---            -----\nentity_id      n/a\nexpire_time    <nil>\npolicies       [root]\n",
    );
  });

  it("prints the token rows of an auth block like Vault's token create example", () => {
    const auth = {
      client_token: "s.iyNUhq8Ov4hIAx6snw5mB2nL",
      accessor: "maMfHsZfwLB6fi18Zenj3qh6",
      policies: ["root"],
      token_policies: ["root"],
      identity_policies: null,
      metadata: null,
      lease_duration: 0,
      renewable: false,
    };
    expect(render(secretOf(envelope(null, { auth }))).stdout).toBe(
      [
        "Key                  Value",
        "---                  -----",
        "token                s.iyNUhq8Ov4hIAx6snw5mB2nL",
        "token_accessor       maMfHsZfwLB6fi18Zenj3qh6",
        "token_duration       ∞",
        "token_renewable      false",
        'token_policies       ["root"]',
        "identity_policies    []",
        'policies             ["root"]',
        "",
      ].join("\n"),
    );
  });

  it("puts lease rows first, and refresh_interval for a lease without an id", () => {
    const leased = secretOf(
      envelope({ b: "2", a: "1" }, { lease_id: "x/1", lease_duration: 3600, renewable: true }),
    );
    expect(render(leased).stdout).toBe(
      "Key                Value\n---                -----\nlease_id           x/1\nlease_duration     1h\n" +
        "lease_renewable    true\na                  1\nb                  2\n",
    );
    const kv = secretOf(envelope({ foo: "bar" }, { lease_duration: 2_764_800 }));
    expect(render(kv).stdout).toBe(
      "Key                 Value\n---                 -----\nrefresh_interval    768h\nfoo                 bar\n",
    );
  });

  it("prints nothing for a response without data", () => {
    expect(render(secretOf(envelope(null))).stdout).toBe("");
  });

  it("prints warnings on standard error before the table, wrapped with 2 spaces", () => {
    const warned = secretOf(
      envelope({ a: "1" }, { warnings: ["Endpoint ignored these unrecognized parameters: [x]"] }),
    );
    const { stdout, stderr } = render(warned);
    expect(stdout).toBe("Key    Value\n---    -----\na      1\n");
    expect(stderr).toBe(
      "WARNING! The following warnings were returned from Vault:\n\n" +
        "  * Endpoint ignored these unrecognized parameters: [x]\n\n",
    );
  });
});

describe("JSON and YAML", () => {
  it("quotes only the YAML scalars that would read as something else", () => {
    expect(toYaml(["0.0.0.0:5696", "a: b", "x #y", "2025-04-02T15:43:36Z", "1h", "12", ""])).toBe(
      '- 0.0.0.0:5696\n- "a: b"\n- "x #y"\n- "2025-04-02T15:43:36Z"\n- 1h\n- "12"\n- ""\n',
    );
  });

  it("prints the whole envelope in Vault's field order with sorted data keys", () => {
    const secret = secretOf(envelope({ z: 1, a: { y: [1, 2], b: null } }, { warnings: ["w"] }));
    expect(render(secret, "json").stdout).toBe(`{
  "request_id": "5e7b0a2b-33e4-4c2b-9b5c-2f0a1d7c9e11",
  "lease_id": "",
  "lease_duration": 0,
  "renewable": false,
  "data": {
    "a": {
      "b": null,
      "y": [
        1,
        2
      ]
    },
    "z": 1
  },
  "warnings": [
    "w"
  ]
}
`);
  });

  it("escapes <, > and & as Go's encoder does", () => {
    expect(goJson({ a: "<b>&" })).toBe('{\n  "a": "\\u003cb\\u003e\\u0026"\n}');
  });

  // Vault's "status" docs: "The field for total shares is displayed as "n" instead of n in yaml".
  it("writes YAML with sorted keys, quoted look-alikes and literal blocks", () => {
    expect(toYaml({ n: 5, keys: ["a", "b"], s: "true", empty: [], pem: "l1\nl2\n", m: { x: "" } })).toBe(
      'empty: []\nkeys:\n- a\n- b\nm:\n  x: ""\n"n": 5\npem: |\n  l1\n  l2\ns: "true"\n',
    );
  });
});

describe("-field", () => {
  const secret = secretOf(envelope({ ca_pem: "PEM", list: ["a", "b"], gone: null }));

  it("prints the raw value without a newline when piped, with one on a terminal", () => {
    expect(render(secret, "table", "ca_pem")).toEqual({ code: 0, stdout: "PEM", stderr: "" });
    expect(render(secret, "table", "ca_pem", true).stdout).toBe("PEM\n");
    expect(render(secret, "table", "list").stdout).toBe("[a b]");
    expect(render(secret, "json", "list").stdout).toBe('[\n  "a",\n  "b"\n]');
  });

  it("fails with exit 1 when the field is absent or null", () => {
    expect(render(secret, "table", "nope")).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Field "nope" not present in secret\n',
    });
    expect(render(secret, "table", "gone").code).toBe(1);
  });

  it("reads lease and token fields as Vault's RawField does", () => {
    const io = memoryIo();
    expect(printField({ io, format: "table", field: "x" }, 0, "x")).toBe(0);
    expect(io.stdout()).toBe("0");
    expect(render(secret, "table", "request_id").stdout).toBe("5e7b0a2b-33e4-4c2b-9b5c-2f0a1d7c9e11");
  });
});

describe("wrapAtLength", () => {
  it("keeps short text on one line and wraps long text within 78 columns", () => {
    expect(wrapAtLength("short text")).toBe("short text");
    const long = "word ".repeat(40).trim();
    for (const line of wrapAtLength(long).split("\n")) expect(line.length).toBeLessThanOrEqual(78);
    for (const line of wrapAtLength(`* ${long}`, 2).split("\n")) {
      expect(line.startsWith("  ")).toBe(true);
      expect(line.length).toBeLessThanOrEqual(78);
    }
  });

  it("leaves the last line free and breaks where the other lines are fullest", () => {
    const words = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp";
    expect(wrapAtLength(words).split("\n")).toEqual([words.slice(0, 74), "pppp"]);
  });
});
