/** Credentials (contract §2.8, §3): generate, formats, sign, lookup, list, revoke; the profile. */
import { createPrivateKey, X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type Engine, expectApiError, makeCsr, newEngine, opensslVerify, splitPem } from "./harness.js";

const base = "scope/finance/role/accounting";
const clientAuth = "1.3.6.1.5.5.7.3.2";

async function configured(config: Record<string, unknown> = {}): Promise<Engine> {
  const kmip = await newEngine();
  await kmip.write("config", config);
  await kmip.write("scope/finance");
  await kmip.write(base, { operation_all: true });
  return kmip;
}

/** The OU and CN of a certificate subject. */
function subjectOf(pem: string): Record<string, string> {
  const pairs = new X509Certificate(pem).subject.split("\n").map((line) => line.split("="));
  return Object.fromEntries(pairs.map(([key = "", value = ""]) => [key, value]));
}

function storedId(kmip: Engine, key: string): Promise<string> {
  return kmip.storage.get(key).then((bytes) => JSON.parse(new TextDecoder().decode(bytes)).id);
}

describe("credential/generate", () => {
  let kmip: Engine;
  let caPem: string;
  beforeAll(async () => {
    kmip = await configured();
    caPem = (await kmip.read("ca")).ca_pem as string;
  });

  it("issues a client certificate with the contract §3 profile", async () => {
    const before = Date.now();
    const data = await kmip.write(`${base}/credential/generate`);
    const certificate = data?.certificate as string;
    expect(opensslVerify(caPem, certificate)).toContain("leaf.pem: OK");
    const x509 = new X509Certificate(certificate);
    expect(subjectOf(certificate)).toEqual({
      OU: await storedId(kmip, "scope/finance"),
      CN: await storedId(kmip, "role/finance/accounting"),
    });
    expect(x509.keyUsage).toEqual([clientAuth]);
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    const notBefore = Date.parse(x509.validFrom);
    const notAfter = Date.parse(x509.validTo);
    expect(notBefore).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 31_000);
    expect(notBefore).toBeLessThanOrEqual(Date.now() - 29_000);
    expect(notAfter - notBefore).toBe((336 * 3600 + 30) * 1000); // now + 336h, now − 30 s
    expect(Math.abs(notAfter - (before + 336 * 3600 * 1000))).toBeLessThan(2000);
    expect(BigInt(`0x${x509.serialNumber}`).toString(10)).toBe(data?.serial_number);
    expect(BigInt(`0x${x509.serialNumber}`) < 1n << 160n).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(data?.private_key as string))).toBe(true);
  });

  it("defaults to pem and supports pem_bundle and der", async () => {
    const bundle = await kmip.write(`${base}/credential/generate`, { format: "pem_bundle" });
    const blocks = splitPem(bundle?.certificate as string);
    expect(blocks).toHaveLength(4); // key, certificate, intermediate, root
    expect(blocks[0]).toBe(bundle?.private_key);
    const der = await kmip.write(`${base}/credential/generate`, { format: "der" });
    const x509 = new X509Certificate(Buffer.from(der?.certificate as string, "base64"));
    expect(BigInt(`0x${x509.serialNumber}`).toString(10)).toBe(der?.serial_number);
    expect(((der?.ca_chain ?? []) as string[]).every((entry) => /^[A-Za-z0-9+/=]+$/.test(entry))).toBe(true);
    await expectApiError(kmip.write(`${base}/credential/generate`, { format: "pkcs12" }), 400, /format/);
  });

  it("uses the role's key type, bits and TTL over the config defaults", async () => {
    await kmip.write("scope/finance/role/rsa", {
      operation_get: true,
      tls_client_key_type: "rsa",
      tls_client_key_bits: 2048,
      tls_client_ttl: "2h",
    });
    const data = await kmip.write("scope/finance/role/rsa/credential/generate");
    const x509 = new X509Certificate(data?.certificate as string);
    expect(x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(data?.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(Date.parse(x509.validTo) - Date.parse(x509.validFrom)).toBe((2 * 3600 + 30) * 1000);
    expect(opensslVerify(caPem, data?.certificate as string)).toContain("OK");
  });

  it("is a 400 for a missing role or scope, or before the config is written", async () => {
    await expectApiError(kmip.write("scope/finance/role/nope/credential/generate"), 400, /role "nope"/);
    await expectApiError(kmip.write("scope/nope/role/accounting/credential/generate"), 400, /scope "nope"/);
    const fresh = await newEngine();
    await fresh.write("scope/s");
    await fresh.write("scope/s/role/r", { operation_all: true });
    await expectApiError(fresh.write("scope/s/role/r/credential/generate"), 400, /write kmip\/config first/);
  });
});

describe("credential/sign", () => {
  it("signs a CSR of the role's key type and size, with the scope/role subject", async () => {
    const kmip = await configured();
    const caPem = (await kmip.read("ca")).ca_pem as string;
    const data = await kmip.write(`${base}/credential/sign`, { csr: makeCsr("ec:P-256") });
    expect(Object.keys(data ?? {}).sort()).toEqual(["ca_chain", "certificate", "serial_number"]);
    expect(opensslVerify(caPem, data?.certificate as string)).toContain("OK");
    expect(subjectOf(data?.certificate as string).OU).toBe(await storedId(kmip, "scope/finance"));
    expect(await kmip.list(`${base}/credential`)).toEqual([data?.serial_number]);
  });

  it("rejects a CSR whose key does not match the role's (400)", async () => {
    const kmip = await configured();
    await expectApiError(
      kmip.write(`${base}/credential/sign`, { csr: makeCsr("ec:P-384") }),
      400,
      /must match/,
    );
    await expectApiError(
      kmip.write(`${base}/credential/sign`, { csr: makeCsr("rsa:2048") }),
      400,
      /must match/,
    );
    await expectApiError(kmip.write(`${base}/credential/sign`, { csr: "not a csr" }), 400);
    await expectApiError(kmip.write(`${base}/credential/sign`, {}), 400, /missing required field: csr/);
    expect(await kmip.list(`${base}/credential`)).toEqual([]);
  });
});

describe("credential lookup, list and revoke", () => {
  it("finds, lists and revokes by serial or by certificate", async () => {
    const kmip = await configured();
    const one = await kmip.write(`${base}/credential/generate`);
    const two = await kmip.write(`${base}/credential/generate`);
    const serials = [one?.serial_number, two?.serial_number].sort();
    expect((await kmip.list(`${base}/credential`)).sort()).toEqual(serials);

    const der = await kmip.read(`${base}/credential/lookup`, {
      serial_number: one?.serial_number,
      format: "der",
    });
    expect(der.certificate).toBe(
      splitPem(one?.certificate as string)[0]
        ?.split("\n")
        .slice(1, -1)
        .join(""),
    );
    await expectApiError(kmip.read(`${base}/credential/lookup`, { serial_number: "12345" }), 404);
    await expectApiError(kmip.read(`${base}/credential/lookup`, { serial_number: "12a" }), 400);
    await expectApiError(kmip.read(`${base}/credential/lookup`), 400, /serial_number/);

    await kmip.write(`${base}/credential/revoke`, { certificate: one?.certificate });
    expect(await kmip.list(`${base}/credential`)).toEqual([two?.serial_number]);
    await kmip.write(`${base}/credential/revoke`, { serial_number: two?.serial_number });
    expect(await kmip.list(`${base}/credential`)).toEqual([]);
    await expectApiError(kmip.read(`${base}/credential/lookup`, { serial_number: one?.serial_number }), 404);
  });

  it("rejects revoke with neither or both inputs, or an unknown serial (400)", async () => {
    const kmip = await configured();
    const one = await kmip.write(`${base}/credential/generate`);
    await expectApiError(kmip.write(`${base}/credential/revoke`, {}), 400, /exactly one/);
    await expectApiError(
      kmip.write(`${base}/credential/revoke`, {
        serial_number: one?.serial_number,
        certificate: one?.certificate,
      }),
      400,
      /exactly one/,
    );
    await expectApiError(
      kmip.write(`${base}/credential/revoke`, { serial_number: "42" }),
      400,
      /no credential/,
    );
    await expectApiError(kmip.write(`${base}/credential/revoke`, { certificate: "junk" }), 400, /PEM/);
    expect(await kmip.list(`${base}/credential`)).toEqual([one?.serial_number]);
  });

  it("drops a role's credentials with the role", async () => {
    const kmip = await configured();
    await kmip.write(`${base}/credential/generate`);
    await kmip.remove(base);
    await kmip.write(base, { operation_all: true });
    expect(await kmip.list(`${base}/credential`)).toEqual([]);
    expect(await kmip.storage.list("index/serial/")).toEqual([]);
  });
});
