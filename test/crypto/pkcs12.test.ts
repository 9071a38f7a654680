/**
 * PKCS#12 (RFC 7292) with node:crypto (`src/crypto/pkcs12-*.ts`), checked against the openssl
 * CLI both ways: what we write, openssl reads with the right password (MAC, PBES2 bags, chain,
 * friendly name) and refuses with a wrong one; what openssl writes (its OpenSSL 3 default and
 * its -legacy 3DES/SHA-1 form), we read.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PKCS12_ITERATIONS_MAX } from "../../src/crypto/pkcs12-pbe.js";
import { readPkcs12 } from "../../src/crypto/pkcs12-read.js";
import { selectPkcs12 } from "../../src/crypto/pkcs12-select.js";
import { writePkcs12 } from "../../src/crypto/pkcs12-write.js";
import { ResultReason as R } from "../../src/kmip/generated/enums.js";
import { opensslChain } from "../helpers/openssl-chain.js";

const PASSWORD = "pässword"; // not ASCII: the MAC's BMPString and PBKDF2's UTF-8 must both be right
const pw = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"));

let dir: string;
let keyDer: Uint8Array;
let eeDer: Uint8Array;
let caDer: Uint8Array;

function openssl(...args: string[]): string {
  return execFileSync("openssl", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

beforeAll(() => {
  ({ dir, keyDer, eeDer, caDer } = opensslChain("kmipd-pkcs12-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reason = (fn: () => unknown): number | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as { reason?: number }).reason;
  }
  throw new Error("expected a failure");
};

describe("writePkcs12, read by openssl", () => {
  it("gives openssl the key and the chain under the right password, with a SHA-256 MAC and PBES2 bags", () => {
    const pfx = writePkcs12(
      { privateKey: keyDer, certificates: [eeDer, caDer], friendlyName: "alias" },
      pw(PASSWORD),
    );
    writeFileSync(join(dir, "ours.p12"), pfx);
    const info = openssl("pkcs12", "-info", "-in", "ours.p12", "-passin", `pass:${PASSWORD}`, "-nodes");
    expect(info).toContain("friendlyName: alias");
    expect(info.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    expect(info).toMatch(/subject=CN ?= ?End Entity/);
    expect(info).toMatch(/subject=CN ?= ?Test CA/);
    const keyPem = info.slice(info.indexOf("-----BEGIN PRIVATE KEY-----"));
    expect(
      createPrivateKey(keyPem).equals(
        createPrivateKey({ key: Buffer.from(keyDer), format: "der", type: "pkcs8" }),
      ),
    ).toBe(true);
    const detail = spawnSync(
      "openssl",
      ["pkcs12", "-info", "-noout", "-in", "ours.p12", "-passin", `pass:${PASSWORD}`],
      { cwd: dir, encoding: "utf8" },
    );
    expect(detail.stderr).toContain("MAC: sha256");
    expect(detail.stderr).toContain("PBES2, PBKDF2, AES-256-CBC");
  });

  it("is refused by openssl with a wrong password", () => {
    const pfx = writePkcs12(
      { privateKey: keyDer, certificates: [eeDer], friendlyName: "alias" },
      pw(PASSWORD),
    );
    writeFileSync(join(dir, "wrong.p12"), pfx);
    const r = spawnSync("openssl", ["pkcs12", "-in", "wrong.p12", "-passin", "pass:password", "-nodes"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/mac verify error/i);
    expect(r.stdout).not.toContain("PRIVATE KEY");
  });

  it("writes a key without certificates, which openssl reads", () => {
    writeFileSync(
      join(dir, "bare.p12"),
      writePkcs12({ privateKey: keyDer, certificates: [], friendlyName: "k" }, pw("x")),
    );
    const out = openssl("pkcs12", "-in", "bare.p12", "-passin", "pass:x", "-nodes");
    expect(out).toContain("BEGIN PRIVATE KEY");
    expect(out).not.toContain("BEGIN CERTIFICATE");
  });
});

describe("readPkcs12 and selectPkcs12", () => {
  it("round-trips what writePkcs12 makes: key, chain in order, friendly name", () => {
    const pfx = writePkcs12(
      { privateKey: keyDer, certificates: [eeDer, caDer], friendlyName: "alias" },
      pw(PASSWORD),
    );
    const selection = selectPkcs12(readPkcs12(pfx, pw(PASSWORD)), "ALIAS");
    expect(Buffer.from(selection.privateKey).equals(Buffer.from(keyDer))).toBe(true);
    expect(selection.chain.map((c) => Buffer.from(c).toString("hex"))).toEqual(
      [eeDer, caDer].map((c) => Buffer.from(c).toString("hex")),
    );
    expect(selection.friendlyName).toBe("alias");
  });

  it.each([
    ["OpenSSL 3 default (PBES2, SHA-256 MAC)", []],
    ["-legacy 3DES (SHA-1 MAC, as OASIS TC-PKCS12-2)", ["-legacy", "-certpbe", "PBE-SHA1-3DES"]],
    ["-certpbe and -keypbe AES-128-CBC", ["-certpbe", "AES-128-CBC", "-keypbe", "AES-128-CBC"]],
  ])("reads openssl's %s file", (_name, extra) => {
    openssl(
      "pkcs12",
      "-export",
      "-inkey",
      "ee.key",
      "-in",
      "ee.pem",
      "-certfile",
      "ca.pem",
      "-name",
      "Mine",
      "-out",
      "theirs.p12",
      "-passout",
      "pass:secret",
      ...extra,
    );
    const read = readPkcs12(readFileSync(join(dir, "theirs.p12")), pw("secret"));
    expect(read.privateKeys).toHaveLength(1);
    expect(read.certificates).toHaveLength(2);
    const selection = selectPkcs12(read);
    expect(selection.friendlyName).toBe("Mine");
    expect(Buffer.from(selection.privateKey).equals(Buffer.from(keyDer))).toBe(true);
    expect(Buffer.from(selection.chain[0] as Uint8Array).equals(Buffer.from(eeDer))).toBe(true);
    expect(Buffer.from(selection.chain[1] as Uint8Array).equals(Buffer.from(caDer))).toBe(true);
  });

  it("refuses a wrong password (Cryptographic Failure), garbage and a missing name (Invalid Field)", () => {
    const pfx = writePkcs12(
      { privateKey: keyDer, certificates: [eeDer], friendlyName: "alias" },
      pw(PASSWORD),
    );
    expect(reason(() => readPkcs12(pfx, pw("password")))).toBe(R.CryptographicFailure);
    expect(reason(() => readPkcs12(new Uint8Array([0x30, 0x03, 0x02, 0x01]), pw("x")))).toBe(R.InvalidField);
    expect(reason(() => readPkcs12(pfx.subarray(0, pfx.length - 1), pw(PASSWORD)))).toBe(R.InvalidField);
    expect(reason(() => selectPkcs12(readPkcs12(pfx, pw(PASSWORD)), "other"))).toBe(R.InvalidField);
    expect(reason(() => selectPkcs12({ privateKeys: [], certificates: [] }))).toBe(R.InvalidField);
  });

  it("refuses RC2-40 certificate encryption (openssl -legacy default) as Key Format Type Not Supported", () => {
    openssl(
      "pkcs12",
      "-export",
      "-legacy",
      "-inkey",
      "ee.key",
      "-in",
      "ee.pem",
      "-out",
      "rc2.p12",
      "-passout",
      "pass:s",
    );
    expect(reason(() => readPkcs12(readFileSync(join(dir, "rc2.p12")), pw("s")))).toBe(
      R.KeyFormatTypeNotSupported,
    );
  });

  it("refuses an iteration count above the bound before doing the work", () => {
    const iterations = String(PKCS12_ITERATIONS_MAX + 1);
    openssl(
      "pkcs12",
      "-export",
      "-inkey",
      "ee.key",
      "-in",
      "ee.pem",
      "-out",
      "slow.p12",
      "-passout",
      "pass:s",
      "-iter",
      iterations,
      "-nomac",
    );
    expect(reason(() => readPkcs12(readFileSync(join(dir, "slow.p12")), pw("s")))).toBe(R.InvalidField);
  });
});
