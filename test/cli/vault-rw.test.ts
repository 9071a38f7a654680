import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runDelete } from "../../src/cli/delete.js";
import { runList } from "../../src/cli/list.js";
import { runRead } from "../../src/cli/read.js";
import { runWrite } from "../../src/cli/write.js";
import { envelope, type FakeVault, runVerb, startFakeVault } from "./vault-fake.js";

let vault: FakeVault | undefined;
afterEach(async () => {
  await vault?.close();
  vault = undefined;
});

const CA =
  "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----";
const ROLE = { operation_all: true, tls_client_key_bits: 0, tls_client_key_type: "", tls_client_ttl: 0 };

describe("read", () => {
  it("prints the CA as a one-key table, multi-line value kept", async () => {
    vault = await startFakeVault({ "GET /v1/kmip/ca": { json: envelope({ ca_pem: CA }) } });
    const r = await runVerb(runRead, ["kmip/ca"], vault);
    expect(r).toEqual({ code: 0, stdout: `Key       Value\n---       -----\nca_pem    ${CA}\n`, stderr: "" });
  });

  it("prints the whole envelope with -format=json, so jq -r .data.ca_pem works", async () => {
    const body = envelope({ ca_pem: CA });
    vault = await startFakeVault({ "GET /v1/kmip/ca": { json: body } });
    for (const argv of [
      ["-format=json", "kmip/ca"],
      ["kmip/ca", "-format=json"],
      ["--format", "json", "kmip/ca"],
    ]) {
      const r = await runVerb(runRead, argv, vault);
      const printed = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(printed.data).toEqual(body.data);
      expect(Object.keys(printed)).toEqual([
        "request_id",
        "lease_id",
        "lease_duration",
        "renewable",
        "data",
        "warnings",
      ]);
      expect(r.stdout.endsWith("}\n")).toBe(true);
    }
  });

  it("prints one field raw with -field, and fails with 1 when it is absent", async () => {
    vault = await startFakeVault({ "GET /v1/kmip/scope/finance/role/accounting": { json: envelope(ROLE) } });
    const path = "kmip/scope/finance/role/accounting";
    expect(await runVerb(runRead, ["-field=tls_client_ttl", path], vault)).toEqual({
      code: 0,
      stdout: "0",
      stderr: "",
    });
    expect(await runVerb(runRead, ["-field=operation_all", path], vault, { tty: true })).toMatchObject({
      stdout: "true\n",
    });
    expect(await runVerb(runRead, ["-field=ca", path], vault)).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Field "ca" not present in secret\n',
    });
  });

  it("sends key=value arguments as query parameters", async () => {
    vault = await startFakeVault({
      "GET /v1/kmip/scope/finance/role/accounting/credential/lookup": {
        json: envelope({ serial_number: "123" }),
      },
    });
    const path = "kmip/scope/finance/role/accounting/credential/lookup";
    const r = await runVerb(runRead, [path, "serial_number=123"], vault);
    expect(r.stdout).toBe("Key              Value\n---              -----\nserial_number    123\n");
    expect(vault.requests[0]?.query.get("serial_number")).toBe("123");
  });

  it("prints 'No value found' with exit 2 for a 404, as Vault's client reads it", async () => {
    vault = await startFakeVault({ "GET /v1/kmip/config": { status: 404, json: { errors: [] } } });
    expect(await runVerb(runRead, ["/kmip/config/"], vault)).toEqual({
      code: 2,
      stdout: "",
      stderr: "No value found at kmip/config\n",
    });
  });

  it("refuses a missing path and a bad format with exit 1", async () => {
    vault = await startFakeVault({});
    expect(await runVerb(runRead, [], vault)).toEqual({
      code: 1,
      stdout: "",
      stderr: "Not enough arguments (expected 1, got 0)\n",
    });
    expect((await runVerb(runRead, ["-format=xml", "kmip/ca"], vault)).stderr).toBe(
      "Invalid output format: xml\n",
    );
    expect((await runVerb(runRead, ["-bogus", "kmip/ca"], vault)).code).toBe(1);
    expect(vault.requests).toHaveLength(0);
  });

  it("takes the default format from VAULT_FORMAT", async () => {
    vault = await startFakeVault({ "GET /v1/kmip/ca": { json: envelope({ ca_pem: "x" }) } });
    const r = await runVerb(runRead, ["kmip/ca"], vault, { env: { VAULT_FORMAT: "json" } });
    expect(JSON.parse(r.stdout)).toMatchObject({ data: { ca_pem: "x" } });
  });
});

describe("write", () => {
  it("prints Success! for an empty response and sends the data as strings with PUT", async () => {
    vault = await startFakeVault({ "PUT /v1/kmip/config": { status: 204 } });
    const r = await runVerb(
      runWrite,
      ["kmip/config", "listen_addrs=0.0.0.0:5696", "tls_ca_key_bits=2048"],
      vault,
    );
    expect(r).toEqual({ code: 0, stdout: "Success! Data written to: kmip/config\n", stderr: "" });
    expect(JSON.parse(vault.requests[0]?.body ?? "")).toEqual({
      listen_addrs: "0.0.0.0:5696",
      tls_ca_key_bits: "2048",
    });
    expect(vault.requests[0]?.headers["content-type"]).toBe("application/json");
  });

  it("needs data or -f, and -f sends an empty object", async () => {
    vault = await startFakeVault({ "PUT /v1/kmip/scope/finance": { status: 204 } });
    expect(await runVerb(runWrite, ["kmip/scope/finance"], vault)).toEqual({
      code: 1,
      stdout: "",
      stderr: "Must supply data or use -force\n",
    });
    for (const flag of ["-f", "-force", "--force"]) {
      const r = await runVerb(runWrite, [flag, "kmip/scope/finance"], vault);
      expect(r.stdout).toBe("Success! Data written to: kmip/scope/finance\n");
    }
    expect(vault.requests.map((q) => q.body)).toEqual(["{}", "{}", "{}"]);
  });

  it("prints nothing for an empty response in JSON format", async () => {
    vault = await startFakeVault({ "PUT /v1/kmip/scope/finance": { status: 204 } });
    expect(await runVerb(runWrite, ["-format=json", "-f", "kmip/scope/finance"], vault)).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });

  it("reads key=@file values, and prints a returned credential as a table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kmipd-write-"));
    writeFileSync(join(dir, "ca.pem"), "PEM\n");
    const cred = { ca_chain: ["C1", "C2"], certificate: "CERT", private_key: "KEY", serial_number: "3173" };
    vault = await startFakeVault({
      "PUT /v1/kmip/ca/my-ca/import": { status: 204 },
      "PUT /v1/kmip/scope/s/role/r/credential/generate": { json: envelope(cred) },
    });
    await runVerb(runWrite, ["kmip/ca/my-ca/import", `ca_pem=@${join(dir, "ca.pem")}`], vault);
    expect(JSON.parse(vault.requests[0]?.body ?? "")).toEqual({ ca_pem: "PEM\n" });
    const r = await runVerb(runWrite, ["-f", "kmip/scope/s/role/r/credential/generate"], vault);
    expect(r.stdout).toBe(
      "Key              Value\n---              -----\nca_chain         [C1 C2]\ncertificate      CERT\n" +
        "private_key      KEY\nserial_number    3173\n",
    );
  });

  it("prints one field of the response with -field and JSON with -format=json", async () => {
    vault = await startFakeVault({
      "PUT /v1/kmip/scope/s/role/r/credential/generate": {
        json: envelope({ certificate: "CERT", private_key: "KEY" }),
      },
    });
    const path = "kmip/scope/s/role/r/credential/generate";
    expect((await runVerb(runWrite, ["-field=private_key", "-f", path], vault)).stdout).toBe("KEY");
    const json = await runVerb(runWrite, ["-format=json", path, "format=pem"], vault);
    expect(JSON.parse(json.stdout)).toMatchObject({ data: { certificate: "CERT", private_key: "KEY" } });
  });

  it("prints Vault's error with exit 2", async () => {
    vault = await startFakeVault({
      "PUT /v1/kmip/config": { status: 400, json: { errors: ["bad listen_addrs"] } },
    });
    const r = await runVerb(runWrite, ["kmip/config", "listen_addrs=x"], vault);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "Error writing data to kmip/config: Error making API request.\n\n" +
        `URL: PUT ${vault.address}/v1/kmip/config\nCode: 400. Errors:\n\n* bad listen_addrs\n`,
    );
  });
});

describe("list", () => {
  it("prints Keys sorted, or the key list as JSON", async () => {
    vault = await startFakeVault({
      "LIST /v1/kmip/scope/finance/role/": { json: envelope({ keys: ["b", "a"] }) },
    });
    expect((await runVerb(runList, ["kmip/scope/finance/role"], vault)).stdout).toBe("Keys\n----\na\nb\n");
    expect((await runVerb(runList, ["-format=json", "kmip/scope/finance/role"], vault)).stdout).toBe(
      '[\n  "b",\n  "a"\n]\n',
    );
  });

  it("prints 'No value found' (exit 2) for nothing there, and {} in JSON", async () => {
    vault = await startFakeVault({ "LIST /v1/kmip/scope/": { status: 404, json: { errors: [] } } });
    expect(await runVerb(runList, ["kmip/scope"], vault)).toEqual({
      code: 2,
      stdout: "",
      stderr: "No value found at kmip/scope/\n",
    });
    expect(await runVerb(runList, ["-format=json", "kmip/scope"], vault)).toEqual({
      code: 2,
      stdout: "{}\n",
      stderr: "",
    });
  });

  it("needs exactly one path", async () => {
    vault = await startFakeVault({});
    expect((await runVerb(runList, ["a", "b"], vault)).stderr).toBe(
      "Too many arguments (expected 1, got 2)\n",
    );
  });
});

describe("delete", () => {
  it("sends DELETE with the data as query parameters and prints Success!", async () => {
    vault = await startFakeVault({ "DELETE /v1/kmip/scope/finance": { status: 204 } });
    const r = await runVerb(runDelete, ["kmip/scope/finance", "force=true"], vault);
    expect(r).toEqual({
      code: 0,
      stdout: "Success! Data deleted (if it existed) at: kmip/scope/finance\n",
      stderr: "",
    });
    expect(vault.requests[0]?.requestLine).toBe("DELETE /v1/kmip/scope/finance?force=true HTTP/1.1");
  });

  it("prints Vault's error with exit 2", async () => {
    vault = await startFakeVault({
      "DELETE /v1/kmip/scope/finance": { status: 400, json: { errors: ["scope has objects; use force"] } },
    });
    const r = await runVerb(runDelete, ["kmip/scope/finance"], vault);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^Error deleting kmip\/scope\/finance: Error making API request\.\n\nURL: DELETE /,
    );
  });
});
