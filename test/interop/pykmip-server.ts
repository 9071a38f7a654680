/**
 * PyKMIP's reference server (`pykmip-server`, through the shared `run_pykmip_server.sh`) in a
 * scratch folder: a fresh PKI, a SQLite database and a log, on a free port of 127.0.0.1.
 * PyKMIP's SIGTERM handler only runs after the next accept(), so it is stopped with SIGINT
 * (as the runbook says), and killed if it lingers.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  freePort,
  makePykmipCerts,
  type PykmipPki,
  pykmipAssetsDir,
  removeScratch,
  requirePykmip,
  scratchDir,
  tailOf,
} from "./pykmip-env.js";

export interface PykmipServerOptions {
  /** CN of the client certificate; PyKMIP makes it the owner of the objects it creates. */
  readonly clientCn?: string;
  /** How long to wait for the server to listen (default 20 s). */
  readonly startTimeoutMs?: number;
}

export interface PykmipServer {
  readonly host: string;
  readonly port: number;
  /** CA, client and server certificates and keys (file paths). */
  readonly pki: PykmipPki;
  /** Scratch folder: server.conf, server.log, pykmip.db, pki/. */
  readonly dir: string;
  readonly pid: number;
  /** The server log so far (for failure messages). */
  log(): Promise<string>;
  /** SIGINT, then SIGKILL after 5 s; removes the scratch folder (unless KMIPD_KEEP_PYKMIP). */
  stop(): Promise<void>;
}

const BOUND = /Server successfully bound socket handler/;

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((done) => child.once("exit", () => done()));
}

/** Polls the log until PyKMIP says it is bound, failing early if the process dies. */
async function waitUntilBound(child: ChildProcess, dir: string, timeoutMs: number): Promise<void> {
  const log = join(dir, "server.log");
  const deadline = Date.now() + timeoutMs;
  let output = "";
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString("utf8");
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString("utf8");
  });
  while (Date.now() < deadline) {
    if (BOUND.test(await readFile(log, "utf8").catch(() => ""))) return;
    if (child.exitCode !== null || child.signalCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  const why =
    child.exitCode === null ? `did not listen within ${timeoutMs} ms` : `exited (${child.exitCode})`;
  throw new Error(`PyKMIP server ${why}\n${output.slice(-2000)}\n${await tailOf(log)}`);
}

async function stopServer(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGINT");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited(child);
    clearTimeout(timer);
  }
  await removeScratch(dir);
}

/** Starts PyKMIP's server on a free port; throws (never skips) when PyKMIP is missing. */
export async function startPykmipServer(options: PykmipServerOptions = {}): Promise<PykmipServer> {
  await requirePykmip();
  const dir = await scratchDir("kmipd-pykmip-");
  const pki = await makePykmipCerts(dir, options.clientCn);
  const port = await freePort();
  const child = spawn(join(pykmipAssetsDir(), "run_pykmip_server.sh"), [dir, String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("could not start run_pykmip_server.sh");
  // Never outlive the test process, whatever happens to it.
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  child.once("exit", () => process.removeListener("exit", reap));
  await waitUntilBound(child, dir, options.startTimeoutMs ?? 20_000);
  return {
    host: "127.0.0.1",
    port,
    pki,
    dir,
    pid,
    log: () => tailOf(join(dir, "server.log"), 400),
    stop: () => stopServer(child, dir),
  };
}
