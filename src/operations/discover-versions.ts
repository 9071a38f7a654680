/**
 * Discover Versions — KMIP 1.1+; 1.4 §4.26 Tables 224–225; 2.1 §6.1.16 Tables 211–212 (same text).
 *
 * "The response payload contains a list of protocol versions that are supported by the server.
 * The protocol versions are ranked in decreasing order of preference. If the client provides the
 * server with a list …, the server SHALL return only the protocol versions that are supported by
 * both the client and server. … If no protocol versions are specified in the request payload, the
 * server SHOULD return all the protocol versions that are supported by the server."
 *
 * The response lists the server's versions, so it keeps the server's order of preference
 * (`ctx.server.protocolVersions`, newest first); the client's list only filters it. A version the
 * client lists that we do not know (e.g. 3.0) simply matches nothing.
 */
import type { DiscoverVersionsRequest, DiscoverVersionsResponse } from "../kmip/payloads/server.js";
import { type KmipVersion, versionCode, versionParts } from "../kmip/version.js";
import type { OperationDef } from "./types.js";

type ProtocolVersionValue = NonNullable<DiscoverVersionsResponse["protocolVersion"]>[number];

function toProtocolVersion(v: KmipVersion): ProtocolVersionValue {
  const { major, minor } = versionParts(v);
  return { protocolVersionMajor: major, protocolVersionMinor: minor };
}

function clientVersions(request: DiscoverVersionsRequest): Set<KmipVersion> | undefined {
  const listed = request.protocolVersion;
  if (listed === undefined || listed.length === 0) return undefined;
  const known = new Set<KmipVersion>();
  for (const p of listed) {
    const code = versionCode(p.protocolVersionMajor, p.protocolVersionMinor);
    if (code !== undefined) known.add(code);
  }
  return known;
}

export const DiscoverVersions: OperationDef<DiscoverVersionsRequest, DiscoverVersionsResponse> = {
  name: "Discover Versions",
  handler: async (request, ctx) => {
    const wanted = clientVersions(request);
    const served = ctx.server.protocolVersions.filter((v) => wanted === undefined || wanted.has(v));
    return { protocolVersion: served.map(toProtocolVersion) };
  },
};
