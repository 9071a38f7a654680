/**
 * `kmipd kmip` crypto verbs (`src/cli/kmip-crypto.ts`) against the real handlers
 * (`crypto-server.ts`). The verbs are registered through a verb adder built here the way
 * `registerKmipCommand` builds its own (connection options, connect, print, exit status), so the
 * flags, the output and the usage errors are tested as the command line sees them.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { addConnectionOptions, type ConnectionFlags, connectFromFlags } from "../../src/cli/kmip-connect.js";
import { type AddVerb, registerKmipCryptoCommands } from "../../src/cli/kmip-crypto.js";
import { isResultError, printOutput, resultErrorText } from "../../src/cli/kmip-output.js";
import { CryptographicAlgorithm as A } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask as M } from "../../src/kmip/generated/masks.js";
import { Activate } from "../../src/operations/activate.js";
import { registerKey } from "../operations/crypto-helpers.js";
import { type CryptoServer, startCryptoServer } from "./crypto-server.js";
import { makeCredentials } from "./fake-server.js";

let crypto: CryptoServer;
let dir: string;
let flags: string[];

beforeAll(async () => {
  for (const v of ["SERVER", "CA", "CERT", "KEY"]) delete process.env[`KMIPD_KMIP_${v}`];
  const creds = await makeCredentials();
  crypto = await startCryptoServer(creds);
  dir = await mkdtemp(join(tmpdir(), "kmipd-kmip-crypto-cli-"));
  await writeFile(join(dir, "ca.pem"), creds.ca);
  await writeFile(join(dir, "client.pem"), creds.cert);
  await writeFile(join(dir, "client.key"), creds.key);
  const pem = (f: string) => join(dir, f);
  flags = [
    "--server",
    `127.0.0.1:${crypto.server.port}`,
    "--ca",
    pem("ca.pem"),
    "--cert",
    pem("client.pem"),
    "--key",
    pem("client.key"),
  ];
});
afterAll(async () => {
  await crypto?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Result {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `kmip <args>` with the crypto verbs, as `kmip.ts` runs its own verbs. */
async function kmip(args: string[]): Promise<Result> {
  const r: Result = { status: 0, stdout: "", stderr: "" };
  const out = (t: string) => {
    r.stdout += t;
  };
  const err = (t: string) => {
    r.stderr += t;
  };
  const io = { env: {}, out, err } as unknown as CliIo;
  const program = new Command("kmipd").exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  const parent = program.command("kmip");
  const add: AddVerb = (spec, summary, prepare, formats) => {
    const cmd = parent.command(spec).description(summary);
    cmd.action(async (...params: unknown[]) => {
      const self = params[params.length - 1] as Command;
      const opts = self.opts<ConnectionFlags & Record<string, unknown>>();
      try {
        const run = prepare(
          self.processedArgs.filter((a): a is string => typeof a === "string"),
          opts,
        );
        const client = await connectFromFlags(opts);
        try {
          printOutput(io, await run(client), opts.format);
        } finally {
          await client.close();
        }
      } catch (e) {
        r.status = isResultError(e) ? 2 : 1;
        io.err(isResultError(e) ? `${resultErrorText(e)}\n` : `Error: ${(e as Error).message}\n`);
      }
    });
    return addConnectionOptions(cmd, formats);
  };
  registerKmipCryptoCommands(add);
  await program.parseAsync(["kmip", ...args], { from: "user" }).catch((e: unknown) => {
    if (!(e instanceof CommanderError)) throw e;
    r.status = e.exitCode;
  });
  return r;
}

const json = (r: Result) => JSON.parse(r.stdout) as Record<string, string>;

describe("kmipd kmip crypto verbs", () => {
  it("creates a key pair, signs and verifies", async () => {
    const made = json(
      await kmip(["create-key-pair", ...flags, "--curve", "P-256", "--name", "cli", "--format", "json"]),
    );
    const priv = made["Private Key Unique Identifier"]!;
    const pub = made["Public Key Unique Identifier"]!;
    const ctx = crypto.harness.ctx(14);
    for (const uid of [priv, pub]) await Activate.handler({ uniqueIdentifier: uid }, ctx);
    const signed = await kmip([
      "sign",
      priv,
      ...flags,
      "--data-hex",
      "0102",
      "--hashing",
      "SHA-256",
      "--format",
      "raw",
    ]);
    expect(signed.stdout).toMatch(/^[0-9a-f]+\n$/);
    const args = ["--data-hex", "0102", "--hashing", "SHA-256", "--signature-hex", signed.stdout.trim()];
    expect((await kmip(["verify", pub, ...flags, ...args])).stdout).toMatch(/Validity Indicator +Valid/);
    const bad = [
      "--data-hex",
      "0103",
      "--hashing",
      "SHA-256",
      "--signature-hex",
      signed.stdout.trim(),
      "--format",
      "raw",
    ];
    expect((await kmip(["verify", pub, ...flags, ...bad])).stdout).toBe("Invalid\n");
  });

  it("encrypts with a random IV and decrypts; MACs; hashes; prints random bytes", async () => {
    const ctx = crypto.harness.ctx(14);
    const uid = await registerKey(ctx, "000102030405060708090a0b0c0d0e0f");
    const enc = json(
      await kmip([
        "encrypt",
        uid,
        ...flags,
        "--data-hex",
        "68656c6c6f",
        "--mode",
        "CBC",
        "--padding",
        "PKCS5",
        "--random-iv",
        "--format",
        "json",
      ]),
    );
    expect(enc["IV/Counter/Nonce"]).toMatch(/^[0-9a-f]{32}$/);
    const dec = await kmip([
      "decrypt",
      uid,
      ...flags,
      "--data-hex",
      enc.Data!,
      "--mode",
      "CBC",
      "--padding",
      "PKCS5",
      "--iv-hex",
      enc["IV/Counter/Nonce"]!,
      "--format",
      "raw",
    ]);
    expect(dec.stdout).toBe("68656c6c6f\n");
    const hmac = await registerKey(ctx, "0b".repeat(32), { algorithm: A.HMAC_SHA256, mask: M.MACGenerate });
    expect((await kmip(["mac", hmac, ...flags, "--data-hex", "00", "--format", "raw"])).stdout).toMatch(
      /^[0-9a-f]{64}\n$/,
    );
    const digest = await kmip(["hash", ...flags, "--data-hex", "616263", "--format", "raw"]);
    expect(digest.stdout).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n");
    expect((await kmip(["rng", ...flags, "--length", "8", "--format", "raw"])).stdout).toMatch(
      /^[0-9a-f]{16}\n$/,
    );
  });

  it("reports usage errors with status 1 and refusals with status 2", async () => {
    const noData = await kmip(["encrypt", "u1", ...flags, "--mode", "CBC"]);
    expect(noData).toMatchObject({ status: 1, stderr: "Error: --data-hex is required\n" });
    expect((await kmip(["encrypt", "u1", ...flags, "--data-hex", "zz"])).status).toBe(1);
    expect((await kmip(["rng", ...flags])).status).toBe(1);
    const refused = await kmip(["encrypt", "nope", ...flags, "--data-hex", "00", "--mode", "ECB"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^Result Reason: Item Not Found/);
  });
});
