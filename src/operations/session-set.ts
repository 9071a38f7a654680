/**
 * The KMIP 2.x session and object-transfer operations (one file each): Login, Logout and
 * Delegated Login (2.1 §6.1.30, §6.1.31, §6.1.12), whose tickets the batch layer checks on later
 * requests (`ticket-session.ts`), and Export and Import (2.1 §6.1.18, §6.1.25).
 */
import { DelegatedLogin } from "./delegated-login.js";
import { Export } from "./export.js";
import { Import } from "./import.js";
import { Login } from "./login.js";
import { Logout } from "./logout.js";
import type { OperationDef } from "./types.js";

export const SESSION_OPERATIONS: OperationDef[] = [
  Login,
  Logout,
  DelegatedLogin,
  Export,
  Import,
] as OperationDef[];
