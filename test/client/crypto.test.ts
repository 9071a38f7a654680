/**
 * The client's crypto helpers (`src/client/crypto.ts`) over mutual TLS against the real
 * operation handlers (`crypto-server.ts`): each helper's request, the round trips, and a refusal
 * as KmipResultError, in KMIP 1.4 and 2.1.
 */
import { createHash, createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KmipClient } from "../../src/client/client.js";
import {
  createKeyPair,
  cryptographicParameters,
  decrypt,
  encrypt,
  hash,
  mac,
  macVerify,
  rngRetrieve,
  sign,
  verify,
} from "../../src/client/crypto.js";
import { KmipResultError } from "../../src/client/errors.js";
import {
  CryptographicAlgorithm as A,
  BlockCipherMode as BCM,
  PaddingMethod as P,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { type CryptoServer, startCryptoServer } from "./crypto-server.js";
import { makeCredentials } from "./fake-server.js";

let crypto: CryptoServer;
let creds: Awaited<ReturnType<typeof makeCredentials>>;

beforeAll(async () => {
  creds = await makeCredentials();
  crypto = await startCryptoServer(creds);
});
afterAll(async () => crypto.close());

const text = (s: string) => new Uint8Array(Buffer.from(s));

async function withClient<T>(version: string, fn: (client: KmipClient) => Promise<T>): Promise<T> {
  const client = await KmipClient.connect({
    host: "127.0.0.1",
    port: crypto.server.port,
    ca: creds.ca,
    cert: creds.cert,
    key: creds.key,
    version,
  });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

describe("cryptographicParameters", () => {
  it("names the enumerations and leaves out what is not given", () => {
    expect(cryptographicParameters({})).toBeUndefined();
    expect(
      cryptographicParameters({
        mode: "CBC",
        padding: "PKCS5",
        hashing: "SHA-256",
        randomIv: true,
        tagLength: 16,
      }),
    ).toEqual({
      blockCipherMode: BCM.CBC,
      paddingMethod: P.PKCS5,
      hashingAlgorithm: 6,
      randomIV: true,
      tagLength: 16,
    });
    expect(cryptographicParameters({ algorithm: "HMAC-SHA256" })).toEqual({
      cryptographicAlgorithm: A.HMAC_SHA256,
    });
  });
});

describe.each(["1.4", "2.1"])("client crypto helpers, KMIP %s", (version) => {
  it("creates an RSA pair, signs and verifies; creates an EC pair by curve", () =>
    withClient(version, async (client) => {
      const pair = await createKeyPair(client, { algorithm: "RSA", length: 2048, name: "signer" });
      await client.activate(pair.privateKey);
      await client.activate(pair.publicKey);
      const options = { hashing: "SHA-256", padding: "PSS" };
      const signature = await sign(client, pair.privateKey, text("message"), options);
      expect(signature).toHaveLength(256);
      expect(await verify(client, pair.publicKey, text("message"), signature, options)).toBe(true);
      expect(await verify(client, pair.publicKey, text("other"), signature, options)).toBe(false);
      const ec = await createKeyPair(client, { algorithm: "EC", curve: "P-384" });
      const attrs = await client.getAttributes(ec.publicKey, ["Cryptographic Length"]);
      expect(attrs[0]?.value).toBe(384);
    }));

  it("encrypts with a server-generated IV and decrypts", () =>
    withClient(version, async (client) => {
      const key = await client.create({ algorithm: "AES", length: 256 });
      await client.activate(key.uniqueIdentifier);
      const options = { mode: "CBC", padding: "PKCS5", randomIv: true };
      const enc = await encrypt(client, key.uniqueIdentifier, text("plaintext"), options);
      expect(enc.iv).toHaveLength(16);
      const plain = await decrypt(client, key.uniqueIdentifier, enc.data, {
        mode: "CBC",
        padding: "PKCS5",
        iv: enc.iv,
      });
      expect(Buffer.from(plain).toString()).toBe("plaintext");
    }));

  it("MACs and verifies with an HMAC key, hashes, and retrieves random bytes", () =>
    withClient(version, async (client) => {
      const material = new Uint8Array(32).fill(0x0b);
      const key = await client.register({
        type: "symmetric-key",
        material,
        algorithm: "HMAC-SHA256",
        usageMask: "MAC Generate MAC Verify",
      });
      await client.activate(key.uniqueIdentifier);
      const macData = await mac(client, key.uniqueIdentifier, text("data"));
      expect(Buffer.from(macData).toString("hex")).toBe(
        createHmac("sha256", material).update("data").digest("hex"),
      );
      expect(await macVerify(client, key.uniqueIdentifier, text("data"), macData)).toBe(true);
      const digest = await hash(client, text("abc"), "SHA-256");
      expect(Buffer.from(digest).toString("hex")).toBe(createHash("sha256").update("abc").digest("hex"));
      expect(await rngRetrieve(client, 24)).toHaveLength(24);
    }));

  it("throws KmipResultError with the server's reason", () =>
    withClient(version, async (client) => {
      const key = await client.create({ algorithm: "AES", length: 128 });
      const e = await encrypt(client, key.uniqueIdentifier, text("x"), { mode: "ECB" }).catch(
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(KmipResultError);
      expect((e as KmipResultError).resultReason).toBe(
        version === "2.1" ? R.WrongKeyLifecycleState : R.PermissionDenied,
      );
    }));
});
