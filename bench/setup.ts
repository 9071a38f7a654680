/**
 * What a server needs before it is measured: an active AES-256 key (for Get and Encrypt) and a
 * population of named keys for Locate. Both go through the KMIP protocol with kmipd's client
 * library, as any client would create them, so kmipd stores them by the same code path Create
 * takes under load (policy, key generation, sealing under the barrier, the indexed insert).
 *
 * The population is sent as Create batches (many Batch Items per Request Message) over a few
 * connections in parallel: the same operation, without a round trip per key.
 */
import { KmipClient } from "../src/client/client.js";
import { Operation, ResultStatus } from "../src/kmip/generated/enums.js";
import { aes256, VERSION } from "./requests.js";
import type { Target } from "./servers/target.js";

export interface Prepared {
  /** An active AES-256 key with Encrypt and Decrypt in its usage mask. */
  readonly keyUid: string;
  /** How many named keys exist for Locate, and the name Locate looks for. */
  readonly population: number;
  readonly locateName: string;
}

export const nameOf = (i: number) => `bench-key-${i}`;

export function connectTo(t: Target): Promise<KmipClient> {
  return KmipClient.connect({ host: t.host, port: t.port, ...t.tls, version: VERSION, timeoutMs: 120_000 });
}

async function activeKey(t: Target): Promise<string> {
  const client = await connectTo(t);
  try {
    const { uniqueIdentifier } = await client.create({
      algorithm: "AES",
      length: 256,
      usageMask: "Encrypt Decrypt",
    });
    await client.activate(uniqueIdentifier);
    return uniqueIdentifier;
  } finally {
    await client.close();
  }
}

/** Creates names [from, to) in batches of `batch` over one connection. */
async function createNamed(
  client: KmipClient,
  from: number,
  to: number,
  batch: number,
  done: (n: number) => void,
) {
  for (let i = from; i < to; i += batch) {
    const items = [];
    for (let j = i; j < Math.min(i + batch, to); j++)
      items.push({ operation: Operation.Create, payload: aes256(nameOf(j)) });
    const r = await client.request(items);
    const bad = r.batchItems.find((b) => b.resultStatus !== ResultStatus.Success);
    if (bad || r.batchItems.length !== items.length) {
      throw new Error(`populating failed: ${bad?.resultMessage ?? "missing batch items"}`);
    }
    done(items.length);
  }
}

export interface PopulateOptions {
  readonly count: number;
  readonly connections: number;
  /** Batch Items per Request Message. */
  readonly batch: number;
  readonly onProgress?: (created: number) => void;
}

/** Names [from, to) spread over the connections. */
async function createSpread(
  clients: KmipClient[],
  from: number,
  to: number,
  o: PopulateOptions,
  tick: (n: number) => void,
) {
  const per = Math.ceil((to - from) / clients.length);
  await Promise.all(
    clients.map((c, k) => createNamed(c, from + k * per, Math.min(from + (k + 1) * per, to), o.batch, tick)),
  );
}

export async function populate(t: Target, o: PopulateOptions): Promise<void> {
  const connections = t.populateConnections ?? o.connections;
  const clients = await Promise.all(Array.from({ length: connections }, () => connectTo(t)));
  let created = 0;
  const tick = (n: number) => {
    created += n;
    o.onProgress?.(created);
  };
  try {
    await createSpread(clients, 0, o.count, o, tick);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

export async function prepare(t: Target, o: PopulateOptions): Promise<Prepared> {
  const keyUid = await activeKey(t);
  if (o.count > 0) await populate(t, o);
  return { keyUid, population: o.count, locateName: nameOf(Math.floor(o.count / 2)) };
}
