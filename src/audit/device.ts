/**
 * One enabled audit device: its table entry (kept in sealed storage with its HMAC salt), the sink
 * its lines go to and the redactor that hashes its records' secrets. Only the `file` type exists
 * (Vault's other types, `socket` and `syslog`, are not offered).
 */
import { randomBytes } from "node:crypto";
import { type FileDeviceOptions, optionStrings, parseFileOptions } from "./device-options.js";
import { FileSink } from "./file-sink.js";
import { Redactor } from "./redact.js";

/** The stored record of a device (`core/audit` in the barrier). */
export interface AuditDeviceEntry {
  /** Where it is mounted, with a trailing slash ("file/"). */
  readonly path: string;
  readonly type: "file";
  readonly description: string;
  readonly options: Readonly<Record<string, string>>;
  readonly local: boolean;
  /** The HMAC key of the device's records, base64 (32 random bytes). */
  readonly salt: string;
}

/** A record is made per device, as each device hashes with its own salt. */
export type RecordMaker = (redactor: Redactor) => object;

export const SALT_BYTES = 32;

export class AuditDevice {
  readonly #sink: FileSink;
  readonly #redactor: Redactor;
  readonly #salt: Uint8Array;

  constructor(readonly entry: AuditDeviceEntry) {
    const options = parseFileOptions(entry.options);
    this.#salt = Buffer.from(entry.salt, "base64");
    this.#sink = new FileSink({ path: options.filePath, mode: options.mode });
    this.#redactor = new Redactor({
      salt: this.#salt,
      hmacAccessor: options.hmacAccessor,
      logRaw: options.logRaw,
    });
  }

  /** A new device entry with a fresh salt; throws AuditOptionError for bad options. */
  static newEntry(path: string, description: string, options: Record<string, unknown>): AuditDeviceEntry {
    const parsed: FileDeviceOptions = parseFileOptions(options);
    return {
      path,
      type: "file",
      description,
      options: optionStrings(parsed),
      local: false,
      salt: randomBytes(SALT_BYTES).toString("base64"),
    };
  }

  /** Creates the file and sets its mode; throws when it cannot be opened. */
  open(): void {
    this.#sink.open();
  }

  /** Appends one record; throws when the line cannot be written. */
  write(make: RecordMaker): void {
    this.#sink.append(make(this.#redactor));
  }

  /** What `/sys/audit-hash` answers: the value as this device would log it. */
  hash(input: string): string {
    return this.#redactor.secret(input);
  }

  /** Vault's listing of a device (GET sys/audit). */
  info(): Record<string, unknown> {
    const { path, type, description, options, local } = this.entry;
    return { path, type, description, options, local };
  }
}
