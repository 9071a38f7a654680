/**
 * Which protocol version a request is answered in.
 *
 * - A version we serve: that version (each message stands alone, so one connection may mix them).
 * - Same major version, a minor we do not know (1.5, 2.3): "Servers and clients SHALL support
 *   backward compatibility with versions of the protocol with the same major version" (KMIP 1.4
 *   §6.1, 2.1 §9.16) and "Same major version, different minor versions; unknown fields → ignore
 *   unknown fields, process rest normally" (1.4 §11.1 Table 327): read and answer it as the
 *   newest minor we serve of that major.
 * - A major version we do not serve: "Protocol major version mismatch → response message
 *   containing a header and a Batch Item without Operation … Invalid Message" (1.4 §11.1). That
 *   answer carries the newest version we serve, which tells the client what to retry with.
 * - No readable version at all (garbage, a broken header): the same answer in KMIP 1.0, the one
 *   version every client reads (its header and failure item are a subset of all later ones).
 */
import { Tag } from "../kmip/generated/tags.js";
import { type KmipVersion, versionCode } from "../kmip/version.js";
import { ItemType } from "../ttlv/types.js";

export type VersionResolution =
  | { readonly kind: "serve"; readonly version: KmipVersion }
  | { readonly kind: "mismatch"; readonly answerIn: KmipVersion; readonly claimed: string };

export function resolveRequestVersion(
  claimed: { major: number; minor: number },
  served: readonly KmipVersion[],
): VersionResolution {
  const exact = versionCode(claimed.major, claimed.minor);
  if (exact !== undefined && served.includes(exact)) return { kind: "serve", version: exact };
  const sameMajor = served.filter((v) => Math.floor(v / 10) === claimed.major);
  const newest = sameMajor.length > 0 ? Math.max(...sameMajor) : undefined;
  // A minor newer than ours: answer in our newest of that major.
  if (newest !== undefined && claimed.minor > newest % 10)
    return { kind: "serve", version: newest as KmipVersion };
  // An older minor we know but do not advertise: backward compatibility is a SHALL (§6.1).
  if (exact !== undefined && newest !== undefined) return { kind: "serve", version: exact };
  return {
    kind: "mismatch",
    answerIn: newestServed(served),
    claimed: `${claimed.major}.${claimed.minor}`,
  };
}

export function newestServed(served: readonly KmipVersion[]): KmipVersion {
  return served.length > 0 ? (Math.max(...served) as KmipVersion) : 10;
}

/**
 * The Protocol Version of a message that does not decode, read from its fixed position: a
 * Request Message starts with its Request Header, which starts with the Protocol Version
 * structure of two Integers (KMIP 1.4 §7.1–7.2, §9.1.1), so major and minor sit at byte offsets
 * 24 and 40 whatever follows. Undefined unless every header on the way is exactly as expected.
 */
export function sniffProtocolVersion(bytes: Uint8Array): { major: number; minor: number } | undefined {
  if (bytes.length < 56) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 56);
  const header = (at: number) => ({ tag: view.getUint32(at) >>> 8, type: view.getUint8(at + 3) });
  const isStructure = (at: number, tag: number) => {
    const h = header(at);
    return h.tag === tag && h.type === ItemType.Structure;
  };
  const integer = (at: number, tag: number) => {
    const h = header(at);
    const ok = h.tag === tag && h.type === ItemType.Integer && view.getUint32(at + 4) === 4;
    return ok ? view.getInt32(at + 8) : undefined;
  };
  if (!isStructure(0, Tag.RequestMessage) || !isStructure(8, Tag.RequestHeader)) return undefined;
  if (!isStructure(16, Tag.ProtocolVersion)) return undefined;
  const major = integer(24, Tag.ProtocolVersionMajor);
  const minor = integer(40, Tag.ProtocolVersionMinor);
  return major === undefined || minor === undefined ? undefined : { major, minor };
}
