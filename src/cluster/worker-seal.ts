/**
 * Seal state across the worker processes of one kmipd (`workers` > 1). Every worker has its own
 * core, and an operator's `sys/unseal`, `sys/unseal` with reset, or `sys/seal` reaches only the
 * worker the shared API port handed the request to. So each of those, once it succeeded on that
 * worker, is relayed to every other worker, which applies it to its own core: a key share given
 * once counts on every worker (they reach the threshold together), and sealing one seals all.
 * The answer waits until the other workers have applied it (`relayWaitMs` at most), so the
 * operator's next request, whichever worker takes it, sees the new state.
 * A worker that starts later (restarted after a crash) unseals from the key file if there is one;
 * otherwise it stays sealed until the next unseal, and refuses KMIP and API requests meanwhile.
 *
 * Key shares travel over the IPC pipe between processes of the same server (never the network);
 * they are the same shares the operator just sent to the API.
 */
import type { Logger } from "../core/logger.js";
import type { WorkerLink } from "./worker-link.js";

/** The seal operations of the core (`Core`), as the API calls them. */
export interface SealControls {
  unseal(key: string): Promise<unknown>;
  resetUnseal(): Promise<unknown>;
  seal(): Promise<void>;
}

const TOPIC = "kmipd:seal";
const relayWaitMs = 5000;

type SealEvent = { readonly op: "unseal"; readonly key: string } | { readonly op: "reset" | "seal" };

/**
 * Wraps `core`'s three seal operations so that a success is announced to the other workers, and
 * applies theirs here (without announcing them again). Returns the undo: called before this
 * worker shuts down, so that its own stop (which seals its core) does not seal the others.
 */
export function relaySeal(core: SealControls, link: WorkerLink, logger: Logger): () => void {
  const local = {
    unseal: core.unseal.bind(core),
    resetUnseal: core.resetUnseal.bind(core),
    seal: core.seal.bind(core),
  };
  const announce = (event: SealEvent) => link.publishAndWait(TOPIC, JSON.stringify(event), relayWaitMs);
  core.unseal = async (key) => {
    const status = await local.unseal(key);
    await announce({ op: "unseal", key });
    return status;
  };
  core.resetUnseal = async () => {
    const status = await local.resetUnseal();
    await announce({ op: "reset" });
    return status;
  };
  core.seal = async () => {
    await local.seal();
    await announce({ op: "seal" });
  };
  const unsubscribe = link.subscribe(TOPIC, (payload) => {
    const event = parseEvent(payload);
    if (event === undefined) return;
    const apply =
      event.op === "unseal"
        ? local.unseal(event.key)
        : event.op === "reset"
          ? local.resetUnseal()
          : local.seal();
    // A share this worker cannot use (already unsealed, a different progress) is not an error.
    return apply.then(
      () => undefined,
      (err: unknown) =>
        logger.info({ op: event.op, err: String(err) }, "seal change from another worker not applied here"),
    );
  });
  return () => {
    unsubscribe();
    Object.assign(core, local);
  };
}

function parseEvent(payload: string): SealEvent | undefined {
  try {
    const v = JSON.parse(payload) as { op?: unknown; key?: unknown };
    if (v.op === "unseal" && typeof v.key === "string") return { op: "unseal", key: v.key };
    if (v.op === "reset" || v.op === "seal") return { op: v.op };
  } catch {
    // Not ours.
  }
  return undefined;
}
