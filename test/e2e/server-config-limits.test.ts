/**
 * `kmip_limits` in the file of `kmipd server -config`, end to end: a server started with
 * `batch_items_max = 2` and `message_bytes_max = 1024` serves a KMIP request at each limit and
 * refuses one past it; SIGHUP applies a changed stanza to new connections; a bad value stops the
 * server at start with an error naming the key.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Tag } from "../../src/kmip/generated/tags.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { repoRoot } from "../helpers/vectors.js";
import type { Credential } from "../reliability/live-server.js";
import { sleep } from "../reliability/raw.js";
import { carrier, failed, outcomes, ResultReason, SUCCESS, sizedExactly } from "../reliability/shaped.js";
import {
  type Api,
  apiAt,
  freePort,
  type Spawned,
  spawnKmipd,
  waitForPort,
  writeConfig,
} from "../reliability/spawned.js";
import { TestClient } from "../server/client.js";
import { field } from "../server/ttlv-builders.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-config-limits-"));
const children: Spawned[] = [];
afterAll(() => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const limits = (batchItems: number) =>
  `kmip_limits {\n  batch_items_max = ${batchItems}\n  message_bytes_max = 1024\n  handshake_timeout = "5s"\n}\n`;

/** Unsealed, a kmip mount listening on a free port, and one credential with every operation. */
async function kmipReady(api: Api): Promise<{ port: number; cred: Credential }> {
  const init = await api("POST", "sys/init", { secret_shares: 1, secret_threshold: 1 });
  await api("POST", "sys/unseal", { key: init.body.keys_base64[0] });
  const root = init.body.root_token as string;
  await api("POST", "sys/mounts/kmip", { type: "kmip" }, root);
  const port = await freePort();
  await api("POST", "kmip/config", { listen_addrs: `127.0.0.1:${port}` }, root);
  await waitForPort(port);
  const ca = (await api("GET", "kmip/ca", undefined, root)).body.data.ca_pem as string;
  await api("POST", "kmip/scope/app", undefined, root);
  await api("POST", "kmip/scope/app/role/admin", { operation_all: true }, root);
  const path = "kmip/scope/app/role/admin/credential/generate";
  const issued = (await api("POST", path, { format: "pem" }, root)).body.data;
  return { port, cred: { ca: [ca], cert: issued.certificate, key: issued.private_key } };
}

async function untilLogged(server: Spawned, msg: string, ms = 10_000): Promise<Record<string, unknown>> {
  for (const until = Date.now() + ms; Date.now() < until; await sleep(25)) {
    const line = server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === msg);
    if (line) return line;
  }
  throw new Error(`no log line "${msg}": ${server.output()}`);
}

/** Discover Versions × `items` in one KMIP 1.4 request. */
const batchOf = (items: number) => encodeTtlv(carrier([], [1, 4], items));

describe("kmipd server -config with kmip_limits", () => {
  it("applies batch_items_max and message_bytes_max at the limit and one past it, and reloads them on SIGHUP", async () => {
    const apiPort = await freePort();
    const home = mkdtempSync(join(dir, "run-"));
    const config = writeConfig({ dir: home, apiPort, extra: limits(2) });
    const server = await spawnKmipd(config, apiPort, home);
    children.push(server);
    const { port, cred } = await kmipReady(apiAt(`http://127.0.0.1:${apiPort}`));

    const client = await TestClient.connect(port, cred);
    expect(outcomes(await client.roundTrip(batchOf(2)))).toEqual([SUCCESS, SUCCESS]);
    const three = await client.roundTrip(batchOf(3));
    // KMIP 1.x has no reason for a server's own limit: General Failure (2.x: Server Limit Exceeded).
    expect(outcomes(three)).toEqual([failed(ResultReason.GeneralFailure)]);
    expect(field(three.items[0], Tag.ResultMessage)).toMatch(/3 Batch Items exceed the server's limit of 2/);

    // Message lengths are multiples of 8 (KMIP 1.4 §9.1.1.3): 1032 is the next size after 1024.
    expect(outcomes(await client.roundTrip(sizedExactly(1024, 512)))).toEqual([SUCCESS]);
    const over = await client.roundTrip(sizedExactly(1032, 512));
    expect(outcomes(over)).toEqual([failed(ResultReason.InvalidMessage)]);
    expect(field(over.items[0], Tag.ResultMessage)).toMatch(/exceeds messageBytesMax/);
    expect(await client.closesWithin(3000)).toBe(true);

    writeFileSync(config, readFileSync(config, "utf8").replace("batch_items_max = 2", "batch_items_max = 3"));
    server.child.kill("SIGHUP");
    const reloaded = await untilLogged(server, "configuration reloaded");
    expect(reloaded.changes).toContain("kmip_limits reloaded: listeners now, new connections from now on");
    const after = await TestClient.connect(port, cred);
    expect(outcomes(await after.roundTrip(batchOf(3)))).toEqual([SUCCESS, SUCCESS, SUCCESS]);
    const four = await after.roundTrip(batchOf(4));
    expect(field(four.items[0], Tag.ResultMessage)).toMatch(/4 Batch Items exceed the server's limit of 3/);
    after.close();

    server.child.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);
  }, 120_000);

  it("refuses to start on a bad limit, naming the key", async () => {
    const apiPort = await freePort();
    const home = mkdtempSync(join(dir, "bad-"));
    const config = writeConfig({ dir: home, apiPort, extra: "kmip_limits {\n  batch_items_max = 0\n}\n" });
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "server", `-config=${config}`],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? "", HOME: home },
      },
    );
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toContain("kmip_limits batch_items_max must be a whole number of at least 1");
  }, 60_000);
});
