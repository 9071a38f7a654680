/**
 * Query — KMIP 1.0 §4.24; 1.4 §4.25 Tables 222–223; 2.1 §6.1.40 Tables 281–283.
 *
 * "For each Query Function specified in the request, the corresponding items SHALL be returned"
 * (2.1); "Note that the response payload is empty if there are no values to return." We answer
 * from what the server does, never from a static list:
 * - Query Operations: the operations with a handler (`ctx.server.operations()`) that the
 *   request's version has;
 * - Query Objects: the object types Register stores, that the version can name;
 * - Query Server Information: Vendor Identification, and a Server Information structure (2.x
 *   §7.37 Server Version; 1.x has no standard fields, so it is empty);
 * - Query RNGs (1.3+): RNG Algorithm Unspecified ("If the server is unable to specify details of
 *   the RNG then it SHALL return an RNG Parameters with the RNG Algorithm enumeration of
 *   Unspecified": the random source is the host's OpenSSL, whose DRBG we do not pin);
 * - Query Capabilities (1.3+): no streaming and no attestation; asynchronous operations when
 *   Poll is served; the Destroy action (material deleted, metadata kept); batch undo/continue
 *   are the batch layer's and are left out;
 * - Query Storage Protection Masks (2.x): the list, empty ("A server MAY elect to provide an empty
 *   list");
 * - Profiles, Validations, Application Namespaces, Extensions, Attestation Types, Client
 *   Registration Methods, Defaults: none is claimed, so none is returned.
 */
import { DestroyAction, Operation, QueryFunction, RNGAlgorithm } from "../kmip/generated/enums.js";
import { PAYLOADS } from "../kmip/payloads/registry.js";
import type { QueryRequest, QueryResponse } from "../kmip/payloads/server.js";
import { resolveTag } from "../kmip/schema/index.js";
import { isInVersion } from "../kmip/version.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import { storedObjectTypes } from "./object-kinds.js";
import type { OperationContext, OperationDef } from "./types.js";

const SERVER_INFORMATION = resolveTag("Server Information").tag;
const SERVER_VERSION = resolveTag("Server Version").tag;

/** Operations with a handler that `version` has, client-to-server only, in enumeration order. */
export function supportedOperations(ctx: OperationContext): number[] {
  const codes = new Set(ctx.server.operations());
  return [...codes]
    .filter((code) => {
      const entry = PAYLOADS.get(code);
      return entry !== undefined && entry.serverToClient !== true && isInVersion(entry, ctx.version);
    })
    .sort((a, b) => a - b);
}

function serverInformation(ctx: OperationContext): TtlvItem {
  const fields: TtlvItem[] = [];
  if (ctx.version >= 20) {
    fields.push({ tag: SERVER_VERSION, type: ItemType.TextString, value: ctx.server.serverVersion });
  }
  return { tag: SERVER_INFORMATION, type: ItemType.Structure, value: fields };
}

function capabilities(ctx: OperationContext): NonNullable<QueryResponse["capabilityInformation"]> {
  if (ctx.version < 13) return [];
  return [
    {
      streamingCapability: false,
      // True when Poll is served (src/server/async-items.ts answers Operation Pending).
      asynchronousCapability: ctx.server.operations().includes(Operation.Poll),
      attestationCapability: false,
      destroyAction: DestroyAction.KeyMaterialDeleted,
    },
  ];
}

type Answer = (ctx: OperationContext, out: QueryResponse) => void;

const ANSWERS = new Map<number, Answer>([
  [QueryFunction.QueryOperations, (ctx, out) => (out.operation = supportedOperations(ctx))],
  [QueryFunction.QueryObjects, (ctx, out) => (out.objectType = storedObjectTypes(ctx.version))],
  [
    QueryFunction.QueryServerInformation,
    (ctx, out) => {
      out.vendorIdentification = ctx.server.vendorIdentification;
      out.serverInformation = serverInformation(ctx);
    },
  ],
  [
    QueryFunction.QueryRNGs,
    (ctx, out) => {
      if (ctx.version >= 13) out.rngParameters = [{ rngAlgorithm: RNGAlgorithm.Unspecified }];
    },
  ],
  [QueryFunction.QueryCapabilities, (ctx, out) => (out.capabilityInformation = capabilities(ctx))],
  [
    QueryFunction.QueryStorageProtectionMasks,
    (ctx, out) => {
      if (ctx.version >= 20) out.protectionStorageMasks = { protectionStorageMask: [] };
    },
  ],
]);

/** Query Functions we know but have nothing to report for (no profiles, extensions, … claimed). */
const NOTHING_TO_REPORT = new Set<number>([
  QueryFunction.QueryApplicationNamespaces,
  QueryFunction.QueryExtensionList,
  QueryFunction.QueryExtensionMap,
  QueryFunction.QueryAttestationTypes,
  QueryFunction.QueryValidations,
  QueryFunction.QueryProfiles,
  QueryFunction.QueryClientRegistrationMethods,
  QueryFunction.QueryDefaultsInformation,
]);

export const Query: OperationDef<QueryRequest, QueryResponse> = {
  name: "Query",
  handler: async (request, ctx) => {
    const out: QueryResponse = {};
    for (const fn of new Set(request.queryFunction)) {
      const answer = ANSWERS.get(fn);
      if (answer !== undefined) answer(ctx, out);
      else if (!NOTHING_TO_REPORT.has(fn))
        ctx.logger.warn({ queryFunction: fn }, "Query: unknown Query Function ignored");
    }
    if (request.objectGroups !== undefined) {
      ctx.logger.info({}, "Query: Object Groups given; the answer is the same for every group");
    }
    return out;
  },
};
