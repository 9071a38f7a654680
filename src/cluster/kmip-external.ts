/**
 * Other nodes' KMIP engine commits, delivered to this node's KMIP service at once. The service
 * follows a mount through `state.onChange` (listeners rebind, connections drop their cached
 * identity); the engine announces there its own commits, and other nodes' as `external` when its
 * 500 ms poll of `meta/generation` notices them. A notification should not wait for that poll,
 * so the service is given the engine state with `onChange` also hearing this registry, which
 * cluster-sync fires when a notification names the mount (or every mount, after a gap). The
 * engine's poll later finds the same commit and announces it again: one more re-check, no harm.
 */
import type { ChangeListener } from "../engine/kmip/events.js";
import type { KmipEngineState } from "../engine/kmip/state.js";

export class KmipExternalChanges {
  readonly #listeners = new Map<string, Set<ChangeListener>>();

  /** `state` as the service should see it: the engine's own changes plus other nodes'. */
  bind(mountUuid: string, state: KmipEngineState): KmipEngineState {
    const onChange = (listener: ChangeListener): (() => void) => {
      const stopLocal = state.onChange(listener);
      const set = this.#listeners.get(mountUuid) ?? new Set<ChangeListener>();
      this.#listeners.set(mountUuid, set);
      set.add(listener);
      return () => {
        stopLocal();
        set.delete(listener);
        if (set.size === 0 && this.#listeners.get(mountUuid) === set) this.#listeners.delete(mountUuid);
      };
    };
    // Everything but onChange is the engine's own, called on the engine state itself.
    return new Proxy(state, {
      get(target, property) {
        if (property === "onChange") return onChange;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  /** Tells the listeners of one mount, or of every mount, that another node committed. */
  emit(mountUuid?: string): void {
    const sets = mountUuid === undefined ? [...this.#listeners.values()] : [this.#listeners.get(mountUuid)];
    for (const listener of sets.flatMap((set) => [...(set ?? [])])) {
      try {
        listener({ kind: "external" });
      } catch {
        // As the engine's own events: one listener's failure is not the others'.
      }
    }
  }
}
