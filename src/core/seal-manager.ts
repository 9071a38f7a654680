/**
 * Vault's Shamir seal (docs "Seal/Unseal"; API docs sys/init, sys/unseal, sys/seal-status).
 *
 * Init makes a 256-bit root key, splits it into `secret_shares` unseal keys of which any
 * `secret_threshold` rebuild it, and stores the keyring (the data keys that seal every other
 * record) sealed under the root key with AAD "core/keyring". The seal configuration (shares,
 * threshold) is stored in clear: seal-status reports it while sealed. Unseal collects keys one call
 * at a time (progress, with a nonce naming the attempt, and reset); at the threshold the root key
 * is rebuilt and must open the keyring, or the attempt fails and progress is reset. Sealing
 * destroys the keyring in memory; nothing sealed can then be read.
 *
 * Physical records outside the barrier:
 *   core/seal-config   {type, secret_shares, secret_threshold, key_file} in clear; written last
 *                      at init, so its presence is what "initialized" means
 *   core/keyring       the keyring sealed under the root key (seal/barrier.ts wrapDataKey)
 *   core/keyfile-root  the root key sealed under the key file's key (only with a key-file seal)
 */
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import {
  KEY_BYTES,
  KEYRING_AAD,
  Keyring,
  open,
  seal,
  unwrapDataKey,
  wrapDataKey,
  zeroize,
} from "../seal/barrier.js";
import { BarrierError, ShamirError } from "../seal/errors.js";
import { combine, split } from "../seal/shamir.js";
import type { KvOp, KvStore } from "../storage/types.js";
import { badRequest, sealedError } from "./errors.js";
import { getJson, putJson } from "./kv-json.js";
import type { Logger } from "./logger.js";
import { decodeUnsealKey, readKeyFile, readOrCreateKeyFile } from "./seal-keys.js";
import type { InitRequest, InitResult, InitSetup, SealConfig, SealStatus } from "./seal-types.js";
import { BUILD_DATE, VERSION } from "./version.js";

export type { InitRequest, InitResult, InitSetup, SealConfig, SealStatus } from "./seal-types.js";

export const SEAL_CONFIG_KEY = "core/seal-config";
export const KEYFILE_ROOT_KEY = "core/keyfile-root";

export interface SealManagerOptions {
  /** Path of the key file for automated unseal; set to create it (or use it) at init. */
  readonly keyFile?: string;
  readonly storageType: string;
  readonly logger: Logger;
}

export class SealManager {
  #keyring: Keyring | undefined;
  #parts: Uint8Array[] = [];
  #nonce = "";
  #config: SealConfig | undefined;
  #cluster: { name: string; id: string } | undefined;

  constructor(
    private readonly physical: KvStore,
    private readonly options: SealManagerOptions,
  ) {}

  get sealed(): boolean {
    return this.#keyring === undefined;
  }

  /** The keyring while unsealed; a 503 otherwise. The source every sealed view reads. */
  readonly keyring = (): Keyring => {
    if (this.#keyring === undefined) throw sealedError();
    return this.#keyring;
  };

  /** Cluster identity, shown by seal-status while unsealed (it lives behind the barrier). */
  setCluster(cluster: { name: string; id: string } | undefined): void {
    this.#cluster = cluster;
  }

  async config(): Promise<SealConfig | undefined> {
    this.#config ??= await getJson<SealConfig>(this.physical, SEAL_CONFIG_KEY);
    return this.#config;
  }

  async initialized(): Promise<boolean> {
    return (await this.config()) !== undefined;
  }

  /** Initializes the seal; the server stays sealed afterwards, as Vault does. */
  async init(request: InitRequest, setup: InitSetup): Promise<InitResult> {
    if (await this.initialized()) throw badRequest("Vault is already initialized");
    const rootKey = randomBytes(KEY_BYTES);
    const keyring = Keyring.generate();
    let parts: Uint8Array[] = [];
    try {
      parts = splitRootKey(rootKey, request);
      await this.physical.batch(this.#rootRecords(rootKey, keyring));
      const rootToken = await setup(keyring);
      const config: SealConfig = {
        type: "shamir",
        secret_shares: request.secretShares,
        secret_threshold: request.secretThreshold,
        key_file: this.options.keyFile !== undefined,
      };
      await putJson(this.physical, SEAL_CONFIG_KEY, config);
      this.#config = config;
      const keys = parts.map((p) => Buffer.from(p).toString("hex"));
      const keysBase64 = parts.map((p) => Buffer.from(p).toString("base64"));
      return { keys, keysBase64, rootToken };
    } finally {
      zeroize(rootKey);
      for (const p of parts) zeroize(p);
      keyring.destroy();
    }
  }

  #rootRecords(rootKey: Uint8Array, keyring: Keyring): KvOp[] {
    const ops: KvOp[] = [{ op: "put", key: KEYRING_AAD, value: wrapDataKey(rootKey, keyring) }];
    if (this.options.keyFile !== undefined) {
      const { key } = readOrCreateKeyFile(this.options.keyFile);
      ops.push({ op: "put", key: KEYFILE_ROOT_KEY, value: seal(key, rootKey, KEYFILE_ROOT_KEY) });
      zeroize(key);
    }
    return ops;
  }

  /**
   * Adds one unseal key (hex or base64). Returns true when this key completed the threshold and
   * the server is now unsealed. A key given twice in one attempt is ignored, as Vault does.
   */
  async submit(keyText: string): Promise<boolean> {
    const config = await this.config();
    if (!config) throw badRequest("Vault is not initialized");
    if (!this.sealed) return false;
    const key = decodeUnsealKey(keyText);
    const expected = config.secret_threshold === 1 ? KEY_BYTES : KEY_BYTES + 1;
    if (key.length !== expected) {
      zeroize(key);
      throw badRequest(`unseal keys of this server are ${expected} bytes; the key given is ${key.length}`);
    }
    if (this.#parts.some((p) => timingSafeEqual(p, key))) {
      zeroize(key);
      return false;
    }
    if (this.#parts.length === 0) this.#nonce = randomUUID();
    this.#parts.push(key);
    if (this.#parts.length < config.secret_threshold) return false;
    const parts = this.#parts;
    this.#parts = [];
    this.#nonce = "";
    const rootKeyOf = () => (parts.length === 1 ? Uint8Array.from(parts[0]!) : combine(parts));
    await this.#openWith(rootKeyOf, parts, WRONG_KEYS);
    return true;
  }

  /** Rebuilds the root key, opens the keyring with it; a wrong key is a 400 with `wrongKey`. */
  async #openWith(rootKeyOf: () => Uint8Array, parts: Uint8Array[], wrongKey: string): Promise<void> {
    let rootKey: Uint8Array | undefined;
    try {
      const sealedKeyring = await this.physical.get(KEYRING_AAD);
      if (!sealedKeyring) throw new Error("the keyring record is missing from storage");
      rootKey = rootKeyOf();
      this.#keyring = unwrapDataKey(rootKey, sealedKeyring);
    } catch (err) {
      throw isWrongKey(err) ? badRequest(wrongKey) : err;
    } finally {
      zeroize(rootKey);
      for (const p of parts) zeroize(p);
    }
  }

  /** Discards the keys given so far (sys/unseal `reset`). */
  reset(): void {
    for (const p of this.#parts) zeroize(p);
    this.#parts = [];
    this.#nonce = "";
  }

  /** Unseals with the key file that wraps the root key (see seal-keys.ts for the trade-off). */
  async unsealWithKeyFile(path: string): Promise<void> {
    const config = await this.config();
    if (!config) throw badRequest("Vault is not initialized");
    if (!config.key_file) throw badRequest("this server was not initialized with a key-file seal");
    if (!this.sealed) return;
    const { key, loose } = readKeyFile(path);
    if (loose) this.options.logger.warn({ path }, "the key file is readable by group or others");
    const wrapped = await this.physical.get(KEYFILE_ROOT_KEY);
    try {
      if (!wrapped) throw new Error("the key-file record is missing from storage");
      const wrongKey = `the key file ${path} does not open this server's root key`;
      await this.#openWith(() => open(key, wrapped, KEYFILE_ROOT_KEY), [], wrongKey);
    } finally {
      zeroize(key);
    }
  }

  /** Seals: the keyring is destroyed in memory and any unseal attempt discarded. */
  seal(): void {
    this.#keyring?.destroy();
    this.#keyring = undefined;
    this.reset();
  }

  async status(): Promise<SealStatus> {
    const config = await this.config();
    const cluster = this.sealed ? undefined : this.#cluster;
    return {
      type: "shamir",
      initialized: config !== undefined,
      sealed: this.sealed,
      t: config?.secret_threshold ?? 0,
      n: config?.secret_shares ?? 0,
      progress: this.#parts.length,
      nonce: this.#nonce,
      version: VERSION,
      build_date: BUILD_DATE,
      migration: false,
      ...(cluster ? { cluster_name: cluster.name, cluster_id: cluster.id } : {}),
      recovery_seal: false,
      storage_type: this.options.storageType,
    };
  }
}

const WRONG_KEYS = "unseal failed: the keys given do not rebuild the root key; unseal progress was reset";

function splitRootKey(rootKey: Uint8Array, request: InitRequest): Uint8Array[] {
  try {
    return split(rootKey, request.secretShares, request.secretThreshold);
  } catch (err) {
    if (err instanceof ShamirError) throw badRequest(`invalid seal configuration: ${err.message}`);
    throw err;
  }
}

/** A wrong root key shows as a GCM failure; wrong shares can also fail Shamir's own checks. */
function isWrongKey(err: unknown): boolean {
  return (err instanceof BarrierError && err.code === "auth-failed") || err instanceof ShamirError;
}
