import { afterEach, describe, expect, it } from "vitest";
import { runTokenCreate, runTokenLookup, runTokenRenew, runTokenRevoke } from "../../src/cli/token.js";
import { envelope, type FakeVault, runVerb, startFakeVault } from "./vault-fake.js";

let vault: FakeVault | undefined;
afterEach(async () => {
  await vault?.close();
  vault = undefined;
});

const body = (i = 0) => JSON.parse(vault?.requests[i]?.body ?? "null") as unknown;

const AUTH = {
  client_token: "hvs.CAESIFSvXi7ZP",
  accessor: "80cQHE6Gb8SgV7Xrrhkwz012",
  policies: ["default", "kmip-admin"],
  token_policies: ["default", "kmip-admin"],
  identity_policies: null,
  metadata: { user: "ops" },
  orphan: true,
  entity_id: "",
  lease_duration: 36_000,
  renewable: true,
};

describe("token create", () => {
  it("sends Vault's token request and prints the token table", async () => {
    vault = await startFakeVault({ "POST /v1/auth/token/create": { json: envelope(null, { auth: AUTH }) } });
    const r = await runVerb(
      runTokenCreate,
      [
        "-policy=kmip-admin",
        "-policy",
        "default",
        "-period=10h",
        "-display-name=base_token",
        "-orphan",
        "-metadata=user=ops",
      ],
      vault,
    );
    expect(body()).toEqual({
      policies: ["kmip-admin", "default"],
      meta: { user: "ops" },
      period: "10h0m0s",
      no_parent: true,
      display_name: "base_token",
      num_uses: 0,
      renewable: true,
      type: "service",
      entity_alias: "",
    });
    expect(r).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "Key                  Value",
        "---                  -----",
        "token                hvs.CAESIFSvXi7ZP",
        "token_accessor       80cQHE6Gb8SgV7Xrrhkwz012",
        "token_duration       10h",
        "token_renewable      true",
        'token_policies       ["default" "kmip-admin"]',
        "identity_policies    []",
        'policies             ["default" "kmip-admin"]',
        "token_meta_user      ops",
        "",
      ].join("\n"),
    });
  });

  it("honours -renewable=false, -ttl, -role and -field=token", async () => {
    vault = await startFakeVault({
      "POST /v1/auth/token/create/kmip": { json: envelope(null, { auth: AUTH }) },
    });
    const r = await runVerb(
      runTokenCreate,
      ["-renewable=false", "-ttl=90", "-role=kmip", "-field=token"],
      vault,
    );
    expect(r.stdout).toBe("hvs.CAESIFSvXi7ZP");
    expect(body()).toMatchObject({ renewable: false, ttl: "1m30s" });
  });

  it("prints the envelope with its auth block in Vault's order as JSON", async () => {
    vault = await startFakeVault({ "POST /v1/auth/token/create": { json: envelope(null, { auth: AUTH }) } });
    const printed = JSON.parse((await runVerb(runTokenCreate, ["-format=json"], vault)).stdout) as Record<
      string,
      object
    >;
    expect(Object.keys(printed)).toEqual([
      "request_id",
      "lease_id",
      "lease_duration",
      "renewable",
      "data",
      "warnings",
      "auth",
    ]);
    expect(Object.keys(printed.auth ?? {})).toEqual([
      "client_token",
      "accessor",
      "policies",
      "token_policies",
      "identity_policies",
      "metadata",
      "orphan",
      "entity_id",
      "lease_duration",
      "renewable",
      "mfa_requirement",
    ]);
  });

  it("prints Vault's error with exit 2", async () => {
    vault = await startFakeVault({
      "POST /v1/auth/token/create": { status: 403, json: { errors: ["permission denied"] } },
    });
    const r = await runVerb(runTokenCreate, [], vault);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error creating token: Error making API request\./);
  });
});

describe("token lookup", () => {
  const LOOKUP = {
    accessor: "Sjw0FzI5DifAjfinJiq0Fsj0",
    creation_time: 1_727_107_066,
    creation_ttl: 0,
    display_name: "root",
    entity_id: "",
    expire_time: null,
    explicit_max_ttl: 0,
    id: "hvs.root",
    meta: null,
    num_uses: 0,
    orphan: true,
    path: "auth/token/root",
    policies: ["root"],
    ttl: 0,
    type: "service",
  };

  it("looks up the token in use and prints it as Vault's support article shows", async () => {
    vault = await startFakeVault({ "GET /v1/auth/token/lookup-self": { json: envelope(LOOKUP) } });
    expect((await runVerb(runTokenLookup, [], vault)).stdout).toBe(
      [
        "Key                 Value",
        "---                 -----",
        "accessor            Sjw0FzI5DifAjfinJiq0Fsj0",
        "creation_time       1727107066",
        "creation_ttl        0s",
        "display_name        root",
        "entity_id           n/a",
        "expire_time         <nil>",
        "explicit_max_ttl    0s",
        "id                  hvs.root",
        "meta                <nil>",
        "num_uses            0",
        "orphan              true",
        "path                auth/token/root",
        "policies            [root]",
        "ttl                 0s",
        "type                service",
        "",
      ].join("\n"),
    );
  });

  it("looks up a given token or accessor with POST", async () => {
    vault = await startFakeVault({
      "POST /v1/auth/token/lookup": { json: envelope(LOOKUP) },
      "POST /v1/auth/token/lookup-accessor": { json: envelope(LOOKUP) },
    });
    await runVerb(runTokenLookup, ["hvs.other"], vault);
    await runVerb(runTokenLookup, ["-accessor", "Sjw0"], vault);
    expect([body(0), body(1)]).toEqual([{ token: "hvs.other" }, { accessor: "Sjw0" }]);
    expect((await runVerb(runTokenLookup, ["-accessor"], vault)).code).toBe(1);
  });
});

describe("token revoke and renew", () => {
  it("revokes a token, the token in use or an accessor", async () => {
    vault = await startFakeVault({
      "PUT /v1/auth/token/revoke": { status: 204 },
      "PUT /v1/auth/token/revoke-self": { status: 204 },
      "PUT /v1/auth/token/revoke-accessor": { status: 204 },
    });
    const r = await runVerb(runTokenRevoke, ["hvs.x"], vault);
    expect(r).toEqual({ code: 0, stdout: "Success! Revoked token (if it existed)\n", stderr: "" });
    await runVerb(runTokenRevoke, ["-self"], vault);
    await runVerb(runTokenRevoke, ["-accessor", "acc"], vault);
    expect(vault.requests.map((q) => `${q.path} ${q.body}`)).toEqual([
      '/v1/auth/token/revoke {"token":"hvs.x"}',
      "/v1/auth/token/revoke-self ",
      '/v1/auth/token/revoke-accessor {"accessor":"acc"}',
    ]);
  });

  it("refuses revoke without a token or with -self and a token, as Vault does", async () => {
    vault = await startFakeVault({});
    expect((await runVerb(runTokenRevoke, [], vault)).stderr).toBe(
      "Not enough arguments (expected 1 or -self, got 0)\n",
    );
    expect((await runVerb(runTokenRevoke, ["-self", "x"], vault)).stderr).toBe(
      "Too many arguments with -self (expected 0, got 1)\n",
    );
    expect(vault.requests).toHaveLength(0);
  });

  it("renews the token in use or a given one, with -increment in seconds", async () => {
    vault = await startFakeVault({
      "PUT /v1/auth/token/renew-self": { json: envelope(null, { auth: AUTH }) },
      "PUT /v1/auth/token/renew": { json: envelope(null, { auth: AUTH }) },
    });
    const r = await runVerb(runTokenRenew, ["-increment=1h"], vault);
    expect(r.stdout).toContain("token_duration       10h\n");
    await runVerb(runTokenRenew, ["hvs.x"], vault);
    expect([body(0), body(1)]).toEqual([{ increment: 3600 }, { token: "hvs.x", increment: 0 }]);
  });
});
