/**
 * The per-mount cache of engine answers for new connections: one read per question until the next
 * change, a change drops everything (reads in flight included), failures and old entries are not
 * served.
 */
import { describe, expect, it } from "vitest";
import type {
  ClientIdentity,
  ClientLookup,
  KmipEngineState,
  ListenerInfo,
} from "../../src/engine/kmip/state.js";
import { IdentityDirectory } from "../../src/server/identity-directory.js";

const lookup: ClientLookup = { serialDecimal: "12345", issuerCa: "legacy", subject: { OU: "s1", CN: "r1" } };
const identity = (roleName: string): ClientIdentity => ({
  scopeName: "finance",
  scopeId: "s1",
  roleName,
  roleId: "r1",
  operations: new Set(),
});

/** A fake engine state whose answers the test sets, counting the reads. */
function fakeState() {
  const reads = { resolve: 0, trusted: 0, listeners: 0 };
  const answers = {
    client: identity("accounting") as ClientIdentity | undefined,
    pem: "PEM-1",
    fail: false,
    gate: undefined as Promise<void> | undefined,
  };
  const state = {
    async resolveClient() {
      reads.resolve++;
      const answer = answers.client;
      await answers.gate;
      if (answers.fail) throw new Error("storage unavailable");
      return answer;
    },
    async trustedClientCas() {
      reads.trusted++;
      return [{ name: "legacy", certificatesPem: [answers.pem] }];
    },
    async listListeners(): Promise<ListenerInfo[]> {
      reads.listeners++;
      return [{ name: "east" } as ListenerInfo];
    },
  } as unknown as KmipEngineState;
  return { state, reads, answers };
}

describe("IdentityDirectory", () => {
  it("reads each answer once until the next change, then again", async () => {
    const { state, reads, answers } = fakeState();
    const directory = new IdentityDirectory(state);
    expect((await directory.resolveClient(lookup))?.roleName).toBe("accounting");
    expect((await directory.resolveClient({ ...lookup }))?.roleName).toBe("accounting");
    expect(reads.resolve).toBe(1);

    answers.client = undefined; // revoked
    expect((await directory.resolveClient(lookup))?.roleName).toBe("accounting");
    directory.invalidate();
    expect(await directory.resolveClient(lookup)).toBeUndefined();
    expect(reads.resolve).toBe(2);
  });

  it("keys answers by serial, CA and subject", async () => {
    const { state, reads } = fakeState();
    const directory = new IdentityDirectory(state);
    await directory.resolveClient(lookup);
    await directory.resolveClient({ ...lookup, serialDecimal: "999" });
    await directory.resolveClient({ ...lookup, issuerCa: "other" });
    await directory.resolveClient({ ...lookup, subject: { OU: "s1", CN: "r2" } });
    expect(reads.resolve).toBe(4);
  });

  it("never keeps an answer read before a change that lands during the read", async () => {
    const { state, reads, answers } = fakeState();
    const directory = new IdentityDirectory(state);
    let open: () => void = () => undefined;
    answers.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const pending = directory.resolveClient(lookup);
    answers.client = undefined; // the revoke commits while the read is in flight
    directory.invalidate();
    open();
    expect((await pending)?.roleName).toBe("accounting");
    answers.gate = undefined;
    expect(await directory.resolveClient(lookup)).toBeUndefined();
    expect(reads.resolve).toBe(2);
  });

  it("does not keep a failed read", async () => {
    const { state, reads, answers } = fakeState();
    const directory = new IdentityDirectory(state);
    answers.fail = true;
    await expect(directory.resolveClient(lookup)).rejects.toThrow("storage unavailable");
    answers.fail = false;
    expect((await directory.resolveClient(lookup))?.roleName).toBe("accounting");
    expect(reads.resolve).toBe(2);
  });

  it("serves an answer for ten seconds at most", async () => {
    const { state, reads } = fakeState();
    let now = 1_000_000;
    const directory = new IdentityDirectory(state, () => now);
    await directory.resolveClient(lookup);
    now += 9_999;
    await directory.resolveClient(lookup);
    expect(reads.resolve).toBe(1);
    now += 1;
    await directory.resolveClient(lookup);
    expect(reads.resolve).toBe(2);
  });

  it("caches trusted CAs with a key that follows their content, and listeners by name", async () => {
    const { state, reads, answers } = fakeState();
    const directory = new IdentityDirectory(state);
    const first = await directory.trustedClientCas("legacy");
    expect((await directory.trustedClientCas("legacy")).key).toBe(first.key);
    expect(reads.trusted).toBe(1);
    answers.pem = "PEM-2";
    directory.invalidate();
    expect((await directory.trustedClientCas("legacy")).key).not.toBe(first.key);

    expect(await directory.listener("legacy")).toBe("legacy");
    expect(await directory.listener({ name: "east" })).toMatchObject({ name: "east" });
    expect(await directory.listener({ name: "west" })).toBeUndefined();
    expect(reads.listeners).toBe(1);
  });
});
