/**
 * PyKMIP's reference server (Debian's python3-pykmip) for the benchmark, with the benchmark's
 * PKI (the same key type as kmipd's and the ceiling's) in a scratch folder.
 *
 * Started as the runbook's `run_pykmip_server.sh` starts it (TLS 1.2 suite, client
 * certificates required, SQLite in the folder), except for the log level: WARNING rather than
 * INFO, because kmipd runs at "error" and a line per request is a cost only one side would pay.
 * Without the INFO line "bound socket handler" to wait for, readiness is a TCP connect.
 * Stopped with SIGINT (PyKMIP's SIGTERM handler waits for the next accept), SIGKILL if it lingers.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { PYTHON, removeScratch, requirePykmip, scratchDir, tailOf } from "../../test/interop/pykmip-env.js";
import { exited } from "../fork-child.js";
import { clientTlsOf, type KeyType, makePki, type PemPki } from "../pki.js";
import type { Target } from "./target.js";

function serverConf(dir: string, port: number, pki: PemPki): string {
  return [
    "[server]",
    "hostname=127.0.0.1",
    `port=${port}`,
    `certificate_path=${pki.serverCert}`,
    `key_path=${pki.serverKey}`,
    `ca_path=${pki.ca}`,
    "auth_suite=TLS1.2",
    `policy_path=${join(dir, "policies")}`,
    "enable_tls_client_auth=True",
    "logging_level=WARNING",
    `database_path=${join(dir, "pykmip.db")}`,
    "",
  ].join("\n");
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = connect({ host: "127.0.0.1", port }, () => {
      s.destroy();
      done(true);
    });
    s.once("error", () => done(false));
  });
}

async function waitListening(child: ChildProcess, port: number, log: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await accepts(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`PyKMIP server did not start (exit ${child.exitCode})\n${await tailOf(log)}`);
}

/** Whether PyKMIP can run here: undefined when it can, else why not. */
export async function pykmipMissing(): Promise<string | undefined> {
  return requirePykmip().then(
    () => undefined,
    (e: Error) => e.message,
  );
}

export async function startPykmip(port: number, keyType: KeyType): Promise<Target> {
  await requirePykmip();
  const dir = await scratchDir("kmipd-bench-pykmip-");
  await mkdir(join(dir, "policies"));
  // PyKMIP makes the certificate's CN the owner of what it creates; one identity does everything.
  const pki = await makePki(join(dir, "pki"), keyType, "kmip-bench");
  const conf = join(dir, "server.conf");
  await writeFile(conf, serverConf(dir, port, pki));
  const log = join(dir, "server.log");
  const child = spawn(PYTHON, ["/usr/bin/pykmip-server", "-f", conf, "-l", log], { stdio: "ignore" });
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  await waitListening(child, port, log);
  const stop = async () => {
    child.kill("SIGINT");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited(child);
    clearTimeout(timer);
    process.off("exit", reap);
    await removeScratch(dir);
  };
  return { name: "PyKMIP", host: "127.0.0.1", port, tls: await clientTlsOf(pki), pid: child.pid!, stop };
}
