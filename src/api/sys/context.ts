/**
 * What the built-in routes (sys/ and auth/token/) see of the core. The core implements it; the
 * route files only describe paths and call these methods, so they stay small and testable.
 */
import type { MountTable } from "../../core/mounts.js";
import type { Acl } from "../../core/policy/acl.js";
import type { PolicyStore } from "../../core/policy/store.js";
import type { InitRequest, InitResult, SealStatus } from "../../core/seal-manager.js";
import type { TokenEntry } from "../../core/token-entry.js";
import type { TokenStore } from "../../core/tokens.js";
import { ApiError, type LogicalRequest, type PathDef } from "../framework/types.js";

export interface SysContext {
  sealStatus(): Promise<SealStatus>;
  init(request: InitRequest): Promise<InitResult>;
  unseal(key: string): Promise<SealStatus>;
  resetUnseal(): Promise<SealStatus>;
  seal(): Promise<void>;
  /** The stores below throw 503 while sealed. */
  mounts(): MountTable;
  policies(): PolicyStore;
  tokens(): TokenStore;
  acl(policies: readonly string[]): Promise<Acl>;
  /** The OpenAPI document of sys/, auth/token/ and every mount. */
  openapi(): Record<string, unknown>;
  now(): Date;
  cluster(): { name: string; id: string } | undefined;
}

/** A built-in path; `sealedOk` paths answer while sealed (sys/init, sys/unseal, ...). */
export interface SysPathDef extends PathDef {
  readonly sealedOk?: boolean;
}

/** Requests to built-in paths also carry the caller's token and its entry (never engines). */
export interface SysRequest extends LogicalRequest {
  readonly clientToken?: string;
  readonly caller?: TokenEntry;
}

/** The calling token's entry; authenticated paths always have one. */
export function callerOf(req: LogicalRequest): { entry: TokenEntry; token: string } {
  const { caller, clientToken } = req as SysRequest;
  if (!caller || clientToken === undefined) throw new ApiError(403, "permission denied");
  return { entry: caller, token: clientToken };
}
