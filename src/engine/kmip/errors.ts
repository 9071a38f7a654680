/**
 * Error helpers. Bad input is always `ApiError(400)` (a rejected PKI input too: a PkiError
 * carries a message meant for the user); a read of something missing is Vault's bare 404
 * (`{"errors":[]}`, which the CLI prints as "No value found at …").
 */
import { ApiError } from "../../api/framework/types.js";
import { PkiError } from "../../pki/index.js";

export function badRequest(message: string, cause?: unknown): ApiError {
  return new ApiError(400, message, cause === undefined ? undefined : { cause });
}

export function notFound(): ApiError {
  return new ApiError(404, []);
}

/** Runs `work`, turning a PkiError into a 400 with its message. */
export async function pkiInput<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PkiError) throw new ApiError(400, error.message, { cause: error });
    throw error;
  }
}

/** Names that become storage keys: a path segment of sane length without control characters. */
export function isValidName(name: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  return name.length > 0 && name.length <= 128 && !/[/\u0000-\u001f\u007f]/.test(name);
}

export function checkName(what: string, name: string): string {
  if (!isValidName(name)) {
    throw badRequest(`invalid ${what} name "${name}": 1 to 128 characters, no "/" or control characters`);
  }
  return name;
}

/** Vault's framework.GenericNameRegex, used here for CA and listener names. */
const genericName = /^\w(([\w.-]+)?\w)?$/;

export function checkGenericName(what: string, name: string): string {
  if (name.length > 128 || !genericName.test(name)) {
    throw badRequest(
      `invalid ${what} name "${name}": letters, digits, "_", "-" and "." only, starting and ending with a letter, digit or "_"`,
    );
  }
  return name;
}
