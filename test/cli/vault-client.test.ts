import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runList } from "../../src/cli/list.js";
import { runRead } from "../../src/cli/read.js";
import { envelope, type FakeVault, memoryIo, runVerb, startFakeVault } from "./vault-fake.js";

let vault: FakeVault | undefined;
afterEach(async () => {
  await vault?.close();
  vault = undefined;
});

const CONFIG = { "GET /v1/kmip/config": { json: envelope({ listen_addrs: ["0.0.0.0:5696"] }) } };

describe("the HTTP client", () => {
  it("sends a real LIST request line with Vault's headers", async () => {
    vault = await startFakeVault({ "LIST /v1/kmip/scope/": { json: envelope({ keys: ["finance"] }) } });
    const r = await runVerb(runList, ["kmip/scope"], vault);
    expect(r).toEqual({ code: 0, stdout: "Keys\n----\nfinance\n", stderr: "" });
    const [req] = vault.requests;
    expect(req?.requestLine).toBe("LIST /v1/kmip/scope/ HTTP/1.1");
    expect(req?.headers["x-vault-token"]).toBe("root");
    expect(req?.headers["x-vault-request"]).toBe("true");
  });

  it("falls back to GET ?list=true when the server's parser refuses LIST", async () => {
    vault = await startFakeVault({
      "LIST /v1/kmip/scope/": { status: 400, raw: "" },
      "GET /v1/kmip/scope/": (req) =>
        req.query.get("list") === "true"
          ? { json: envelope({ keys: ["b", "a"] }) }
          : { status: 405, json: { errors: [] } },
    });
    const r = await runVerb(runList, ["kmip/scope/"], vault);
    expect(r.stdout).toBe("Keys\n----\na\nb\n");
    expect(vault.requests.map((q) => q.requestLine)).toEqual([
      "LIST /v1/kmip/scope/ HTTP/1.1",
      "GET /v1/kmip/scope/?list=true HTTP/1.1",
    ]);
  });

  it("prefers -address over KMIPD_ADDR over VAULT_ADDR", async () => {
    vault = await startFakeVault(CONFIG);
    const dead = "http://127.0.0.1:9"; // the discard port: nothing listens there
    const io = memoryIo({ env: { KMIPD_ADDR: dead, VAULT_ADDR: dead } });
    expect(await runRead([`-address=${vault.address}`, "kmip/config"], io)).toBe(0);
    const io2 = memoryIo({ env: { KMIPD_ADDR: vault.address, VAULT_ADDR: dead } });
    expect(await runRead(["kmip/config"], io2)).toBe(0);
    expect(vault.requests).toHaveLength(2);
  });

  it("prefers KMIPD_TOKEN over VAULT_TOKEN over ~/.vault-token", async () => {
    vault = await startFakeVault(CONFIG);
    const home = mkdtempSync(join(tmpdir(), "kmipd-home-"));
    writeFileSync(join(home, ".vault-token"), "from-file\n");
    const env = (extra: Record<string, string>) => ({
      HOME: home,
      VAULT_ADDR: vault?.address ?? "",
      ...extra,
    });
    await runRead(["kmip/config"], memoryIo({ env: env({ KMIPD_TOKEN: "k", VAULT_TOKEN: "v" }) }));
    await runRead(["kmip/config"], memoryIo({ env: env({ VAULT_TOKEN: "v" }) }));
    await runRead(["kmip/config"], memoryIo({ env: env({}) }));
    expect(vault.requests.map((q) => q.headers["x-vault-token"])).toEqual(["k", "v", "from-file"]);
  });

  it("prints API errors as Vault's client does, with exit code 2", async () => {
    vault = await startFakeVault({
      "GET /v1/kmip/config": { status: 403, json: { errors: ["permission denied"] } },
      "GET /v1/kmip/ca": { status: 500, json: { errors: ["one", "two"] } },
      "GET /v1/kmip/raw": { status: 502, raw: "Bad Gateway" },
    });
    const r = await runVerb(runRead, ["kmip/config"], vault);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "Error reading kmip/config: Error making API request.\n\n" +
        `URL: GET ${vault.address}/v1/kmip/config\nCode: 403. Errors:\n\n* permission denied\n`,
    });
    expect((await runVerb(runRead, ["kmip/ca"], vault)).stderr).toMatch(
      /Code: 500\. Errors:\n\n\* one\n\* two\n$/,
    );
    expect((await runVerb(runRead, ["kmip/raw"], vault)).stderr).toMatch(
      /Code: 502\. Raw Message:\n\nBad Gateway\n$/,
    );
  });

  it("reports a refused connection as Go's client words it, with exit code 2", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const io = memoryIo({ env: { VAULT_ADDR: `http://127.0.0.1:${port}` } });
    expect(await runRead(["kmip/config"], io)).toBe(2);
    expect(io.stderr()).toBe(
      `Error reading kmip/config: Get "http://127.0.0.1:${port}/v1/kmip/config": ` +
        `dial tcp 127.0.0.1:${port}: connect: connection refused\n`,
    );
  });

  it("sends query parameters sorted by key", async () => {
    vault = await startFakeVault({ "GET /v1/kmip/x": { json: envelope({ a: "1" }) } });
    await runVerb(runRead, ["kmip/x", "z=1", "a=b c", "a=2"], vault);
    expect(vault.requests[0]?.requestLine).toBe("GET /v1/kmip/x?a=b+c&a=2&z=1 HTTP/1.1");
  });
});
