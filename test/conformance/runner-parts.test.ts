/**
 * The runner's other decisions, each on small inputs: the repairs of published defects, the skip
 * rules, series continuation, file naming, the clock rule and the report.
 */
import { describe, expect, it } from "vitest";
import { Bindings } from "../../src/conformance/bindings.js";
import { Clock } from "../../src/conformance/clock.js";
import { goalsSection, toMarkdown, totals } from "../../src/conformance/report.js";
import { readExchanges } from "../../src/conformance/run-file.js";
import { findsBeforeMaking, isPredecessor, seriesOf } from "../../src/conformance/series.js";
import { skipReason } from "../../src/conformance/skips.js";
import type { FileResult } from "../../src/conformance/types.js";
import { profileOf, type VectorFile } from "../../src/conformance/vectors.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";
import { failure, file, request, response } from "./helpers.js";

const uid = (v: string) => `<UniqueIdentifier type="TextString" value="${v}"/>`;
const vector = (name: string): VectorFile => {
  const set = name.slice(0, name.lastIndexOf("/"));
  const version = (set.split("/")[0] ?? "").replace("kmip-", "");
  const base = name.slice(set.length + 1, -4);
  return { name, path: name, set, version, profile: profileOf(base) };
};

function find(item: TtlvItem, tag: number): TtlvItem | undefined {
  if (item.tag === tag) return item;
  if (item.type !== ItemType.Structure) return undefined;
  for (const c of item.value) {
    const found = find(c, tag);
    if (found !== undefined) return found;
  }
  return undefined;
}

describe("repairs", () => {
  it("reads past a duplicated </KMIP>", () => {
    const text = `<KMIP>${request("Destroy", uid("a"))}${response("Destroy", uid("a"))}</KMIP>\n</KMIP>\n`;
    expect(readExchanges(text, new Bindings(0n))).toHaveLength(1);
  });

  it("collapses white space inside Attribute Names", () => {
    const asked = '<AttributeName type="TextString" value="Cryptographic   Length"/>';
    const [exchange] = file(
      new Bindings(0n),
      request("GetAttributes", uid("a") + asked),
      response("GetAttributes", uid("a")),
    );
    expect(find(exchange!.request, Tag.AttributeName)?.value).toBe("Cryptographic Length");
  });

  it("reads an expected response in its request's protocol version", () => {
    const [exchange] = file(
      new Bindings(0n),
      request("Destroy", uid("a"), "1.4"),
      response("Destroy", uid("a"), "1.3"),
    );
    expect(find(exchange!.response, Tag.ProtocolVersionMinor)?.value).toBe(4);
  });

  it("reads a Get response as naming the object its request named", () => {
    const [exchange] = file(
      new Bindings(0n),
      request("Get", uid("$UNIQUE_IDENTIFIER_4")),
      response("Get", uid("$UNIQUE_IDENTIFIER_1")),
    );
    expect(find(exchange!.response, Tag.UniqueIdentifier)?.value).toBe("$UNIQUE_IDENTIFIER_4");
  });

  it("leaves the identifiers of other operations as published", () => {
    const [exchange] = file(new Bindings(0n), request("Destroy", uid("a")), response("Destroy", uid("b")));
    expect(find(exchange!.response, Tag.UniqueIdentifier)?.value).toBe("b");
  });
});

describe("skip rules", () => {
  const bindings = () => new Bindings(0n);
  it("skips server-to-client Notify and Put", () => {
    const ex = file(bindings(), request("Put", uid("a")), response("Put", uid("a")));
    expect(skipReason(ex, undefined)?.id).toBe("server-to-client");
  });

  it("runs files the reference server answered asynchronously (kmipd answers Pending, Poll, Cancel)", () => {
    const pending =
      '<ResultStatus type="Enumeration" value="OperationPending"/><AsynchronousCorrelationValue type="ByteString" value="01"/>';
    const ex = file(bindings(), request("Locate", ""), response("Locate", "", "1.4", pending));
    expect(skipReason(ex, undefined)).toBeUndefined();
  });

  it("skips files that act as two users through request Credentials", () => {
    const cred = (user: string) =>
      `<Authentication><Credential><CredentialType type="Enumeration" value="UsernameAndPassword"/><CredentialValue><Username type="TextString" value="${user}"/></CredentialValue></Credential></Authentication>`;
    const as = (user: string) => request("Get", uid("a")).replace(/<BatchCount/, `${cred(user)}<BatchCount`);
    const one = file(
      bindings(),
      as("Fred"),
      response("Get", uid("a")),
      as("Fred"),
      response("Get", uid("a")),
    );
    expect(skipReason(one, undefined)).toBeUndefined();
    const two = file(
      bindings(),
      as("Fred"),
      response("Get", uid("a")),
      as("Barney"),
      response("Get", "", "1.4", failure("PermissionDenied")),
    );
    expect(skipReason(two, undefined)?.id).toBe("credential-identities");
  });

  it("skips what does not read as request/response pairs", () => {
    expect(skipReason(undefined, new Error("bad"))?.id).toBe("unreadable");
  });

  it("runs an ordinary file", () => {
    expect(
      skipReason(file(bindings(), request("Destroy", uid("a")), response("Destroy", uid("a"))), undefined),
    ).toBeUndefined();
  });
});

describe("series", () => {
  it("names a file's series and number", () => {
    expect(seriesOf(vector("kmip-1.4/profiles/mandatory/TL-M-3-14.xml"))).toEqual({
      series: "kmip-1.4/profiles/mandatory/TL-M-#-14",
      number: 3,
    });
    expect(seriesOf(vector("kmip-1.1/testcases-ovh/TC_151_11_Locate_a_Fresh_Object.xml"))?.number).toBe(151);
  });

  it("knows the step before", () => {
    const two = vector("kmip-2.0/profiles/mandatory/SASED-M-2-20.xml");
    const three = vector("kmip-2.0/profiles/mandatory/SASED-M-3-20.xml");
    expect(isPredecessor(two, three)).toBe(true);
    expect(isPredecessor(three, two)).toBe(false);
    expect(isPredecessor(vector("kmip-2.1/profiles/mandatory/SASED-M-2-21.xml"), three)).toBe(false);
  });

  it("sees a file that finds objects before making any", () => {
    const b = new Bindings(0n);
    expect(
      findsBeforeMaking(file(b, request("Locate", ""), response("Locate", uid("$UNIQUE_IDENTIFIER_0")))),
    ).toBe(true);
    const made = file(
      b,
      request("Create", ""),
      response("Create", uid("$UNIQUE_IDENTIFIER_0")),
      request("Locate", ""),
      response("Locate", uid("$UNIQUE_IDENTIFIER_0")),
    );
    expect(findsBeforeMaking(made)).toBe(false);
    const named = file(
      b,
      request("Encrypt", uid("3cad8f67-3170")),
      response("Encrypt", uid("3cad8f67-3170")),
    );
    expect(findsBeforeMaking(named)).toBe(true);
  });

  it("reads profiles from OASIS and OVH names", () => {
    expect(profileOf("CS-BC-M-GCM-1-14")).toBe("CS-BC");
    expect(profileOf("SKLC_M_1_11_SymmetricKeyLifecycle_1")).toBe("SKLC");
    expect(profileOf("TC-OFFSET-1-14")).toBe("TC-OFFSET");
  });
});

describe("clock", () => {
  it("waits for a date ahead before asking a read-only request again, within its bound", () => {
    const ahead = BigInt(Math.floor(Date.now() / 1000) + 30);
    const date = { tag: Tag.DeactivationDate, type: ItemType.DateTime, value: ahead } as TtlvItem;
    const [get] = file(
      new Bindings(0n),
      request("GetAttributes", uid("a")),
      response("GetAttributes", uid("a")),
    );
    const [destroy] = file(new Bindings(0n), request("Destroy", uid("a")), response("Destroy", uid("a")));
    const clock = new Clock(60_000);
    expect(clock.retryAfterMs(get!.request)).toBeUndefined();
    clock.record({ tag: Tag.RequestMessage, type: ItemType.Structure, value: [date] });
    expect(clock.retryAfterMs(get!.request)).toBeGreaterThan(29_000);
    expect(clock.retryAfterMs(destroy!.request)).toBeUndefined();
    expect(new Clock(10_000).retryAfterMs(get!.request)).toBeUndefined();
  });
});

describe("report", () => {
  const results: FileResult[] = [
    { name: "kmip-1.4/a/X-1-14.xml", set: "kmip-1.4/a", profile: "X", outcome: "PASS", ms: 1 },
    {
      name: "kmip-1.4/a/X-2-14.xml",
      set: "kmip-1.4/a",
      profile: "X",
      outcome: "FAIL",
      message: 1,
      difference: { path: "ResponseMessage/BatchItem/ResultReason", expected: "A", actual: "B | C" },
      ms: 1,
    },
    {
      name: "kmip-2.0/b/Y-1-20.xml",
      set: "kmip-2.0/b",
      profile: "Y",
      outcome: "SKIP",
      skip: "x",
      reason: "why",
      ms: 1,
    },
  ];

  it("counts per set and in all", () => {
    expect(totals(results)).toEqual([
      { set: "kmip-1.4/a", PASS: 1, FAIL: 1, SKIP: 0 },
      { set: "kmip-2.0/b", PASS: 0, FAIL: 0, SKIP: 1 },
      { set: "all", PASS: 1, FAIL: 1, SKIP: 1 },
    ]);
  });

  it("lists every FAIL and SKIP with its reason, and the rules", () => {
    const md = toMarkdown(results, { generated: "2026-01-01", command: "npm run conformance" });
    expect(md).toContain("| kmip-1.4/a | 1 | 1 | 0 |");
    expect(md).toContain(
      "| kmip-1.4/a/X-2-14.xml | message 1: `ResponseMessage/BatchItem/ResultReason`: expected A, got B \\| C |",
    );
    expect(md).toContain("| kmip-2.0/b/Y-1-20.xml | why |");
    expect(md).toContain("## How responses are compared");
  });

  it("states the goals: required sets, and the share of the rest that passes among those run", () => {
    const required = {
      ...results[0]!,
      name: "kmip-2.1/profiles/mandatory/Z.xml",
      set: "kmip-2.1/profiles/mandatory",
    };
    const md = goalsSection([required, ...results]).join("\n");
    expect(md).toContain("| required | 1 | 1 | 0 | 0 | 100.0% |");
    expect(md).toContain("| the rest | 3 | 1 | 1 | 1 | 50.0% |");
  });
});
