/**
 * The logging surface the core and the HTTP layer need: pino's call shape (`info(obj, msg)`), so
 * the lead can pass a pino logger. Callers put identifiers (request ids, accessors, mount paths)
 * in `obj`, never tokens, unseal keys, key material or request bodies.
 */
export interface Logger {
  /** pino's: whether a line at `level` would be written (absent: assume it would). */
  isLevelEnabled?(level: string): boolean;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = {
  isLevelEnabled: () => false,
  info() {},
  warn() {},
  error() {},
};

/** Whether an info line would be written: a per-request line is not even built when not. */
export function logsInfo(logger: Logger): boolean {
  return logger.isLevelEnabled?.("info") ?? true;
}
