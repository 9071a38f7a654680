/**
 * A concurrent Create / Register / Activate / Destroy load through the KMIP listener, with a
 * ledger of what the server acknowledged and what was still in flight when it died. Every object
 * is named after its request, so one that exists without an acknowledgement can be matched to the
 * request that made it (and a Register to the material it sent).
 */
import { randomBytes } from "node:crypto";
import type { KmipClient } from "../../src/client/index.js";
import { State } from "../../src/kmip/generated/enums.js";

export interface Intent {
  readonly kind: "create" | "register";
  /** Register: the material sent. */
  readonly material?: Buffer;
}

export interface Acked {
  readonly name: string;
  /** What the server must give back: sent (Register) or read back after an acknowledged Get (Create). */
  material?: Buffer;
  state: number;
  /** A state change sent and not acknowledged: either state is right after the crash. */
  pending?: number;
}

export class Ledger {
  /** Every Create and Register sent, by the Name it carries. */
  readonly intents = new Map<string, Intent>();
  /** Acknowledged objects, by Unique Identifier. */
  readonly acked = new Map<string, Acked>();
  operations = 0;
}

/** Runs one worker until its connection dies (the server was killed) or `stop()` returns true. */
export async function worker(
  client: KmipClient,
  id: string,
  ledger: Ledger,
  stop: () => boolean,
): Promise<void> {
  for (let n = 0; !stop(); n++) {
    try {
      await step(client, `${id}-${n}`, n, ledger);
      ledger.operations++;
    } catch (error) {
      if (client.closed) return;
      throw error;
    }
  }
}

async function step(client: KmipClient, name: string, n: number, ledger: Ledger): Promise<void> {
  switch (n % 4) {
    case 0:
      return register(client, name, ledger);
    case 1:
      return create(client, name, ledger);
    case 2:
      return change(ledger, State.PreActive, State.Active, (uid) => client.activate(uid));
    default:
      return change(ledger, State.PreActive, State.Destroyed, (uid) => client.destroy(uid));
  }
}

async function register(client: KmipClient, name: string, ledger: Ledger): Promise<void> {
  const material = randomBytes(32);
  ledger.intents.set(name, { kind: "register", material });
  const { uniqueIdentifier } = await client.register({
    type: "symmetric-key",
    material,
    algorithm: "AES",
    name,
  });
  ledger.acked.set(uniqueIdentifier, { name, material, state: State.PreActive });
}

async function create(client: KmipClient, name: string, ledger: Ledger): Promise<void> {
  ledger.intents.set(name, { kind: "create" });
  const { uniqueIdentifier } = await client.create({ algorithm: "AES", length: 256, name });
  // Pending (in the same state) while its material is read back, so no other task of the load
  // picks it to destroy before the Get: either way the state after a crash is Pre-Active.
  const entry: Acked = { name, state: State.PreActive, pending: State.PreActive };
  ledger.acked.set(uniqueIdentifier, entry);
  const got = await client.get(uniqueIdentifier);
  entry.material = Buffer.from(got.keyMaterial!);
  entry.pending = undefined;
}

/** A state change on some acknowledged object in state `from`, recorded as pending until acknowledged. */
async function change(
  ledger: Ledger,
  from: number,
  to: number,
  send: (uid: string) => Promise<unknown>,
): Promise<void> {
  const candidate = [...ledger.acked].find(([, a]) => a.state === from && a.pending === undefined);
  if (candidate === undefined) return;
  const [uid, entry] = candidate;
  entry.pending = to;
  await send(uid);
  entry.state = to;
  entry.pending = undefined;
}
