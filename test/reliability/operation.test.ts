/**
 * Running `kmipd server -config` as an operator does, signals included: SIGTERM drains (the
 * listeners stop accepting, requests in flight on the API and on KMIP get their answers, then the
 * process exits 0, also when clients linger half-open); SIGHUP reloads the log level and the API
 * TLS certificate and key and logs what changed, and a broken file changes nothing; sys/health
 * answers a load balancer without a token: 501 uninitialized, 503 sealed, 200 unsealed.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KmipClient } from "../../src/client/index.js";
import { kmipDictionary } from "../../src/kmip/dictionary.js";
import { Operation, ResultStatus } from "../../src/kmip/generated/enums.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { toKmipXml } from "../../src/ttlv/xml.js";
import { field, readResponse, requestTree, text } from "../server/ttlv-builders.js";
import type { Credential } from "./live-server.js";
import { collect, halfOpen, nextMessage, sleep, tlsOver } from "./raw.js";
import { carrier } from "./shaped.js";
import {
  type Api,
  accepts,
  apiAt,
  freePort,
  type Spawned,
  selfSigned,
  spawnKmipd,
  unreadRequest,
  waitForPort,
  writeConfig,
} from "./spawned.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-operation-"));
const children: Spawned[] = [];
afterAll(() => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

async function start(name: string, spec: { tls?: { cert: string; key: string }; logLevel?: string } = {}) {
  const apiPort = await freePort();
  const home = mkdtempSync(join(dir, `${name}-`));
  const config = writeConfig({ dir: home, apiPort, ...spec });
  const server = await spawnKmipd(config, apiPort, home);
  children.push(server);
  const base = `${spec.tls ? "https" : "http"}://127.0.0.1:${apiPort}`;
  return { server, config, apiPort, api: apiAt(base, spec.tls && readFileSync(spec.tls.cert, "utf8")) };
}

/** Init and unseal; the root token. */
async function unsealed(api: Api): Promise<string> {
  const init = await api("POST", "sys/init", { secret_shares: 1, secret_threshold: 1 });
  await api("POST", "sys/unseal", { key: init.body.keys_base64[0] });
  return init.body.root_token as string;
}

/** The kmip engine with a listener; its port and CA. */
async function mountKmip(api: Api, root: string): Promise<{ port: number; ca: string }> {
  await api("POST", "sys/mounts/kmip", { type: "kmip" }, root);
  const port = await freePort();
  await api("POST", "kmip/config", { listen_addrs: `127.0.0.1:${port}` }, root);
  await waitForPort(port);
  return { port, ca: (await api("GET", "kmip/ca", undefined, root)).body.data.ca_pem };
}

/** A scope with an all-operations role, and a credential for it. */
async function credentialFor(api: Api, root: string, scope: string, ca: string): Promise<Credential> {
  await api("POST", `kmip/scope/${scope}`, undefined, root);
  await api("POST", `kmip/scope/${scope}/role/admin`, { operation_all: true }, root);
  const path = `kmip/scope/${scope}/role/admin/credential/generate`;
  const issued = (await api("POST", path, { format: "pem" }, root)).body.data;
  return { ca: [ca], cert: issued.certificate, key: issued.private_key };
}

function clientFor(port: number, cred: Credential): Promise<KmipClient> {
  const options = { host: "127.0.0.1", port, ca: cred.ca[0]!, cert: cred.cert, key: cred.key };
  return KmipClient.connect({ ...options, servername: "localhost", timeoutMs: 60_000 });
}

/** A 960 KiB Secret Data object (a message just under the 1 MiB default limit). */
async function registerBigSecret(port: number, cred: Credential): Promise<{ uid: string }> {
  const client = await clientFor(port, cred);
  try {
    const material = new Uint8Array(960 * 1024).fill(0x5a);
    return { uid: (await client.register({ type: "secret-data", material })).uniqueIdentifier };
  } finally {
    await client.close();
  }
}

function getRequest(uid: string, id: number): Uint8Array {
  const payload = [text(Tag.UniqueIdentifier, uid)];
  return encodeTtlv(requestTree([1, 4], [{ operation: Operation.Get, id, payload }]));
}

/** `count` Gets of `uid` in one request, as KMIP XML for the client API's `template`. */
function getsXml(uid: string, count: number): string {
  const payload = [text(Tag.UniqueIdentifier, uid)];
  const items = Array.from({ length: count }, (_, id) => ({ operation: Operation.Get, id, payload }));
  return toKmipXml(requestTree([1, 4], items), kmipDictionary);
}

/** One JSON log line of the child (pino's fields and ours). */
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON, read field by field in tests
type LogLine = Record<string, any>;

/** JSON log lines of the child whose message matches. */
function logLines(server: Spawned, msg: RegExp): LogLine[] {
  return server
    .output()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as LogLine)
    .filter((l) => msg.test(String(l.msg)));
}

async function untilLogged(server: Spawned, msg: RegExp, ms = 10_000): Promise<LogLine> {
  for (const until = Date.now() + ms; Date.now() < until; await sleep(25)) {
    const found = logLines(server, msg).at(-1);
    if (found) return found;
  }
  throw new Error(`no log line ${msg}: ${server.output()}`);
}

describe("sys/health for load balancers", () => {
  it("answers 501 uninitialized, 503 sealed and 200 unsealed, without a token", async () => {
    const { api, server } = await start("health");
    expect((await api("GET", "sys/health")).status).toBe(501);
    const init = await api("POST", "sys/init", { secret_shares: 1, secret_threshold: 1 });
    const sealed = await api("GET", "sys/health");
    expect(sealed.status).toBe(503);
    expect(sealed.body).toMatchObject({ initialized: true, sealed: true });
    await api("POST", "sys/unseal", { key: init.body.keys_base64[0] });
    const ok = await api("GET", "sys/health");
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ initialized: true, sealed: false, standby: false });
    expect((await api("HEAD", "sys/health")).status).toBe(200);
    server.child.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);
  }, 60_000);
});

describe("SIGTERM", () => {
  it("drains: no new connections, requests in flight answered, then exit 0", async () => {
    const { api, server, apiPort } = await start("drain");
    const root = await unsealed(api);
    const { port, ca } = await mountKmip(api, root);
    const cred = await credentialFor(api, root, "drain", ca);
    const big = await registerBigSecret(port, cred);
    // KMIP in flight: eight Gets of a 960 KiB secret pipelined by a client that does not read yet,
    // so the server's writes back up (7.5 MB against 4 MB of socket buffers) mid-answer.
    const reader = await tlsOver(port, cred);
    reader.socket.pause();
    collect(reader.socket);
    reader.socket.write(Buffer.concat(Array.from({ length: 8 }, (_, i) => getRequest(big.uid, i))));
    // API in flight: the same secret three times through the KMIP client API, a 6 MB answer to a
    // client that does not read it yet.
    const overHttp = unreadRequest(
      apiPort,
      "kmip/scope/drain/role/admin/client",
      { template: getsXml(big.uid, 3) },
      root,
    );
    await sleep(500);
    server.child.kill("SIGTERM");
    const stopping = await untilLogged(server, /^stopping/);
    expect(await accepts(port)).toBe(false);
    expect(await accepts(apiPort)).toBe(false);

    reader.socket.resume();
    for (let i = 0; i < 8; i++) {
      const answer = readResponse((await nextMessage(reader.socket, 20_000))!);
      expect(field(answer.items[0], Tag.ResultStatus)).toBe(ResultStatus.Success);
      expect((answer.tree.value as unknown[]).length).toBe(2);
    }
    expect(await nextMessage(reader.socket)).toBeUndefined(); // then a clean close
    const answered = await overHttp.read();
    expect(answered.status).toBe(200);
    expect(
      answered.body.data.response.match(/<ResultStatus type="Enumeration" value="Success"\/>/g),
    ).toHaveLength(3);
    expect((await server.exited).code).toBe(0);

    // Under way when the stop began, finished after it, all before the exit.
    const lines = logLines(server, /./);
    const after = (l: LogLine) => l.time >= stopping.time;
    const gets = lines.filter(
      (l) =>
        l.msg === "KMIP request served" &&
        l.transport === undefined &&
        l.items?.[0]?.operation === Operation.Get,
    );
    expect(gets).toHaveLength(8);
    expect(gets.filter(after).length).toBeGreaterThan(0);
    const viaApi = lines.filter((l) => l.msg === "request" && /role\/admin\/client/.test(l.path));
    expect(viaApi).toHaveLength(1);
    expect(after(viaApi[0]!)).toBe(true);
    expect(lines.at(-1)?.msg).toBe("stopped");
  }, 90_000);

  it("exits within its bound while clients linger half-open or mid-message", async () => {
    const { api, server } = await start("linger");
    const root = await unsealed(api);
    const { port, ca } = await mountKmip(api, root);
    const cred = await credentialFor(api, root, "linger", ca);
    const hanging = await Promise.all(Array.from({ length: 3 }, () => halfOpen(port)));
    const partial = await tlsOver(port, cred);
    partial.socket.write(encodeTtlv(carrier([])).subarray(0, 12));
    const started = Date.now();
    server.child.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    for (const h of [...hanging, partial]) h.socket.destroy();
  }, 60_000);
});

describe("SIGHUP", () => {
  it("reloads the log level and the API certificate, logs the changes, and ignores a broken file", async () => {
    const tlsFiles = { cert: join(dir, "api.crt"), key: join(dir, "api.key") };
    const first = selfSigned(dir, "first");
    copyFileSync(first.cert, tlsFiles.cert);
    copyFileSync(first.key, tlsFiles.key);
    const { api, server, config, apiPort } = await start("reload", { tls: tlsFiles, logLevel: "info" });
    const before = await api("GET", "sys/health");
    expect(before.peer?.subject.CN).toBe("first");
    await untilLogged(server, /^request$/);

    const second = selfSigned(dir, "second");
    copyFileSync(second.cert, tlsFiles.cert);
    copyFileSync(second.key, tlsFiles.key);
    writeFileSync(config, readFileSync(config, "utf8").replace('log_level = "info"', 'log_level = "error"'));
    server.child.kill("SIGHUP");
    const reloaded = await untilLogged(server, /^configuration reloaded$/);
    expect(reloaded.changes).toEqual([
      "log level info -> error",
      `API listener 127.0.0.1:${apiPort}: TLS certificate and key reloaded`,
    ]);
    const after = await apiAt(`https://127.0.0.1:${apiPort}`, readFileSync(second.cert, "utf8"))(
      "GET",
      "sys/health",
    );
    expect(after.peer?.subject.CN).toBe("second");
    // At "error", the access log (info) is silent.
    const requestLines = logLines(server, /^request$/).length;
    await apiAt(`https://127.0.0.1:${apiPort}`, readFileSync(second.cert, "utf8"))("GET", "sys/health");
    await sleep(300);
    expect(logLines(server, /^request$/).length).toBe(requestLines);

    writeFileSync(config, "this is { not a configuration");
    server.child.kill("SIGHUP");
    const failed = await untilLogged(server, /^configuration reload failed/);
    expect(failed.level).toBe(50);
    const still = await apiAt(`https://127.0.0.1:${apiPort}`, readFileSync(second.cert, "utf8"))(
      "GET",
      "sys/health",
    );
    expect(still.status).toBe(501);
    server.child.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);
  }, 60_000);
});
