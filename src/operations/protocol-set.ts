/**
 * The protocol and service operations of KMIP 2.x (one file each): Log, Ping, PKCS#11, Set and
 * Get Constraints (2.1 §6.1.52, §6.1.22), Query Asynchronous Requests (§6.1.41) and, on a test
 * server only, Interop (KMIP 2.1 §6.1.26: "It SHALL NOT be available in a production
 * server"). Each call builds fresh per-server state (PKCS#11 library sessions, running interop
 * tests), so two servers in one process never share it.
 */
import { GetConstraints } from "./get-constraints.js";
import { interopOperation } from "./interop.js";
import { Log } from "./log.js";
import { Ping } from "./ping.js";
import { pkcs11Operation } from "./pkcs11.js";
import { QueryAsynchronousRequests } from "./query-asynchronous-requests.js";
import { SetConstraints } from "./set-constraints.js";
import type { OperationDef } from "./types.js";

export interface ProtocolOptions {
  /** Serve Interop: a test server (dev mode, the conformance runner), never a production one. */
  readonly interop: boolean;
}

export function protocolOperations(options: ProtocolOptions): OperationDef[] {
  const defs = [
    Log,
    Ping,
    pkcs11Operation(),
    SetConstraints,
    GetConstraints,
    QueryAsynchronousRequests,
  ] as OperationDef[];
  if (options.interop) defs.push(interopOperation() as OperationDef);
  return defs;
}
