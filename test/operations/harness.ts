/**
 * A test context for operation handlers: an in-memory SQLite object store, a sealer on the
 * AES-256-GCM barrier with a random key, a clock the test moves, and a batch state per request.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "../../src/core/logger.js";
import type { Attribute } from "../../src/kmip/attributes.js";
import { CryptographicAlgorithm, ObjectType } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask } from "../../src/kmip/generated/masks.js";
import type { CreateRequest } from "../../src/kmip/payloads/create.js";
import { encodeResponsePayload, PAYLOADS } from "../../src/kmip/payloads/registry.js";
import { enumByName, enumValueByName, tagByNumber } from "../../src/kmip/tables.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import type { OperationContext, OperationDef, ServerInfo } from "../../src/operations/types.js";
import { open, seal } from "../../src/seal/barrier.js";
import type { ObjectStore, ScopeKey } from "../../src/storage/objects.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import type { StructureItem, TtlvItem } from "../../src/ttlv/types.js";

export const T0 = new Date("2024-05-01T12:00:00Z");

export interface LogEntry {
  level: "info" | "warn" | "error";
  obj: object;
  msg: string | undefined;
}

export interface Harness {
  objects: ObjectStore;
  clock: { now: Date };
  logs: LogEntry[];
  operations: number[];
  /** A fresh context (new batch) for `version` in `scope`. */
  ctx(
    version: KmipVersion,
    options?: { scope?: ScopeKey; batch?: OperationContext["batch"] },
  ): OperationContext;
  close(): Promise<void>;
}

export const SCOPE_A: ScopeKey = { mountUuid: "mount-1", scopeId: "scope-a" };
export const SCOPE_B: ScopeKey = { mountUuid: "mount-1", scopeId: "scope-b" };

export function harness(): Harness {
  const storage = SqliteStorage.open({ path: ":memory:" });
  const key = new Uint8Array(randomBytes(32));
  const clock = { now: T0 };
  const logs: LogEntry[] = [];
  const logger: Logger = {
    info: (obj, msg) => logs.push({ level: "info", obj, msg }),
    warn: (obj, msg) => logs.push({ level: "warn", obj, msg }),
    error: (obj, msg) => logs.push({ level: "error", obj, msg }),
  };
  const operations: number[] = [];
  const server: ServerInfo = {
    vendorIdentification: "kmipd",
    serverVersion: "0.1.0-test",
    protocolVersions: [21, 20, 14, 13, 12, 11, 10],
    operations: () => operations,
  };
  return {
    objects: storage.objects,
    clock,
    logs,
    operations,
    ctx(version, options = {}) {
      return {
        version,
        scope: options.scope ?? SCOPE_A,
        identity: {
          scopeName: "a",
          scopeId: (options.scope ?? SCOPE_A).scopeId,
          roleName: "r",
          roleId: "role-1",
          certificateSerial: "1",
          operations: new Set(),
        },
        objects: storage.objects,
        sealer: { seal: (p, aad) => seal(key, p, aad), open: (s, aad) => open(key, s, aad) },
        now: () => clock.now,
        batch: options.batch ?? { idPlaceholder: undefined },
        server,
        logger,
      };
    },
    close: () => storage.close(),
  };
}

/** Call a handler and encode its response for `ctx.version`, as the batch layer would. */
export async function run<Req, Resp>(
  op: OperationDef<Req, Resp>,
  request: Req,
  ctx: OperationContext,
): Promise<{ response: Resp; encoded: StructureItem }> {
  const response = await op.handler(request, ctx);
  const code = operationCode(op.name);
  const encoded = encodeResponsePayload(code, response, ctx.version);
  // The bytes must encode as well (lengths, padding): a strict client reads these.
  encodeTtlv(encoded);
  return { response, encoded };
}

export function operationCode(name: string): number {
  const info = enumByName("Operation")!;
  const value = enumValueByName(info, name);
  if (value === undefined || !PAYLOADS.has(value.value)) throw new Error(`unknown operation ${name}`);
  return value.value;
}

/** Every tag name anywhere in an encoded item, for "does not contain" checks. */
export function tagNames(item: TtlvItem): string[] {
  const out = [tagByNumber(item.tag)?.name ?? `0x${item.tag.toString(16)}`];
  if (Array.isArray(item.value)) for (const c of item.value as TtlvItem[]) out.push(...tagNames(c));
  return out;
}

/** The Text String values of Attribute Name items (1.x Get Attributes / Get Attribute List). */
export function textValues(item: TtlvItem, tagName: string): string[] {
  const out: string[] = [];
  const walk = (i: TtlvItem) => {
    if (tagByNumber(i.tag)?.name === tagName && typeof i.value === "string") out.push(i.value);
    if (Array.isArray(i.value)) for (const c of i.value as TtlvItem[]) walk(c);
  };
  walk(item);
  return out;
}

/** Expect a KmipError with `reason` from `promise`. */
export async function reasonOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (e) {
    return (e as { reason?: number }).reason;
  }
  throw new Error("expected the operation to fail");
}

// ─── Request builders ────────────────────────────────────────────────────────────────────────

export const ENCRYPT_DECRYPT = CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt;

/** What MongoDB's mongod sends: AES-256, Encrypt|Decrypt, no Name. */
export function aesTemplate(length = 256, extra: Attribute[] = []): Attribute[] {
  return [
    { name: "Cryptographic Algorithm", value: CryptographicAlgorithm.AES },
    { name: "Cryptographic Length", value: length },
    { name: "Cryptographic Usage Mask", value: ENCRYPT_DECRYPT },
    ...extra,
  ];
}

export function createAes(length = 256, extra: Attribute[] = []): CreateRequest {
  return { objectType: ObjectType.SymmetricKey, attributes: aesTemplate(length, extra) };
}

export function nameAttribute(value: string): Attribute {
  return { name: "Name", value: { nameValue: value, nameType: 1 } };
}
