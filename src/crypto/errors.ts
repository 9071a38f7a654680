/**
 * The refusals of `src/crypto/`, one function per Result Reason, so every caller picks the same
 * reason for the same failure.
 *
 * - Cryptographic Failure: OpenSSL refused or failed (bad tag, bad padding, data that is not a
 *   block multiple …): 1.4 §11.30–11.38 "Cryptographic error during …"; the OASIS profile tests
 *   CS-BC-M-GCM-1 and CS-BC-M-CHACHA20POLY1305-1 expect it for a wrong tag, IV or ciphertext.
 * - Invalid Message: a required IV/Counter/Nonce (or tag) is missing: CS-BC-M-11/12/13 (1.4, 2.0
 *   and 2.1 alike) answer a CBC Decrypt without IV with Invalid Message ("missing-iv").
 * - Invalid Field: a request value with the wrong size or range (1.4 §11.1, 2.1 §11.46 "some data
 *   in the request … has an invalid value").
 * - Bad / Unsupported Cryptographic Parameters (2.x only, 2.1 §11.46): parameters that do not fit
 *   together, or that the spec defines but this server does not implement. The batch layer maps
 *   them for a 1.x client (`reasonForVersion` in src/policy/reasons.ts).
 * - Key Format Type Not Supported (1.4 §11.12): a conversion that cannot be made.
 * - Encoding Option Error (1.4 §11.12): an Encoding Option that cannot be applied.
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";

/** Cryptographic Failure, keeping OpenSSL's error as the (logged, never sent) cause. */
export function cryptographicFailure(message: string, cause?: unknown): KmipError {
  return new KmipError(ResultReason.CryptographicFailure, message, { cause });
}

/** Invalid Message: a field the operation needs is absent (CS-BC-M-12: "missing-iv"). */
export function missingField(message: string): KmipError {
  return new KmipError(ResultReason.InvalidMessage, message);
}

/** Invalid Field: a request value of the wrong size or out of range. */
export function invalidField(message: string, cause?: unknown): KmipError {
  return new KmipError(ResultReason.InvalidField, message, { cause });
}

/** Bad Cryptographic Parameters: parameters that contradict each other or the key. */
export function badParameters(message: string): KmipError {
  return new KmipError(ResultReason.BadCryptographicParameters, message);
}

/** Unsupported Cryptographic Parameters: defined by the spec, not offered by this server. */
export function unsupported(message: string): KmipError {
  return new KmipError(ResultReason.UnsupportedCryptographicParameters, message);
}

/**
 * A Tag Length outside what the mode allows. The OASIS profile tests CS-BC-M-GCM-1 and
 * CS-BC-M-CHACHA20POLY1305-1 (1.4, 2.0, 2.1) expect General Failure for Tag Length 1 and 32.
 */
export function invalidTagLength(message: string): KmipError {
  return new KmipError(ResultReason.GeneralFailure, message);
}

/** Key Format Type Not Supported: the key cannot be given or read in that format (1.4 §11.12). */
export function formatNotSupported(message: string): KmipError {
  return new KmipError(ResultReason.KeyFormatTypeNotSupported, message);
}

/** Encoding Option Error (1.4 §11.12): "cannot be provided in the desired Encoding Option". */
export function encodingOptionError(message: string): KmipError {
  return new KmipError(ResultReason.EncodingOptionError, message);
}

/** Server Limit Exceeded (2.x): a buffered multi-part operation grew past its bound. */
export function limitExceeded(message: string): KmipError {
  return new KmipError(ResultReason.ServerLimitExceeded, message);
}

/**
 * A multi-part operation used after its last part. 1.4 §11.30–11.38: "No outstanding operation
 * with the specified Correlation Value exists" → Item Not Found.
 */
export function streamEnded(): KmipError {
  return new KmipError(ResultReason.ItemNotFound, "the multi-part operation has already ended");
}

/** Runs `fn`, turning anything but a KmipError into Cryptographic Failure with `message`. */
export function guard<T>(message: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof KmipError) throw e;
    throw cryptographicFailure(message, e);
  }
}
