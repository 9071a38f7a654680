/**
 * Forks an entry point as its own Node.js process. The benchmark's servers and its load
 * generator each get their own process (and event loop), so neither steals the other's time,
 * and a server's RSS is its own. A `.ts` entry runs under tsx, whose loader is named by path (a
 * child forked from Vitest does not inherit it the way a child forked from `tsx` does); a
 * compiled `.js` entry (the servers, see `build.ts`) runs on plain node.
 */
import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export function forkChild(file: string, nodeArgs: readonly string[] = []): ChildProcess {
  return fork(file, [], {
    execArgv: [...(file.endsWith(".ts") ? ["--import", loader] : []), ...nodeArgs],
    // Structured clone over IPC: Uint8Arrays travel as they are.
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once("exit", () => done()));
}

/** The next IPC message of the given type; fails if the child exits first. */
export function nextMessage<T extends { type: string }>(child: ChildProcess, type: T["type"]): Promise<T> {
  return new Promise((done, fail) => {
    const onMessage = (m: { type?: string }) => {
      if (m?.type !== type) return;
      cleanup();
      done(m as T);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      fail(new Error(`child exited (${signal ?? code}) before sending "${type}"`));
    };
    const cleanup = () => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/**
 * Extra Node.js flags for the servers the benchmark starts (`KMIPD_BENCH_NODE_ARGS`, split on
 * spaces), for experiments such as `--max-semi-space-size=8` or `--trace-gc`; none by default.
 */
export function serverNodeArgs(): string[] {
  return (process.env.KMIPD_BENCH_NODE_ARGS ?? "").split(" ").filter((a) => a !== "");
}
