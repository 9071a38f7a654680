/**
 * `kmipd server -dev` and `kmipd server -config FILE`, as `vault server` behaves:
 * - dev mode: initialized and unsealed at start, API on 127.0.0.1:8200 (`-dev-listen-address`),
 *   root token printed (or fixed with `-dev-root-token-id`) and stored in ~/.vault-token unless
 *   `-dev-no-store-token`; data in a temporary folder, or in `-dev-data-dir DIR`, where a dev
 *   server started again keeps its data, token and unseal key (dev-seal.json, mode 0600);
 * - config mode: the file in Vault's form (src/config/server-config.ts); the operator initializes
 *   and unseals (`kmipd operator init`, `operator unseal`), or a key-file seal unseals at start.
 * Both log to standard output and stop cleanly on SIGINT and SIGTERM.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { createLogger, type RunningServer, startServer } from "../app.js";
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
  let cleanup = (): void => {};
  try {
    if (flags.dev) {
      const dev = devSetup(flags);
      cleanup = dev.cleanup;
      running = await startServer({ ...dev, devMode: true });
      printDevBanner(running, dev.secrets(), flags);
    } else {
      const config = parseServerConfig(readFileSync(flags.config!, "utf8"));
      const logger = createLogger((flags.logLevel as LogLevel | undefined) ?? config.logLevel);
      for (const key of config.ignored) logger.warn({ key }, "configuration setting has no effect in kmipd");
      running = await startServer({ config, logger });
    }
  } catch (err) {
    cleanup();
    process.stderr.write(`kmipd server: ${(err as Error).message}\n`);
    return 1;
  }
  await untilSignal();
  await running.close();
  cleanup();
  return 0;
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

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
}
