/**
 * Messages between the worker processes of one kmipd (`workers` > 1, node:cluster): a worker
 * publishes on a topic, the primary relays to every other worker (`WorkerRelay`), and their
 * subscribers run. The worker that publishes does not hear itself. A publish may also wait until
 * every other worker has handled the message (`publishAndWait`): the primary collects their
 * acknowledgements and tells the publisher. This is the bus that keeps the workers' caches and
 * seal state together (`ipc-bus.ts`, `worker-seal.ts`).
 */
import type { Worker } from "node:cluster";
import { randomUUID } from "node:crypto";

/** What travels over the IPC channel; anything else on it is not ours and is ignored. */
type LinkMessage =
  | { readonly kmipd: "relay"; readonly topic: string; readonly payload: string; readonly id?: string }
  /** From a worker that handled message `id`; from the primary once every worker has. */
  | { readonly kmipd: "ack"; readonly id: string };

function isLinkMessage(message: unknown): message is LinkMessage {
  const m = message as { kmipd?: unknown; topic?: unknown; payload?: unknown; id?: unknown } | null;
  if (typeof m !== "object" || m === null) return false;
  if (m.kmipd === "ack") return typeof m.id === "string";
  return (
    m.kmipd === "relay" &&
    typeof m.topic === "string" &&
    typeof m.payload === "string" &&
    (m.id === undefined || typeof m.id === "string")
  );
}

/** The IPC side of a process (a worker's `process`, or a stand-in in tests). */
export interface IpcChannel {
  send?(message: unknown): boolean;
  on(event: "message", listener: (message: unknown) => void): unknown;
  off(event: "message", listener: (message: unknown) => void): unknown;
}

export class WorkerLink {
  constructor(private readonly channel: IpcChannel = process) {}

  /** Sends to every other worker; false when there is no primary to relay (not a worker). */
  publish(topic: string, payload: string): boolean {
    if (this.channel.send === undefined) return false;
    return this.channel.send({ kmipd: "relay", topic, payload } satisfies LinkMessage);
  }

  /**
   * Sends to every other worker and resolves once each has handled it (or has gone), or after
   * `timeoutMs` at the latest (a worker stuck elsewhere must not hold the caller forever).
   */
  publishAndWait(topic: string, payload: string, timeoutMs: number): Promise<void> {
    const send = this.channel.send;
    if (send === undefined) return Promise.resolve();
    const id = randomUUID();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.channel.off("message", onMessage);
        resolve();
      };
      const onMessage = (message: unknown) => {
        if (isLinkMessage(message) && message.kmipd === "ack" && message.id === id) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.channel.on("message", onMessage);
      send.call(this.channel, { kmipd: "relay", topic, payload, id } satisfies LinkMessage);
    });
  }

  /**
   * Runs `fn` for every message other workers publish on `topic` (and acknowledges it once `fn`
   * has settled, when the publisher waits); returns the unsubscribe.
   */
  subscribe(topic: string, fn: (payload: string) => void | Promise<void>): () => void {
    const listener = (message: unknown) => {
      if (!isLinkMessage(message) || message.kmipd !== "relay" || message.topic !== topic) return;
      const { id } = message;
      const ack = () => {
        if (id !== undefined) this.channel.send?.({ kmipd: "ack", id } satisfies LinkMessage);
      };
      Promise.resolve()
        .then(() => fn(message.payload))
        .then(ack, ack);
    };
    this.channel.on("message", listener);
    return () => {
      this.channel.off("message", listener);
    };
  }
}

/** In the primary: relays between the workers and gathers the acknowledgements of waited ones. */
export class WorkerRelay {
  /** Per waited message: who published it, and who has yet to acknowledge. */
  private readonly pending = new Map<string, { from: Worker; waiting: Set<Worker> }>();

  constructor(private readonly workers: () => Iterable<Worker>) {}

  onMessage(from: Worker, message: unknown): void {
    if (!isLinkMessage(message)) return;
    if (message.kmipd === "ack") {
      const entry = this.pending.get(message.id);
      entry?.waiting.delete(from);
      if (entry !== undefined) this.settle(message.id, entry);
      return;
    }
    const others = [...this.workers()].filter((w) => w !== from && w.isConnected());
    for (const to of others) to.send(message);
    if (message.id === undefined) return;
    const entry = { from, waiting: new Set(others) };
    this.pending.set(message.id, entry);
    this.settle(message.id, entry);
  }

  /** A worker that is gone acknowledges nothing more: nobody waits for it. */
  onExit(gone: Worker): void {
    for (const [id, entry] of this.pending) {
      entry.waiting.delete(gone);
      this.settle(id, entry);
    }
  }

  private settle(id: string, entry: { from: Worker; waiting: Set<Worker> }): void {
    if (entry.waiting.size > 0) return;
    this.pending.delete(id);
    if (entry.from.isConnected()) entry.from.send({ kmipd: "ack", id } satisfies LinkMessage);
  }
}
