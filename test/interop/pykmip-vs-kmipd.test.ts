/**
 * PyKMIP's client (Debian python3-pykmip, an independent implementation) against kmipd's own
 * KMIP listener, with a credential issued by kmipd the way the tutorial issues one, for every
 * protocol version PyKMIP speaks (1.0 to 2.0). Every lifecycle step must pass. The cryptographic
 * steps (encrypt, decrypt, MAC, key pair, sign, verify) belong to the crypto operations and are
 * asserted in their own test, so a regression in either shows by name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Kmipd, startKmipd } from "../helpers/kmipd.js";
import { runPykmipClientCheck } from "./pykmip.js";

let kmipd: Kmipd;
let kmipPort: number;
let files: { ca: string; cert: string; key: string };

beforeAll(async () => {
  kmipd = await startKmipd();
  kmipPort = await kmipd.kmipListener();
  files = await kmipd.credentialFiles(await kmipd.credential("interop", "pykmip"));
}, 60_000);

afterAll(async () => {
  await kmipd?.close();
});

const LIFECYCLE = [
  "create_aes256",
  "get_attributes",
  "get_attribute_list",
  "locate_by_name",
  "activate",
  "get",
  "register_aes128",
  "create_mac_key",
  "revoke",
  "destroy",
];
const CRYPTO = ["encrypt", "decrypt", "mac", "create_key_pair_rsa2048", "sign", "signature_verify"];

describe("PyKMIP's client against kmipd", () => {
  for (const version of ["1.2", "1.3", "1.4", "2.0"]) {
    it(`passes all 18 steps in KMIP ${version}`, async () => {
      const r = await runPykmipClientCheck({ host: "127.0.0.1", port: kmipPort, ...files, version });
      expect(r.steps.filter((s) => s.status !== "PASS")).toEqual([]);
      expect(r).toMatchObject({ exitCode: 0, passed: 18, failed: 0, skipped: 0 });
    }, 60_000);
  }

  for (const version of ["1.0", "1.1"]) {
    it(`runs every lifecycle step in KMIP ${version} (its crypto operations do not exist)`, async () => {
      const r = await runPykmipClientCheck({
        host: "127.0.0.1",
        port: kmipPort,
        ...files,
        version,
        allowFail: CRYPTO,
      });
      const status = Object.fromEntries(r.steps.map((s) => [s.step, `${s.status} ${s.detail}`]));
      for (const step of LIFECYCLE) expect(status[step], `${version} ${step}`).toMatch(/^PASS/);
      // Discover Versions does not exist in KMIP 1.0 (PyKMIP refuses it locally there).
      expect(status.discover_versions).toMatch(version === "1.0" ? /^(PASS|FAIL)/ : /^PASS/);
      if (version !== "1.0") expect(status.query).toMatch(/^PASS/);
      expect(status.get).toContain("SymmetricKey 32 bytes");
    }, 60_000);
  }
});
