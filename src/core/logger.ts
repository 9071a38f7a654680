/**
 * The logging surface the core and the HTTP layer need: pino's call shape (`info(obj, msg)`), so
 * the lead can pass a pino logger. Callers put identifiers (request ids, accessors, mount paths)
 * in `obj`, never tokens, unseal keys, key material or request bodies.
 */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
};
