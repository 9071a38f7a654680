/** The shapes of the seal: its stored configuration, Vault's seal-status body, init in and out. */
import type { Keyring } from "../seal/barrier.js";

export interface SealConfig {
  type: "shamir";
  secret_shares: number;
  secret_threshold: number;
  key_file: boolean;
}

/** Vault's seal-status body (API docs sys/seal-status). */
export interface SealStatus {
  type: "shamir";
  initialized: boolean;
  sealed: boolean;
  t: number;
  n: number;
  progress: number;
  nonce: string;
  version: string;
  build_date: string;
  migration: boolean;
  cluster_name?: string;
  cluster_id?: string;
  recovery_seal: boolean;
  storage_type: string;
}

export interface InitRequest {
  secretShares: number;
  secretThreshold: number;
}

export interface InitResult {
  /** The unseal keys, hex. */
  keys: string[];
  keysBase64: string[];
  rootToken: string;
}

/** Writes the first sealed records (salt, policies, root token) with `keyring`; returns the root token. */
export type InitSetup = (keyring: Keyring) => Promise<string>;
