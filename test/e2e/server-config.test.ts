/**
 * `kmipd server -config FILE` as an operator runs it: a config file in Vault's HCL form, an API
 * listener with TLS, `operator init` / `operator unseal` through the CLI, data kept across a
 * restart (sealed again until unsealed), SIGTERM stopping it cleanly; and a key-file seal that
 * unseals by itself at start.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/vectors.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-config-"));
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function kmipd(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", HOME: dir, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** Starts `kmipd server -config` and resolves once its API port accepts connections. */
async function startServer(configPath: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "server", `-config=${configPath}`],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", HOME: dir },
    },
  );
  children.push(child);
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${out}`);
    if (await accepts(port)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not listen on ${port}: ${out}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  child.kill("SIGTERM");
  return exited;
}

function makeTlsFiles(): { cert: string; key: string } {
  const cert = join(dir, "api.crt");
  const key = join(dir, "api.key");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  return { cert, key };
}

describe("kmipd server -config", () => {
  it("initializes, unseals, restarts sealed, and stops on SIGTERM", async () => {
    const port = await freePort();
    const tls = makeTlsFiles();
    const configPath = join(dir, "kmipd.hcl");
    writeFileSync(
      configPath,
      `storage "sqlite" {\n  path = "${join(dir, "data", "kmipd.db")}"\n}\n` +
        `listener "tcp" {\n  address = "127.0.0.1:${port}"\n  tls_cert_file = "${tls.cert}"\n  tls_key_file = "${tls.key}"\n}\n` +
        `log_level = "warn"\n`,
    );
    const env = { VAULT_ADDR: `https://127.0.0.1:${port}`, VAULT_CACERT: tls.cert };
    let server = await startServer(configPath, port);

    const status = await kmipd(env, "status");
    expect(status.code).toBe(2); // sealed (and not initialized)
    expect(status.stdout).toMatch(/Initialized\s+false/);

    const init = await kmipd(env, "operator", "init", "-key-shares=3", "-key-threshold=2", "-format=json");
    expect(init.code).toBe(0);
    const keys = JSON.parse(init.stdout) as { unseal_keys_b64: string[]; root_token: string };
    expect(keys.unseal_keys_b64).toHaveLength(3);

    const first = await kmipd(env, "operator", "unseal", keys.unseal_keys_b64[0]!);
    expect(first.stdout).toMatch(/Unseal Progress\s+1\/2/);
    const second = await kmipd(env, "operator", "unseal", keys.unseal_keys_b64[2]!);
    expect(second.stdout).toMatch(/Sealed\s+false/);

    const authed = { ...env, VAULT_TOKEN: keys.root_token };
    expect((await kmipd(authed, "secrets", "enable", "kmip")).code).toBe(0);
    expect((await kmipd(authed, "write", "-f", "kmip/scope/finance")).code).toBe(0);
    expect(await stop(server)).toBe(0);

    server = await startServer(configPath, port);
    const sealed = await kmipd(authed, "list", "kmip/scope");
    expect(sealed.code).toBe(2);
    expect(sealed.stderr).toContain("Code: 503");
    await kmipd(env, "operator", "unseal", keys.unseal_keys_b64[1]!);
    await kmipd(env, "operator", "unseal", keys.unseal_keys_b64[0]!);
    expect((await kmipd(authed, "list", "kmip/scope")).stdout).toBe("Keys\n----\nfinance\n");
    expect(await stop(server)).toBe(0);
  }, 120_000);

  it("unseals itself from a key file", async () => {
    const port = await freePort();
    const configPath = join(dir, "keyfile.hcl");
    const keyFile = join(dir, "unseal.key");
    writeFileSync(
      configPath,
      `storage "sqlite" { path = "${join(dir, "kf", "kmipd.db")}" }\n` +
        `listener "tcp" {\n  address = "127.0.0.1:${port}"\n  tls_disable = true\n}\n` +
        `seal "keyfile" { path = "${keyFile}" }\nlog_level = "warn"\n`,
    );
    const env = { VAULT_ADDR: `http://127.0.0.1:${port}` };
    let server = await startServer(configPath, port);
    const init = await kmipd(env, "operator", "init", "-format=json");
    expect(init.code).toBe(0);
    expect(await stop(server)).toBe(0);
    server = await startServer(configPath, port);
    const status = await kmipd(env, "status");
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Sealed\s+false/);
    expect(await stop(server)).toBe(0);
  }, 120_000);
});
