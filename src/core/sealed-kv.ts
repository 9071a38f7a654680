/**
 * The barrier view: a KvStore that prefixes keys and seals every value with the keyring before it
 * reaches physical storage (Vault's "barrier", docs "Architecture": everything leaving Vault for
 * the storage backend is encrypted). The AAD of each record is its full physical key, so a sealed
 * record copied or moved to another key fails to open.
 *
 * The seal's own records (seal configuration, the keyring sealed under the root key) live outside
 * this view; everything else (mount table, tokens, policies, each mount's data) goes through it.
 * While sealed, the keyring source throws, so nothing can read, write or list sealed data.
 */
import type { Keyring } from "../seal/barrier.js";
import type { KvOp, KvStore } from "../storage/types.js";

/** Returns the unsealed keyring, or throws (503) when sealed. */
export type KeyringSource = () => Keyring;

export class SealedKv implements KvStore {
  constructor(
    private readonly physical: KvStore,
    private readonly keyring: KeyringSource,
    /** "" or a path ending with "/". */
    readonly prefix = "",
  ) {
    if (prefix !== "" && !prefix.endsWith("/"))
      throw new Error(`sealed view prefix must end with /: ${prefix}`);
  }

  /** A narrower view under `sub` (which ends with "/"). */
  view(sub: string): SealedKv {
    return new SealedKv(this.physical, this.keyring, this.prefix + sub);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const keyring = this.keyring();
    const full = this.prefix + key;
    const sealed = await this.physical.get(full);
    return sealed === undefined ? undefined : keyring.open(sealed, full);
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    const full = this.prefix + key;
    await this.physical.put(full, this.keyring().seal(value, full));
  }

  async delete(key: string): Promise<void> {
    this.keyring();
    await this.physical.delete(this.prefix + key);
  }

  async list(prefix: string): Promise<string[]> {
    this.keyring();
    return this.physical.list(this.prefix + prefix);
  }

  async batch(ops: readonly KvOp[]): Promise<void> {
    const keyring = this.keyring();
    const sealed = ops.map((op): KvOp => {
      const key = this.prefix + op.key;
      return op.op === "delete"
        ? { op: "delete", key }
        : { op: "put", key, value: keyring.seal(op.value, key) };
    });
    await this.physical.batch(sealed);
  }
}
