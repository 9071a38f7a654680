import type { AddressInfo } from "node:net";
import { connect, createServer, type Server, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CaHierarchy, generateCaHierarchy } from "../../src/pki/ca.js";
import { type ClientCredential, issueClientCertificate } from "../../src/pki/client-cert.js";
import { issueServerCertificate } from "../../src/pki/server-cert.js";
import { extractIdentity, generatedCaMapping, verifyPeerCertificate } from "../../src/pki/verify.js";

/**
 * The end-to-end check of the profiles: a client certificate and key from `issueClientCertificate`
 * complete a mutual-TLS handshake with `node:tls` (OpenSSL) against a server certificate from the
 * same hierarchy, the server requiring and verifying the client certificate, and the server then
 * derives the scope and role from it as the KMIP listener will.
 */

const now = new Date();

interface Fixture {
  readonly ca: CaHierarchy;
  readonly server: Server;
  readonly port: number;
  readonly credential: ClientCredential;
  /** Handshake failures the server saw (`tlsClientError`), to tell who refused whom. */
  readonly tlsErrors: string[];
  /** Connections that reached the handler, i.e. passed the server's client verification. */
  readonly accepted: { count: number };
}

async function startServer(ca: CaHierarchy, keyType: string, keyBits: number): Promise<Fixture> {
  const serverCertificate = await issueServerCertificate({ ca, now });
  const accepted = { count: 0 };
  const server = createServer(
    {
      key: serverCertificate.privateKeyPem,
      cert: `${serverCertificate.certificatePem}\n${ca.intermediate.certificatePem}`,
      ca: [ca.root.certificatePem],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: "TLSv1.2",
    },
    (socket) => {
      accepted.count += 1;
      answerWithIdentity(socket, ca);
    },
  );
  const tlsErrors: string[] = [];
  server.on("tlsClientError", (error) => tlsErrors.push(error.message));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const credential = await issueClientCertificate({
    ca,
    scopeId: "scopeAbc12",
    roleId: "roleXyz789",
    keyType,
    keyBits,
    ttlSeconds: 3600,
    now,
  });
  return { ca, server, port, credential, tlsErrors, accepted };
}

/** What the KMIP listener will do: take the peer chain, identify the CA, map scope and role. */
function answerWithIdentity(socket: TLSSocket, ca: CaHierarchy): void {
  const peer = socket.getPeerCertificate(true);
  const intermediates =
    peer.issuerCertificate && peer.issuerCertificate !== peer ? [peer.issuerCertificate.raw] : [];
  const verified = verifyPeerCertificate(
    peer.raw,
    [{ name: "legacy", certificatesPem: [...ca.caChain] }],
    new Date(),
    {
      intermediates,
    },
  );
  socket.end(JSON.stringify({ caName: verified.caName, ...extractIdentity(verified, generatedCaMapping) }));
}

/** Connects as a client; resolves with what the server answered, rejects on a refused handshake. */
function exchange(port: number, options: { ca: string; cert?: string; key?: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, servername: "localhost", ...options });
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => (received ? resolve(received) : reject(new Error("closed without an answer"))));
  });
}

describe.each([
  ["ec", 256],
  ["rsa", 2048],
] as const)("mutual TLS with an %s %d hierarchy", (keyType, keyBits) => {
  let fixture: Fixture;
  let other: CaHierarchy;
  beforeAll(async () => {
    const ca = await generateCaHierarchy({ keyType, keyBits, now });
    fixture = await startServer(ca, keyType, keyBits);
    other = await generateCaHierarchy({ keyType, keyBits, now });
  });
  afterAll(async () => {
    await new Promise((resolve) => fixture.server.close(resolve));
  });

  it("completes the handshake with the issued client certificate and maps its identity", async () => {
    const { ca, credential, port } = fixture;
    const answer = await exchange(port, {
      ca: ca.root.certificatePem,
      cert: `${credential.certificatePem}\n${ca.intermediate.certificatePem}`,
      key: credential.privateKeyPem ?? "",
    });
    expect(JSON.parse(answer)).toEqual({ caName: "legacy", scope: "scopeAbc12", role: "roleXyz789" });
  });

  it("is refused without a client certificate", async () => {
    await expect(exchange(fixture.port, { ca: fixture.ca.root.certificatePem })).rejects.toThrow(
      /certificate required/,
    );
  });

  it("is refused with a client certificate from another CA", async () => {
    const acceptedBefore = fixture.accepted.count;
    const errorsBefore = fixture.tlsErrors.length;
    const foreign = await issueClientCertificate({
      ca: other,
      scopeId: "scopeAbc12",
      roleId: "roleXyz789",
      keyType,
      keyBits,
      ttlSeconds: 3600,
      now,
    });
    await expect(
      exchange(fixture.port, {
        ca: fixture.ca.root.certificatePem,
        cert: `${foreign.certificatePem}\n${other.intermediate.certificatePem}`,
        key: foreign.privateKeyPem ?? "",
      }),
    ).rejects.toThrow();
    // Node verifies the client chain after the handshake and drops the socket ("socket hang up")
    // before the connection handler runs.
    expect(fixture.accepted.count).toBe(acceptedBefore);
    await expect.poll(() => fixture.tlsErrors.length).toBe(errorsBefore + 1);
  });

  it("lets the client reject a server outside its trusted root", async () => {
    await expect(exchange(fixture.port, { ca: other.root.certificatePem })).rejects.toThrow(/certificate/);
  });
});
