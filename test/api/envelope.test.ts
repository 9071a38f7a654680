/** Vault's response envelope and status codes (API docs "HTTP API" > "HTTP status codes"). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  initAndUnseal,
  memoryLogger,
  parseResponses,
  rawExchange,
  startServer,
  type TestServer,
} from "./helpers.js";

let s: TestServer;
let root: string;
const logger = memoryLogger();

beforeAll(async () => {
  s = await startServer({ logger });
  root = (await initAndUnseal(s.url)).rootToken;
  await api(s.url, "POST", "sys/mounts/kv", { token: root, body: { type: "mem" } });
  await api(s.url, "POST", "kv/data/a", { token: root, body: { value: "A", tags: "x,y", ttl: "1h" } });
});
afterAll(async () => s.close());

describe("success", () => {
  it("wraps data in the envelope, with Vault's fields and mount_type", async () => {
    const res = await api(s.url, "GET", "kv/data/a", { token: root });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(Object.keys(res.body).sort()).toEqual(
      [
        "auth",
        "data",
        "lease_duration",
        "lease_id",
        "mount_type",
        "renewable",
        "request_id",
        "warnings",
        "wrap_info",
      ].sort(),
    );
    expect(res.body).toMatchObject({
      lease_id: "",
      renewable: false,
      lease_duration: 0,
      data: { value: "A", tags: ["x", "y"], ttl: 3600 },
      wrap_info: null,
      warnings: null,
      auth: null,
      mount_type: "mem",
    });
    expect(res.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers 204 with no body for a write without data, 200 when there are warnings", async () => {
    const plain = await api(s.url, "PUT", "kv/data/b", { token: root, body: { value: "B" } });
    expect(plain.status).toBe(204);
    expect(plain.body).toBeUndefined();
    const warned = await api(s.url, "PUT", "kv/data/b", {
      token: root,
      body: { value: "B", colour: "red", size: 1 },
    });
    expect(warned.status).toBe(200);
    expect(warned.body.data).toBeNull();
    expect(warned.body.warnings).toEqual(["Endpoint ignored these unrecognized parameters: [colour size]"]);
  });

  it("accepts a body whatever its content type, and none at all", async () => {
    const typed = await api(s.url, "PUT", "kv/data/c", {
      token: root,
      rawBody: '{"value":"C"}',
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(typed.status).toBe(204);
    expect((await api(s.url, "POST", "kv/data/d", { token: root })).status).toBe(204);
  });
});

describe("errors", () => {
  it("400 for bad input, with a message, changing nothing", async () => {
    const bad = await api(s.url, "PUT", "kv/data/a", { token: root, body: { value: "Z", ttl: "soon" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatch(/ttl/);
    expect((await api(s.url, "GET", "kv/data/a", { token: root })).body.data.value).toBe("A");
    const json = await api(s.url, "PUT", "kv/data/a", { token: root, rawBody: "{not json" });
    expect(json.status).toBe(400);
    expect(json.body.errors[0]).toMatch(/JSON/);
    expect((await api(s.url, "PUT", "kv/data/a", { token: root, rawBody: "[1,2]" })).status).toBe(400);
    expect((await api(s.url, "GET", "kv/data?list=maybe", { token: root })).status).toBe(400);
  });

  it("400 for a path with . or .. segments (sent raw: fetch would normalise them)", async () => {
    const req = `GET /v1/kv/data/x/../a HTTP/1.1\r\nHost: x\r\nX-Vault-Token: ${root}\r\nConnection: close\r\n\r\n`;
    const [res] = parseResponses(await rawExchange(s.port, [req]));
    expect(res?.status).toBe(400);
  });

  it("403 permission denied without a valid token", async () => {
    const res = await api(s.url, "GET", "kv/data/a");
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: ["permission denied"] });
    expect((await api(s.url, "GET", "kv/data/a", { token: "hvs.bogus" })).status).toBe(403);
  });

  it("404 {errors: []} for a read of nothing and an empty list; 404 for unknown routes", async () => {
    const none = await api(s.url, "GET", "kv/data/missing", { token: root });
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ errors: [] });
    expect((await api(s.url, "GET", "kv/data/empty?list=true", { token: root })).body).toEqual({
      errors: [],
    });
    expect((await api(s.url, "GET", "kv/nope", { token: root })).status).toBe(404);
    const outside = await fetch(`${s.url}/elsewhere`);
    expect(outside.status).toBe(404);
  });

  it("405 for an operation the path does not support", async () => {
    expect((await api(s.url, "DELETE", "sys/mounts", { token: root })).status).toBe(405);
    expect((await api(s.url, "POST", "sys/seal-status", { token: root, body: {} })).status).toBe(405);
    const patch = await api(s.url, "PATCH", "kv/data/a", { token: root, body: {} });
    expect(patch.status).toBe(405);
    expect(patch.body.errors).toEqual(["unsupported operation"]);
  });

  it("413 for a body over the limit", async () => {
    const big = JSON.stringify({ value: "x".repeat(1024 * 1024 + 10) });
    const res = await api(s.url, "PUT", "kv/data/big", { token: root, rawBody: big });
    expect(res.status).toBe(413);
    expect(res.body.errors).toEqual(["request body too large"]);
    expect((await api(s.url, "GET", "kv/data/big", { token: root })).status).toBe(404);
  });

  it("500 with a reference and no internal detail, logged with the cause", async () => {
    const res = await api(s.url, "GET", "kv/fail", { token: root });
    expect(res.status).toBe(500);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toMatch(/^internal error; reference [0-9a-f-]{36}$/);
    expect(JSON.stringify(res.body)).not.toContain("boom");
    const reference = res.body.errors[0].split(" ").at(-1);
    const line = logger.lines.find((l) => l.level === "error");
    expect(line?.obj).toMatchObject({ reference, err: { message: "boom: secret internal detail" } });
  });
});

describe("logging", () => {
  it("logs requests without tokens, query strings or bodies", async () => {
    await api(s.url, "PUT", "kv/data/logged?x=querysecret", { token: root, body: { value: "bodysecret" } });
    const text = JSON.stringify(logger.lines);
    expect(text).toContain("/v1/kv/data/logged");
    for (const secret of [root, "querysecret", "bodysecret"]) expect(text).not.toContain(secret);
  });
});

describe("OpenAPI", () => {
  it("documents sys, auth/token and each mount from the path tables", async () => {
    const res = await api(s.url, "GET", "sys/internal/specs/openapi", { token: root });
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.0.2");
    expect(
      doc.paths["/sys/mounts/{path}"].post.requestBody.content["application/json"].schema.properties.type,
    ).toEqual({
      type: "string",
      description: "The engine type, e.g. kmip.",
    });
    expect(doc.paths["/sys/seal"]["x-vault-sudo"]).toBe(true);
    expect(doc.paths["/sys/health"]["x-vault-unauthenticated"]).toBe(true);
    expect(doc.paths["/sys/health"].get.parameters.map((p: { name: string }) => p.name)).toContain(
      "sealedcode",
    );
    expect(doc.paths["/auth/token/create"].post).toBeDefined();
    expect(doc.paths["/kv/data/{key}"]).toMatchObject({ "x-vault-createSupported": true });
    expect(doc.paths["/kv/data/{key}"].get).toBeDefined();
    expect(doc.paths["/kv/data/{key}"].delete).toBeDefined();
    expect(doc.paths["/kv/data/"].get.parameters[0]).toMatchObject({ name: "list", required: true });
    expect(
      doc.paths["/kv/data/{key}"].post.requestBody.content["application/json"].schema.properties.tags.type,
    ).toBe("array");
    expect((await api(s.url, "GET", "sys/internal/specs/openapi")).status).toBe(403);
  });
});
