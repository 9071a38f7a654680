/**
 * The one list of reasons a file is skipped rather than run, each with its argument. A skip names
 * something kmipd does not do, or a file that cannot be replayed as written; it is decided from
 * what the file contains, never from its name.
 */
import { Operation } from "../kmip/generated/enums.js";
import { Tag } from "../kmip/generated/tags.js";
import type { TtlvItem } from "../ttlv/types.js";
import { ALTERNATIVE } from "./alternatives.js";
import { child, children, operationOf } from "./message-parts.js";
import type { Exchange } from "./types.js";
import { valueKey } from "./values.js";

export interface Skip {
  readonly id: string;
  /** The reason printed for each skipped file. */
  readonly reason: string;
  /** Why skipping is right (docs/conformance.md). */
  readonly why: string;
}

interface SkipRule extends Skip {
  /** Whether the rule applies to the file's exchanges (undefined: the file did not read). */
  applies(exchanges: readonly Exchange[] | undefined, readError: unknown): boolean;
}

const SERVER_TO_CLIENT = new Set<number>([Operation.Notify, Operation.Put]);

const RULES: readonly SkipRule[] = [
  {
    id: "unreadable",
    reason: "the file cannot be read as Request/Response Message pairs",
    why: "Nothing can be replayed from a file that does not parse, or whose messages do not alternate request, response: which response answers which request is then a guess. kmip-1.4/testcases/TC-DERIVEKEY-4-10.xml has Destroy, Revoke, Revoke's response, Destroy's response (a defect not in the vectors README). The one known XML defect is read past (repair 'after-root').",
    applies: (exchanges, readError) => exchanges === undefined && readError !== undefined,
  },
  {
    id: "server-to-client",
    reason: "server-to-client Notify/Put (KMIP 1.4 §5.1-5.2): kmipd does not send messages to clients",
    why: "In these files the server sends Request Messages and the client answers; a replaying client cannot make the server send them.",
    applies: (exchanges) => requestItems(exchanges).some((i) => SERVER_TO_CLIENT.has(operationOf(i) ?? -1)),
  },
  {
    id: "credential-identities",
    reason:
      "access control between request Credentials (Username/Password) under Operation Policy 'default' (KMIP 1.4 §3.18): kmipd identifies clients by certificate only",
    why: "The file acts as two users through the request header's Credential and expects the second to be refused by the object owner's default policy. kmipd authenticates by TLS certificate (scope and role, every object of a scope shared) and keeps no per-object owner.",
    applies: (exchanges) => new Set(headerCredentials(exchanges)).size > 1,
  },
];

/** Used by the runner (it knows the file before): see `series.ts`. */
export const PRIOR_OBJECTS: Skip = {
  id: "prior-objects",
  reason:
    "the file expects objects that exist before it runs, and no earlier file of its series creates them",
  why: "It begins with a Locate that must find objects it never made, e.g. in a server-provisioned 'default' Object Group (KMIP 1.1 test case 15.1), or names one by an identifier of the server it was recorded on; kmipd starts every file with an empty scope and provisions nothing.",
};

/** Every skip rule, for the report. */
export const SKIPS: readonly Skip[] = [
  ...RULES.map(({ id, reason, why }) => ({ id, reason, why })),
  PRIOR_OBJECTS,
  ALTERNATIVE,
];

/** Why a file is skipped (its rule's id and reason), or undefined to run it. */
export function skipReason(
  exchanges: readonly Exchange[] | undefined,
  readError: unknown,
): { id: string; reason: string } | undefined {
  const rule = RULES.find((r) => r.applies(exchanges, readError));
  if (rule === undefined) return undefined;
  const reason = readError === undefined ? rule.reason : `${rule.reason}: ${errorText(readError)}`;
  return { id: rule.id, reason };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function batchItems(message: TtlvItem): TtlvItem[] {
  return children(message).filter((c) => c.tag === Tag.BatchItem);
}

function requestItems(exchanges: readonly Exchange[] | undefined): TtlvItem[] {
  return (exchanges ?? []).flatMap((e) => batchItems(e.request));
}

/** Each request's Credential, as a comparable key. */
function headerCredentials(exchanges: readonly Exchange[] | undefined): string[] {
  return (exchanges ?? []).flatMap((e) => {
    const auth = child(child(e.request, Tag.RequestHeader), Tag.Authentication);
    return children(auth)
      .filter((c) => c.tag === Tag.Credential)
      .map((c) => children(child(c, Tag.CredentialValue)).map(valueKey).join("|"));
  });
}
