/**
 * The `kmip` secrets engine (contract §2): a Backend of PathDef tables, one file per resource,
 * over the mount's sealed storage view. The KMIP service (a later issue) reaches the engine
 * through `KmipBackend.state` and supplies the managed-object store through
 * `kmipBackendFactoryWith({ objects })`; until it does, the default finds no managed objects
 * (see `objects.ts`), so scope deletes never need `force`.
 */
import type { Backend, BackendContext, BackendFactory } from "../../api/framework/types.js";
import { caPaths } from "./ca.js";
import { configPaths } from "./config.js";
import { createContext } from "./context.js";
import { credentialPaths } from "./credential.js";
import { ChangeEvents } from "./events.js";
import { listenerPaths } from "./listener.js";
import { type ManagedObjects, storageObjects } from "./objects.js";
import { rolePaths } from "./role.js";
import { scopePaths } from "./scope.js";
import { KmipEngineState } from "./state.js";
import { KmipStore } from "./store.js";

export interface KmipBackendOptions {
  /** Managed objects per scope; defaults to an empty store over the mount storage. */
  readonly objects?: ManagedObjects;
  /** How often to look for commits by other nodes sharing the database (ms, default 500). */
  readonly watchIntervalMs?: number;
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
  const objects = options.objects ?? storageObjects(ctx.storage);
  const kmip = createContext({ store, now: ctx.now, objects, events });
  return {
    type: "kmip",
    paths: [
      ...configPaths(kmip),
      ...caPaths(kmip),
      ...listenerPaths(kmip),
      ...scopePaths(kmip),
      ...rolePaths(kmip),
      ...credentialPaths(kmip),
    ],
    state: new KmipEngineState(store, events, ctx.now),
    async initialize() {
      events.watch(store, options.watchIntervalMs);
    },
    async cleanup() {
      events.stopWatching();
    },
  };
}

export function kmipBackendFactoryWith(options: KmipBackendOptions): BackendFactory {
  return (ctx) => createKmipBackend(ctx, options);
}

export const kmipBackendFactory: BackendFactory = kmipBackendFactoryWith({});
