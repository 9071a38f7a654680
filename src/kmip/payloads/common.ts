/**
 * Helpers shared by the payload schemas: every payload is a `Request Payload` or
 * `Response Payload` structure, and most start with a Unique Identifier (KMIP 1.4 §3.1,
 * KMIP 2.1 §4.58; a reference is allowed from 2.0).
 */

import { type Codec, type Fields, identifier, opt, req, type StructCodec, struct } from "../schema/index.js";
import type { KmipVersion } from "../version.js";

export function request<F extends Fields>(section: string, fields: F): StructCodec<F> {
  return struct("Request Payload", section, fields);
}

export function response<F extends Fields>(section: string, fields: F): StructCodec<F> {
  return struct("Response Payload", section, fields);
}

/** "Unique Identifier | No | … If omitted, then the ID Placeholder value is used". */
export function optUid() {
  return opt("Unique Identifier", identifier);
}

/** "Unique Identifier | Yes". */
export function reqUid() {
  return req("Unique Identifier", identifier);
}

/** One operation's payloads, as the registry lists them. */
export interface PayloadDef {
  /** Spec name of the Operation enumeration value, e.g. "Create Key Pair". */
  readonly operation: string;
  /** Where the payload tables are, per version where they differ. */
  readonly section: string;
  readonly since: KmipVersion;
  readonly until?: KmipVersion;
  readonly request: StructCodec<Fields>;
  /**
   * The response payload. Poll answers with the payload of the polled operation, so its
   * response is any structure (see `server.ts`).
   */
  readonly response: StructCodec<Fields> | Codec<unknown>;
  /** Sent by the server to the client (Notify, Put; Query and Discover Versions may go both ways). */
  readonly serverToClient?: boolean;
}

export function payloads(def: PayloadDef): PayloadDef {
  return def;
}
