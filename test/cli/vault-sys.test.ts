import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runOperatorInit, runOperatorSeal, runOperatorUnseal } from "../../src/cli/operator.js";
import { runPolicyDelete, runPolicyList, runPolicyRead, runPolicyWrite } from "../../src/cli/policy.js";
import { runSecretsDisable, runSecretsEnable, runSecretsList } from "../../src/cli/secrets.js";
import { runStatus } from "../../src/cli/status.js";
import { envelope, type FakeVault, runVerb, startFakeVault } from "./vault-fake.js";

let vault: FakeVault | undefined;
afterEach(async () => {
  await vault?.close();
  vault = undefined;
});

const body = (i = 0) => JSON.parse(vault?.requests[i]?.body ?? "null") as unknown;

describe("secrets", () => {
  it("enables an engine at its type's path with POST sys/mounts/kmip/", async () => {
    vault = await startFakeVault({ "POST /v1/sys/mounts/kmip/": { status: 204 } });
    const r = await runVerb(runSecretsEnable, ["kmip"], vault);
    expect(r).toEqual({
      code: 0,
      stdout: "Success! Enabled the kmip secrets engine at: kmip/\n",
      stderr: "",
    });
    expect(body()).toEqual({
      type: "kmip",
      description: "",
      config: {},
      local: false,
      seal_wrap: false,
      options: null,
    });
  });

  it("takes -path and -description, either spelling", async () => {
    vault = await startFakeVault({ "POST /v1/sys/mounts/keys/": { status: 204 } });
    const r = await runVerb(
      runSecretsEnable,
      ["--path=keys", "-description", "KMIP keys", "-max-lease-ttl=1h", "kmip"],
      vault,
    );
    expect(r.stdout).toBe("Success! Enabled the kmip secrets engine at: keys/\n");
    expect(body()).toMatchObject({
      type: "kmip",
      description: "KMIP keys",
      config: { max_lease_ttl: "1h0m0s" },
    });
  });

  it("prints Vault's error when enabling fails", async () => {
    vault = await startFakeVault({
      "POST /v1/sys/mounts/kmip/": { status: 400, json: { errors: ["path is already in use at kmip/"] } },
    });
    const r = await runVerb(runSecretsEnable, ["kmip"], vault);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^Error enabling: Error making API request\.\n\nURL: POST .*\n\* path is already in use at kmip\/\n$/s,
    );
  });

  it("lists mounts as a Path/Type/Accessor/Description table", async () => {
    const mounts = {
      "sys/": {
        type: "system",
        accessor: "system_a9fd745d",
        description: "system endpoints used for control, policy and debugging",
      },
      "kmip/": { type: "kmip", accessor: "kmip_1a2b3c4d", description: "" },
      "cubbyhole/": {
        type: "cubbyhole",
        accessor: "cubbyhole_10fbb584",
        description: "per-token private secret storage",
      },
    };
    vault = await startFakeVault({ "GET /v1/sys/mounts": { json: envelope(mounts) } });
    expect((await runVerb(runSecretsList, [], vault)).stdout).toBe(
      [
        "Path          Type         Accessor              Description",
        "----          ----         --------              -----------",
        "cubbyhole/    cubbyhole    cubbyhole_10fbb584    per-token private secret storage",
        "kmip/         kmip         kmip_1a2b3c4d         n/a",
        "sys/          system       system_a9fd745d       system endpoints used for control, policy and debugging",
        "",
      ].join("\n"),
    );
    const json = JSON.parse((await runVerb(runSecretsList, ["-format=json"], vault)).stdout) as object;
    expect(Object.keys(json)).toEqual(["cubbyhole/", "kmip/", "sys/"]);
  });

  it("disables a mount with DELETE sys/mounts/kmip/", async () => {
    vault = await startFakeVault({ "DELETE /v1/sys/mounts/kmip/": { status: 204 } });
    const r = await runVerb(runSecretsDisable, ["kmip"], vault);
    expect(r.stdout).toBe("Success! Disabled the secrets engine (if it existed) at: kmip/\n");
  });
});

const SEALED = {
  type: "shamir",
  initialized: true,
  sealed: true,
  t: 3,
  n: 5,
  progress: 2,
  nonce: "181be784-7c72-a040-48a5-105eb398f026",
  version: "0.1.0",
  build_date: "2025-04-02T15:43:36Z",
  migration: false,
  recovery_seal: false,
  storage_type: "sqlite",
};
const UNSEALED = {
  ...SEALED,
  sealed: false,
  progress: 0,
  nonce: "",
  cluster_name: "kmipd-cluster-1e76691a",
  cluster_id: "c4ca5956-383b-20cc-7a7d-494e0b01f045",
};
const UNSEALED_TABLE = [
  "Key             Value",
  "---             -----",
  "Seal Type       shamir",
  "Initialized     true",
  "Sealed          false",
  "Total Shares    5",
  "Threshold       3",
  "Version         0.1.0",
  "Build Date      2025-04-02T15:43:36Z",
  "Storage Type    sqlite",
  "Cluster Name    kmipd-cluster-1e76691a",
  "Cluster ID      c4ca5956-383b-20cc-7a7d-494e0b01f045",
  "HA Enabled      false",
  "",
].join("\n");

describe("status", () => {
  it("prints the seal status table like Vault's docs example, exit 0 when unsealed", async () => {
    vault = await startFakeVault({
      "GET /v1/sys/seal-status": { json: UNSEALED },
      "GET /v1/sys/leader": { json: { ha_enabled: false, is_self: false, leader_address: "" } },
    });
    expect(await runVerb(runStatus, [], vault)).toEqual({ code: 0, stdout: UNSEALED_TABLE, stderr: "" });
  });

  it("shows progress and nonce while sealed and exits 2; a missing sys/leader reads as HA off", async () => {
    vault = await startFakeVault({ "GET /v1/sys/seal-status": { json: { ...SEALED, nonce: "" } } });
    const r = await runVerb(runStatus, [], vault);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(
      [
        "Key                Value",
        "---                -----",
        "Seal Type          shamir",
        "Initialized        true",
        "Sealed             true",
        "Total Shares       5",
        "Threshold          3",
        "Unseal Progress    2/3",
        "Unseal Nonce       n/a",
        "Version            0.1.0",
        "Build Date         2025-04-02T15:43:36Z",
        "Storage Type       sqlite",
        "HA Enabled         false",
        "",
      ].join("\n"),
    );
  });

  it("prints JSON in Vault's field order, and exits 1 (not 2) when the server is unreachable", async () => {
    vault = await startFakeVault({ "GET /v1/sys/seal-status": { json: UNSEALED } });
    const json = JSON.parse((await runVerb(runStatus, ["-format=json"], vault)).stdout) as object;
    expect(Object.keys(json)).toEqual([
      ...Object.keys(SEALED).slice(0, 10),
      "cluster_name",
      "cluster_id",
      "recovery_seal",
      "storage_type",
      "ha_enabled",
    ]);
    const r = await runVerb(runStatus, ["-address=http://127.0.0.1:9"], vault);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error checking seal status: Get "http:\/\/127\.0\.0\.1:9\/v1\/sys\/seal-status": /,
    );
  });
});

describe("operator", () => {
  const INIT = {
    keys: ["aa11", "bb22", "cc33"],
    keys_base64: ["qhE=", "uyI=", "zDM="],
    root_token: "hvs.root",
  };

  it("init prints the unseal keys and root token as Vault does", async () => {
    vault = await startFakeVault({ "PUT /v1/sys/init": { json: INIT } });
    const r = await runVerb(runOperatorInit, ["-key-shares=3", "-key-threshold=2"], vault);
    expect(body()).toEqual({ secret_shares: 3, secret_threshold: 2 });
    expect(r.code).toBe(0);
    expect(
      r.stdout.startsWith(
        "Unseal Key 1: qhE=\nUnseal Key 2: uyI=\nUnseal Key 3: zDM=\n\nInitial Root Token: hvs.root\n\n",
      ),
    ).toBe(true);
    expect(r.stdout).toContain("kmipd initialized with 3 key shares and a key threshold of 2.");
    for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(78);
  });

  it("init -format=json prints Vault's machine-readable form", async () => {
    vault = await startFakeVault({ "PUT /v1/sys/init": { json: INIT } });
    const r = await runVerb(
      runOperatorInit,
      ["-key-shares", "3", "-key-threshold", "2", "-format=json"],
      vault,
    );
    expect(JSON.parse(r.stdout)).toEqual({
      unseal_keys_b64: INIT.keys_base64,
      unseal_keys_hex: INIT.keys,
      unseal_shares: 3,
      unseal_threshold: 2,
      recovery_keys_b64: [],
      recovery_keys_hex: [],
      recovery_keys_shares: 0,
      recovery_keys_threshold: 0,
      root_token: "hvs.root",
    });
  });

  it("init defaults to 5 shares and a threshold of 3, and -status reports with its exit code", async () => {
    vault = await startFakeVault({
      "PUT /v1/sys/init": { json: INIT },
      "GET /v1/sys/init": { json: { initialized: false } },
    });
    await runVerb(runOperatorInit, [], vault);
    expect(body()).toEqual({ secret_shares: 5, secret_threshold: 3 });
    expect(await runVerb(runOperatorInit, ["-status"], vault)).toEqual({
      code: 2,
      stdout: "Vault is not initialized\n",
      stderr: "",
    });
  });

  it("unseal sends the key (argument or prompt) and prints the seal status", async () => {
    vault = await startFakeVault({ "PUT /v1/sys/unseal": { json: UNSEALED } });
    expect(await runVerb(runOperatorUnseal, ["qhE="], vault)).toEqual({
      code: 0,
      stdout: UNSEALED_TABLE,
      stderr: "",
    });
    await runVerb(runOperatorUnseal, [], vault, { stdin: "uyI=\n" });
    expect(vault.requests.filter((q) => q.path === "/v1/sys/unseal").map((q) => JSON.parse(q.body))).toEqual([
      { key: "qhE=" },
      { key: "uyI=" },
    ]);
  });

  it("unseal -reset sends reset and seal prints Success!", async () => {
    vault = await startFakeVault({
      "PUT /v1/sys/unseal": { json: SEALED },
      "PUT /v1/sys/seal": { status: 204 },
    });
    expect((await runVerb(runOperatorUnseal, ["-reset"], vault)).code).toBe(0);
    expect(body()).toEqual({ reset: true });
    expect(await runVerb(runOperatorSeal, [], vault)).toEqual({
      code: 0,
      stdout: "Success! Vault is sealed.\n",
      stderr: "",
    });
  });

  it("unseal prints Vault's error for a bad key", async () => {
    vault = await startFakeVault({
      "PUT /v1/sys/unseal": { status: 400, json: { errors: ["invalid key"] } },
    });
    const r = await runVerb(runOperatorUnseal, ["nope"], vault);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error unsealing: Error making API request\./);
  });
});

describe("policy", () => {
  const HCL = 'path "kmip/*" {\n  capabilities = ["create", "read", "update", "delete", "list"]\n}\n';

  it("write uploads a file or stdin as {policy} and lowercases the name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kmipd-policy-"));
    writeFileSync(join(dir, "kmip.hcl"), HCL);
    vault = await startFakeVault({ "PUT /v1/sys/policies/acl/kmip-admin": { status: 204 } });
    const r = await runVerb(runPolicyWrite, ["KMIP-Admin", join(dir, "kmip.hcl")], vault);
    expect(r).toEqual({ code: 0, stdout: "Success! Uploaded policy: kmip-admin\n", stderr: "" });
    await runVerb(runPolicyWrite, ["kmip-admin", "-"], vault, { stdin: HCL });
    expect([body(0), body(1)]).toEqual([{ policy: HCL }, { policy: HCL }]);
    expect((await runVerb(runPolicyWrite, ["x", join(dir, "missing.hcl")], vault)).code).toBe(1);
  });

  it("read prints the policy text, or {policy} as JSON; a missing one exits 2", async () => {
    vault = await startFakeVault({
      "GET /v1/sys/policies/acl/kmip-admin": { json: envelope({ name: "kmip-admin", policy: HCL }) },
    });
    expect((await runVerb(runPolicyRead, ["kmip-admin"], vault)).stdout).toBe(HCL);
    expect(JSON.parse((await runVerb(runPolicyRead, ["-format=json", "kmip-admin"], vault)).stdout)).toEqual({
      policy: HCL,
    });
    expect(await runVerb(runPolicyRead, ["nope"], vault)).toEqual({
      code: 2,
      stdout: "",
      stderr: "No policy named: nope\n",
    });
  });

  it("list prints one name per line with a LIST request, and delete prints Success!", async () => {
    vault = await startFakeVault({
      "LIST /v1/sys/policies/acl/": { json: envelope({ keys: ["default", "kmip-admin", "root"] }) },
      "DELETE /v1/sys/policies/acl/kmip-admin": { status: 204 },
    });
    expect((await runVerb(runPolicyList, [], vault)).stdout).toBe("default\nkmip-admin\nroot\n");
    expect((await runVerb(runPolicyDelete, ["kmip-admin"], vault)).stdout).toBe(
      "Success! Deleted policy: kmip-admin\n",
    );
  });
});
