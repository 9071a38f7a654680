/**
 * `kmipd kmip` in-process against the scripted server: what each verb prints as a table, as
 * JSON and raw, the usage errors (exit 1, nothing sent), and server refusals and unreachable
 * servers (exit 2). The same verbs run as a real process against PyKMIP in test/interop.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { registerKmipCommand } from "../../src/cli/kmip.js";
import { ObjectType, Operation, ResultReason } from "../../src/kmip/generated/enums.js";
import { decodeRequestPayload } from "../../src/kmip/messages.js";
import { answer, type FakeServer, makeCredentials, startFakeServer } from "./fake-server.js";

let server: FakeServer;
let dir: string;
let flags: string[];

const KEY = new Uint8Array(16).fill(0xab);

/** The payload the scripted server answers each operation with. */
function reply(
  operation: number,
  request: { uniqueIdentifier?: unknown },
): { payload?: unknown; reason?: number; message?: string } {
  if (request.uniqueIdentifier === "missing")
    return { reason: ResultReason.ItemNotFound, message: "no such object" };
  switch (operation) {
    case Operation.Create:
      return { payload: { objectType: ObjectType.SymmetricKey, uniqueIdentifier: "u1" } };
    case Operation.Get: {
      const keyBlock = {
        keyFormatType: 1,
        keyValue: { keyMaterial: KEY },
        cryptographicAlgorithm: 3,
        cryptographicLength: 128,
      };
      return {
        payload: {
          objectType: 2,
          uniqueIdentifier: "u1",
          object: { type: "symmetricKey", value: { keyBlock } },
        },
      };
    }
    case Operation.GetAttributes:
      return {
        payload: {
          uniqueIdentifier: "u1",
          attributes: [
            { name: "State", value: 2 },
            { name: "Cryptographic Usage Mask", value: 12 },
          ],
        },
      };
    case Operation.Locate:
      return { payload: { uniqueIdentifier: ["u1", "u2"] } };
    default:
      return { payload: { uniqueIdentifier: request.uniqueIdentifier } };
  }
}

beforeAll(async () => {
  // Commander reads option defaults from the real environment.
  for (const v of ["SERVER", "CA", "CERT", "KEY"]) delete process.env[`KMIPD_KMIP_${v}`];
  const creds = await makeCredentials();
  server = await startFakeServer(creds, (request, version) =>
    answer(request, version, (item) =>
      reply(
        item.operation,
        decodeRequestPayload(item.operation, item.requestPayload, version) as { uniqueIdentifier?: unknown },
      ),
    ),
  );
  dir = await mkdtemp(join(tmpdir(), "kmipd-kmip-cli-unit-"));
  await Promise.all([
    writeFile(join(dir, "ca.pem"), creds.ca),
    writeFile(join(dir, "client.pem"), creds.cert),
    writeFile(join(dir, "client.key"), creds.key),
  ]);
  flags = [
    "--server",
    `127.0.0.1:${server.port}`,
    "--ca",
    join(dir, "ca.pem"),
    "--cert",
    join(dir, "client.pem"),
    "--key",
    join(dir, "client.key"),
  ];
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Result {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `kmip <args>` in this process, capturing output and the exit status. */
async function kmip(args: string[]): Promise<Result> {
  const r: Result = { status: 0, stdout: "", stderr: "" };
  const out = (t: string) => {
    r.stdout += t;
  };
  const err = (t: string) => {
    r.stderr += t;
  };
  const io = { env: {}, out, err } as unknown as CliIo;
  const program = new Command("kmipd").exitOverride().configureOutput({ writeOut: out, writeErr: err });
  const exit = (status: number) => {
    r.status = status;
  };
  registerKmipCommand(program, { io: () => io, exit });
  await program.parseAsync(["kmip", ...args], { from: "user" }).catch((e: unknown) => {
    if (!(e instanceof CommanderError)) throw e;
    r.status = e.exitCode;
  });
  return r;
}

describe("kmipd kmip output", () => {
  it("prints a record as a Key/Value table or as JSON", async () => {
    const table = await kmip(["create", ...flags, "--length", "128"]);
    expect(table).toEqual({
      status: 0,
      stderr: "",
      stdout: expect.stringMatching(
        /^Key +Value\n-+ +-+\nUnique Identifier +u1\nObject Type +Symmetric Key\n$/,
      ),
    });
    const json = await kmip(["get", "u1", ...flags, "--format", "json"]);
    expect(JSON.parse(json.stdout)).toEqual({
      "Unique Identifier": "u1",
      "Object Type": "Symmetric Key",
      "Key Format Type": "Raw",
      "Cryptographic Algorithm": "AES",
      "Cryptographic Length": 128,
      "Key Material": "ab".repeat(16),
    });
    expect((await kmip(["get", "u1", ...flags, "--format", "raw"])).stdout).toBe(`${"ab".repeat(16)}\n`);
    const attrs = await kmip(["get-attributes", "u1", ...flags, "--attribute", "state"]);
    expect(attrs.stdout).toMatch(/^State +Active\nCryptographic Usage Mask +Encrypt, Decrypt\n$/m);
    expect(server.requests.at(-1)?.batchItem[0]?.operation).toBe(Operation.GetAttributes);
  });

  it("prints a list one item a line, or as JSON", async () => {
    expect((await kmip(["locate", ...flags, "--name", "k"])).stdout).toBe(
      "Unique Identifier\n-----------------\nu1\nu2\n",
    );
    expect(JSON.parse((await kmip(["locate", ...flags, "--format", "json"])).stdout)).toEqual({
      "Unique Identifier": ["u1", "u2"],
    });
  });
});

describe("kmipd kmip exit status", () => {
  it("is 2 with the Result Reason and Message when the server refuses", async () => {
    expect(await kmip(["destroy", "missing", ...flags])).toEqual({
      status: 2,
      stdout: "",
      stderr: "Result Reason: Item Not Found (no such object)\n",
    });
  });

  it("is 2 when the server cannot be reached", async () => {
    const r = await kmip(["activate", "u1", ...flags, "--server", "127.0.0.1:1"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Error: cannot connect to 127\.0\.0\.1:1: /);
  });

  it("is 1 for usage errors, and nothing is sent", async () => {
    const before = server.requests.length;
    const cases: [string[], RegExp][] = [
      [["create", "--length", "1"], /^Error: --server is required \(or set KMIPD_KMIP_SERVER\)$/],
      [["create", ...flags], /^Error: --length is required$/],
      [
        ["create", ...flags, "--length", "128", "--usage-mask", "Encrypt Frob"],
        /^Error: --usage-mask: unknown Cryptographic Usage Mask bit "Frob"$/,
      ],
      [
        ["create", ...flags, "--length", "128", "--attribute", "Link=x"],
        /^Error: --attribute: attribute Link is a structure/,
      ],
      [
        ["register", ...flags, "--type", "opaque", "--key-hex", "00"],
        /^Error: --type: expected symmetric or secret-data/,
      ],
      [["register", ...flags, "--type", "symmetric", "--key-hex", "zz"], /^Error: --key-hex: /],
      [["revoke", "u1", ...flags], /^Error: --reason is required$/],
      [["locate", ...flags, "--max-items", "-3"], /^Error: --max-items: expected a whole number/],
      [["query", ...flags, "--server", "a:b:c"], /^Error: --server: expected host:port/],
      [["query", ...flags, "--ca", join(dir, "nope.pem")], /^Error: --ca: cannot read /],
      [
        ["discover-versions", ...flags, "--kmip-version", "1.0"],
        /^Error: cannot send this request in KMIP 1\.0/,
      ],
      [
        ["modify-attribute", "u1", "Frobnication=1", ...flags],
        /^Error: attribute: unknown attribute "Frobnication"$/,
      ],
      [
        ["get", "u1", ...flags, "--format", "yaml"],
        /^error: option '--format <format>' argument 'yaml' is invalid/,
      ],
      [["get", ...flags], /^error: missing required argument 'uid'$/],
    ];
    for (const [args, message] of cases) {
      const r = await kmip(args);
      expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status: 1, stdout: "" });
      expect(r.stderr.split("\n")[0]).toMatch(message);
    }
    expect(server.requests.length).toBe(before);
  });
});
