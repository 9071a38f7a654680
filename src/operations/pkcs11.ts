/**
 * PKCS#11 — KMIP 2.0+; 2.1 §6.1.37 Tables 273–275: the server performs a PKCS#11 function for
 * the client ("the default V3.0 interface" when PKCS#11 Interface is absent).
 *
 * kmipd is not a token: it has no slots, so it answers the library-level functions for real and
 * every other function with the PKCS#11 Return Code CKR_FUNCTION_NOT_SUPPORTED (a valid PKCS#11
 * answer, PKCS#11 v3.0 §5.1). The library functions:
 * - C_Initialize opens a library session and returns its Correlation Value ("Server defined Byte
 *   String that the client must provide in the next request"); given a live one,
 *   CKR_CRYPTOKI_ALREADY_INITIALIZED.
 * - C_GetInfo answers CK_INFO (`pkcs11-info.ts`); C_Finalize closes the session. Both need a live
 *   Correlation Value, or CKR_CRYPTOKI_NOT_INITIALIZED.
 * Another interface name is PKCS#11 Invalid Interface, a vendor (Integer) function PKCS#11
 * Invalid Function (2.1 §6.1.37.1).
 */
import { randomBytes } from "node:crypto";
import { KmipError } from "../kmip/errors.js";
import { PKCS_11Function, PKCS_11ReturnCode, ResultReason } from "../kmip/generated/enums.js";
import type { PKCS11Request, PKCS11Response } from "../kmip/payloads/session.js";
import type { ScopeKey } from "../storage/objects.js";
import { encodeCkInfo } from "./pkcs11-info.js";
import type { OperationContext, OperationDef } from "./types.js";

/** Live library sessions one server keeps; past it, the oldest is closed. */
export const PKCS11_SESSIONS_MAX = 4096;
const CORRELATION_BYTES = 16;

/** The interface names that mean the default one (PKCS#11 v3.0 §5.4: "PKCS 11"). */
const DEFAULT_INTERFACES = new Set(["PKCS 11"]);

/** Library sessions by Correlation Value; each belongs to the scope that opened it. */
export class Pkcs11Sessions {
  private readonly live = new Map<string, string>();

  open(scope: ScopeKey): Uint8Array {
    if (this.live.size >= PKCS11_SESSIONS_MAX) this.live.delete(this.live.keys().next().value!);
    const value = randomBytes(CORRELATION_BYTES);
    this.live.set(value.toString("hex"), scopeKey(scope));
    return new Uint8Array(value);
  }

  /** True when `value` is a session of this scope (another scope's session is not seen). */
  has(scope: ScopeKey, value: Uint8Array | undefined): boolean {
    return value !== undefined && this.live.get(Buffer.from(value).toString("hex")) === scopeKey(scope);
  }

  close(scope: ScopeKey, value: Uint8Array | undefined): boolean {
    if (!this.has(scope, value)) return false;
    return this.live.delete(Buffer.from(value!).toString("hex"));
  }
}

function scopeKey(scope: ScopeKey): string {
  return `${scope.mountUuid}\u0000${scope.scopeId}`;
}

type Answer = Omit<PKCS11Response, "pkcs11Function" | "pkcs11Interface">;

function initialize(sessions: Pkcs11Sessions, request: PKCS11Request, ctx: OperationContext): Answer {
  if (sessions.has(ctx.scope, request.correlationValue)) {
    return { pkcs11ReturnCode: PKCS_11ReturnCode.CRYPTOKI_ALREADY_INITIALIZED };
  }
  return { correlationValue: sessions.open(ctx.scope), pkcs11ReturnCode: PKCS_11ReturnCode.OK };
}

function getInfo(sessions: Pkcs11Sessions, request: PKCS11Request, ctx: OperationContext): Answer {
  if (!sessions.has(ctx.scope, request.correlationValue)) return notInitialized();
  const info = {
    manufacturer: ctx.server.vendorIdentification,
    description: "kmipd KMIP server",
    version: ctx.server.serverVersion,
  };
  return { pkcs11OutputParameters: encodeCkInfo(info), pkcs11ReturnCode: PKCS_11ReturnCode.OK };
}

function finalize(sessions: Pkcs11Sessions, request: PKCS11Request, ctx: OperationContext): Answer {
  if (!sessions.close(ctx.scope, request.correlationValue)) return notInitialized();
  return { pkcs11ReturnCode: PKCS_11ReturnCode.OK };
}

function notInitialized(): Answer {
  return { pkcs11ReturnCode: PKCS_11ReturnCode.CRYPTOKI_NOT_INITIALIZED };
}

function answer(sessions: Pkcs11Sessions, request: PKCS11Request, ctx: OperationContext): Answer {
  const fn = request.pkcs11Function;
  if (typeof fn !== "number") {
    throw new KmipError(
      ResultReason.PKCS_11InvalidFunction,
      `vendor PKCS#11 function ${fn.vendor} is not known`,
    );
  }
  switch (fn) {
    case PKCS_11Function.C_Initialize:
      return initialize(sessions, request, ctx);
    case PKCS_11Function.C_GetInfo:
      return getInfo(sessions, request, ctx);
    case PKCS_11Function.C_Finalize:
      return finalize(sessions, request, ctx);
    default:
      return { pkcs11ReturnCode: PKCS_11ReturnCode.FUNCTION_NOT_SUPPORTED };
  }
}

async function pkcs11(
  sessions: Pkcs11Sessions,
  request: PKCS11Request,
  ctx: OperationContext,
): Promise<PKCS11Response> {
  const name = request.pkcs11Interface;
  if (name !== undefined && !DEFAULT_INTERFACES.has(name)) {
    throw new KmipError(ResultReason.PKCS_11InvalidInterface, `PKCS#11 interface "${name}" is not served`);
  }
  return Object.assign(
    {},
    name !== undefined && { pkcs11Interface: name },
    { pkcs11Function: request.pkcs11Function },
    answer(sessions, request, ctx),
  );
}

/** The PKCS#11 operation over its own library sessions (one per server). */
export function pkcs11Operation(
  sessions: Pkcs11Sessions = new Pkcs11Sessions(),
): OperationDef<PKCS11Request, PKCS11Response> {
  return { name: "PKCS#11", handler: (request, ctx) => pkcs11(sessions, request, ctx) };
}
