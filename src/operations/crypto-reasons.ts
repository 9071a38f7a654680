/**
 * Result Reasons of the cryptographic operations, per protocol version.
 *
 * KMIP 1.x names few reasons for them (1.4 §11.30–11.38): the key "is not able to be used for
 * encryption" → Permission Denied; "Cryptographic error during …" → Cryptographic Failure; "No
 * outstanding operation with the specified Correlation Value exists" → Item Not Found; "The Key
 * Value is not present on the server" → Key Value Not Present (1.2+). KMIP 2.x lists precise
 * ones (2.1 §6.1.17.1 Encrypt Errors …): Invalid Object Type, Invalid Correlation Value, Bad and
 * Unsupported Cryptographic Parameters, Server Limit Exceeded.
 *
 * `src/crypto/` throws the 2.x reasons; `inVersion` maps those a 1.x client cannot receive:
 * Unsupported Cryptographic Parameters → Feature Not Supported ("the operation is supported, but
 * not a specific feature specified in the request"), Bad Cryptographic Parameters → Invalid Field
 * (a request value the server refuses), Server Limit Exceeded → General Failure (1.x has no
 * reason for a resource bound). Everything else passes through.
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";

const R = ResultReason;

/** 2.x-only reasons `src/crypto/` and this layer throw, and what a 1.x client gets instead. */
const FOR_1X: Readonly<Record<number, number>> = {
  [R.UnsupportedCryptographicParameters]: R.FeatureNotSupported,
  [R.BadCryptographicParameters]: R.InvalidField,
  [R.ServerLimitExceeded]: R.GeneralFailure,
  [R.InvalidCorrelationValue]: R.ItemNotFound,
  [R.InvalidObjectType]: R.PermissionDenied,
  [R.WrappingObjectNotFound]: R.ItemNotFound,
  [R.WrappingObjectArchived]: R.ObjectArchived,
  [R.WrappingObjectDestroyed]: R.PermissionDenied,
};

/** `e` with a reason `version` has (see the header); non-KMIP errors pass unchanged. */
export function inVersion(e: unknown, version: KmipVersion): unknown {
  if (!(e instanceof KmipError) || version >= 20) return e;
  const mapped = FOR_1X[e.reason];
  return mapped === undefined ? e : new KmipError(mapped, e.publicMessage, { cause: e.cause });
}

/** Runs `fn`, mapping its KmipError to `version` (the single place handlers translate reasons). */
export async function withVersionReasons<T>(version: KmipVersion, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw inVersion(e, version);
  }
}

/** "Object specified is not able to be used for …": 1.x Permission Denied; 2.x Invalid Object Type. */
export function unusableObjectType(version: KmipVersion, message: string): KmipError {
  return new KmipError(version >= 20 ? R.InvalidObjectType : R.PermissionDenied, message);
}

/** "The Key Value is not present on the server" (1.2+; the crypto operations are 1.2+). */
export function keyValueNotPresent(message = "the server does not hold the key's value"): KmipError {
  return new KmipError(R.KeyValueNotPresent, message);
}

/** No multi-part operation with this Correlation Value (1.4 §11.30 Item Not Found; 2.x Invalid Correlation Value). */
export function unknownCorrelation(version: KmipVersion): KmipError {
  const reason = version >= 20 ? R.InvalidCorrelationValue : R.ItemNotFound;
  return new KmipError(reason, "no multi-part operation in progress with this Correlation Value");
}

/** A request field whose value is refused: Invalid Field in every version. */
export function invalidRequestField(message: string): KmipError {
  return new KmipError(R.InvalidField, message);
}

/** A required request field is absent (1.4 §11.1 "REQUIRED field(s) missing" → Invalid Message). */
export function missingRequestField(message: string): KmipError {
  return new KmipError(R.InvalidMessage, message);
}

/** A 2.x reference (2.1 §7.9) in place of Data or an identifier the operation needs as a value. */
export function referenceNotSupported(what: string): KmipError {
  return new KmipError(R.FeatureNotSupported, `a reference in place of ${what} is not supported`);
}
