/**
 * Errors the core raises with a fixed meaning for the HTTP layer. Each is an ApiError so the
 * envelope renders it directly (Vault API docs, "HTTP status codes").
 */
import { ApiError } from "../api/framework/types.js";

/** 503: "Vault is down for maintenance or is currently sealed". */
export function sealedError(): ApiError {
  return new ApiError(503, "Vault is sealed");
}

/** 403 for a missing, unknown or expired token, and for an ACL denial alike. */
export function permissionDenied(): ApiError {
  return new ApiError(403, "permission denied");
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, message);
}
