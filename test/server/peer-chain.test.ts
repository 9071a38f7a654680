/**
 * A client whose certificate an intermediate signed, under an imported root CA: the listener
 * trusts the root only, so the client sends the intermediate in its TLS chain, and identifying it
 * takes that chain (read only when the certificate does not verify alone: `identity.ts`).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { ResultStatus } from "../../src/kmip/generated/enums.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { TtlvFramer } from "../../src/ttlv/framer.js";
import { type Fixture, mountUuid, startFixture } from "./fixture.js";
import { field, locate, readResponse, request } from "./ttlv-builders.js";

let fx: Fixture | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** root → intermediate → client (OU=finance, CN=accounting), EC P-256, by the openssl CLI. */
function chain(folder: string): { root: string; intermediate: string; leaf: string; key: string } {
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: folder, stdio: "ignore" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  const caExt = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n";
  writeFileSync(join(folder, "ca.ext"), caExt);
  writeFileSync(
    join(folder, "leaf.ext"),
    "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n",
  );
  openssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "root.key",
    "-out",
    "root.pem",
    "-subj",
    "/CN=Ext Root",
    "-days",
    "2",
  );
  const sign = (name: string, by: string, ext: string) =>
    openssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${by}.pem`,
      "-CAkey",
      `${by}.key`,
      "-CAcreateserial",
      "-days",
      "2",
      "-sha256",
      "-extfile",
      ext,
      "-out",
      `${name}.pem`,
    );
  openssl("req", ...ec, "-keyout", "int.key", "-out", "int.csr", "-subj", "/CN=Ext Intermediate");
  sign("int", "root", "ca.ext");
  openssl("req", ...ec, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/OU=finance/CN=accounting");
  sign("leaf", "int", "leaf.ext");
  const read = (file: string) => readFileSync(join(folder, file), "utf8");
  return {
    root: read("root.pem"),
    intermediate: read("int.pem"),
    leaf: read("leaf.pem"),
    key: read("leaf.key"),
  };
}

function locateStatus(port: number, cert: string, key: string): Promise<number | "closed"> {
  return new Promise((resolve) => {
    // The server certificate is not what this test is about.
    const socket = connect({ host: "127.0.0.1", port, cert, key, rejectUnauthorized: false });
    const framer = new TtlvFramer();
    socket.once("secureConnect", () => socket.write(request([1, 4], [locate()])));
    socket.on("data", (chunk: Buffer) => {
      const [message] = framer.push(chunk);
      if (message === undefined) return;
      socket.destroy();
      resolve(field(readResponse(message).items[0], Tag.ResultStatus) as number);
    });
    socket.on("error", () => undefined);
    socket.once("close", () => resolve("closed"));
  });
}

describe("a client certificate under an intermediate it sends", () => {
  it("is identified through the chain it sent, on every connection", async () => {
    dir = mkdtempSync(join(tmpdir(), "kmipd-peer-chain-"));
    const pki = chain(dir);
    fx = await startFixture();
    await fx.engine.write("ca/ext/import", { ca_pem: pki.root, scope_field: "OU", role_field: "CN" });
    // A listener's own `ca` must be generated; imported CAs are trusted as additional client CAs.
    await fx.engine.write("ca/team/generate", { key_type: "ec", key_bits: 256 });
    const listener = {
      ca: "team",
      additional_client_cas: "ext",
      server_hostnames: "localhost",
      address: "127.0.0.1:0",
    };
    await fx.engine.write("listener/ext", listener);
    await fx.service.settled(mountUuid);

    const withChain = `${pki.leaf}${pki.intermediate}`;
    for (let i = 0; i < 3; i++) {
      expect(await locateStatus(fx.port("ext"), withChain, pki.key)).toBe(ResultStatus.Success);
    }
    expect(fx.seen.map((s) => s.roleName)).toEqual(["accounting", "accounting", "accounting"]);
    // Without its intermediate the handshake itself fails.
    expect(await locateStatus(fx.port("ext"), pki.leaf, pki.key)).toBe("closed");
    expect(fx.seen).toHaveLength(3);
  });
});
