/**
 * The tutorial flow of contract §7, end to end through the PathDef handlers: config → ca →
 * scope → role operation_all → credential generate → list → lookup → revoke → role update with
 * specific flags → role read shape → role delete → scope delete force.
 */
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { legacyCaName } from "../../../src/engine/kmip/state.js";
import { newEngine, opensslVerify, splitPem } from "./harness.js";

describe("kmip tutorial flow (contract §7)", () => {
  it("runs config → credential → revoke → role update → deletes", async () => {
    const kmip = await newEngine();
    expect(await kmip.write("config", { listen_addrs: "0.0.0.0:5696" })).toBeUndefined();

    const caPem = (await kmip.read("ca")).ca_pem as string;
    const [intermediate, root] = splitPem(caPem);
    expect(new X509Certificate(intermediate ?? "").subject).toBe("CN=kmipd kmip intermediate");
    expect(new X509Certificate(root ?? "").subject).toBe("CN=kmipd kmip root");

    expect(await kmip.write("scope/finance")).toBeUndefined();
    expect(await kmip.list("scope")).toEqual(["finance"]);
    expect(await kmip.write("scope/finance/role/accounting", { operation_all: true })).toBeUndefined();
    expect(await kmip.list("scope/finance/role")).toEqual(["accounting"]);
    expect(await kmip.read("scope/finance/role/accounting")).toEqual({
      operation_all: true,
      tls_client_key_bits: 0,
      tls_client_key_type: "",
      tls_client_ttl: 0,
    });

    const credential = await kmip.write("scope/finance/role/accounting/credential/generate", {
      format: "pem",
    });
    expect(Object.keys(credential ?? {}).sort()).toEqual([
      "ca_chain",
      "certificate",
      "private_key",
      "serial_number",
    ]);
    const serial = credential?.serial_number as string;
    expect(serial).toMatch(/^[1-9][0-9]{40,48}$/);
    expect(credential?.private_key).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(credential?.ca_chain).toEqual([intermediate, root]);
    expect(opensslVerify(caPem, credential?.certificate as string)).toContain("leaf.pem: OK");

    expect(await kmip.list("scope/finance/role/accounting/credential")).toEqual([serial]);
    const looked = await kmip.read("scope/finance/role/accounting/credential/lookup", {
      serial_number: serial,
    });
    expect(looked).toEqual({
      ca_chain: credential?.ca_chain,
      certificate: credential?.certificate,
      serial_number: serial,
    });

    const subject = new X509Certificate(credential?.certificate as string).subject;
    const [ou, cn] = subject.split("\n").map((line) => line.split("=")[1] ?? "");
    const lookup = { serialDecimal: serial, issuerCa: legacyCaName, subject: { OU: ou ?? "", CN: cn ?? "" } };
    expect((await kmip.backend.state.resolveClient(lookup))?.roleName).toBe("accounting");

    await kmip.write("scope/finance/role/accounting/credential/revoke", { serial_number: serial });
    expect(await kmip.list("scope/finance/role/accounting/credential")).toEqual([]);
    expect(await kmip.backend.state.resolveClient(lookup)).toBeUndefined();

    await kmip.write("scope/finance/role/accounting", {
      operation_activate: true,
      operation_create: true,
      operation_get: true,
    });
    expect(await kmip.read("scope/finance/role/accounting")).toEqual({
      operation_activate: true,
      operation_create: true,
      operation_get: true,
      tls_client_key_bits: 0,
      tls_client_key_type: "",
      tls_client_ttl: 0,
    });

    await kmip.remove("scope/finance/role/accounting");
    expect(await kmip.list("scope/finance/role")).toEqual([]);
    await kmip.remove("scope/finance", { force: "true" });
    expect(await kmip.list("scope")).toEqual([]);
  });
});
