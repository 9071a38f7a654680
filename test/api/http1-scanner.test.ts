import { describe, expect, it } from "vitest";
import { Http1RequestScanner } from "../../src/api/framework/http1-scanner.js";
import { rewriteListHead } from "../../src/api/list-method.js";

function scan(pieces: string[], headBytesMax = 16 * 1024): { out: string; scanner: Http1RequestScanner } {
  const scanner = new Http1RequestScanner({ headBytesMax, rewriteHead: rewriteListHead });
  const out: Buffer[] = [];
  for (const p of pieces) out.push(...scanner.push(Buffer.from(p, "latin1")));
  return { out: Buffer.concat(out).toString("latin1"), scanner };
}

const LIST = "LIST /v1/kv/data HTTP/1.1\r\nHost: x\r\n\r\n";
const LIST_AS_GET = "GET /v1/kv/data?list=true HTTP/1.1\r\nHost: x\r\n\r\n";

describe("rewriteListHead", () => {
  it("turns LIST into GET with list=true", () => {
    expect(rewriteListHead(Buffer.from(LIST)).toString()).toBe(LIST_AS_GET);
  });

  it("appends to an existing query string", () => {
    const head = Buffer.from("LIST /v1/a?x=1 HTTP/1.1\r\n\r\n");
    expect(rewriteListHead(head).toString()).toBe("GET /v1/a?x=1&list=true HTTP/1.1\r\n\r\n");
  });

  it("leaves other methods and malformed LIST lines alone", () => {
    for (const head of [
      "GET /v1/a HTTP/1.1\r\n\r\n",
      "LISTEN /a HTTP/1.1\r\n\r\n",
      "LIST  /a HTTP/1.1\r\n\r\n",
    ]) {
      const b = Buffer.from(head);
      expect(rewriteListHead(b)).toBe(b);
    }
  });
});

describe("Http1RequestScanner", () => {
  it("rewrites LIST split at every offset", () => {
    for (let i = 0; i <= LIST.length; i++) {
      expect(scan([LIST.slice(0, i), LIST.slice(i)]).out).toBe(LIST_AS_GET);
    }
  });

  it("rewrites LIST fed one byte at a time", () => {
    expect(scan([...LIST]).out).toBe(LIST_AS_GET);
  });

  it("does not touch a LIST-looking body after a Content-Length head", () => {
    const body = LIST;
    const post = `POST /v1/kv/data/a HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    expect(scan([post + LIST]).out).toBe(post + LIST_AS_GET);
  });

  it("tracks chunked bodies, extensions and trailers, at every split", () => {
    const chunked =
      "POST /v1/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" +
      `5;ext=1\r\nLIST \r\n${LIST.length.toString(16)}\r\n${LIST}\r\n0\r\nTrailer: 1\r\n\r\n`;
    const input = chunked + LIST;
    const expected = chunked + LIST_AS_GET;
    for (let i = 0; i <= input.length; i += 7) {
      expect(scan([input.slice(0, i), input.slice(i)]).out).toBe(expected);
    }
  });

  it("handles pipelined requests in one piece", () => {
    const get = "GET /v1/sys/health HTTP/1.1\r\n\r\n";
    expect(scan([LIST + get + LIST]).out).toBe(LIST_AS_GET + get + LIST_AS_GET);
  });

  it("forwards empty lines before a request line", () => {
    expect(scan(["\r\n", LIST]).out).toBe(`\r\n${LIST_AS_GET}`);
  });

  it("passes through what it cannot frame, unchanged", () => {
    const both = "POST /x HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc";
    const r1 = scan([both + LIST]);
    expect(r1.out).toBe(both + LIST);
    expect(r1.scanner.passingThrough).toBe(true);
    const badChunk = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
    expect(scan([badChunk + LIST]).out).toBe(badChunk + LIST);
    const twoLengths = "POST /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n";
    expect(scan([twoLengths + LIST]).scanner.passingThrough).toBe(true);
  });

  it("bounds the head it buffers", () => {
    const long = `LIST /v1/a HTTP/1.1\r\nX: ${"a".repeat(200)}\r\n\r\n`;
    const r = scan([long], 64);
    expect(r.out).toBe(long);
    expect(r.scanner.passingThrough).toBe(true);
    const pending = scan([`LIST /v1/a HTTP/1.1\r\nX: ${"a".repeat(40)}`], 64);
    expect(pending.out).toBe("");
  });

  it("passes an Upgrade request and what follows through", () => {
    const up = "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
    expect(scan([up + LIST]).out).toBe(up + LIST);
  });
});
