/**
 * The `kmip` secrets engine (contract §2): a Backend of PathDef tables, one file per resource,
 * over the mount's sealed storage view. The KMIP service (a later issue) reaches the engine
 * through `KmipBackend.state` and the `onInitialize`/`onCleanup` hooks, and supplies the
 * managed-object store through `kmipBackendFactoryWith({ objectStore })` (src/app.ts).
 */
import type { Backend, BackendContext, BackendFactory } from "../../api/framework/types.js";
import type { ObjectStore } from "../../storage/objects.js";
import { caPaths } from "./ca.js";
import { certifyCaPaths } from "./certify-ca-path.js";
import { clientPaths, type KmipClientRunner } from "./client-api.js";
import { configPaths } from "./config.js";
import { createContext, type ListenerGuard } from "./context.js";
import { credentialPaths } from "./credential.js";
import { ChangeEvents } from "./events.js";
import { listenerPaths } from "./listener.js";
import { type ManagedObjects, storageObjects } from "./objects.js";
import { rolePaths } from "./role.js";
import { scopePaths } from "./scope.js";
import { KmipEngineState } from "./state.js";
import { KmipStore } from "./store.js";

export type { ListenerGuard, ListenerTarget } from "./context.js";

export interface KmipBackendOptions {
  /** The managed-object store of the KMIP service; scope deletes count and remove objects in it. */
  readonly objectStore?: ObjectStore;
  /** Managed objects per scope (tests); `objectStore` wins; default: an empty store over the mount storage. */
  readonly objects?: ManagedObjects;
  /** How often to look for commits by other nodes sharing the database (ms, default 500). */
  readonly watchIntervalMs?: number;
  /** Checked before a config or listener write commits new listen addresses (the KMIP service). */
  readonly listenerGuard?: ListenerGuard;
  /** Called once the mount is initialized (unsealed): the KMIP service starts its listeners. */
  readonly onInitialize?: (mountUuid: string, state: KmipEngineState) => Promise<void>;
  /** Called on seal, unmount or shutdown: the KMIP service stops the mount's listeners. */
  readonly onCleanup?: (mountUuid: string) => Promise<void>;
  /** Runs the KMIP client API's requests (contract §2.9) as a scope/role: the KMIP service. */
  readonly kmipClient?: KmipClientRunner;
}

export interface KmipBackend extends Backend {
  readonly state: KmipEngineState;
}

export async function createKmipBackend(
  ctx: BackendContext,
  options: KmipBackendOptions = {},
): Promise<KmipBackend> {
  const store = new KmipStore(ctx.storage);
  const events = new ChangeEvents();
  const objects = options.objectStore
    ? scopedObjects(options.objectStore, ctx.mountUuid)
    : (options.objects ?? storageObjects(ctx.storage));
  const kmip = createContext({
    store,
    now: ctx.now,
    objects,
    events,
    mountUuid: ctx.mountUuid,
    listenerGuard: options.listenerGuard,
  });
  const state = new KmipEngineState(store, events, ctx.now);
  return {
    type: "kmip",
    paths: [
      ...configPaths(kmip),
      ...caPaths(kmip),
      ...certifyCaPaths(kmip),
      ...listenerPaths(kmip),
      ...scopePaths(kmip),
      ...rolePaths(kmip),
      ...credentialPaths(kmip),
      ...clientPaths(kmip, options.kmipClient),
    ],
    state,
    async initialize() {
      events.watch(store, options.watchIntervalMs);
      await options.onInitialize?.(ctx.mountUuid, state);
    },
    async cleanup() {
      events.stopWatching();
      await options.onCleanup?.(ctx.mountUuid);
    },
  };
}

/** The engine's view of the service's object store: one mount, scopes by id. */
function scopedObjects(store: ObjectStore, mountUuid: string): ManagedObjects {
  return {
    countInScope: (scopeId) => store.countInScope({ mountUuid, scopeId }),
    async deleteScope(scopeId) {
      await store.deleteScope({ mountUuid, scopeId });
    },
  };
}

export function kmipBackendFactoryWith(options: KmipBackendOptions): BackendFactory {
  return (ctx) => createKmipBackend(ctx, options);
}

export const kmipBackendFactory: BackendFactory = kmipBackendFactoryWith({});
