/** auth/token/* through HTTP (Vault API docs auth/token; docs "Tokens", "Policies" > "Tokens"). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api, initAndUnseal, startServer, type TestServer } from "./helpers.js";

let s: TestServer;
let root: string;
let clock: number;

beforeEach(async () => {
  clock = Date.parse("2026-01-01T00:00:00Z");
  s = await startServer({ now: () => new Date(clock) });
  root = (await initAndUnseal(s.url)).rootToken;
  for (const name of ["a", "b", "c"]) {
    await api(s.url, "PUT", `sys/policies/acl/${name}`, {
      token: root,
      body: { policy: `path "kv/${name}/*" { capabilities = ["read"] }` },
    });
  }
  await api(s.url, "PUT", "sys/policies/acl/creator", {
    token: root,
    body: { policy: 'path "auth/token/create" { capabilities = ["update"] }' },
  });
});
afterEach(async () => s.close());

async function create(token: string, body: Record<string, unknown>) {
  return api(s.url, "POST", "auth/token/create", { token, body });
}

describe("token create", () => {
  it("creates a child token with policies, ttl, metadata and Vault's auth block", async () => {
    const res = await create(root, {
      policies: "a,b",
      ttl: "1h",
      meta: { team: "x" },
      display_name: "ci job",
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(res.body.auth).toMatchObject({
      policies: ["a", "b", "default"],
      token_policies: ["a", "b", "default"],
      metadata: { team: "x" },
      lease_duration: 3600,
      renewable: true,
      token_type: "service",
      orphan: false,
      entity_id: "",
    });
    expect(res.body.auth.client_token).toMatch(/^hvs\.[0-9A-Za-z]{24}$/);
    const self = await api(s.url, "GET", "auth/token/lookup-self", { token: res.body.auth.client_token });
    expect(self.body.data).toMatchObject({
      id: res.body.auth.client_token,
      accessor: res.body.auth.accessor,
      display_name: "token-ci-job",
      policies: ["a", "b", "default"],
      ttl: 3600,
      creation_ttl: 3600,
      expire_time: "2026-01-01T01:00:00.000Z",
      meta: { team: "x" },
      orphan: false,
      path: "auth/token/create",
      type: "service",
    });
  });

  it("warns about policies that do not exist and caps a TTL over the max", async () => {
    const res = await create(root, { policies: ["nope"], ttl: "1000h" });
    expect(res.body.warnings).toContain('Policy "nope" does not exist');
    expect(res.body.warnings.some((w: string) => w.includes("capped"))).toBe(true);
    expect(res.body.auth.lease_duration).toBe(768 * 3600);
  });

  it("gives a root token's children no expiry only when they hold root", async () => {
    const child = await create(root, {});
    expect(child.body.auth).toMatchObject({ policies: ["root"], lease_duration: 0 });
    const limited = await create(root, { policies: ["a"] });
    expect(limited.body.auth.lease_duration).toBe(768 * 3600);
  });

  it("enforces the child-policy subset rule unless root or sudo", async () => {
    const parent = (await create(root, { policies: ["a", "b", "creator"] })).body.auth.client_token;
    expect((await create(parent, { policies: ["a"] })).status).toBe(200);
    expect((await create(parent, { policies: ["a", "default"] })).status).toBe(200);
    const extra = await create(parent, { policies: ["a", "c"] });
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0]).toMatch(/subset/);
    expect((await create(parent, { policies: ["root"] })).status).toBe(400);
    const inherited = await create(parent, {});
    expect(inherited.body.auth.policies).toEqual(["a", "b", "creator", "default"]);
    await api(s.url, "PUT", "sys/policies/acl/creator", {
      token: root,
      body: { policy: 'path "auth/token/create" { capabilities = ["update", "sudo"] }' },
    });
    expect((await create(parent, { policies: ["c"] })).status).toBe(200);
    expect((await create(parent, { policies: ["root"] })).status).toBe(400);
  });

  it("allows orphans and chosen ids only to root or sudo, and orphans at create-orphan", async () => {
    const parent = (await create(root, { policies: ["a", "creator"] })).body.auth.client_token;
    expect((await create(parent, { no_parent: true })).status).toBe(400);
    expect((await create(parent, { id: "my-token" })).status).toBe(400);
    await api(s.url, "PUT", "sys/policies/acl/creator", {
      token: root,
      body: { policy: 'path "auth/token/create*" { capabilities = ["update"] }' },
    });
    const orphan = await api(s.url, "POST", "auth/token/create-orphan", { token: parent, body: {} });
    expect(orphan.body.auth.orphan).toBe(true);
    expect((await create(root, { no_parent: true })).body.auth.orphan).toBe(true);
    const chosen = await create(root, { id: "my-token", policies: ["a"] });
    expect(chosen.body.auth.client_token).toBe("my-token");
    expect((await create(root, { id: "my-token" })).status).toBe(400);
    expect((await create(root, { id: "bad.id" })).status).toBe(400);
  });

  it("refuses what kmipd does not support", async () => {
    for (const body of [{ role_name: "r" }, { type: "batch" }, { num_uses: 1 }, { period: "1h" }]) {
      expect((await create(root, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await create(root, { meta: { a: 1 } })).status).toBe(400);
    expect((await create(root, { ttl: "soon" })).status).toBe(400);
  });
});

describe("token lookup, accessors and authentication", () => {
  it("looks up by token and by accessor, and accepts Authorization: Bearer", async () => {
    const { client_token: t, accessor } = (await create(root, { policies: ["a"] })).body.auth;
    const byToken = await api(s.url, "POST", "auth/token/lookup", { token: root, body: { token: t } });
    expect(byToken.body.data).toMatchObject({ id: t, accessor });
    const byAccessor = await api(s.url, "POST", "auth/token/lookup-accessor", {
      token: root,
      body: { accessor },
    });
    expect(byAccessor.body.data).toMatchObject({ id: "", accessor, policies: ["a", "default"] });
    const bearer = await api(s.url, "GET", "auth/token/lookup-self", {
      headers: { Authorization: `Bearer ${t}` },
    });
    expect(bearer.body.data.accessor).toBe(accessor);
    const withHeader = await api(s.url, "GET", "auth/token/lookup-self", {
      token: t,
      headers: { "X-Vault-Request": "true" },
    });
    expect(withHeader.status).toBe(200);
    expect(
      (await api(s.url, "POST", "auth/token/lookup", { token: root, body: { token: "hvs.nope" } })).status,
    ).toBe(403);
    expect(
      (await api(s.url, "POST", "auth/token/lookup-accessor", { token: root, body: { accessor: "x" } }))
        .status,
    ).toBe(400);
    const list = await api(s.url, "GET", "auth/token/accessors?list=true", { token: root });
    expect(list.body.data.keys).toContain(accessor);
    expect((await api(s.url, "GET", "auth/token/accessors?list=true", { token: t })).status).toBe(403);
  });

  it("answers 403 permission denied for a missing, unknown or malformed token", async () => {
    for (const token of [undefined, "hvs.unknownunknownunknown", "x".repeat(600)]) {
      const res = await api(s.url, "GET", "auth/token/lookup-self", token ? { token } : {});
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ errors: ["permission denied"] });
    }
  });

  it("lets the default policy do token self-service and nothing else", async () => {
    const t = (await create(root, { policies: ["a"] })).body.auth.client_token;
    expect((await api(s.url, "GET", "auth/token/lookup-self", { token: t })).status).toBe(200);
    expect((await api(s.url, "POST", "auth/token/renew-self", { token: t, body: {} })).status).toBe(200);
    expect((await api(s.url, "GET", "sys/mounts", { token: t })).status).toBe(403);
    expect((await api(s.url, "POST", "auth/token/create", { token: t, body: {} })).status).toBe(403);
  });
});

describe("revocation and expiry", () => {
  it("revokes a token with its children; revoke-orphan keeps the children", async () => {
    const parent = (await create(root, { policies: ["a", "creator"] })).body.auth.client_token;
    const child = (await create(parent, { policies: ["a"] })).body.auth.client_token;
    const grandchild = (await create(root, {})).body.auth.client_token;
    expect(
      (await api(s.url, "POST", "auth/token/revoke", { token: root, body: { token: parent } })).status,
    ).toBe(204);
    for (const t of [parent, child]) {
      expect((await api(s.url, "GET", "auth/token/lookup-self", { token: t })).status).toBe(403);
    }
    expect((await api(s.url, "GET", "auth/token/lookup-self", { token: grandchild })).status).toBe(200);
    const p2 = (await create(root, { policies: ["a", "creator"] })).body.auth.client_token;
    const c2 = (await create(p2, { policies: ["a"] })).body.auth.client_token;
    await api(s.url, "POST", "auth/token/revoke-orphan", { token: root, body: { token: p2 } });
    expect((await api(s.url, "GET", "auth/token/lookup-self", { token: p2 })).status).toBe(403);
    const orphaned = await api(s.url, "GET", "auth/token/lookup-self", { token: c2 });
    expect(orphaned.body.data.orphan).toBe(true);
    expect(
      (await api(s.url, "POST", "auth/token/revoke", { token: root, body: { token: "gone" } })).status,
    ).toBe(204);
  });

  it("revokes itself and by accessor", async () => {
    const t1 = (await create(root, { policies: ["a"] })).body.auth.client_token;
    expect((await api(s.url, "POST", "auth/token/revoke-self", { token: t1 })).status).toBe(204);
    expect((await api(s.url, "GET", "auth/token/lookup-self", { token: t1 })).status).toBe(403);
    const { client_token: t2, accessor } = (await create(root, { policies: ["a"] })).body.auth;
    await api(s.url, "POST", "auth/token/revoke-accessor", { token: root, body: { accessor } });
    expect((await api(s.url, "GET", "auth/token/lookup-self", { token: t2 })).status).toBe(403);
    expect(
      (await api(s.url, "POST", "auth/token/revoke-accessor", { token: root, body: { accessor } })).status,
    ).toBe(400);
  });

  it("expires tokens, and children with their parent", async () => {
    const parent = (await create(root, { policies: ["a", "creator"], ttl: "1h" })).body.auth.client_token;
    const child = (await create(parent, { policies: ["a"], ttl: "10h" })).body.auth.client_token;
    clock += 30 * 60_000;
    expect((await api(s.url, "GET", "auth/token/lookup-self", { token: parent })).body.data.ttl).toBe(1800);
    clock += 31 * 60_000;
    expect((await api(s.url, "GET", "auth/token/lookup-self", { token: child })).status).toBe(403);
    expect((await api(s.url, "GET", "auth/token/lookup-self", { token: parent })).status).toBe(403);
    const accessors = (await api(s.url, "GET", "auth/token/accessors?list=true", { token: root })).body.data
      .keys;
    expect(accessors).toHaveLength(1); // only the root token is left
  });

  it("renews within the max TTL and refuses non-renewable tokens", async () => {
    const t = (await create(root, { policies: ["a"], ttl: "1h", explicit_max_ttl: "2h" })).body.auth
      .client_token;
    clock += 50 * 60_000;
    const renewed = await api(s.url, "POST", "auth/token/renew-self", {
      token: t,
      body: { increment: "1h" },
    });
    expect(renewed.body.auth.lease_duration).toBe(3600);
    expect(renewed.body.auth.client_token).toBe(t);
    clock += 50 * 60_000;
    const capped = await api(s.url, "POST", "auth/token/renew-self", { token: t, body: { increment: "1h" } });
    expect(capped.body.auth.lease_duration).toBe(20 * 60);
    expect(capped.body.warnings[0]).toMatch(/capped/);
    const fixed = (await create(root, { policies: ["a"], renewable: false })).body.auth.client_token;
    expect((await api(s.url, "POST", "auth/token/renew-self", { token: fixed, body: {} })).status).toBe(400);
    const other = await api(s.url, "POST", "auth/token/renew", { token: root, body: { token: t } });
    expect(other.status).toBe(200);
  });
});
