/**
 * Why a KMIP client's TLS handshake failed, as a metrics label. The classification lives with the
 * listener that reports it (src/server/handshake-cause.ts); it is re-exported here, beside the
 * counter it labels (`kmipd_kmip_handshake_failures_total{cause}`).
 */
export { handshakeCause } from "../server/handshake-cause.js";
