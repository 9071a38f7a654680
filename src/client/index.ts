/**
 * kmipd's KMIP client library: `KmipClient.connect({ host, port, ca, cert, key, version })`,
 * then `request` (any batch) or the typed helpers (`create`, `get`, `locate`, …).
 */
export * from "./attribute-text.js";
export * from "./attributes.js";
export {
  type GetResult,
  KmipClient,
  type LocateResult,
  type ObjectResult,
  type ProtocolVersionValue,
} from "./client.js";
export { CLIENT_TTLV_LIMITS } from "./connection.js";
export * from "./crypto.js";
export * from "./display.js";
export { KmipRequestError, KmipResultError, KmipTransportError, type TransportErrorCode } from "./errors.js";
export type { BatchItemRequest, BatchItemResponse, HeaderOptions, KmipResponse } from "./message.js";
export { enumName, enumValue, maskNames, maskValue } from "./names.js";
export { splitPem, tlsIdentity } from "./pem.js";
export {
  type CreateOptions,
  keyMaterialOf,
  type LocateOptions,
  type RegisterOptions,
  type RevokeOptions,
} from "./requests.js";
export { DEFAULT_VERSION, type KmipClientOptions, resolveVersion, succeeded } from "./session.js";
