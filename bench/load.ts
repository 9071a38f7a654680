/**
 * The load generator, from the caller's side: `runLoad(spec)` forks `load-worker.ts` (its own
 * process, so the client's event loop and the server's never share a thread), hands it the
 * spec, relays its progress, and resolves with its result.
 *
 * The worker is a closed loop: `connections` mutual-TLS connections, each sending a request
 * (picked by weight from `requests`), waiting for the whole response, and sending the next at
 * once. For `warmupMs` nothing is counted; then for `durationMs` every request that starts and
 * ends inside the window is counted and its latency recorded. In "new-connection" mode every
 * request gets a fresh connection and a full handshake (no session resumption), and its latency
 * runs from connect to response. "resumed-connection" is the same but offers the session of the
 * connection before, so a server that supports resumption can skip the full handshake.
 */
import { fileURLToPath } from "node:url";
import { exited, forkChild, nextMessage } from "./fork-child.js";
import type { ClientTls } from "./pki.js";

export interface WeightedRequest {
  readonly bytes: Uint8Array;
  readonly weight: number;
}

export type LoadMode = "keep-alive" | "new-connection" | "resumed-connection";

export interface LoadSpec {
  readonly host: string;
  readonly port: number;
  readonly tls: ClientTls;
  readonly requests: readonly WeightedRequest[];
  readonly connections: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly mode: LoadMode;
  /** Bound on a handshake and on each response (default 30 s). */
  readonly timeoutMs?: number;
}

export interface LoadResult {
  /** Requests answered with Success inside the measured window. */
  readonly ops: number;
  readonly seconds: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
  /** Answers whose Result Status was not Success. */
  readonly failed: number;
  /** Connections lost, refused or timed out. */
  readonly errors: number;
  /** Failures and errors by reason. */
  readonly reasons: Record<string, number>;
  /** The first failure, decoded in full. */
  readonly firstFailure: string | undefined;
  /** What the first connection negotiated. */
  readonly tls: { readonly protocol: string; readonly cipher: string } | undefined;
  /** Connections that resumed a TLS session (none in new-connection mode: no session is offered). */
  readonly resumed: number;
  /** The load generator's own CPU over the window, in % of one core (near 100: it was the bound). */
  readonly clientCpuPercent: number;
}

export interface LoadProgress {
  readonly type: "progress";
  readonly elapsedMs: number;
  readonly totalMs: number;
  readonly ops: number;
  readonly errors: number;
}

/** The measured window opens or closes (the caller samples the server's CPU there). */
export interface WindowEdge {
  readonly type: "window";
  readonly edge: "start" | "end";
}

export type WorkerMessage =
  | LoadProgress
  | WindowEdge
  | { readonly type: "result"; readonly result: LoadResult };

export interface LoadHooks {
  readonly onProgress?: (p: LoadProgress) => void;
  readonly onWindow?: (edge: WindowEdge["edge"]) => void;
}

const WORKER = fileURLToPath(new URL("./load-worker.ts", import.meta.url));

export async function runLoad(spec: LoadSpec, hooks: LoadHooks = {}): Promise<LoadResult> {
  const child = forkChild(WORKER);
  child.on("message", (m: WorkerMessage) => {
    if (m.type === "progress") hooks.onProgress?.(m);
    if (m.type === "window") hooks.onWindow?.(m.edge);
  });
  try {
    const result = nextMessage<{ type: "result"; result: LoadResult }>(child, "result");
    child.send(spec);
    return (await result).result;
  } finally {
    if (child.exitCode === null) child.kill();
    await exited(child);
  }
}
