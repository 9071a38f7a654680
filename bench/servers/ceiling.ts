/**
 * The ceiling (`../ceiling.ts`) as a child process with the benchmark's PKI, answering every
 * request with `fixedGetResponse()`.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { compiled } from "../build.js";
import { exited, forkChild, nextMessage, serverNodeArgs } from "../fork-child.js";
import { clientTlsOf, type PemPki } from "../pki.js";
import { fixedGetResponse } from "../requests.js";
import type { Target } from "./target.js";

export interface CeilingStart {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
  readonly response: Uint8Array;
}

export interface CeilingReady {
  readonly type: "ready";
  readonly port: number;
}

export type CeilingCommand = { readonly type: "stop" } | { readonly type: "profile"; readonly file?: string };

const SOURCE = fileURLToPath(new URL("./ceiling-child.ts", import.meta.url));

/** `build`: the compiled benchmark servers (`buildServers()`); the source under tsx when absent. */
export async function startCeilingProcess(pki: PemPki, build?: string): Promise<Target> {
  const tls = await clientTlsOf(pki);
  const [cert, key] = await Promise.all([readFile(pki.serverCert, "utf8"), readFile(pki.serverKey, "utf8")]);
  const child = forkChild(build ? compiled(build, "servers/ceiling-child") : SOURCE, serverNodeArgs());
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  const ready = nextMessage<CeilingReady>(child, "ready");
  child.send({ cert, key, ca: tls.ca, response: fixedGetResponse() } satisfies CeilingStart);
  const { port } = await ready.catch((e) => {
    child.kill("SIGKILL");
    throw e;
  });
  const command = (c: CeilingCommand) => child.send(c);
  const stop = async () => {
    command({ type: "stop" });
    await exited(child);
    process.off("exit", reap);
  };
  const profile = async (file?: string) => {
    const done = nextMessage(child, "done");
    command({ type: "profile", ...(file !== undefined && { file }) });
    await done;
  };
  return { name: "ceiling", host: "127.0.0.1", port, tls, pid: child.pid!, stop, profile };
}
