/**
 * kmipd as a child process (`kmipd-child.ts`): on SQLite in a temporary folder, or on
 * PostgreSQL in a schema of its own that is dropped afterwards. A child process, not
 * in-process, so that its RSS is its own and the benchmark's bookkeeping is not on its loop.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort } from "../../test/interop/pykmip-env.js";
import { compiled } from "../build.js";
import { exited, forkChild, nextMessage, serverNodeArgs } from "../fork-child.js";
import type { ClientTls, KeyType } from "../pki.js";
import type { Target } from "./target.js";

export interface KmipdStart {
  readonly storage:
    | { readonly type: "sqlite"; readonly path: string }
    | { readonly type: "postgresql"; readonly url: string; readonly schema: string };
  readonly port: number;
  readonly keyType: KeyType;
  /** Worker processes (`workers`); 1 serves from the child itself. */
  readonly workers: number;
}

export interface KmipdReady {
  readonly type: "ready";
  readonly tls: ClientTls;
}

export type KmipdCommand =
  | { readonly type: "stop" }
  /** Starts profiling without a file; stops and writes it with one. */
  | { readonly type: "profile"; readonly file?: string };

export interface KmipdOptions {
  /** PostgreSQL connection URL; SQLite in a temporary folder when absent. */
  readonly postgres?: string | undefined;
  readonly keyType: KeyType;
  /** Worker processes, as the `workers` setting (1 when absent). */
  readonly workers?: number;
  /** The compiled benchmark servers (`buildServers()`); the TypeScript source under tsx when absent. */
  readonly build?: string | undefined;
}

const SOURCE = fileURLToPath(new URL("./kmipd-child.ts", import.meta.url));

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function startKmipd(options: KmipdOptions): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), "kmipd-bench-"));
  const schema = `kmipd_bench_${process.pid}_${Date.now()}`;
  const storage: KmipdStart["storage"] = options.postgres
    ? { type: "postgresql", url: options.postgres, schema }
    : { type: "sqlite", path: join(dir, "kmipd.db") };
  const port = await freePort();
  const child = forkChild(
    options.build ? compiled(options.build, "servers/kmipd-child") : SOURCE,
    serverNodeArgs(),
  );
  // Never outlive the benchmark, whatever happens to it.
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  const cleanup = async () => {
    process.off("exit", reap);
    if (options.postgres) await dropSchema(options.postgres, schema).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ready = nextMessage<KmipdReady>(child, "ready");
    const workers = options.workers ?? 1;
    child.send({ storage, port, keyType: options.keyType, workers } satisfies KmipdStart);
    const { tls } = await ready;
    const command = (c: KmipdCommand) => child.send(c);
    const ask = async (c: KmipdCommand) => {
      const done = nextMessage(child, "done");
      command(c);
      await done;
    };
    const stop = async () => {
      command({ type: "stop" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited(child);
      clearTimeout(timer);
      await cleanup();
    };
    const store = options.postgres ? "PostgreSQL" : "SQLite";
    const name = workers > 1 ? `kmipd (${store}, ${workers} workers)` : `kmipd (${store})`;
    return {
      name,
      host: "127.0.0.1",
      port,
      tls,
      pid: child.pid!,
      stop,
      // A profile is of one process: with workers, of none that serves (not offered).
      ...(workers === 1 && {
        profile: (file?: string) => ask({ type: "profile", ...(file !== undefined && { file }) }),
      }),
      populateConnections: 8,
    };
  } catch (e) {
    child.kill("SIGKILL");
    await cleanup();
    throw e;
  }
}
