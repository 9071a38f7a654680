/**
 * Handshake failure causes from real TLS failures: a mutual-TLS server like the KMIP listener
 * (requestCert, rejectUnauthorized, a handshake deadline), with certificates made by openssl, and
 * clients that send no certificate, one from an unknown CA, nothing at all, or HTTP.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, createServer, type Server, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handshakeCause } from "../../src/metrics/handshake-cause.js";
import type { HandshakeFailureCause } from "../../src/server/options.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-handshake-"));
const file = (name: string) => readFileSync(join(dir, name));
const causes: HandshakeFailureCause[] = [];
let server: Server;
let port: number;

function openssl(...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
}

/** A self-signed CA `name`, and a leaf `leaf` it signs. */
function pki(name: string, leaf: string, cn: string): void {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.pem`,
    "-subj",
    `/CN=${name}`,
    "-days",
    "1",
  );
  openssl("req", ...ec, "-keyout", `${leaf}.key`, "-out", `${leaf}.csr`, "-subj", `/CN=${cn}`);
  openssl(
    "x509",
    "-req",
    "-in",
    `${leaf}.csr`,
    "-CA",
    `${name}.pem`,
    "-CAkey",
    `${name}.key`,
    "-CAcreateserial",
    "-out",
    `${leaf}.pem`,
    "-days",
    "1",
  );
}

/** Resolves with the cause counted for the next failed handshake. */
function nextCause(): Promise<HandshakeFailureCause> {
  const seen = causes.length;
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (causes.length > seen) {
        clearInterval(poll);
        resolve(causes[seen]!);
      }
    }, 5);
  });
}

function tlsClient(options: { cert?: Buffer; key?: Buffer; maxVersion?: "TLSv1.2" | "TLSv1.3" }): void {
  const socket = connect({
    host: "127.0.0.1",
    port,
    ca: file("ca.pem"),
    servername: "localhost",
    ...options,
  });
  socket.on("error", () => undefined);
  socket.on("secureConnect", () => socket.write("x"));
}

beforeAll(async () => {
  pki("ca", "server", "localhost");
  pki("other", "stranger", "stranger");
  server = createServer(
    {
      key: file("server.key"),
      cert: file("server.pem"),
      ca: file("ca.pem"),
      requestCert: true,
      rejectUnauthorized: true,
      handshakeTimeout: 200,
    },
    (socket) => socket.end(),
  );
  server.on("tlsClientError", (error, socket: TLSSocket) => {
    causes.push(handshakeCause(error, socket.authorizationError));
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("handshake failure causes", () => {
  for (const maxVersion of ["TLSv1.2", "TLSv1.3"] as const) {
    it(`no certificate (${maxVersion})`, async () => {
      const cause = nextCause();
      tlsClient({ maxVersion });
      expect(await cause).toBe("no_certificate");
    });

    it(`a certificate from an unknown CA (${maxVersion})`, async () => {
      const cause = nextCause();
      tlsClient({ cert: file("stranger.pem"), key: file("stranger.key"), maxVersion });
      expect(await cause).toBe("unknown_ca");
    });
  }

  it("no handshake before the deadline", async () => {
    const cause = nextCause();
    const socket = netConnect(port, "127.0.0.1");
    socket.on("error", () => undefined);
    expect(await cause).toBe("timeout");
    socket.destroy();
  });

  it("not TLS at all", async () => {
    const cause = nextCause();
    const socket = netConnect(port, "127.0.0.1", () => socket.write("GET / HTTP/1.1\r\n\r\n"));
    socket.on("error", () => undefined);
    expect(await cause).toBe("protocol");
  });

  it("maps verification results and OpenSSL codes", () => {
    expect(handshakeCause(new Error("socket hang up"), "CERT_HAS_EXPIRED")).toBe("expired");
    expect(handshakeCause(new Error("socket hang up"), "CERT_REVOKED")).toBe("unauthorized");
    expect(handshakeCause(new Error("socket hang up"), "INVALID_PURPOSE")).toBe("bad_certificate");
    expect(handshakeCause(Object.assign(new Error("x"), { code: "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA" }))).toBe(
      "unknown_ca",
    );
    expect(handshakeCause(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBe("other");
  });
});
