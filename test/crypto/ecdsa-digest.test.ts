/**
 * ECDSA and DSA over Digested Data through the openssl command (src/crypto/ecdsa-digest.ts,
 * reached by signAsync / verifyAsync): a signature of a digest verifies in node:crypto over the
 * ORIGINAL data (so it is a real ECDSA of that hash), a node:crypto signature over data verifies
 * by its digest, tampering gives false, lengths are checked, and the child process is bounded
 * (missing binary, deadline, output cap, children at once).
 */

import {
  createHash,
  createPrivateKey,
  sign as nodeSign,
  verify as nodeVerify,
  randomBytes,
} from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ecdsaSignDigest, ecdsaVerifyDigest } from "../../src/crypto/ecdsa-digest.js";
import { Semaphore } from "../../src/crypto/ecdsa-digest-limit.js";
import {
  MISSING_OPENSSL,
  OPENSSL_CHILDREN,
  OPENSSL_CHILDREN_MAX,
} from "../../src/crypto/ecdsa-digest-run.js";
import { signAsync, verifyAsync } from "../../src/crypto/sign.js";
import { KmipError } from "../../src/kmip/errors.js";
import {
  CryptographicAlgorithm as A,
  DigitalSignatureAlgorithm as D,
  HashingAlgorithm as H,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { dsa2048, ecP256, ecP384, ecP521, ed25519, type Pair, rsa2048 } from "./fixtures.js";
import { reasonOfAsync, unhex } from "./helpers.js";

const DATA = Buffer.from("the data whose digest the client computed");
const digestOf = (name: string, data: Uint8Array = DATA) =>
  new Uint8Array(createHash(name).update(data).digest());

/** An executable shell script in a fresh folder, standing in for the openssl binary. */
function fakeOpenssl(body: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "kmipd-fake-openssl-")), "openssl");
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Whether process `pid` has ended (no such process, or a zombie) within `ms`. */
async function endsWithin(pid: number, ms: number): Promise<boolean> {
  const ended = () => {
    try {
      process.kill(pid, 0);
    } catch {
      return true; // ESRCH
    }
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
    } catch {
      return true; // gone in between
    }
  };
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50)))
    if (ended()) return true;
  return ended();
}

describe("signAsync over a digest with ECDSA, checked over the data by node:crypto", () => {
  const cases: [string, () => Pair, number, string][] = [
    ["P-256", ecP256, H.SHA_256, "sha256"],
    ["P-384", ecP384, H.SHA_384, "sha384"],
    ["P-521", ecP521, H.SHA_512, "sha512"],
    ["P-256 with a longer hash (truncated, FIPS 186-4 §6.4)", ecP256, H.SHA_512, "sha512"],
    ["P-521 with a shorter hash", ecP521, H.SHA_256, "sha256"],
  ];
  it.each(cases)("%s", async (_name, pair, hashing, md) => {
    const { privateKey, publicKey } = pair();
    const signature = await signAsync({ algorithm: A.ECDSA, hashing, key: privateKey, digest: digestOf(md) });
    expect(signature[0]).toBe(0x30); // DER SEQUENCE { r, s }
    expect(nodeVerify(md, DATA, { key: publicKey, dsaEncoding: "der" }, signature)).toBe(true);
    expect(nodeVerify(md, Buffer.from("other data"), { key: publicKey, dsaEncoding: "der" }, signature)).toBe(
      false,
    );
    const back = await verifyAsync({
      algorithm: A.ECDSA,
      hashing,
      key: publicKey,
      digest: digestOf(md),
      signature,
    });
    expect(back).toBe(true);
  });

  it("takes the hash from a Digital Signature Algorithm (ECDSA with SHA-384)", async () => {
    const { privateKey, publicKey } = ecP384();
    const req = { algorithm: A.ECDSA, digitalSignatureAlgorithm: D.ECDSAWithSHA384, key: privateKey };
    const signature = await signAsync({ ...req, digest: digestOf("sha384") });
    expect(nodeVerify("sha384", DATA, publicKey, signature)).toBe(true);
    expect(await reasonOfAsync(() => signAsync({ ...req, digest: digestOf("sha256") }))).toBe(R.InvalidField);
  });
});

describe("verifyAsync over a digest", () => {
  it("accepts node:crypto's signature over the data, with the public or the private key", async () => {
    const { privateKey, publicKey } = ecP256();
    const signature = new Uint8Array(nodeSign("sha256", DATA, { key: privateKey, dsaEncoding: "der" }));
    const digest = digestOf("sha256");
    for (const key of [publicKey, privateKey])
      expect(await verifyAsync({ algorithm: A.ECDSA, hashing: H.SHA_256, key, digest, signature })).toBe(
        true,
      );
  });

  it("answers false for a tampered signature, another digest, garbage or nothing", async () => {
    const { privateKey, publicKey } = ecP384();
    const digest = digestOf("sha384");
    const signature = new Uint8Array(nodeSign("sha384", DATA, privateKey));
    const check = (d: Uint8Array, s: Uint8Array) =>
      verifyAsync({ algorithm: A.ECDSA, key: publicKey, digest: d, signature: s });
    const tampered = new Uint8Array(signature);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(await check(digest, tampered)).toBe(false);
    expect(await check(digestOf("sha384", Buffer.from("x")), signature)).toBe(false);
    expect(await check(digest, randomBytes(40))).toBe(false);
    expect(await check(digest, new Uint8Array(0))).toBe(false);
    expect(await check(digest, new Uint8Array(5000))).toBe(false);
    expect(await check(digest, signature)).toBe(true);
  });

  it("verifies with a key of another curve as false, not as an error", async () => {
    const signature = new Uint8Array(nodeSign("sha256", DATA, ecP256().privateKey));
    const req = { algorithm: A.ECDSA, key: ecP384().publicKey, digest: digestOf("sha256"), signature };
    expect(await verifyAsync(req)).toBe(false);
  });
});

describe("lengths, keys and schemes", () => {
  const { privateKey } = ecP256();

  it("a digest not of the named hash's length is Invalid Field (sign and verify)", async () => {
    const digest = digestOf("sha256").subarray(0, 31);
    const req = { algorithm: A.ECDSA, hashing: H.SHA_256, key: privateKey, digest };
    expect(await reasonOfAsync(() => signAsync(req))).toBe(R.InvalidField);
    expect(await reasonOfAsync(() => verifyAsync({ ...req, signature: new Uint8Array(70) }))).toBe(
      R.InvalidField,
    );
  });

  it("without a Hashing Algorithm: 1 to 64 bytes (OASIS TC-ECDSA-SIGN-DIGESTEDDATA-1 signs 16)", async () => {
    const sixteen = unhex("01020304050607080910111213141516");
    const signature = await signAsync({ algorithm: A.ECDSA, key: privateKey, digest: sixteen });
    const req = { algorithm: A.ECDSA, key: ecP256().publicKey, digest: sixteen, signature };
    expect(await verifyAsync(req)).toBe(true);
    for (const digest of [new Uint8Array(0), new Uint8Array(65)])
      expect(await reasonOfAsync(() => signAsync({ algorithm: A.ECDSA, key: privateKey, digest }))).toBe(
        R.InvalidField,
      );
  });

  it("signs with the OASIS test case's secp256k1 key", async () => {
    const der = unhex(
      "30740201010420db4d128c30ca309e62c4019758c00ba244dd64d9bf52a31078866b8a00c19c68a00706052b8104000aa1440342" +
        "0004dab5d3c253113db414abfc1c0ebf5a02559e656aa1c8b0aa8d870aa0324cda4899925ea1e6dbc259a6c7825cf46592ac75" +
        "94cc40bd604b728d88b636f317d366",
    );
    const key = createPrivateKey({ key: Buffer.from(der), format: "der", type: "sec1" });
    const signature = await ecdsaSignDigest(key, digestOf("sha256"));
    expect(nodeVerify("sha256", DATA, key, signature)).toBe(true);
  });

  it("signs and verifies DSA digests the same way", async () => {
    const { privateKey: dsaKey, publicKey } = dsa2048();
    const digest = digestOf("sha256");
    const signature = await signAsync({ algorithm: A.DSA, hashing: H.SHA_256, key: dsaKey, digest });
    expect(nodeVerify("sha256", DATA, publicKey, signature)).toBe(true);
    expect(await verifyAsync({ algorithm: A.DSA, key: publicKey, digest, signature })).toBe(true);
  });

  it("refuses EdDSA over a digest, a public key to sign, and keys of other types", async () => {
    const digest = digestOf("sha256");
    const eddsa = () => signAsync({ algorithm: A.Ed25519, key: ed25519().privateKey, digest });
    expect(await reasonOfAsync(eddsa)).toBe(R.UnsupportedCryptographicParameters);
    const publicOnly = () => signAsync({ algorithm: A.ECDSA, key: ecP256().publicKey, digest });
    expect(await reasonOfAsync(publicOnly)).toBe(R.BadCryptographicParameters);
    expect(await reasonOfAsync(() => ecdsaSignDigest(rsa2048().privateKey, digest))).toBe(
      R.BadCryptographicParameters,
    );
    expect(await reasonOfAsync(() => ecdsaVerifyDigest(ed25519().publicKey, digest, digest))).toBe(
      R.BadCryptographicParameters,
    );
  });

  it("still signs RSA digests (no child process) through signAsync", async () => {
    const { privateKey: rsaKey, publicKey } = rsa2048();
    const signature = await signAsync({
      algorithm: A.RSA,
      hashing: H.SHA_256,
      key: rsaKey,
      digest: digestOf("sha256"),
    });
    expect(nodeVerify("sha256", DATA, publicKey, signature)).toBe(true);
  });
});

describe("the openssl child, bounded", () => {
  const digest = digestOf("sha256");
  const saved = process.env.KMIPD_OPENSSL;
  afterEach(() => {
    if (saved === undefined) delete process.env.KMIPD_OPENSSL;
    else process.env.KMIPD_OPENSSL = saved;
  });

  async function failure(run: () => Promise<unknown>): Promise<KmipError> {
    try {
      await run();
    } catch (e) {
      if (e instanceof KmipError) return e;
      throw e;
    }
    throw new Error("no error");
  }

  it("a missing openssl binary (KMIPD_OPENSSL) is Cryptographic Failure naming the need", async () => {
    process.env.KMIPD_OPENSSL = "/nonexistent/kmipd-test/openssl";
    const req = { algorithm: A.ECDSA, hashing: H.SHA_256, key: ecP256().privateKey, digest };
    const e = await failure(() => signAsync(req));
    expect(e.reason).toBe(R.CryptographicFailure);
    expect(e.message).toBe(MISSING_OPENSSL);
    const v = await failure(() => verifyAsync({ ...req, signature: new Uint8Array(70) }));
    expect(v.reason).toBe(R.CryptographicFailure);
    delete process.env.KMIPD_OPENSSL;
    expect(nodeVerify("sha256", DATA, ecP256().publicKey, await signAsync(req))).toBe(true);
    expect(OPENSSL_CHILDREN.active).toBe(0);
  });

  it("a binary that is not executable is the same failure", async () => {
    const path = fakeOpenssl("exit 0");
    chmodSync(path, 0o644);
    const e = await failure(() => ecdsaSignDigest(ecP256().privateKey, digest, { command: path }));
    expect(e.message).toBe(MISSING_OPENSSL);
  });

  it("an openssl that fails or prints nothing is Cryptographic Failure, not a signature", async () => {
    const silent = fakeOpenssl("cat >/dev/null; exit 0");
    const broken = fakeOpenssl("echo oops >&2; exit 1");
    for (const command of [silent, broken]) {
      const e = await failure(() => ecdsaSignDigest(ecP256().privateKey, digest, { command }));
      expect(e.reason).toBe(R.CryptographicFailure);
      // A verify whose output says neither outcome is an error too, not a verdict.
      const v = await failure(() => ecdsaVerifyDigest(ecP256().publicKey, digest, digest, { command }));
      expect(v.reason).toBe(R.CryptographicFailure);
    }
  });

  it("a child past its deadline is killed with its process group: Cryptographic Failure", async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), "kmipd-pid-")), "pid");
    const slow = fakeOpenssl(`echo $$ > ${pidFile}; exec sleep 30`);
    const started = Date.now();
    const e = await failure(() =>
      ecdsaSignDigest(ecP256().privateKey, digest, { command: slow, timeoutMs: 300 }),
    );
    expect(e.reason).toBe(R.CryptographicFailure);
    expect(e.message).toMatch(/did not answer in time/);
    expect(Date.now() - started).toBeLessThan(5000);
    const pid = Number(readFileSync(pidFile, "utf8"));
    expect(await endsWithin(pid, 3000)).toBe(true); // the sleep is gone (or a zombie being reaped)
    expect(OPENSSL_CHILDREN.active).toBe(0);
  });

  it("output over the cap is Cryptographic Failure", async () => {
    const chatty = fakeOpenssl("head -c 100000 /dev/zero");
    const e = await failure(() => ecdsaSignDigest(ecP256().privateKey, digest, { command: chatty }));
    expect(e.message).toMatch(/answered too much/);
  });

  it(`runs at most ${OPENSSL_CHILDREN_MAX} children at once; the others wait, and all finish`, async () => {
    const { privateKey, publicKey } = ecP521();
    const runs = Array.from({ length: 10 }, () => ecdsaSignDigest(privateKey, digestOf("sha512")));
    expect(OPENSSL_CHILDREN.active).toBe(OPENSSL_CHILDREN_MAX);
    expect(OPENSSL_CHILDREN.waiting).toBe(10 - OPENSSL_CHILDREN_MAX);
    const signatures = await Promise.all(runs);
    for (const s of signatures) expect(nodeVerify("sha512", DATA, publicKey, s)).toBe(true);
    expect(OPENSSL_CHILDREN.active).toBe(0);
    expect(OPENSSL_CHILDREN.waiting).toBe(0);
  });
});

describe("Semaphore", () => {
  it("never runs more than max tasks, in arrival order, releasing on failure too", async () => {
    const sem = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number, fail: boolean) => async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(i);
      await new Promise((r) => setTimeout(r, 10));
      running--;
      if (fail) throw new Error(`task ${i}`);
      return i;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map((i) => sem.run(task(i, i % 2 === 1))));
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
      "rejected",
      "fulfilled",
      "rejected",
    ]);
    expect(sem.active).toBe(0);
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
