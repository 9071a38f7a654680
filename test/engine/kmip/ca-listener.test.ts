/** Named CAs and listeners (Vault 2.0, contract §2.4, §2.5). */
import { X509Certificate } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { type Engine, expectApiError, newEngine, openssl, opensslVerify, splitPem } from "./harness.js";

/** A self-made external CA, as an operator would import it. */
function externalCaPem(): string {
  return openssl([
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    "/dev/null",
    "-subj",
    "/CN=External CA",
    "-days",
    "30",
  ]).trim();
}

describe("named CAs", () => {
  let kmip: Engine;
  beforeEach(async () => {
    kmip = await newEngine();
  });

  it("generates a CA: both response shapes, default ttl 365d, duration ttl", async () => {
    const data = await kmip.write("ca/my-ca/generate", { key_type: "rsa", key_bits: 2048 });
    expect(Object.keys(data ?? {}).sort()).toEqual(
      [
        "ca_chain",
        "ca_pem",
        "certificate",
        "imported",
        "key_bits",
        "key_type",
        "serial_number",
        "ttl",
      ].sort(),
    );
    expect(data).toMatchObject({ key_type: "rsa", key_bits: 2048, ttl: 31_536_000, imported: false });
    const chain = data?.ca_chain as string[];
    expect(chain).toHaveLength(2);
    expect(data?.certificate).toBe(chain[0]);
    expect(data?.ca_pem).toBe(chain.join("\n"));
    const intermediate = new X509Certificate(chain[0] ?? "");
    expect(BigInt(`0x${intermediate.serialNumber}`).toString(10)).toBe(data?.serial_number);
    expect(intermediate.subject).toBe("CN=kmipd my-ca intermediate");

    const other = await kmip.write("ca/short/generate", { key_type: "ec", key_bits: 384, ttl: "8760h" });
    expect(other?.ttl).toBe(31_536_000);
    expect(await kmip.read("ca/my-ca")).toEqual(data);
    expect(await kmip.list("ca")).toEqual(["my-ca", "short"]);
  });

  it("validates generate input", async () => {
    await expectApiError(kmip.write("ca/x/generate", { key_type: "ec" }), 400, /key_bits/);
    await expectApiError(kmip.write("ca/x/generate", { key_bits: 256 }), 400, /key_type/);
    await expectApiError(
      kmip.write("ca/x/generate", { key_type: "ec", key_bits: 2048 }),
      400,
      /invalid key bits/,
    );
    await expectApiError(
      kmip.write("ca/x/generate", { key_type: "rsa", key_bits: 1024 }),
      400,
      /invalid key bits/,
    );
    await expectApiError(
      kmip.write("ca/bad name/generate", { key_type: "ec", key_bits: 256 }),
      400,
      /invalid CA name/,
    );
    await kmip.write("ca/x/generate", { key_type: "ec", key_bits: 256 });
    await expectApiError(
      kmip.write("ca/x/generate", { key_type: "ec", key_bits: 256 }),
      400,
      /already exists/,
    );
    expect(await kmip.list("ca")).toEqual(["x"]);
  });

  it("imports a CA with a name or field mapping and updates only imported CAs", async () => {
    const pem = externalCaPem();
    const data = await kmip.write("ca/ext/import", { ca_pem: pem, scope_field: "OU", role_field: "CN" });
    expect(data).toMatchObject({ imported: true, scope_field: "OU", role_field: "CN", certificate: pem });
    expect(data?.ca_chain).toEqual([pem]);
    await kmip.write("ca/ext", { scope_name: "my-service" });
    expect(await kmip.read("ca/ext")).toMatchObject({ scope_name: "my-service", role_field: "CN" });
    expect(await kmip.read("ca/ext")).not.toHaveProperty("scope_field");

    await kmip.write("ca/gen/generate", { key_type: "ec", key_bits: 256 });
    await expectApiError(kmip.write("ca/gen", { scope_name: "x" }), 400, /generated CAs cannot be updated/);
    await expectApiError(kmip.write("ca/missing", { scope_name: "x" }), 400, /does not exist/);
    await expectApiError(kmip.read("ca/missing"), 404);
  });

  it.each([
    [{ scope_name: "s", scope_field: "OU", role_name: "r" }, /only one of scope_name and scope_field/],
    [{ scope_name: "s", role_name: "r", role_field: "CN" }, /only one of role_name and role_field/],
    [{ role_name: "r" }, /exactly one of scope_name and scope_field is required/],
    [{ scope_name: "s" }, /exactly one of role_name and role_field is required/],
    [{ scope_field: "SN", role_name: "r" }, /scope_field/],
  ])("rejects import mapping %j", async (mapping, message) => {
    await expectApiError(kmip.write("ca/ext/import", { ca_pem: externalCaPem(), ...mapping }), 400, message);
    expect(await kmip.list("ca")).toEqual([]);
  });

  it("rejects an import that is not a CA certificate", async () => {
    await expectApiError(kmip.write("ca/ext/import", { scope_name: "s", role_name: "r" }), 400, /ca_pem/);
    await expectApiError(
      kmip.write("ca/ext/import", { ca_pem: "junk", scope_name: "s", role_name: "r" }),
      400,
    );
  });

  it("refuses to delete a CA that a listener or role uses", async () => {
    await kmip.write("ca/a/generate", { key_type: "ec", key_bits: 256 });
    await kmip.write("ca/b/generate", { key_type: "ec", key_bits: 256 });
    await kmip.write("listener/l1", { ca: "a", address: "0.0.0.0:5697", additional_client_cas: "b" });
    await expectApiError(kmip.remove("ca/a"), 400, /in use by listener "l1"/);
    await expectApiError(kmip.remove("ca/b"), 400, /in use by listener "l1"/);
    await kmip.remove("listener/l1");
    await kmip.write("scope/s");
    await kmip.write("scope/s/role/r", { operation_get: true, ca: "a" });
    await expectApiError(kmip.remove("ca/a"), 400, /in use by role "r" of scope "s"/);
    await kmip.remove("ca/b");
    await kmip.remove("scope/s/role/r");
    await kmip.remove("ca/a");
    await kmip.remove("ca/a"); // idempotent
    expect(await kmip.list("ca")).toEqual([]);
  });

  it("issues a role's credentials from its named CA", async () => {
    await kmip.write("config", {});
    const ca = await kmip.write("ca/issuer/generate", { key_type: "ec", key_bits: 256 });
    await kmip.write("scope/s");
    await kmip.write("scope/s/role/r", { operation_all: true, ca: "issuer" });
    const data = await kmip.write("scope/s/role/r/credential/generate");
    expect(opensslVerify(ca?.ca_pem as string, data?.certificate as string)).toContain("OK");
    expect(data?.ca_chain).toEqual(ca?.ca_chain);
    const legacy = (await kmip.read("ca")).ca_pem as string;
    expect(() => opensslVerify(legacy, data?.certificate as string)).toThrow();
  });
});

describe("named listeners", () => {
  let kmip: Engine;
  beforeEach(async () => {
    kmip = await newEngine();
    await kmip.write("ca/my-ca/generate", { key_type: "ec", key_bits: 256 });
  });

  it("stores a listener with its defaults and reads it back", async () => {
    const data = await kmip.write("listener/my-listener", { ca: "my-ca", address: "0.0.0.0:5697" });
    const expected = {
      ca: "my-ca",
      address: "0.0.0.0:5697",
      server_hostnames: [],
      server_ips: ["127.0.0.1", "::1"],
      additional_client_cas: [],
      also_use_legacy_ca: false,
      tls_min_version: "tls12",
      tls_max_version: "",
      tls_cipher_suites: "",
    };
    expect(data).toEqual(expected);
    expect(await kmip.read("listener/my-listener")).toEqual(expected);
    expect(await kmip.list("listener")).toEqual(["my-listener"]);
    await kmip.remove("listener/my-listener");
    expect(await kmip.list("listener")).toEqual([]);
    await expectApiError(kmip.read("listener/my-listener"), 404);
  });

  it("takes the contract's sample input", async () => {
    const pem = externalCaPem();
    await kmip.write("ca/my-imported-ca/import", { ca_pem: pem, scope_name: "s", role_name: "r" });
    const data = await kmip.write("listener/my-listener", {
      ca: "my-ca",
      address: "0.0.0.0:5697",
      server_hostnames: "kmip.example.com,kmip2.example.com",
      server_ips: "192.168.1.100",
      additional_client_cas: "my-imported-ca",
      also_use_legacy_ca: "true",
      tls_min_version: "tls12",
      tls_max_version: "tls13",
      tls_cipher_suites: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    });
    expect(data).toMatchObject({
      server_hostnames: ["kmip.example.com", "kmip2.example.com"],
      server_ips: ["192.168.1.100"],
      additional_client_cas: ["my-imported-ca"],
      also_use_legacy_ca: true,
      tls_max_version: "tls13",
      tls_cipher_suites: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    });
  });

  it.each([
    [{ address: "0.0.0.0:5697" }, /missing required field: ca/],
    [{ ca: "my-ca" }, /missing required field: address/],
    [{ ca: "nope", address: "0.0.0.0:5697" }, /CA "nope" does not exist/],
    [{ ca: "my-ca", address: "0.0.0.0:5697", additional_client_cas: "nope" }, /CA "nope" does not exist/],
    [{ ca: "my-ca", address: "0.0.0.0:5697", tls_min_version: "tls11" }, /tls_min_version/],
    [{ ca: "my-ca", address: "0.0.0.0:5697", tls_max_version: "tls10" }, /tls_max_version/],
    [{ ca: "my-ca", address: "0.0.0.0:5697", tls_min_version: "tls13", tls_max_version: "tls12" }, /greater/],
    [{ ca: "my-ca", address: "0.0.0.0:5697", tls_cipher_suites: "TLS_RSA_WITH_RC4_128_SHA" }, /unsupported/],
    [{ ca: "my-ca", address: "0.0.0.0:x" }, /invalid listen address/],
    [{ ca: "my-ca", address: "0.0.0.0:5697", server_ips: "nope" }, /invalid server IP/],
  ])("rejects %j with 400", async (input, message) => {
    await expectApiError(kmip.write("listener/l", input), 400, message);
    expect(await kmip.list("listener")).toEqual([]);
  });

  it("requires a generated CA and a free address", async () => {
    await kmip.write("ca/ext/import", { ca_pem: externalCaPem(), scope_name: "s", role_name: "r" });
    await expectApiError(
      kmip.write("listener/l", { ca: "ext", address: ":5697" }),
      400,
      /must be a generated CA/,
    );
    await kmip.write("listener/l1", { ca: "my-ca", address: "0.0.0.0" });
    expect((await kmip.read("listener/l1")).address).toBe("0.0.0.0:5696");
    await expectApiError(
      kmip.write("listener/l2", { ca: "my-ca", address: "0.0.0.0:5696" }),
      400,
      /already used/,
    );
    await kmip.write("listener/l1", { ca: "my-ca", address: "0.0.0.0:5696", server_ips: "10.0.0.1" }); // update
    expect((await kmip.read("listener/l1")).server_ips).toEqual(["10.0.0.1"]);
  });

  it("has its server certificate issued by its CA for its names", async () => {
    const ca = await kmip.read("ca/my-ca");
    await kmip.write("listener/l1", { ca: "my-ca", address: ":5697", server_hostnames: "kmip.example.com" });
    const [listener] = await kmip.backend.state.listListeners();
    if (!listener) throw new Error("no listener");
    const server = await kmip.backend.state.serverCredentials(listener);
    expect(opensslVerify(ca.ca_pem as string, server.certificatePem)).toContain("OK");
    const x509 = new X509Certificate(server.certificatePem);
    expect(x509.subjectAltName).toContain("DNS:kmip.example.com");
    expect(x509.subjectAltName).toContain("IP Address:127.0.0.1");
    expect(splitPem(server.certificateChainPem)).toHaveLength(2);
  });
});
