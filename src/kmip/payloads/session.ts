/**
 * KMIP 2.x session and service operations: Login, Logout, Delegated Login, Log, Interop, Ping,
 * PKCS#11 (2.0+; Ping 2.1).
 */
import { Rights } from "../objects/access.js";
import { UsageLimits } from "../objects/attribute-values.js";
import { Ticket } from "../objects/credential.js";
import {
  bytes,
  enumeration,
  enumOrInteger,
  type Infer,
  integer,
  interval,
  opt,
  req,
  text,
} from "../schema/index.js";
import { payloads, request, response } from "./common.js";

/** Login (KMIP 2.0+) — KMIP 2.1 §6.1.30 Tables 253–254. */
export const LoginRequest = request("KMIP 2.1 §6.1.30", {
  leaseTime: opt("Lease Time", interval),
  requestCount: opt("Request Count", integer),
  usageLimits: opt("Usage Limits", UsageLimits),
});
export type LoginRequest = Infer<typeof LoginRequest>;
export const LoginResponse = response("KMIP 2.1 §6.1.30", {
  ticket: req("Ticket", Ticket),
});
export type LoginResponse = Infer<typeof LoginResponse>;

/** Logout (KMIP 2.0+) — KMIP 2.1 §6.1.31 Tables 256–257. */
export const LogoutRequest = request("KMIP 2.1 §6.1.31", { ticket: req("Ticket", Ticket) });
export type LogoutRequest = Infer<typeof LogoutRequest>;
export const LogoutResponse = response("KMIP 2.1 §6.1.31", {});
export type LogoutResponse = Infer<typeof LogoutResponse>;

/** Delegated Login (KMIP 2.0+) — KMIP 2.1 §6.1.12 Tables 199–200. */
export const DelegatedLoginRequest = request("KMIP 2.1 §6.1.12", {
  leaseTime: opt("Lease Time", interval),
  requestCount: opt("Request Count", integer),
  usageLimits: opt("Usage Limits", UsageLimits),
  rights: req("Rights", Rights),
});
export type DelegatedLoginRequest = Infer<typeof DelegatedLoginRequest>;
export const DelegatedLoginResponse = response("KMIP 2.1 §6.1.12", {
  ticket: req("Ticket", Ticket),
});
export type DelegatedLoginResponse = Infer<typeof DelegatedLoginResponse>;

/** Log (KMIP 2.0+) — KMIP 2.1 §6.1.29 Tables 250–251. */
export const LogRequest = request("KMIP 2.1 §6.1.29", { logMessage: req("Log Message", text) });
export type LogRequest = Infer<typeof LogRequest>;
export const LogResponse = response("KMIP 2.1 §6.1.29", {});
export type LogResponse = Infer<typeof LogResponse>;

/** Interop (KMIP 2.0+, test servers only) — KMIP 2.1 §6.1.26 Tables 241–242. */
export const InteropRequest = request("KMIP 2.1 §6.1.26", {
  interopFunction: req("Interop Function", enumeration),
  interopIdentifier: req("Interop Identifier", text),
});
export type InteropRequest = Infer<typeof InteropRequest>;
export const InteropResponse = response("KMIP 2.1 §6.1.26", {});
export type InteropResponse = Infer<typeof InteropResponse>;

/** Ping (KMIP 2.1) — §6.1.36 Tables 271–272: no fields either way. */
export const PingRequest = request("KMIP 2.1 §6.1.36", {});
export type PingRequest = Infer<typeof PingRequest>;
export const PingResponse = response("KMIP 2.1 §6.1.36", {});
export type PingResponse = Infer<typeof PingResponse>;

/** PKCS#11 (KMIP 2.0+) — KMIP 2.1 §6.1.37 Tables 273–274. */
export const PKCS11Request = request("KMIP 2.1 §6.1.37", {
  pkcs11Interface: opt("PKCS#11 Interface", text),
  pkcs11Function: req("PKCS#11 Function", enumOrInteger),
  correlationValue: opt("Correlation Value", bytes),
  pkcs11InputParameters: opt("PKCS#11 Input Parameters", bytes),
});
export type PKCS11Request = Infer<typeof PKCS11Request>;
export const PKCS11Response = response("KMIP 2.1 §6.1.37", {
  pkcs11Interface: opt("PKCS#11 Interface", text),
  pkcs11Function: req("PKCS#11 Function", enumOrInteger),
  correlationValue: opt("Correlation Value", bytes),
  pkcs11OutputParameters: opt("PKCS#11 Output Parameters", bytes),
  pkcs11ReturnCode: req("PKCS#11 Return Code", enumeration),
});
export type PKCS11Response = Infer<typeof PKCS11Response>;

export const SESSION_PAYLOADS = [
  payloads({
    operation: "Login",
    section: "KMIP 2.1 §6.1.30",
    since: 20,
    request: LoginRequest,
    response: LoginResponse,
  }),
  payloads({
    operation: "Logout",
    section: "KMIP 2.1 §6.1.31",
    since: 20,
    request: LogoutRequest,
    response: LogoutResponse,
  }),
  payloads({
    operation: "Delegated Login",
    section: "KMIP 2.1 §6.1.12",
    since: 20,
    request: DelegatedLoginRequest,
    response: DelegatedLoginResponse,
  }),
  payloads({
    operation: "Log",
    section: "KMIP 2.1 §6.1.29",
    since: 20,
    request: LogRequest,
    response: LogResponse,
  }),
  payloads({
    operation: "Interop",
    section: "KMIP 2.1 §6.1.26",
    since: 20,
    request: InteropRequest,
    response: InteropResponse,
  }),
  payloads({
    operation: "Ping",
    section: "KMIP 2.1 §6.1.36",
    since: 21,
    request: PingRequest,
    response: PingResponse,
  }),
  payloads({
    operation: "PKCS#11",
    section: "KMIP 2.1 §6.1.37",
    since: 20,
    request: PKCS11Request,
    response: PKCS11Response,
  }),
];
