/**
 * The audit broker: the table of enabled devices (`sys/audit`, kept in sealed storage under
 * `core/audit` and opened again on every unseal) and the one place records are written.
 *
 * Fail closed (Vault docs "Audit devices" > "Blocked audit devices": "If there are any audit
 * devices enabled, Vault requires that at least one be able to persist the log before completing a
 * request"; "Vault considers a request to be successful if it can log to at least one configured
 * audit device"): a record no enabled device could write throws AuditUnavailableError, and the
 * caller answers with an error instead of going on unaudited. With no device enabled nothing is
 * written and nothing fails. While sealed the table is closed: sealed requests are not audited.
 */
import type { CoreRequest } from "../core/dispatch.js";
import { badRequest } from "../core/errors.js";
import { getJson, putJson } from "../core/kv-json.js";
import type { Logger } from "../core/logger.js";
import type { KvStore } from "../storage/types.js";
import { ApiAuditTrail } from "./api-trail.js";
import { AuditDevice, type AuditDeviceEntry, type RecordMaker } from "./device.js";
import { AuditOptionError } from "./device-options.js";
import { KmipAudit } from "./kmip-audit.js";

export const AUDIT_TABLE_KEY = "core/audit";

const DEVICE_PATH = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9._-]+)*$/;

/** No enabled device could record what was about to happen. */
export class AuditUnavailableError extends Error {
  override readonly name = "AuditUnavailableError";
}

export interface AuditorDeps {
  readonly logger: Logger;
  readonly now: () => Date;
  /** Called for every device that fails a write (metrics). */
  readonly onWriteFailure?: (devicePath: string) => void;
}

export interface EnableInput {
  readonly type: string;
  readonly description: string;
  readonly options: Record<string, unknown>;
}

export class Auditor {
  readonly #devices = new Map<string, AuditDevice>();
  #store: KvStore | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** The hooks the KMIP batch layer calls per batch item. */
  readonly kmip: KmipAudit;

  constructor(readonly deps: AuditorDeps) {
    this.kmip = new KmipAudit(this);
  }

  /** Opens the stored table (after unseal). A device that cannot be opened stays enabled. */
  async load(barrier: KvStore): Promise<void> {
    this.#store = barrier;
    this.#devices.clear();
    for (const entry of (await getJson<AuditDeviceEntry[]>(barrier, AUDIT_TABLE_KEY)) ?? []) {
      const device = new AuditDevice(entry);
      this.#devices.set(entry.path, device);
      try {
        device.open();
      } catch (err) {
        this.deps.logger.error({ device: entry.path, err: String(err) }, "audit device cannot be opened");
      }
    }
  }

  /**
   * Reads the stored table again: another node on the same database enabled or disabled a device
   * (src/cluster). A device whose entry is unchanged stays as it is (its file's chain goes on);
   * a new one is opened (one that cannot be opened stays enabled, as in `load`); one gone from
   * the table is dropped. Nothing while sealed.
   */
  reload(): Promise<void> {
    return this.#serial(async () => {
      const store = this.#store;
      if (store === undefined) return;
      const entries = (await getJson<AuditDeviceEntry[]>(store, AUDIT_TABLE_KEY)) ?? [];
      const next = new Map<string, AuditDevice>();
      for (const entry of entries) {
        const known = this.#devices.get(entry.path);
        const same = known !== undefined && JSON.stringify(known.entry) === JSON.stringify(entry);
        next.set(entry.path, same ? known : this.#opened(entry));
      }
      const added = [...next.keys()].filter((p) => !this.#devices.has(p));
      const removed = [...this.#devices.keys()].filter((p) => !next.has(p));
      this.#devices.clear();
      for (const [path, device] of next) this.#devices.set(path, device);
      if (added.length + removed.length > 0)
        this.deps.logger.info({ added, removed }, "audit device table reloaded from storage");
    });
  }

  #opened(entry: AuditDeviceEntry): AuditDevice {
    const device = new AuditDevice(entry);
    try {
      device.open();
    } catch (err) {
      this.deps.logger.error({ device: entry.path, err: String(err) }, "audit device cannot be opened");
    }
    return device;
  }

  /** Forgets the table (before seal). */
  unload(): void {
    this.#devices.clear();
    this.#store = undefined;
  }

  get enabled(): boolean {
    return this.#devices.size > 0;
  }

  list(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [path, device] of this.#devices) out[path] = device.info();
    return out;
  }

  enable(pathInput: string, input: EnableInput): Promise<void> {
    return this.#serial(async () => {
      const path = devicePath(pathInput);
      if (this.#devices.has(path)) throw badRequest(`path "${path}" is already in use`);
      if (input.type !== "file") throw badRequest(`unknown audit device type "${input.type}"`);
      const entry = newEntry(path, input);
      const clash = [...this.#devices.values()].find((d) => sameFile(d.entry, entry));
      if (clash) throw badRequest(`file_path is already used by audit device "${clash.entry.path}"`);
      const device = new AuditDevice(entry);
      try {
        device.open();
      } catch (err) {
        throw badRequest(`audit device cannot open ${entry.options.file_path}: ${(err as Error).message}`);
      }
      await this.#save([...this.#entries(), entry]);
      this.#devices.set(path, device);
      this.deps.logger.info({ device: path }, "audit device enabled");
    });
  }

  /** Disables a device; an unknown path is not an error (Vault). */
  disable(pathInput: string): Promise<void> {
    return this.#serial(async () => {
      const path = devicePath(pathInput);
      if (!this.#devices.has(path)) return;
      await this.#save(this.#entries().filter((e) => e.path !== path));
      this.#devices.delete(path);
      this.deps.logger.info({ device: path }, "audit device disabled");
    });
  }

  /** The value as the device at `path` would log it (`sys/audit-hash`). */
  hash(pathInput: string, input: string): string | undefined {
    return this.#devices.get(devicePath(pathInput))?.hash(input);
  }

  /**
   * Writes one record to every device. Throws AuditUnavailableError when devices are enabled and
   * none could write it, unless `required` is false (the failure is then only logged).
   */
  log(make: RecordMaker, required = true): void {
    let written = 0;
    for (const [path, device] of this.#devices) {
      try {
        device.write(make);
        written++;
      } catch (err) {
        this.deps.onWriteFailure?.(path);
        this.deps.logger.error({ device: path, err: String(err) }, "audit device failed to write a record");
      }
    }
    if (written > 0 || this.#devices.size === 0) return;
    if (required) throw new AuditUnavailableError("no enabled audit device could record it");
  }

  /** The audit of one API request (Core.handle). */
  trail(request: CoreRequest, id: string): ApiAuditTrail {
    return new ApiAuditTrail(this, request, id);
  }

  #entries(): AuditDeviceEntry[] {
    return [...this.#devices.values()].map((d) => d.entry);
  }

  async #save(entries: AuditDeviceEntry[]): Promise<void> {
    if (this.#store === undefined) throw new Error("the audit table is not loaded");
    await putJson(this.#store, AUDIT_TABLE_KEY, entries);
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** "file" → "file/"; Vault paths are one or more plain segments. */
export function devicePath(input: string): string {
  const path = input.endsWith("/") ? input.slice(0, -1) : input;
  if (!DEVICE_PATH.test(path)) throw badRequest(`invalid audit device path "${input}"`);
  return `${path}/`;
}

function newEntry(path: string, input: EnableInput): AuditDeviceEntry {
  try {
    return AuditDevice.newEntry(path, input.description, input.options);
  } catch (err) {
    if (err instanceof AuditOptionError) throw badRequest(err.message);
    throw err;
  }
}

function sameFile(a: AuditDeviceEntry, b: AuditDeviceEntry): boolean {
  const path = a.options.file_path;
  return path === b.options.file_path && path !== "discard" && path !== "stdout";
}
