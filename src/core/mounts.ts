/**
 * The mount table (API docs sys/mounts; docs "Secrets engines"): which secrets engine serves which
 * path. The table is one sealed record, `core/mounts`. Each mount has a UUID, an accessor
 * (`<type>_<8 hex>`), and a BackendContext whose storage is the sealed view `logical/<uuid>/`, so
 * its data survives nothing but its own disable. Backends come from the factory registry given to
 * the core (the lead registers `kmip`); they are created and initialized on unseal and on enable,
 * and cleaned up on seal, on disable and at shutdown.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { type Router, type RouteTable, routeTable } from "../api/framework/router.js";
import type { Backend, BackendFactory } from "../api/framework/types.js";
import type { KvStore } from "../storage/types.js";
import { badRequest } from "./errors.js";
import { deleteTree, getJson, putJson } from "./kv-json.js";
import type { Logger } from "./logger.js";
import {
  checkNotReserved,
  type MountConfig,
  mountConfig,
  mountOptions,
  normalizeMountPath,
} from "./mount-input.js";
import type { SealedKv } from "./sealed-kv.js";

export const MOUNT_TABLE_KEY = "core/mounts";

export interface MountEntry {
  path: string;
  type: string;
  description: string;
  uuid: string;
  accessor: string;
  config: MountConfig;
  options: Record<string, string> | null;
  local: boolean;
  seal_wrap: boolean;
}

export interface MountInput {
  type: string;
  description?: string;
  config?: unknown;
  options?: unknown;
  local?: boolean;
  sealWrap?: boolean;
}

export interface MountTableDeps {
  readonly physical: KvStore;
  readonly barrier: SealedKv;
  readonly factories: ReadonlyMap<string, BackendFactory>;
  readonly router: Router;
  readonly logger: Logger;
  readonly now: () => Date;
}

export class MountTable {
  readonly #entries = new Map<string, MountEntry>();
  readonly #backends = new Map<string, Backend>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: MountTableDeps) {}

  /** On unseal: reads the table, creates, routes and initializes every mounted backend. */
  async load(): Promise<void> {
    const entries = (await getJson<MountEntry[]>(this.deps.barrier, MOUNT_TABLE_KEY)) ?? [];
    for (const entry of entries) {
      this.#entries.set(entry.path, entry);
      await this.#startLogged(entry);
    }
  }

  /**
   * Another node sharing the storage changed the table (src/cluster): stops the mounts it
   * removed (their data is that node's to delete) and starts the ones it added.
   */
  sync(): Promise<void> {
    return this.#serial(() => this.#sync());
  }

  async #sync(): Promise<void> {
    const stored = (await getJson<MountEntry[]>(this.deps.barrier, MOUNT_TABLE_KEY)) ?? [];
    const byPath = new Map(stored.map((e) => [e.path, e]));
    for (const [path, entry] of [...this.#entries]) {
      if (byPath.get(path)?.uuid === entry.uuid) continue;
      this.deps.router.unmount(path);
      await this.#stop(path);
      this.#entries.delete(path);
    }
    for (const entry of stored) {
      const known = this.#entries.has(entry.path);
      this.#entries.set(entry.path, entry);
      if (!known) await this.#startLogged(entry);
    }
  }

  list(): MountEntry[] {
    return [...this.#entries.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  get(path: string): MountEntry | undefined {
    return this.#entries.get(normalizeMountPath(path));
  }

  /** Enables a mount; `warnings` lists the config keys given that kmipd does not use. */
  async enable(pathInput: string, input: MountInput): Promise<{ entry: MountEntry; warnings: string[] }> {
    return this.#serial(() => this.#enable(pathInput, input));
  }

  async #enable(pathInput: string, input: MountInput): Promise<{ entry: MountEntry; warnings: string[] }> {
    const path = normalizeMountPath(pathInput);
    checkNotReserved(path);
    // Another node may have changed the table since this one last read it: start from the stored one.
    await this.#sync();
    this.#checkConflict(path);
    if (!this.deps.factories.has(input.type)) throw badRequest(`unknown secrets engine type "${input.type}"`);
    const { config, ignored } = mountConfig(input.config);
    const entry: MountEntry = {
      path,
      type: input.type,
      description: input.description ?? "",
      uuid: randomUUID(),
      accessor: `${input.type}_${randomBytes(4).toString("hex")}`,
      config,
      options: mountOptions(input.options),
      local: input.local ?? false,
      seal_wrap: input.sealWrap ?? false,
    };
    const backend = await this.#create(entry);
    try {
      await backend.initialize?.();
      await this.#persist([...this.#entries.values(), entry]);
    } catch (err) {
      await backend.cleanup?.()?.catch(() => undefined);
      throw err;
    }
    this.#entries.set(path, entry);
    this.#route(entry, backend);
    const warnings =
      ignored.length > 0 ? [`mount config keys not used by kmipd were ignored: ${ignored.join(", ")}`] : [];
    return { entry, warnings };
  }

  /** Disables a mount: stops routing it, cleans the backend up, deletes all of its data. */
  disable(pathInput: string): Promise<void> {
    return this.#serial(() => this.#disable(pathInput));
  }

  async #disable(pathInput: string): Promise<void> {
    const path = normalizeMountPath(pathInput);
    if (path === "sys/") throw badRequest('cannot unmount "sys/"');
    await this.#sync();
    const entry = this.#entries.get(path);
    if (!entry) return; // idempotent
    this.deps.router.unmount(path);
    await this.#stop(path);
    this.#entries.delete(path);
    await this.#persist([...this.#entries.values()]);
    const removed = await deleteTree(this.deps.physical, `logical/${entry.uuid}/`);
    this.deps.logger.info({ mount: path, type: entry.type, records: removed }, "mount disabled");
  }

  /** On seal and shutdown: cleans every backend up and forgets the table (storage keeps it). */
  async unloadAll(): Promise<void> {
    for (const path of this.#entries.keys()) {
      this.deps.router.unmount(path);
      await this.#stop(path);
    }
    this.#entries.clear();
  }

  /** Table changes run one at a time, so two enables cannot both pass the conflict check. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #checkConflict(path: string): void {
    for (const existing of this.#entries.keys()) {
      if (existing.startsWith(path) || path.startsWith(existing)) {
        throw badRequest(`path is already in use at ${existing}`);
      }
    }
  }

  async #start(entry: MountEntry): Promise<void> {
    const backend = await this.#create(entry);
    this.#route(entry, backend);
    await backend.initialize?.();
  }

  async #startLogged(entry: MountEntry): Promise<void> {
    try {
      await this.#start(entry);
    } catch (err) {
      // The mount stays in the table; its API answers once the cause is fixed and it is re-enabled.
      this.deps.logger.error(
        { mount: entry.path, type: entry.type, err: String(err) },
        "mount failed to start",
      );
    }
  }

  async #create(entry: MountEntry): Promise<Backend> {
    const factory = this.deps.factories.get(entry.type);
    if (!factory) throw new Error(`no backend factory registered for type ${entry.type}`);
    return factory({
      mountPath: entry.path,
      mountUuid: entry.uuid,
      storage: this.deps.barrier.view(`logical/${entry.uuid}/`),
      now: this.deps.now,
    });
  }

  #route(entry: MountEntry, backend: Backend): void {
    this.#backends.set(entry.path, backend);
    this.deps.router.mount(routeTable(entry.path, entry.type, backend.paths));
  }

  async #stop(path: string): Promise<void> {
    const backend = this.#backends.get(path);
    this.#backends.delete(path);
    try {
      await backend?.cleanup?.();
    } catch (err) {
      this.deps.logger.error({ mount: path, err: String(err) }, "backend cleanup failed");
    }
  }

  async #persist(entries: MountEntry[]): Promise<void> {
    await putJson(this.deps.barrier, MOUNT_TABLE_KEY, entries);
  }

  /** Route tables of the mounts, for the OpenAPI document. */
  routeTables(): RouteTable[] {
    return this.deps.router.tables().filter((t) => this.#entries.has(t.path));
  }
}

/** A mount as sys/mounts shows it (API docs sys/mounts, sample responses). */
export function mountInfo(entry: MountEntry): Record<string, unknown> {
  return {
    accessor: entry.accessor,
    config: entry.config,
    description: entry.description,
    external_entropy_access: false,
    local: entry.local,
    options: entry.options,
    plugin_version: "",
    running_plugin_version: "",
    running_sha256: "",
    seal_wrap: entry.seal_wrap,
    type: entry.type,
    uuid: entry.uuid,
  };
}
