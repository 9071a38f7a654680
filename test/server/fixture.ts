/**
 * A real KMIP service over a real engine: the engine's PathDef handlers on in-memory SQLite
 * (test/engine/kmip/harness.ts), the service as its listener guard, a legacy listener on
 * 127.0.0.1 with an OS-chosen port, client credentials issued by the engine, and a registry of
 * fake operation handlers that record what they were given.
 */
import { buildLogicalRequest } from "../../src/api/framework/request.js";
import { createKmipBackend } from "../../src/engine/kmip/backend.js";
import { KmipError } from "../../src/kmip/errors.js";
import { ResultReason } from "../../src/kmip/generated/enums.js";
import { buildOperationRegistry } from "../../src/operations/registry.js";
import type { OperationContext, OperationDef, ServerInfo } from "../../src/operations/types.js";
import { KmipService, type KmipServiceOptions } from "../../src/server/kmip-service.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";
import { type Engine, newEngine } from "../engine/kmip/harness.js";
import type { ClientTls } from "./client.js";

export const mountUuid = "mount-uuid"; // the harness's mount
export const base = "scope/finance/role/accounting";

export interface Seen {
  readonly operation: string;
  readonly scopeId: string;
  readonly roleName: string;
  readonly version: number;
}

export interface LogLine {
  readonly level: "info" | "warn" | "error";
  readonly msg: string | undefined;
  readonly obj: Record<string, unknown>;
}

export interface Fixture {
  readonly engine: Engine;
  readonly service: KmipService;
  readonly seen: Seen[];
  readonly logs: LogLine[];
  readonly flags: { sealed: boolean };
  /** The bound port of the first listener of `target` (legacy by default). */
  port(target?: string): number;
  credential(path?: string): Promise<ClientTls & { serial: string }>;
  close(): Promise<void>;
}

type Handler = OperationDef["handler"];

function record(seen: Seen[], operation: string, ctx: OperationContext): void {
  seen.push({ operation, scopeId: ctx.scope.scopeId, roleName: ctx.identity.roleName, version: ctx.version });
}

/** Fake handlers: enough behaviour to exercise the batch layer, none of a real server's. */
export function fakeOperations(seen: Seen[]): OperationDef[] {
  const def = (name: string, handler: Handler): OperationDef => ({
    name,
    handler: async (request, ctx) => {
      record(seen, name, ctx);
      return handler(request, ctx);
    },
  });
  return [
    def("Discover Versions", async (_req, ctx) => ({
      protocolVersion: ctx.server.protocolVersions.map((v) => ({
        protocolVersionMajor: Math.floor(v / 10),
        protocolVersionMinor: v % 10,
      })),
    })),
    def("Locate", async (_req, ctx) => {
      const uid = `uid-${ctx.scope.scopeId}`;
      ctx.batch.idPlaceholder = uid;
      return { locatedItems: 1, uniqueIdentifier: [uid] };
    }),
    def("Activate", async (req, ctx) => {
      const uid = (req as { uniqueIdentifier?: string }).uniqueIdentifier ?? ctx.batch.idPlaceholder;
      if (uid === undefined)
        throw new KmipError(ResultReason.ItemNotFound, "no Unique Identifier and no ID Placeholder");
      return { uniqueIdentifier: uid };
    }),
    def("Destroy", async () => {
      throw new KmipError(ResultReason.ItemNotFound, "no such object", { cause: new Error("secret detail") });
    }),
    def("Get", async () => {
      throw new Error("database exploded at /var/secret");
    }),
    def("Revoke", async () => ({})), // misses the required Unique Identifier: an encoding bug
    def("Query", async () => ({ operation: [], vendorIdentification: "v".repeat(2000) })),
  ];
}

export const serverInfo = (operations: () => readonly number[]): ServerInfo => ({
  vendorIdentification: "kmipd-test",
  serverVersion: "0.0.0",
  protocolVersions: [21, 20, 14, 13, 12, 11, 10],
  operations,
});

export async function startFixture(
  options: { limits?: KmipServiceOptions["limits"]; config?: Record<string, unknown> } = {},
): Promise<Fixture> {
  const seen: Seen[] = [];
  const logs: LogLine[] = [];
  const flags = { sealed: false };
  const log = (level: LogLine["level"]) => (obj: object, msg?: string) =>
    logs.push({ level, msg, obj: obj as Record<string, unknown> });
  const registry = buildOperationRegistry(fakeOperations(seen));
  const storage = SqliteStorage.open({ path: ":memory:" });
  const service = new KmipService({
    objects: storage.objects,
    sealer: { seal: (p) => p, open: (p) => p },
    logger: { info: log("info"), warn: log("warn"), error: log("error") },
    sealed: () => flags.sealed,
    operations: registry,
    serverInfo: serverInfo(() => [...registry.keys()]),
    limits: options.limits,
  });
  const engine = await newEngine({ listenerGuard: service });
  await service.attach(mountUuid, engine.backend.state);
  await engine.write("config", { listen_addrs: "127.0.0.1:0", ...options.config });
  await engine.write("scope/finance");
  await engine.write(base, { operation_all: true });
  await service.settled(mountUuid);
  const caChain = (await engine.read("ca")).ca_pem as string;
  return {
    engine,
    service,
    seen,
    logs,
    flags,
    port(target = "legacy") {
      const found = service
        .listeners(mountUuid)
        .find((l) => (l.target === "legacy" ? "legacy" : l.target.name) === target);
      if (!found) throw new Error(`no listener for ${target}`);
      return found.port;
    },
    async credential(path = base) {
      const data = await engine.write(`${path}/credential/generate`);
      return {
        cert: data?.certificate as string,
        key: data?.private_key as string,
        ca: [caChain],
        serial: data?.serial_number as string,
      };
    },
    async close() {
      await service.close();
      await engine.storage.close();
      await storage.close();
    },
  };
}

/**
 * Revokes the way another node would: its own engine over the same storage, through its own
 * revoke handler, so this node learns of it only from its poll of the shared storage. The
 * engine is made first, so a caller can time the revoke alone.
 */
export async function anotherNodeRevoker(fx: Fixture): Promise<(serial: string) => Promise<void>> {
  const other = await createKmipBackend({
    mountPath: "kmip/",
    mountUuid,
    storage: fx.engine.storage,
    now: () => new Date(),
  });
  const pattern = `${base.replace("finance", ":scope").replace("accounting", ":role")}/credential/revoke`;
  const def = other.paths.find((p) => p.pattern === pattern)!;
  const path = `${base}/credential/revoke`;
  const params = { scope: "finance", role: "accounting" };
  const identity = { accessor: "other-node", policies: ["root"], isRoot: true };
  return async (serial) => {
    const raw = { serial_number: serial };
    await def.operations.update!(
      buildLogicalRequest(def, { operation: "update", path, params, raw, identity }),
    );
  };
}
