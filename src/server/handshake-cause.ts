/**
 * Why a KMIP client's TLS handshake failed, as a metrics label (counted by src/server/listener.ts). Node reports it two ways: the
 * error of `tlsClientError` (OpenSSL's, e.g. a client that sends no certificate, or Node's own
 * handshake timeout), or, when OpenSSL completed the handshake but the client certificate did not
 * verify, a plain "socket hang up" with the verification result in `socket.authorizationError`
 * (Node destroys such sockets itself when `rejectUnauthorized` is set).
 */
import type { HandshakeFailureCause } from "./options.js";

const UNKNOWN_CA = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_SIGNATURE_FAILURE",
]);

const EXPIRED = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);

export function handshakeCause(error: unknown, authorizationError?: unknown): HandshakeFailureCause {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === "ERR_TLS_HANDSHAKE_TIMEOUT") return "timeout";
  if (code === "ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE") return "no_certificate";
  if (typeof authorizationError === "string" && authorizationError !== "") {
    if (UNKNOWN_CA.has(authorizationError)) return "unknown_ca";
    if (EXPIRED.has(authorizationError)) return "expired";
    if (authorizationError === "CERT_REVOKED") return "unauthorized";
    return "bad_certificate";
  }
  if (typeof code === "string" && code.startsWith("ERR_SSL_")) return sslCause(code);
  return "other";
}

function sslCause(code: string): HandshakeFailureCause {
  if (code.includes("CERTIFICATE_REQUIRED")) return "no_certificate";
  if (code.includes("UNKNOWN_CA")) return "unknown_ca";
  if (code.includes("CERTIFICATE_EXPIRED")) return "expired";
  if (code.includes("CERTIFICATE") || code.includes("CERT")) return "bad_certificate";
  return "protocol";
}
