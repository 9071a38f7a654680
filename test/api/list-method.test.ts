/**
 * LIST over raw sockets: Node's parser refuses the method, so these prove the socket-level
 * rewrite through the real server (keep-alive, pipelining, split TCP chunks, chunked bodies).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, initAndUnseal, parseResponses, rawExchange, startServer, type TestServer } from "./helpers.js";

let s: TestServer;
let token: string;

beforeAll(async () => {
  s = await startServer();
  token = (await initAndUnseal(s.url)).rootToken;
  expect((await api(s.url, "POST", "sys/mounts/kv", { token, body: { type: "mem" } })).status).toBe(204);
  for (const k of ["a", "b", "dir/c"]) {
    await api(s.url, "POST", `kv/data/${k}`, { token, body: { value: k } });
  }
});
afterAll(async () => s.close());

const head = (line: string, extra = "", close = false) =>
  `${line}\r\nHost: 127.0.0.1\r\nX-Vault-Token: ${token}\r\n${extra}${close ? "Connection: close\r\n" : ""}\r\n`;

function keysOf(body: string): string[] {
  return JSON.parse(body).data.keys;
}

describe("LIST method", () => {
  it("answers a LIST alone", async () => {
    const [res] = parseResponses(await rawExchange(s.port, [head("LIST /v1/kv/data HTTP/1.1", "", true)]));
    expect(res?.status).toBe(200);
    expect(keysOf(res!.body)).toEqual(["a", "b", "dir/"]);
  });

  it("is refused by Node without the rewrite (proof the test exercises it)", async () => {
    // A lowercase method is not LIST to the rewrite, and llhttp refuses it like LIST itself.
    const raw = await rawExchange(s.port, [head("list /v1/kv/data HTTP/1.1", "", true)]);
    expect(raw.startsWith("HTTP/1.1 400")).toBe(true);
  });

  it("answers LIST after a POST with a body on the same keep-alive connection", async () => {
    const body = JSON.stringify({ value: "LIST /v1/kv/data HTTP/1.1\r\n\r\n" });
    const post = head("POST /v1/kv/data/e HTTP/1.1", `Content-Length: ${Buffer.byteLength(body)}\r\n`) + body;
    const list = head("LIST /v1/kv/data HTTP/1.1", "", true);
    const responses = parseResponses(await rawExchange(s.port, [post, list], { stepwise: true }));
    expect(responses.map((r) => r.status)).toEqual([204, 200]);
    expect(keysOf(responses[1]!.body)).toContain("e");
  });

  it("answers pipelined requests in order", async () => {
    const get = head("GET /v1/kv/data/a HTTP/1.1");
    const list = head("LIST /v1/kv/data/dir HTTP/1.1");
    const health = head("GET /v1/sys/health HTTP/1.1", "", true);
    const responses = parseResponses(await rawExchange(s.port, [get + list + health]));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(JSON.parse(responses[0]!.body).data.value).toBe("a");
    expect(keysOf(responses[1]!.body)).toEqual(["c"]);
  });

  it("answers a LIST split across TCP chunks at every offset", async () => {
    const request = head("LIST /v1/kv/data HTTP/1.1", "", true);
    for (let i = 1; i < request.length; i++) {
      const [res] = parseResponses(await rawExchange(s.port, [request.slice(0, i), request.slice(i)]));
      expect(res?.status, `split at ${i}`).toBe(200);
    }
  });

  it("keeps an existing query string", async () => {
    const [res] = parseResponses(
      await rawExchange(s.port, [head("LIST /v1/kv/data?x=1 HTTP/1.1", "", true)]),
    );
    expect(res?.status).toBe(200);
    const parsed = JSON.parse(res!.body);
    expect(parsed.data.keys).toContain("a");
    expect(parsed.warnings).toEqual(["Endpoint ignored these unrecognized parameters: [x]"]);
  });

  it("tracks chunked bodies before a LIST", async () => {
    const json = JSON.stringify({ value: "chunked" });
    const chunks = `${(10).toString(16)}\r\n${json.slice(0, 10)}\r\n${(json.length - 10).toString(16)}\r\n${json.slice(10)}\r\n0\r\n\r\n`;
    const post = head("PUT /v1/kv/data/f HTTP/1.1", "Transfer-Encoding: chunked\r\n") + chunks;
    const list = head("LIST /v1/kv/data HTTP/1.1", "", true);
    const pieces = [
      post.slice(0, post.length - 7),
      post.slice(post.length - 7) + list.slice(0, 3),
      list.slice(3),
    ];
    const responses = parseResponses(await rawExchange(s.port, pieces));
    expect(responses.map((r) => r.status)).toEqual([204, 200]);
    // The two requests may run concurrently (pipelining), so only keys written before are certain.
    expect(keysOf(responses[1]!.body)).toEqual(expect.arrayContaining(["a", "b", "dir/"]));
    expect((await api(s.url, "GET", "kv/data/f", { token })).body.data.value).toBe("chunked");
  });

  it("treats GET ?list=true the same as LIST", async () => {
    const viaGet = await api(s.url, "GET", "kv/data?list=true", { token });
    const [viaList] = parseResponses(
      await rawExchange(s.port, [head("LIST /v1/kv/data HTTP/1.1", "", true)]),
    );
    expect(keysOf(viaList!.body)).toEqual(viaGet.body.data.keys);
  });

  it("answers 404 with no errors for an empty list", async () => {
    const [res] = parseResponses(
      await rawExchange(s.port, [head("LIST /v1/kv/data/nothing HTTP/1.1", "", true)]),
    );
    expect(res?.status).toBe(404);
    expect(JSON.parse(res!.body)).toEqual({ errors: [] });
  });

  it("lets Node refuse an oversized head (LIST is then not rewritten: 400; other methods: 431)", async () => {
    const big = (line: string) => head(line, `X-Big: ${"a".repeat(20_000)}\r\n`, true);
    const list = await rawExchange(s.port, [big("LIST /v1/kv/data HTTP/1.1")]);
    expect(list.startsWith("HTTP/1.1 400")).toBe(true);
    expect(list).toContain('{"errors":["bad request"]}');
    const get = await rawExchange(s.port, [big("GET /v1/kv/data HTTP/1.1")]);
    expect(get.startsWith("HTTP/1.1 431")).toBe(true);
  });
});
