/** sys/policies/acl and ACL enforcement through HTTP (Vault API docs; docs "Policies"). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY_TEXT } from "../../src/core/policy/builtin.js";
import { api, initAndUnseal, startServer, type TestServer } from "./helpers.js";

let s: TestServer;
let root: string;

beforeAll(async () => {
  s = await startServer();
  root = (await initAndUnseal(s.url)).rootToken;
  await api(s.url, "POST", "sys/mounts/secret", { token: root, body: { type: "mem" } });
  for (const k of ["foo", "super-secret", "apps/x", "a/b/foo/c", "team/teamb", "list-me/1"]) {
    await api(s.url, "POST", `secret/data/${k}`, { token: root, body: { value: k } });
  }
});
afterAll(async () => s.close());

async function writePolicy(name: string, policy: string) {
  return api(s.url, "PUT", `sys/policies/acl/${name}`, { token: root, body: { policy } });
}

async function tokenWith(...policies: string[]): Promise<string> {
  const res = await api(s.url, "POST", "auth/token/create", { token: root, body: { policies } });
  return res.body.auth.client_token;
}

describe("sys/policies/acl", () => {
  it("writes, reads and lists HCL, JSON and base64 policies", async () => {
    const hcl = 'path "secret/data/*" {\n  capabilities = ["read"]\n}\n';
    expect((await writePolicy("Reader", hcl)).status).toBe(204);
    const read = await api(s.url, "GET", "sys/policies/acl/reader", { token: root });
    expect(read.body.data).toEqual({ name: "reader", policy: hcl });
    const json = JSON.stringify({ path: { "secret/data/*": { capabilities: ["list"] } } });
    expect((await writePolicy("lister", json)).status).toBe(204);
    const b64 = Buffer.from('path "secret/*" { capabilities = ["read"] }').toString("base64");
    expect((await writePolicy("encoded", b64)).status).toBe(204);
    expect((await api(s.url, "GET", "sys/policies/acl/encoded", { token: root })).body.data.policy).toContain(
      "secret/*",
    );
    const list = await api(s.url, "GET", "sys/policies/acl?list=true", { token: root });
    expect(list.body.data.keys).toEqual(
      expect.arrayContaining(["default", "encoded", "lister", "reader", "root"]),
    );
    expect(list.body.data.keys.at(-1)).toBe("root");
  });

  it("protects the built-in policies and refuses bad documents", async () => {
    expect((await writePolicy("root", 'path "*" { capabilities = ["read"] }')).status).toBe(400);
    expect((await api(s.url, "DELETE", "sys/policies/acl/root", { token: root })).status).toBe(400);
    expect((await api(s.url, "DELETE", "sys/policies/acl/default", { token: root })).status).toBe(400);
    expect(
      (await writePolicy("default", 'path "auth/token/lookup-self" { capabilities = ["read"] }')).status,
    ).toBe(204);
    expect((await writePolicy("default", DEFAULT_POLICY_TEXT)).status).toBe(204);
    expect((await writePolicy("bad", 'path "x" { capabilities = ["fly"] }')).status).toBe(400);
    expect((await writePolicy("bad", "path {")).status).toBe(400);
    expect((await api(s.url, "PUT", "sys/policies/acl/bad", { token: root, body: {} })).status).toBe(400);
    expect((await writePolicy("bad/name", 'path "x" { capabilities = ["read"] }')).status).toBe(404);
    expect((await api(s.url, "GET", "sys/policies/acl/bad", { token: root })).status).toBe(404);
    expect((await api(s.url, "DELETE", "sys/policies/acl/never-was", { token: root })).status).toBe(204);
  });
});

describe("ACL enforcement", () => {
  it("applies deny over a glob, and takes changes to a policy at once", async () => {
    await writePolicy(
      "deny-one",
      'path "secret/data/*" { capabilities = ["read", "create", "update", "list"] }\n' +
        'path "secret/data/super-secret" { capabilities = ["deny"] }',
    );
    const t = await tokenWith("deny-one");
    expect((await api(s.url, "GET", "secret/data/foo", { token: t })).status).toBe(200);
    expect((await api(s.url, "GET", "secret/data/super-secret", { token: t })).status).toBe(403);
    expect((await api(s.url, "DELETE", "secret/data/foo", { token: t })).status).toBe(403);
    await writePolicy("deny-one", 'path "secret/data/*" { capabilities = ["deny"] }');
    expect((await api(s.url, "GET", "secret/data/foo", { token: t })).status).toBe(403);
  });

  it("follows the priority rules for + and * through the API", async () => {
    await writePolicy(
      "prio",
      'path "secret/data/*" { capabilities = ["read"] }\n' +
        'path "secret/data/+/+/foo/*" { capabilities = ["deny"] }\n' +
        'path "secret/data/+/teamb" { capabilities = ["deny"] }',
    );
    const t = await tokenWith("prio");
    expect((await api(s.url, "GET", "secret/data/a/b/foo/c", { token: t })).status).toBe(200);
    expect((await api(s.url, "GET", "secret/data/team/teamb", { token: t })).status).toBe(403);
  });

  it("tells create from update through the existence check", async () => {
    await writePolicy("create-only", 'path "secret/data/*" { capabilities = ["create"] }');
    const t = await tokenWith("create-only");
    expect((await api(s.url, "POST", "secret/data/new-one", { token: t, body: { value: "1" } })).status).toBe(
      204,
    );
    expect((await api(s.url, "POST", "secret/data/new-one", { token: t, body: { value: "2" } })).status).toBe(
      403,
    );
  });

  it("checks list on the prefix form of the path", async () => {
    await writePolicy("lister2", 'path "secret/data/list-me/" { capabilities = ["list"] }');
    const t = await tokenWith("lister2");
    expect((await api(s.url, "GET", "secret/data/list-me?list=true", { token: t })).status).toBe(200);
    expect((await api(s.url, "GET", "secret/data/list-me/1", { token: t })).status).toBe(403);
  });

  it("needs sudo on root-protected paths", async () => {
    await writePolicy("acc", 'path "auth/token/accessors" { capabilities = ["list"] }');
    const plain = await tokenWith("acc");
    expect((await api(s.url, "GET", "auth/token/accessors?list=true", { token: plain })).status).toBe(403);
    await writePolicy("acc-sudo", 'path "auth/token/accessors" { capabilities = ["list", "sudo"] }');
    const sudo = await tokenWith("acc-sudo");
    expect((await api(s.url, "GET", "auth/token/accessors?list=true", { token: sudo })).status).toBe(200);
  });

  it("answers 403 on an unknown path the token cannot reach, 404 when it can", async () => {
    const t = await tokenWith("reader");
    expect((await api(s.url, "GET", "nowhere/x", { token: t })).status).toBe(403);
    const res = await api(s.url, "GET", "nowhere/x", { token: root });
    expect(res.status).toBe(404);
    expect(res.body.errors[0]).toMatch(/no handler for route/);
  });

  it("reports capabilities at sys/capabilities-self and sys/capabilities", async () => {
    await writePolicy("caps", 'path "secret/data/*" { capabilities = ["read", "list"] }');
    const t = await tokenWith("caps");
    const self = await api(s.url, "POST", "sys/capabilities-self", {
      token: t,
      body: { paths: ["secret/data/foo", "sys/mounts"] },
    });
    expect(self.body.data).toEqual({ "secret/data/foo": ["list", "read"], "sys/mounts": ["deny"] });
    const one = await api(s.url, "POST", "sys/capabilities", {
      token: root,
      body: { token: t, paths: "secret/data/x" },
    });
    expect(one.body.data.capabilities).toEqual(["list", "read"]);
    const rootCaps = await api(s.url, "POST", "sys/capabilities-self", {
      token: root,
      body: { paths: ["a"] },
    });
    expect(rootCaps.body.data.capabilities).toEqual(["root"]);
  });
});
