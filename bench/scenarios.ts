/**
 * The scenarios: which requests, in which mode. Each is tried once before it is measured
 * (`preflight`): a server that answers it with a failure (kmipd before Encrypt existed, PyKMIP
 * without GCM) is reported "not available" with its reason, not measured failing. Encrypt tries
 * AES-GCM first and AES-CBC after, and says which it measured.
 */
import { createSecureContext } from "node:tls";
import type { LoadMode, WeightedRequest } from "./load.js";
import { createRequest, encryptRequest, getRequest, locateRequest } from "./requests.js";
import { failureText, resultStatus } from "./result-bytes.js";
import type { Target } from "./servers/target.js";
import type { Prepared } from "./setup.js";
import { openTls, Wire } from "./wire.js";

export type ScenarioId =
  | "get"
  | "get-1"
  | "create"
  | "encrypt"
  | "locate"
  | "locate-1"
  | "mix"
  | "connect"
  | "resume";

export interface Scenario {
  readonly id: ScenarioId;
  readonly title: string;
  readonly mode: LoadMode;
  /**
   * Connections for this scenario instead of `--connections`: the "-1" scenarios measure one
   * request at a time, the service time without the queueing that N in flight add to latency.
   */
  readonly connections?: number;
  /** Candidate request sets, best first, each with a label for the report ("AES-GCM"). */
  variants(p: Prepared): { label?: string; requests: WeightedRequest[] }[];
}

const one = (bytes: Uint8Array): WeightedRequest[] => [{ bytes, weight: 1 }];

export const SCENARIOS: readonly Scenario[] = [
  {
    id: "get",
    title: "Get AES-256 key",
    mode: "keep-alive",
    variants: (p) => [{ requests: one(getRequest(p.keyUid)) }],
  },
  {
    id: "encrypt",
    title: "Encrypt 64 bytes",
    mode: "keep-alive",
    variants: (p) => [
      { label: "AES-GCM", requests: one(encryptRequest(p.keyUid, "GCM")) },
      { label: "AES-CBC", requests: one(encryptRequest(p.keyUid, "CBC")) },
    ],
  },
  {
    id: "locate",
    title: "Locate by name",
    mode: "keep-alive",
    variants: (p) => [{ requests: one(locateRequest(p.locateName)) }],
  },
  {
    id: "get-1",
    title: "Get AES-256 key, 1 connection",
    mode: "keep-alive",
    connections: 1,
    variants: (p) => [{ requests: one(getRequest(p.keyUid)) }],
  },
  {
    id: "locate-1",
    title: "Locate by name, 1 connection",
    mode: "keep-alive",
    connections: 1,
    variants: (p) => [{ requests: one(locateRequest(p.locateName)) }],
  },
  {
    id: "mix",
    title: "Mix 80% Get / 10% Locate / 10% Create",
    mode: "keep-alive",
    variants: (p) => [
      {
        requests: [
          { bytes: getRequest(p.keyUid), weight: 80 },
          { bytes: locateRequest(p.locateName), weight: 10 },
          { bytes: createRequest(), weight: 10 },
        ],
      },
    ],
  },
  {
    id: "create",
    title: "Create AES-256 key",
    mode: "keep-alive",
    variants: () => [{ requests: one(createRequest()) }],
  },
  {
    id: "connect",
    title: "New connection + Get",
    mode: "new-connection",
    variants: (p) => [{ requests: one(getRequest(p.keyUid)) }],
  },
  {
    id: "resume",
    title: "New connection, resumed TLS session + Get",
    mode: "resumed-connection",
    variants: (p) => [{ requests: one(getRequest(p.keyUid)) }],
  },
];

/** Sends each request once on one connection; undefined when all succeed, else the failure. */
export async function preflight(
  t: Target,
  requests: readonly WeightedRequest[],
): Promise<string | undefined> {
  const context = createSecureContext({ ca: t.tls.ca, cert: t.tls.cert, key: t.tls.key });
  const wire = new Wire(await openTls({ host: t.host, port: t.port, context, timeoutMs: 30_000 }), 30_000);
  try {
    for (const r of requests) {
      const answer = await wire.send(r.bytes);
      if (resultStatus(answer) !== 0) return failureText(answer);
    }
    return undefined;
  } finally {
    wire.close();
  }
}
