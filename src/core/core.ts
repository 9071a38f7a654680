/**
 * The core: seal, barrier, tokens, policies and mounts tied together, and `handle`, which answers
 * one API request (see dispatch.ts). The HTTP layer only parses and sends.
 *
 * Lifecycle (Vault docs "Seal/Unseal"): a new server is uninitialized and sealed; `init` writes
 * the seal and the first sealed records (cluster identity, default policy, root token) and leaves
 * it sealed; `unseal` (enough key shares, or the key file) opens the keyring, then the token store,
 * policies and mounts load and every mounted backend is initialized; `seal` cleans the backends up
 * and forgets the keyring. Seal-state changes run one at a time.
 */
import { randomUUID } from "node:crypto";
import { type HttpResult, renderError } from "../api/envelope.js";
import { Router, routeTable } from "../api/framework/router.js";
import type { BackendFactory } from "../api/framework/types.js";
import { openApiDocument } from "../api/openapi.js";
import type { SysContext } from "../api/sys/context.js";
import { systemPaths, tokenPaths } from "../api/sys/index.js";
import { Auditor } from "../audit/auditor.js";
import { ServerMetrics } from "../metrics/server-metrics.js";
import type { Keyring } from "../seal/barrier.js";
import type { KvStore } from "../storage/types.js";
import { bootstrap, CLUSTER_KEY } from "./bootstrap.js";
import { type CoreRequest, dispatch } from "./dispatch.js";
import { badRequest, sealedError } from "./errors.js";
import { getJson } from "./kv-json.js";
import { type Logger, silentLogger } from "./logger.js";
import { type MountEntry, type MountInput, MountTable } from "./mounts.js";
import { PolicyStore } from "./policy/store.js";
import { type InitRequest, type InitResult, SealManager, type SealStatus } from "./seal-manager.js";
import { SealedKv } from "./sealed-kv.js";
import { checkCustomId } from "./token-id.js";
import { TokenStore } from "./tokens.js";
import { VERSION } from "./version.js";

export type { CoreRequest } from "./dispatch.js";

export interface CoreOptions {
  readonly storage: KvStore & { readonly kind?: string };
  readonly backends: ReadonlyMap<string, BackendFactory>;
  readonly logger?: Logger;
  readonly now?: () => Date;
  /** Marks a `server -dev` core (reported in logs only; dev behaviour is `initDev`). */
  readonly devMode?: boolean;
  /** Key file of the automation seal: created or used at init, read by `unsealWithKeyFile`. */
  readonly keyFile?: string;
  /** How often expired tokens are swept while unsealed; 0 turns the sweep off. Default 60 s. */
  readonly tidyIntervalMs?: number;
  /** The server's metrics registry (src/metrics); a private one when not given. */
  readonly metrics?: ServerMetrics;
}

export class Core {
  readonly router = new Router();
  readonly logger: Logger;
  readonly now: () => Date;
  readonly devMode: boolean;
  /** The audit broker: devices open while unsealed; the KMIP service records batch items with it. */
  readonly auditor: Auditor;
  readonly metrics: ServerMetrics;
  readonly #physical: KvStore;
  readonly #seal: SealManager;
  readonly #barrier: SealedKv;
  readonly #policies: PolicyStore;
  readonly #mounts: MountTable;
  readonly #tidyIntervalMs: number;
  #tokens: TokenStore | undefined;
  #cluster: { name: string; id: string } | undefined;
  #tidyTimer: NodeJS.Timeout | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Set while mounts load after unseal or unload before seal: requests answer 503 meanwhile. */
  #changing = false;

  private constructor(options: CoreOptions) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? (() => new Date());
    this.devMode = options.devMode ?? false;
    this.#tidyIntervalMs = options.tidyIntervalMs ?? 60_000;
    this.metrics = options.metrics ?? new ServerMetrics();
    const onWriteFailure = (device: string) => this.metrics.auditWriteFailed(device);
    this.auditor = new Auditor({ logger: this.logger, now: this.now, onWriteFailure });
    this.#physical = options.storage;
    this.#seal = new SealManager(options.storage, {
      ...(options.keyFile !== undefined ? { keyFile: options.keyFile } : {}),
      storageType: options.storage.kind ?? "unknown",
      logger: this.logger,
    });
    this.#barrier = new SealedKv(options.storage, this.#seal.keyring);
    this.#policies = new PolicyStore(this.#barrier.view("sys/policy/"));
    this.#mounts = new MountTable({
      physical: options.storage,
      barrier: this.#barrier,
      factories: options.backends,
      router: this.router,
      logger: this.logger,
      now: this.now,
    });
    this.metrics.trackSeal(() => this.#seal.sealed);
    const ctx = this.#sysContext();
    const services = { auditor: this.auditor, metrics: this.metrics };
    this.router.mount(routeTable("sys/", "system", systemPaths(ctx, services), true));
    this.router.mount(routeTable("auth/token/", "token", tokenPaths(ctx), true));
  }

  static async create(options: CoreOptions): Promise<Core> {
    const core = new Core(options);
    await core.#seal.config(); // fails early when storage cannot be read
    return core;
  }

  /** Answers one API request, audited and timed; never throws (errors become Vault's error bodies). */
  async handle(request: CoreRequest): Promise<HttpResult> {
    const requestId = randomUUID();
    const started = performance.now();
    const trail = this.auditor.trail(request, requestId);
    let result: HttpResult;
    try {
      result = await dispatch(this.#dispatchDeps, request, requestId, trail);
    } catch (err) {
      result = renderError(err, this.logger, requestId);
    }
    result = trail.finish(result);
    this.metrics.apiRequest(request.method, result.status, (performance.now() - started) / 1000);
    return result;
  }

  readonly #dispatchDeps = {
    router: this.router,
    sealed: () => this.#seal.sealed || this.#changing,
    tokens: () => this.#tokenStore(),
    acl: (policies: readonly string[]) => this.#policies.acl(policies),
  };

  get sealed(): boolean {
    return this.#seal.sealed;
  }

  status(): Promise<SealStatus> {
    return this.#seal.status();
  }

  /** Initializes the seal (sys/init); `rootTokenId` fixes the root token's id (dev mode). */
  init(request: InitRequest, rootTokenId?: string): Promise<InitResult> {
    const problem = rootTokenId === undefined ? undefined : checkCustomId(rootTokenId);
    if (problem) return Promise.reject(badRequest(`invalid root token id: ${problem}`));
    const setup = async (keyring: Keyring) => {
      const { rootToken, cluster } = await bootstrap(this.#physical, keyring, this.now, rootTokenId);
      this.logger.info({ cluster: cluster.name }, "initialized");
      return rootToken;
    };
    return this.#serial(() => this.#seal.init(request, setup));
  }

  /** Submits one unseal key; at the threshold the server unseals and its mounts start. */
  unseal(key: string): Promise<SealStatus> {
    return this.#serial(async () => {
      if (await this.#seal.submit(key)) await this.#afterUnseal();
      return this.#seal.status();
    });
  }

  resetUnseal(): Promise<SealStatus> {
    return this.#serial(async () => {
      this.#seal.reset();
      return this.#seal.status();
    });
  }

  /** Unseals with the key file wrapping the root key (see seal-keys.ts for the trade-off). */
  unsealWithKeyFile(path: string): Promise<SealStatus> {
    return this.#serial(async () => {
      if (this.#seal.sealed) {
        await this.#seal.unsealWithKeyFile(path);
        await this.#afterUnseal();
      }
      return this.#seal.status();
    });
  }

  seal(): Promise<void> {
    return this.#serial(async () => {
      if (this.#seal.sealed) return;
      this.#changing = true;
      try {
        await this.#beforeSeal();
      } finally {
        this.#seal.seal();
        this.#changing = false;
      }
      this.logger.info({}, "sealed");
    });
  }

  /**
   * `server -dev`: initializes with one unseal key (threshold 1), unseals, and returns the key and
   * the root token (with `rootTokenId` as its id when given). On a later start on the same data,
   * the caller unseals with the key it kept; calling this again is a 400 (already initialized).
   */
  async initDev(options: { rootTokenId?: string } = {}): Promise<InitResult> {
    const result = await this.init({ secretShares: 1, secretThreshold: 1 }, options.rootTokenId);
    await this.unseal(result.keysBase64[0]!);
    return result;
  }

  /**
   * Seals and opens managed-object material with the barrier's keyring (AES-256-GCM, the given
   * AAD). Throws while sealed, like every sealed read.
   */
  materialSealer(): {
    seal(p: Uint8Array, aad: string): Uint8Array;
    open(s: Uint8Array, aad: string): Uint8Array;
  } {
    const keyring = () => this.#seal.keyring();
    return {
      seal: (plaintext, aad) => keyring().seal(plaintext, `object/${aad}`),
      open: (sealed, aad) => keyring().open(sealed, `object/${aad}`),
    };
  }

  /** Enables a secrets engine (what POST sys/mounts/:path does), e.g. for dev mode. */
  async enableMount(path: string, input: MountInput): Promise<MountEntry> {
    return (await this.#mountTable().enable(path, input)).entry;
  }

  disableMount(path: string): Promise<void> {
    return this.#mountTable().disable(path);
  }

  listMounts(): MountEntry[] {
    return this.#mountTable().list();
  }

  /**
   * Another node sharing the storage changed the mount table or policies (src/cluster): start and
   * stop mounts to match the stored table, forget parsed policies. Nothing while sealed: unseal
   * reads everything fresh. Runs between seal-state changes, never during one.
   */
  refresh(parts: { readonly mounts: boolean; readonly policies: boolean }): Promise<void> {
    return this.#serial(async () => {
      if (this.#seal.sealed) return;
      if (parts.policies) this.#policies.clearCache();
      // The audit device table travels with the mount table (src/cluster/shared-state.ts).
      if (parts.mounts) {
        await this.#mounts.sync();
        await this.auditor.reload();
      }
    });
  }

  /** Stops timers and cleans every backend up (process exit); storage stays open for the caller. */
  shutdown(): Promise<void> {
    return this.seal();
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #afterUnseal(): Promise<void> {
    this.#changing = true;
    try {
      await this.#load();
    } catch (err) {
      await this.#beforeSeal().catch(() => undefined);
      this.#seal.seal();
      throw err;
    } finally {
      this.#changing = false;
    }
  }

  async #load(): Promise<void> {
    this.#cluster = await getJson(this.#barrier, CLUSTER_KEY);
    this.#seal.setCluster(this.#cluster);
    this.#policies.clearCache();
    this.#tokens = await TokenStore.open(this.#barrier.view("sys/token/"), this.now);
    await this.auditor.load(this.#barrier);
    await this.#mounts.load();
    this.#startTidy();
    this.logger.info({ mounts: this.#mounts.list().length, dev: this.devMode }, "unsealed");
  }

  async #beforeSeal(): Promise<void> {
    if (this.#tidyTimer) clearInterval(this.#tidyTimer);
    this.#tidyTimer = undefined;
    await this.#mounts.unloadAll();
    this.auditor.unload();
    this.#tokens = undefined;
    this.#policies.clearCache();
  }

  #startTidy(): void {
    const tidy = () => {
      this.#tokens?.tidy().catch((err) => this.logger.warn({ err: String(err) }, "token sweep failed"));
    };
    tidy();
    if (this.#tidyIntervalMs > 0) this.#tidyTimer = setInterval(tidy, this.#tidyIntervalMs).unref();
  }

  #tokenStore(): TokenStore {
    if (this.#seal.sealed || !this.#tokens) throw sealedError();
    return this.#tokens;
  }

  #mountTable(): MountTable {
    if (this.#seal.sealed) throw sealedError();
    return this.#mounts;
  }

  #sysContext(): SysContext {
    return {
      sealStatus: () => this.status(),
      init: (request) => this.init(request),
      unseal: (key) => this.unseal(key),
      resetUnseal: () => this.resetUnseal(),
      seal: () => this.seal(),
      mounts: () => this.#mountTable(),
      policies: () => {
        if (this.#seal.sealed) throw sealedError();
        return this.#policies;
      },
      tokens: () => this.#tokenStore(),
      acl: (policies) => this.#policies.acl(policies),
      openapi: () => openApiDocument(this.router.tables(), VERSION),
      now: () => this.now(),
      cluster: () => (this.#seal.sealed ? undefined : this.#cluster),
    };
  }
}
