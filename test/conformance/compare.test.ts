/**
 * The comparison rules of src/conformance/compare.ts on small hand-made pairs: what must match,
 * what the server may choose, how placeholders bind, and where a difference is reported.
 */
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/conformance/compare.js";
import { failure, NOW, Replay, request, response } from "./helpers.js";

/** A tree as JSON, bytes in hex: to see what a request carries. */
const json = (item: unknown) =>
  JSON.stringify(item, (_k, v) =>
    v instanceof Uint8Array ? Buffer.from(v).toString("hex") : typeof v === "bigint" ? String(v) : v,
  );
const UID = '<UniqueIdentifier type="TextString" value="$UNIQUE_IDENTIFIER_0"/>';
const uid = (v: string) => `<UniqueIdentifier type="TextString" value="${v}"/>`;
const state = (s: string) =>
  `<Attribute><AttributeName type="TextString" value="State"/><AttributeValue type="Enumeration" value="${s}"/></Attribute>`;
const attr = (name: string, type: string, value: string) =>
  `<Attribute><AttributeName type="TextString" value="${name}"/><AttributeValue type="${type}" value="${value}"/></Attribute>`;

describe("result status and reason", () => {
  it("fails on a differing Result Reason, at its path", () => {
    const r = new Replay(request("Get", uid("x")), response("Get", "", "1.4", failure("ItemNotFound")));
    const d = r.compare(0, response("Get", "", "1.4", failure("PermissionDenied", "role may not")));
    expect(d?.path).toBe("ResponseMessage/BatchItem/ResultReason");
    expect(d?.expected).toBe("ResultReason Enumeration ItemNotFound");
    expect(d?.actual).toMatch(/^ResultReason Enumeration PermissionDenied \("role may not"\)$/);
  });

  it("fails on a differing Result Status and shows the server's reason", () => {
    const r = new Replay(request("Destroy", UID), response("Destroy", UID));
    const d = r.compare(0, response("Destroy", "", "1.4", failure("WrongKeyLifecycleState", "active")));
    expect(d?.path).toBe("ResponseMessage/BatchItem/ResultStatus");
    expect(d?.actual).toContain("WrongKeyLifecycleState");
  });

  it("ignores the Result Message text, and its absence", () => {
    const r = new Replay(
      request("Get", uid("x")),
      response("Get", "", "1.4", failure("ItemNotFound", "DENIED")),
    );
    expect(
      r.compare(0, response("Get", "", "1.4", failure("ItemNotFound", "no such object"))),
    ).toBeUndefined();
    expect(r.compare(0, response("Get", "", "1.4", failure("ItemNotFound")))).toBeUndefined();
  });
});

describe("server-chosen values", () => {
  it("passes a differing Time Stamp (presence and type only)", () => {
    const expected = response("Destroy", uid("a")).replace("$NOW", "2012-04-27T08:12:25+00:00");
    const r = new Replay(request("Destroy", uid("a")), expected);
    expect(r.compare(0, response("Destroy", uid("a")))).toBeUndefined();
  });

  it("fails when the Time Stamp is missing", () => {
    const r = new Replay(request("Destroy", uid("a")), response("Destroy", uid("a")));
    const d = r.compare(0, response("Destroy", uid("a")).replace(/<TimeStamp[^>]*\/>/, ""));
    expect(d?.path).toBe("ResponseMessage/ResponseHeader/TimeStamp");
    expect(d?.actual).toBe("BatchCount Integer 1");
  });

  it("holds a date the request set to its value", () => {
    const set = attr("Activation Date", "DateTime", "2020-01-01T00:00:00+00:00");
    const r = new Replay(request("AddAttribute", uid("a") + set), response("AddAttribute", uid("a") + set));
    const other = attr("Activation Date", "DateTime", "2021-01-01T00:00:00+00:00");
    expect(r.compare(0, response("AddAttribute", uid("a") + other))?.path).toBe(
      "ResponseMessage/BatchItem/ResponsePayload/Attribute/AttributeValue",
    );
  });

  it("echoes registered key material exactly, but not generated material", () => {
    const material = (hex: string) =>
      `<SymmetricKey><KeyBlock><KeyFormatType type="Enumeration" value="Raw"/><KeyValue><KeyMaterial type="ByteString" value="${hex}"/></KeyValue></KeyBlock></SymmetricKey>`;
    const got = (hex: string) =>
      response("Get", `<ObjectType type="Enumeration" value="SymmetricKey"/>${UID}${material(hex)}`);
    const registered = new Replay(
      request("Register", material("00112233")),
      response("Register", UID),
      request("Get", UID),
      got("00112233"),
    );
    expect(registered.compare(0, response("Register", uid("k1")))).toBeUndefined();
    expect(registered.compare(1, got("99999999").replaceAll("$UNIQUE_IDENTIFIER_0", "k1"))?.path).toMatch(
      /KeyMaterial$/,
    );
    const generated = new Replay(request("Get", uid("k")), got("00112233"));
    expect(generated.compare(0, got("abcdef01").replace("$UNIQUE_IDENTIFIER_0", "k"))).toBeUndefined();
  });
});

describe("placeholders", () => {
  it("bind on first appearance in a response and are re-used in later requests", () => {
    const r = new Replay(
      request("Create", '<ObjectType type="Enumeration" value="SymmetricKey"/>'),
      response("Create", `<ObjectType type="Enumeration" value="SymmetricKey"/>${UID}`),
      request("Destroy", UID),
      response("Destroy", UID),
    );
    expect(
      r.compare(0, response("Create", `<ObjectType type="Enumeration" value="SymmetricKey"/>${uid("abc")}`)),
    ).toBeUndefined();
    const sent = json(r.send(1));
    expect(sent).toContain('"abc"');
    expect(sent).not.toContain("$UNIQUE_IDENTIFIER_0");
    expect(r.compare(1, response("Destroy", uid("other")))?.path).toBe(
      "ResponseMessage/BatchItem/ResponsePayload/UniqueIdentifier",
    );
  });

  it("bind byte-string placeholders too", () => {
    const data = '<Data type="ByteString" value="$DATA_0"/>';
    const k = uid("k");
    const r = new Replay(
      request("Encrypt", k),
      response("Encrypt", k + data),
      request("Decrypt", k + data),
      response("Decrypt", k),
    );
    expect(r.compare(0, response("Encrypt", `${k}<Data type="ByteString" value="c0ffee"/>`))).toBeUndefined();
    expect(json(r.send(1))).toContain("c0ffee");
  });

  it("bind a placeholder first met in a request to the last value the server returned at its tag", () => {
    const k = uid("k");
    const literal = '<Data type="ByteString" value="aaaa"/><IVCounterNonce type="ByteString" value="bbbb"/>';
    const placeholders =
      '<Data type="ByteString" value="$DATA_0"/><IVCounterNonce type="ByteString" value="$IV_COUNTER_NONCE"/>';
    const r = new Replay(
      request("Encrypt", k),
      response("Encrypt", k + literal),
      request("Decrypt", k + placeholders),
      response("Decrypt", k),
    );
    expect(
      r.compare(
        0,
        response(
          "Encrypt",
          `${k}<Data type="ByteString" value="c0ffee"/><IVCounterNonce type="ByteString" value="0badf00d"/>`,
        ),
      ),
    ).toBeUndefined();
    const sent = json(r.send(1));
    expect(sent).toContain("c0ffee");
    expect(sent).toContain("0badf00d");
  });
});

describe("structure", () => {
  it("fails on a missing item, naming its path", () => {
    const r = new Replay(
      request("Create", ""),
      response("Create", `<ObjectType type="Enumeration" value="SymmetricKey"/>${UID}`),
    );
    const d = r.compare(0, response("Create", '<ObjectType type="Enumeration" value="SymmetricKey"/>'));
    expect(d).toEqual({
      path: "ResponseMessage/BatchItem/ResponsePayload/UniqueIdentifier",
      expected: 'UniqueIdentifier TextString "$UNIQUE_IDENTIFIER_0"',
      actual: "(absent)",
    });
  });

  it("fails on an extra item", () => {
    const r = new Replay(request("Destroy", uid("a")), response("Destroy", uid("a")));
    const d = r.compare(0, response("Destroy", uid("a") + state("Destroyed")));
    expect(d?.path).toBe("ResponseMessage/BatchItem/ResponsePayload/Attribute");
    expect(d?.expected).toBe("(absent)");
  });

  it("lets Located Items be absent on either side, but compares the count when both have it", () => {
    const located = (n: number) => `<LocatedItems type="Integer" value="${n}"/>`;
    const r = new Replay(request("Locate", ""), response("Locate", UID));
    expect(r.compare(0, response("Locate", located(1) + uid("a")))).toBeUndefined();
    const both = new Replay(request("Locate", ""), response("Locate", located(2)));
    expect(both.compare(0, response("Locate", located(0)))?.path).toMatch(/LocatedItems$/);
  });
});

describe("attribute lists", () => {
  const all = [state("Active"), attr("Cryptographic Length", "Integer", "256")];
  it("match attributes by name, not position", () => {
    const r = new Replay(
      request("GetAttributes", uid("a")),
      response("GetAttributes", uid("a") + all.join("")),
    );
    expect(r.compare(0, response("GetAttributes", uid("a") + [...all].reverse().join("")))).toBeUndefined();
  });

  it("let an all-attributes answer add attributes and lack server-set ones (Lease Time)", () => {
    const lease = attr("Lease Time", "Interval", "3600");
    const r = new Replay(
      request("GetAttributes", uid("a")),
      response("GetAttributes", uid("a") + all.join("") + lease),
    );
    const extra = attr("Fresh", "Boolean", "true");
    expect(r.compare(0, response("GetAttributes", uid("a") + extra + all.join("")))).toBeUndefined();
  });

  it("do not let a named request's answer lack or add attributes", () => {
    const asked = '<AttributeName type="TextString" value="State"/>';
    const r = new Replay(
      request("GetAttributes", uid("a") + asked),
      response("GetAttributes", uid("a") + state("Active")),
    );
    expect(r.compare(0, response("GetAttributes", uid("a")))?.expected).toMatch(/^Attribute Structure/);
    const d = r.compare(0, response("GetAttributes", uid("a") + all.join("")));
    expect(d?.expected).toBe("(absent)");
  });

  it("match instances of one attribute in any order, binding placeholders from the matching one", () => {
    const name = (v: string) =>
      `<Attribute><AttributeName type="TextString" value="Name"/><AttributeValue><NameValue type="TextString" value="${v}"/><NameType type="Enumeration" value="UninterpretedTextString"/></AttributeValue></Attribute>`;
    const r = new Replay(
      request("GetAttributes", uid("a")),
      response("GetAttributes", uid("a") + name("one") + name("two")),
    );
    expect(r.compare(0, response("GetAttributes", uid("a") + name("two") + name("one")))).toBeUndefined();
    const d = r.compare(0, response("GetAttributes", uid("a") + name("two") + name("three")));
    expect(d?.expected).toMatch(/one/);
  });
});

describe("issued certificates", () => {
  const length = (n: number) => attr("Certificate Length", "Integer", String(n));
  it("compare the issuing CA's values by presence once Certify made the certificate", () => {
    const r = new Replay(
      request("GetAttributes", uid("c")),
      response("GetAttributes", uid("c") + length(635)),
    );
    const ours = response("GetAttributes", uid("c") + length(712));
    expect(r.compare(0, ours)).toBeDefined();
    r.issued.add("c");
    expect(r.compare(0, ours)).toBeUndefined();
    expect(
      r.compare(0, response("GetAttributes", uid("c") + attr("Certificate Length", "TextString", "x"))),
    ).toBeDefined();
  });
});

describe("self-description", () => {
  const version = (major: number, minor: number) =>
    `<ProtocolVersion><ProtocolVersionMajor type="Integer" value="${major}"/><ProtocolVersionMinor type="Integer" value="${minor}"/></ProtocolVersion>`;

  it("lets Discover Versions list more versions when the request named none, in the same order", () => {
    const r = new Replay(
      request("DiscoverVersions", ""),
      response("DiscoverVersions", version(1, 4) + version(1, 0)),
    );
    const ours = [version(2, 1), version(2, 0), version(1, 4), version(1, 2), version(1, 0)].join("");
    expect(r.compare(0, response("DiscoverVersions", ours))).toBeUndefined();
    const wrongOrder = [version(1, 0), version(1, 4)].join("");
    expect(r.compare(0, response("DiscoverVersions", wrongOrder))).toBeDefined();
  });

  it("holds Discover Versions to the list when the request named versions", () => {
    const asked = version(1, 4) + version(1, 0);
    const r = new Replay(request("DiscoverVersions", asked), response("DiscoverVersions", asked));
    expect(r.compare(0, response("DiscoverVersions", version(2, 1) + asked))).toBeDefined();
  });

  it("compares Query's payload by presence only", () => {
    const ops = (...names: string[]) =>
      names.map((n) => `<Operation type="Enumeration" value="${n}"/>`).join("");
    const r = new Replay(request("Query", ""), response("Query", ops("Create", "Get", "Encrypt")));
    expect(r.compare(0, response("Query", ops("Get")))).toBeUndefined();
  });

  it("compares the Random Number Generator attribute by presence only", () => {
    const rng = (alg: string) =>
      `<Attribute><AttributeName type="TextString" value="Random Number Generator"/><AttributeValue><RNGAlgorithm type="Enumeration" value="${alg}"/></AttributeValue></Attribute>`;
    const asked = '<AttributeName type="TextString" value="Random Number Generator"/>';
    const r = new Replay(
      request("GetAttributes", uid("a") + asked),
      response("GetAttributes", uid("a") + rng("ANSIX9_31")),
    );
    expect(r.compare(0, response("GetAttributes", uid("a") + rng("Unspecified")))).toBeUndefined();
  });
});

describe("dates relative to the test start", () => {
  const deactivation = (v: string) => attr("Deactivation Date", "DateTime", v);
  const iso = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "+00:00");

  it("accepts for $NOW+n any time from the test start + n to the present + n", () => {
    const r = new Replay(
      request("GetAttributes", uid("a")),
      response("GetAttributes", uid("a") + deactivation("$NOW+120")),
    );
    const later = BigInt(Math.floor(Date.now() / 1000)) + 100n;
    expect(r.compare(0, response("GetAttributes", uid("a") + deactivation(iso(later))))).toBeUndefined();
    expect(r.compare(0, response("GetAttributes", uid("a") + deactivation(iso(NOW + 60n))))).toBeDefined();
  });
});

describe("destroyed objects", () => {
  it("accepts Illegal Operation for Item Not Found once the file destroyed the object", () => {
    const r = new Replay(
      request("Destroy", uid("a")),
      response("Destroy", uid("a")),
      request("Get", uid("a")),
      response("Get", "", "1.4", failure("ItemNotFound")),
    );
    const refused = response("Get", "", "1.4", failure("IllegalOperation"));
    expect(r.compare(1, refused)).toBeDefined();
    r.destroyed.add("a");
    expect(r.compare(1, refused)).toBeUndefined();
    expect(r.compare(1, response("Get", "", "1.4", failure("PermissionDenied")))).toBeDefined();
  });
});

describe("the rules are documented", () => {
  it("each rule has an id, a statement and a reason", () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z-]+$/);
      expect(rule.rule.length).toBeGreaterThan(20);
      expect(rule.why.length).toBeGreaterThan(20);
    }
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });
});
