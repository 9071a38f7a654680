/**
 * Messages between the worker processes of one kmipd (`workers` > 1, node:cluster): a worker
 * publishes on a topic, the primary relays to every other worker (`relayBetweenWorkers`), and
 * their subscribers run. The worker that publishes does not hear itself. This is the bus that
 * keeps the workers' caches and seal state together (`ipc-bus.ts`, `worker-seal.ts`).
 */
import type { Worker } from "node:cluster";

/** What travels over the IPC channel; anything else on it is not ours and is ignored. */
export interface RelayMessage {
  readonly kmipd: "relay";
  readonly topic: string;
  readonly payload: string;
}

function isRelay(message: unknown): message is RelayMessage {
  const m = message as Partial<RelayMessage> | null;
  return (
    typeof m === "object" &&
    m !== null &&
    m.kmipd === "relay" &&
    typeof m.topic === "string" &&
    typeof m.payload === "string"
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
    return this.channel.send({ kmipd: "relay", topic, payload } satisfies RelayMessage);
  }

  /** Runs `fn` for every message other workers publish on `topic`; returns the unsubscribe. */
  subscribe(topic: string, fn: (payload: string) => void): () => void {
    const listener = (message: unknown) => {
      if (isRelay(message) && message.topic === topic) fn(message.payload);
    };
    this.channel.on("message", listener);
    return () => {
      this.channel.off("message", listener);
    };
  }
}

/** In the primary: passes every worker's relay messages on to all the others. */
export function relayBetweenWorkers(from: Worker, message: unknown, workers: Iterable<Worker>): void {
  if (!isRelay(message)) return;
  for (const to of workers) {
    if (to !== from && to.isConnected()) to.send(message);
  }
}
