/**
 * `kmipd server -dev` and `kmipd server -config FILE`, as `vault server` behaves:
 * - dev mode: initialized and unsealed at start, API on 127.0.0.1:8200 (`-dev-listen-address`),
 *   root token printed (or fixed with `-dev-root-token-id`) and stored in ~/.vault-token unless
 *   `-dev-no-store-token`; data in a temporary folder, or in `-dev-data-dir DIR`, where a dev
 *   server started again keeps its data, token and unseal key (dev-seal.json, mode 0600);
 * - config mode: the file in Vault's form (src/config/server-config.ts); the operator initializes
 *   and unseals (`kmipd operator init`, `operator unseal`), or a key-file seal unseals at start.
 * Both log to standard output. SIGINT and SIGTERM drain: every listener stops accepting, requests
 * in flight finish (bounded), then the core seals and the process exits; a second signal exits at
 * once. SIGHUP reloads the configuration file: log level, the API listeners' TLS certificate
 * and key, and `kmip_limits` (listeners at once, new KMIP connections from then on), each change
 * logged (other settings take a restart, and the log says so).
 */

import cluster from "node:cluster";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import type pino from "pino";
import { createLogger, type RunningServer, startServer } from "../app.js";
import { runPrimary } from "../cluster/primary.js";
import { type LogLevel, parseServerConfig, type ServerConfig } from "../config/server-config.js";
import type { Core } from "../core/core.js";
import { VERSION } from "../core/version.js";

interface ServerFlags {
  dev?: boolean;
  devListenAddress: string;
  devRootTokenId?: string;
  devDataDir?: string;
  devNoStoreToken?: boolean;
  config?: string;
  logLevel?: string;
}

export function registerServerCommand(program: Command): void {
  program
    .command("server")
    .description("start a kmipd server (-dev for a development server, -config FILE for production)")
    .option("--dev", "development mode: initialized, unsealed, in-memory-like temporary storage")
    .option("--dev-listen-address <address>", "dev mode API address", "127.0.0.1:8200")
    .option("--dev-root-token-id <id>", "dev mode root token id")
    .option("--dev-data-dir <dir>", "dev mode data folder (kept across restarts)")
    .option("--dev-no-store-token", "dev mode: do not write the root token to ~/.vault-token")
    .option("--config <file>", "server configuration file (HCL or JSON, Vault's form)")
    .option("--log-level <level>", "trace, debug, info, warn or error")
    .action(async (flags: ServerFlags) => {
      process.exitCode = await runServer(flags);
    });
}

async function runServer(flags: ServerFlags): Promise<number> {
  if (flags.dev === (flags.config !== undefined)) {
    process.stderr.write("kmipd server: give exactly one of -dev or -config=FILE\n");
    return 1;
  }
  let running: RunningServer;
  let logger: pino.Logger;
  let cleanup = (): void => {};
  try {
    if (flags.dev) {
      const dev = devSetup(flags);
      cleanup = dev.cleanup;
      logger = dev.logger;
      running = await startServer({ ...dev, devMode: true });
      printDevBanner(running, dev.secrets(), flags);
    } else {
      const config = parseServerConfig(readFileSync(flags.config!, "utf8"));
      logger = createLogger((flags.logLevel as LogLevel | undefined) ?? config.logLevel);
      if (cluster.worker !== undefined) logger = logger.child({ worker: cluster.worker.id });
      // `workers` > 1: this process forks and watches the workers, each of which serves.
      if (cluster.isPrimary && config.workers > 1) {
        for (const key of config.ignored)
          logger.warn({ key }, "configuration setting has no effect in kmipd");
        return await runPrimary({ workers: config.workers, logger });
      }
      if (cluster.isPrimary)
        for (const key of config.ignored)
          logger.warn({ key }, "configuration setting has no effect in kmipd");
      running = await startServer({ config, logger });
    }
  } catch (err) {
    cleanup();
    process.stderr.write(`kmipd server: ${(err as Error).message}\n`);
    return 1;
  }
  const onHangup = () => reload(flags, running, logger);
  process.on("SIGHUP", onHangup);
  const signal = await untilSignal();
  process.off("SIGHUP", onHangup);
  await drain(running, logger, signal);
  cleanup();
  return 0;
}

/** How long a stop waits for API requests in flight (a KMIP connection waits its closeGraceMs). */
const DRAIN_MS = 15_000;
/** A stop not done by then exits anyway: a stuck close must not keep a stopping server up. */
const STOP_DEADLINE_MS = 30_000;

async function drain(running: RunningServer, logger: pino.Logger, signal: string): Promise<void> {
  const started = Date.now();
  logger.info({ signal, drainMs: DRAIN_MS }, "stopping: listeners closed, finishing requests in flight");
  const again = (second: string) => {
    logger.warn({ signal: second }, "second signal: exiting now");
    process.exit(1);
  };
  // A worker hears the terminal's signal and then the primary's: the second is not an escalation
  // (the primary's own second signal is; the deadline below still bounds the stop).
  const onSignal = cluster.isWorker ? () => undefined : again;
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const deadline = setTimeout(() => {
    logger.error({ ms: STOP_DEADLINE_MS }, "stop did not finish in time: exiting");
    process.exit(1);
  }, STOP_DEADLINE_MS);
  deadline.unref();
  try {
    await running.close(DRAIN_MS);
  } finally {
    clearTimeout(deadline);
  }
  logger.info({ ms: Date.now() - started }, "stopped");
  // Sockets still in a TLS handshake would keep the process up until their handshake deadline.
  setTimeout(() => process.exit(), 500).unref();
}

/** SIGHUP: the configuration file again; what changed is logged, a bad file changes nothing. */
function reload(flags: ServerFlags, running: RunningServer, logger: pino.Logger): void {
  if (flags.config === undefined) {
    logger.info({}, "SIGHUP: a dev server has no configuration file to reload");
    return;
  }
  try {
    const next = parseServerConfig(readFileSync(flags.config, "utf8"));
    const changes = running.reload(next);
    // The -log-level flag, when given, outranks the file (as it did at start).
    const level = (flags.logLevel as LogLevel | undefined) ?? next.logLevel;
    if (level !== logger.level) changes.unshift(`log level ${logger.level} -> ${level}`);
    // Announced at the level in force until now, so a quieter new level does not hide it.
    logger.info({ file: flags.config, changes }, "configuration reloaded");
    logger.level = level;
  } catch (err) {
    const error = (err as Error).message;
    logger.error({ file: flags.config, error }, "configuration reload failed: nothing changed");
  }
}

interface DevSecrets {
  unsealKey: string;
  rootToken: string;
}

function devSetup(flags: ServerFlags) {
  const temporary = flags.devDataDir === undefined;
  const dir = flags.devDataDir ?? mkdtempSync(join(tmpdir(), "kmipd-dev-"));
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secretsFile = join(dir, "dev-seal.json");
  let secrets: DevSecrets | undefined;
  const config: ServerConfig = {
    storage: { type: "sqlite", path: join(dir, "kmipd.db") },
    listeners: [{ address: flags.devListenAddress, tlsDisable: true, tlsMinVersion: "tls12" }],
    logLevel: (flags.logLevel as LogLevel | undefined) ?? "info",
    workers: 1,
    ignored: [],
  };
  const prepare = async (core: Core): Promise<void> => {
    if ((await core.status()).initialized) {
      secrets = JSON.parse(readFileSync(secretsFile, "utf8")) as DevSecrets;
      await core.unseal(secrets.unsealKey);
      return;
    }
    const init = await core.initDev(flags.devRootTokenId ? { rootTokenId: flags.devRootTokenId } : {});
    secrets = { unsealKey: init.keysBase64[0]!, rootToken: init.rootToken };
    writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
    chmodSync(secretsFile, 0o600);
  };
  return {
    config,
    logger: createLogger(config.logLevel),
    prepare,
    secrets: () => secrets!,
    cleanup: () => {
      if (temporary) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function printDevBanner(running: RunningServer, secrets: DevSecrets, flags: ServerFlags): void {
  const url = running.urls[0]!;
  if (!flags.devNoStoreToken)
    writeFileSync(join(homedir(), ".vault-token"), secrets.rootToken, { mode: 0o600 });
  process.stdout.write(
    [
      "==> kmipd server configuration:",
      "",
      `             Api Address: ${url}`,
      `                 Storage: sqlite`,
      `                 Version: kmipd ${VERSION}`,
      "",
      "==> kmipd server started! Log data will stream in below:",
      "",
      "WARNING! dev mode is enabled! In this mode, kmipd runs unsealed with one unseal key,",
      "listens on plain HTTP, and keeps its data in a temporary folder unless -dev-data-dir",
      "is given. Do not run a dev server in production.",
      "",
      "You may need to set the following environment variables:",
      "",
      `    $ export VAULT_ADDR='${url}'`,
      "",
      "The unseal key and root token are displayed below in case you want to",
      "seal/unseal the server or re-authenticate.",
      "",
      `Unseal Key: ${secrets.unsealKey}`,
      `Root Token: ${secrets.rootToken}`,
      "",
      "",
    ].join("\n"),
  );
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve(signal);
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
}
