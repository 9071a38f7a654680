/**
 * A KMIP server for the client's crypto tests: the scripted mutual-TLS server of
 * `fake-server.ts`, answering each batch item with the real operation handlers (the core and
 * cryptographic operations, Get with key formats and wrapping) over the in-memory store of the
 * operations' test harness.
 */
import { KmipError } from "../../src/kmip/errors.js";
import { ResultReason } from "../../src/kmip/generated/enums.js";
import { decodeRequestPayload } from "../../src/kmip/messages.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { CORE_OPERATIONS } from "../../src/operations/core-set.js";
import { CRYPTO_OPERATIONS } from "../../src/operations/crypto-set.js";
import { Get } from "../../src/operations/get-crypto.js";
import { buildOperationRegistry } from "../../src/operations/registry.js";
import type { OperationDef } from "../../src/operations/types.js";
import { type Harness, harness } from "../operations/harness.js";
import { answer, type Credentials, type FakeServer, startFakeServer } from "./fake-server.js";

type ItemResult = { payload?: unknown; reason?: number; message?: string };

/** The core operations with Get replaced by `get-crypto.ts`, and the cryptographic ones. */
const OPERATIONS = buildOperationRegistry([
  ...CORE_OPERATIONS.filter((op) => op.name !== "Get"),
  Get as OperationDef,
  ...CRYPTO_OPERATIONS,
]);

export interface CryptoServer {
  readonly server: FakeServer;
  readonly harness: Harness;
  close(): Promise<void>;
}

async function runItem(
  h: Harness,
  batch: { idPlaceholder: string | undefined },
  item: { operation: number; requestPayload: unknown },
  version: KmipVersion,
): Promise<ItemResult> {
  const def = OPERATIONS.get(item.operation);
  if (def === undefined)
    return { reason: ResultReason.OperationNotSupported, message: "operation not supported" };
  try {
    const request = decodeRequestPayload(item.operation, item.requestPayload as never, version);
    return { payload: await def.handler(request, h.ctx(version, { batch })) };
  } catch (e) {
    if (e instanceof KmipError) return { reason: e.reason, message: e.publicMessage };
    throw e;
  }
}

export async function startCryptoServer(creds: Credentials): Promise<CryptoServer> {
  const h = harness();
  const server = await startFakeServer(creds, async (request, version) => {
    const batch = { idPlaceholder: undefined as string | undefined };
    const results: ItemResult[] = [];
    for (const item of request.batchItem) results.push(await runItem(h, batch, item, version));
    return answer(request, version, (item) => results[request.batchItem.indexOf(item)] ?? {});
  });
  return {
    server,
    harness: h,
    close: async () => {
      await server.close();
      await h.close();
    },
  };
}
