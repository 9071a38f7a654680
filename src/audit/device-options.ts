/**
 * The options of a `file` audit device (Vault docs "File audit device" > "Configuration"):
 * - `file_path` (required): where records are appended; `stdout` and `discard` are keywords;
 * - `mode` (default "0600"): the file's octal mode; "0000" leaves it alone; modes with an
 *   executable bit are refused ("File audit devices cannot use file modes with executable
 *   permissions");
 * - `hmac_accessor` (default true): hash token accessors;
 * - `log_raw` (default false): write secrets in clear;
 * - `format`: "json" only (Vault's `jsonx` is not offered).
 * Vault passes options as strings ("true", "0600"); JSON booleans are accepted too. Options kmipd
 * does not implement (`prefix`, `filter`, `elide_list_responses`, ...) are refused, not ignored.
 */
import { isAbsolute } from "node:path";
import { parseBool } from "../config/duration.js";

export interface FileDeviceOptions {
  readonly filePath: string;
  readonly mode: number;
  readonly hmacAccessor: boolean;
  readonly logRaw: boolean;
}

const KNOWN = new Set(["file_path", "path", "mode", "hmac_accessor", "log_raw", "format"]);

/** Thrown for options a device cannot be enabled with (the API answers 400). */
export class AuditOptionError extends Error {
  override readonly name = "AuditOptionError";
}

export function parseFileOptions(options: Readonly<Record<string, unknown>>): FileDeviceOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new AuditOptionError(`unsupported audit device option "${key}"`);
  }
  // Vault still accepts the file device's old `path` option for `file_path`.
  const filePath = text(options, "file_path") ?? text(options, "path");
  if (filePath === undefined || filePath === "") throw new AuditOptionError("file_path is required");
  if (filePath !== "stdout" && filePath !== "discard" && !isAbsolute(filePath)) {
    throw new AuditOptionError("file_path must be an absolute path, stdout or discard");
  }
  const format = text(options, "format") ?? "json";
  if (format !== "json") throw new AuditOptionError(`unsupported audit format "${format}" (json only)`);
  return {
    filePath,
    mode: fileMode(text(options, "mode") ?? "0600"),
    hmacAccessor: flag(options, "hmac_accessor", true),
    logRaw: flag(options, "log_raw", false),
  };
}

/** The options as Vault lists them: strings, defaults filled in. */
export function optionStrings(options: FileDeviceOptions): Record<string, string> {
  return {
    file_path: options.filePath,
    mode: `0${options.mode.toString(8).padStart(3, "0")}`,
    hmac_accessor: String(options.hmacAccessor),
    log_raw: String(options.logRaw),
    format: "json",
  };
}

function text(options: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = options[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new AuditOptionError(`option ${key} must be a string`);
}

function flag(options: Readonly<Record<string, unknown>>, key: string, fallback: boolean): boolean {
  const value = text(options, key);
  if (value === undefined || value === "") return fallback;
  try {
    return parseBool(value);
  } catch {
    throw new AuditOptionError(`option ${key} must be true or false`);
  }
}

function fileMode(value: string): number {
  if (!/^0?[0-7]{3}$/.test(value))
    throw new AuditOptionError(`mode must be an octal file mode, got "${value}"`);
  const mode = Number.parseInt(value, 8);
  if ((mode & 0o111) !== 0) throw new AuditOptionError("mode must not have executable permissions");
  return mode;
}
