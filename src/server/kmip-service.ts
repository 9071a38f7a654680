/**
 * The KMIP service: for every attached `kmip` mount, the mutual-TLS listeners of its legacy
 * configuration (`kmip/config` `listen_addrs`) and of its named listeners, each serving binary
 * TTLV requests (KMIP 1.0–1.4 and 2.0–2.1, as `serverInfo.protocolVersions` allows) to clients
 * whose certificates map to a scope and role.
 *
 * It is also the engine's listener guard (`kmipBackendFactoryWith({ listenerGuard: service })`):
 * a config or listener write whose address cannot be bound fails with a 400 before it commits.
 *
 *   const service = new KmipService({ objects, sealer, logger, sealed, operations, serverInfo });
 *   await service.attach(mountUuid, backend.state);   // on mount / unseal
 *   await service.detach(mountUuid);                  // on unmount / seal
 *   await service.close();                            // on shutdown
 *   await service.answer(mountUuid, identity, bytes); // the HTTP client API (contract §2.9)
 */
import { ApiError } from "../api/framework/types.js";
import type { ListenerGuard, ListenerTarget } from "../engine/kmip/context.js";
import type { KmipEngineState } from "../engine/kmip/state.js";
import type { ClientIdentity } from "../operations/types.js";
import { TicketBook } from "../policy/ticket-book.js";
import { MemoryScopeSettings } from "../storage/scope-settings.js";
import { AsyncOperations } from "./async-table.js";
import { parseAddress, testBind } from "./bind.js";
import { targetKey } from "./listen-specs.js";
import { answerMessage, type MessageDeps } from "./message.js";
import { type ListenerStatus, MountRuntime } from "./mount.js";
import { type KmipServiceOptions, resolveServiceLimits, type ServiceLimits } from "./options.js";

export type { ListenerStatus } from "./mount.js";
export type { KmipServiceOptions, ServiceLimits } from "./options.js";

export class KmipService implements ListenerGuard {
  private readonly mounts = new Map<string, MountRuntime>();
  private limits: ServiceLimits;
  private message: MessageDeps;

  constructor(private readonly options: KmipServiceOptions) {
    this.limits = resolveServiceLimits(options.limits);
    this.message = {
      operations: options.operations,
      serverInfo: options.serverInfo,
      objects: options.objects,
      sealer: options.sealer,
      now: options.now ?? (() => new Date()),
      logger: options.logger,
      ttlvLimits: this.limits.ttlv,
      audit: options.audit,
      metrics: options.metrics,
      batchItemsMax: this.limits.batchItemsMax,
      certificateAuthority: (mountUuid) => this.mounts.get(mountUuid)?.state.certificateAuthority(),
      // Operation Pending items, per mount and scope, in this process (async-table.ts).
      asynchronous: new AsyncOperations(),
      tickets: options.tickets ?? new TicketBook(),
      scopeSettings: options.scopeSettings ?? new MemoryScopeSettings(),
    };
  }

  /** Starts serving a mount (replacing an earlier attachment of the same mount). */
  async attach(mountUuid: string, state: KmipEngineState): Promise<void> {
    await this.detach(mountUuid);
    const runtime = new MountRuntime(mountUuid, state, {
      limits: this.limits,
      message: this.message,
      sealed: this.options.sealed,
    });
    this.mounts.set(mountUuid, runtime);
    await runtime.start();
  }

  /**
   * New bounds (the configuration file's `kmip_limits`, on SIGHUP): each listener takes the new
   * connection cap and handshake deadline at once (a new deadline restarts it in place, open
   * connections stay); connections accepted from now on take every new limit; connections
   * already open keep the limits they were accepted with. Throws, changing nothing, on a bad value.
   */
  setLimits(limits: KmipServiceOptions["limits"]): void {
    const next = resolveServiceLimits(limits);
    this.limits = next;
    this.message = Object.assign({}, this.message, {
      ttlvLimits: next.ttlv,
      batchItemsMax: next.batchItemsMax,
    });
    const deps = { limits: next, message: this.message, sealed: this.options.sealed };
    for (const runtime of this.mounts.values()) runtime.setDeps(deps);
  }

  /** Stops the mount's listeners and closes its connections. */
  async detach(mountUuid: string): Promise<void> {
    const runtime = this.mounts.get(mountUuid);
    if (runtime === undefined) return;
    this.mounts.delete(mountUuid);
    this.message.asynchronous?.dropMount(mountUuid);
    await runtime.stop();
  }

  async close(): Promise<void> {
    await Promise.all([...this.mounts.keys()].map((uuid) => this.detach(uuid)));
  }

  /** The listeners running for a mount, with the ports they are bound to. */
  listeners(mountUuid: string): ListenerStatus[] {
    return this.mounts.get(mountUuid)?.status() ?? [];
  }

  /** Resolves once the mount has applied every configuration change announced so far. */
  async settled(mountUuid: string): Promise<void> {
    await this.mounts.get(mountUuid)?.settled();
  }

  /** One request message run as `identity` on the mount, as on a listener (the client API, §2.9). */
  answer(mountUuid: string, identity: ClientIdentity, request: Uint8Array): Promise<Uint8Array> {
    const logFields = { mount: mountUuid, transport: "http-client-api" };
    return answerMessage(request, this.message, { mountUuid, identity, logFields });
  }

  /**
   * The listener guard: every address must be one this target already serves, or be free (a
   * test bind). Addresses held by another listener of ours are in use too.
   */
  async check(mountUuid: string, target: ListenerTarget, addresses: readonly string[]): Promise<void> {
    const key = targetKey(target);
    const toTest: string[] = [];
    for (const address of new Set(addresses)) {
      if (parseAddress(address).port === 0) continue; // the OS picks a free port
      const holders = [...this.mounts.values()].flatMap((m) => {
        const holder = m.holderOf(address);
        return holder === undefined ? [] : [{ mount: m.mountUuid, key: targetKey(holder) }];
      });
      if (holders.some((h) => h.mount === mountUuid && h.key === key)) continue;
      if (holders.length > 0) throw new ApiError(400, `listen address ${address} is already in use`);
      toTest.push(address);
    }
    await testBind(toTest);
  }
}
