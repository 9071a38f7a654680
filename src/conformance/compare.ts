/**
 * How an expected OASIS Response Message is compared with the one kmipd sent: the rules, each
 * with its reason, written once and applied to every file alike (never per file).
 *
 * The vectors README sets the frame: "Response values other than placeholders (e.g. a Query's
 * operation list, Locate result counts, a `TimeStamp`) are illustrative in the OASIS notes:
 * compare structure, result status, result reason and the fields the test case is about, not
 * every byte." The files were printed from one reference server's run; what that server chose
 * (identifiers, times, keys, IVs, signatures, its own description) another server chooses
 * differently and rightly. `RULES` is printed in docs/conformance.md; the tag sets and functions
 * below implement them (the walk itself is `compare-walk.ts`, attribute lists and self-description `compare-structures.ts`, result reasons `compare-results.ts`).
 */
import { Tag } from "../kmip/generated/tags.js";
import type { KmipVersion } from "../kmip/version.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import { type Bindings, reusable } from "./bindings.js";
import { issuedCertificateValue } from "./compare-issued.js";
import { destroyedObject, withResult } from "./compare-results.js";
import { structureRule } from "./compare-structures.js";
import { type ComparePolicy, compareTrees, type Difference } from "./compare-walk.js";
import { sameValue, valueKey } from "./values.js";

export type { Difference } from "./compare-walk.js";

export interface Rule {
  readonly id: string;
  readonly rule: string;
  readonly why: string;
}

export const RULES: readonly Rule[] = [
  {
    id: "status",
    rule: "Result Status and Result Reason are compared exactly, in every batch item.",
    why: "They are what a test case is about first (README: compare result status, result reason).",
  },
  {
    id: "structure",
    rule: "Other items are compared in order: same tag, same type, same children; a missing or extra item is a difference at its path. Exceptions below.",
    why: "README: compare structure. KMIP messages are ordered structures (KMIP 1.4 §9.1, 2.1 §9.1).",
  },
  {
    id: "values",
    rule: "Values are compared exactly (enumerations, integers, masks as integers, booleans, text, bytes) unless a rule below says otherwise.",
    why: "Values the client determines (states, lengths, names, echoed attributes) are the fields a test case is about.",
  },
  {
    id: "placeholder",
    rule: "An expected placeholder ($UNIQUE_IDENTIFIER_n, $DATA_n, $IV_COUNTER_NONCE, ...) binds to the actual value where it first appears and must equal that binding afterwards; requests send the bound value. An un-numbered one ($CORRELATION_VALUE, $IV_COUNTER_NONCE) binds anew in a response whose request did not carry it. A placeholder first met in a request takes the last value the server returned at that tag in the file; a ..._RANDOM_n one, or one with nothing returned yet, a random value.",
    why: "README: placeholders stand for values the server chooses; bind on first appearance in a response, substitute in later requests. The files reuse un-numbered ones for each new stream or IV (TC-STREAM-ENC-1-14 starts three streams, all $CORRELATION_VALUE); within a stream the request carries it and the answer must match. Some files print a response literally and name it in the next request ($DATA_0 after an Encrypt); $UNIQUE_IDENTIFIER_RANDOM_n names no object.",
  },
  {
    id: "server-chosen",
    rule: "At a server-chosen item (Date-Time values, Big Integers, and the tags of SERVER_CHOSEN_TAGS) an expected literal that no earlier request of the file sent is compared by presence and type, and bound as an alias: later requests repeating the literal send what kmipd returned, and later responses repeating it must repeat kmipd's value (times excepted). A literal a request did send must come back exactly.",
    why: "Such a literal is what the reference server chose (identifier, clock, key, IV, ciphertext, signature, digest, CA serial, lease time); a value the client supplied must be echoed (registered key material, a plaintext decrypted back, an Activation Date the client set).",
  },
  {
    id: "server-now",
    rule: "An expected $NOW (no offset) is the server's clock: presence and type only. An expected $NOW+n or $NOW-n matches a time from the test start + n to the present + n (one second of slack each way).",
    why: "README: $NOW±n are relative to the test start. A bare $NOW in a response is the server's time (Time Stamp, Initial Date). $NOW±n in a response is either a date the client set (then exactly test start + n) or one the server derived from its clock during the test (a re-keyed key's dates, KMIP 1.4 §4.4), which the files write the same way.",
  },
  {
    id: "optional",
    rule: "Result Message (text never compared), Located Items, and the Client and Server Correlation Values of the response header may be present on one side only; when both have Located Items the count is compared.",
    why: "KMIP 1.4 §6.11 / 2.1 §8.6: Result Message is optional free text. 1.4 §4.9 / 2.1 §6.1.27: a server MAY omit Located Items, and MAY return it unasked. 2.1 §8.5 Table 398: both correlation values are optional in a response header; the Server Correlation Value is the server's own (§9.10).",
  },
  {
    id: "attribute-lists",
    rule: "The attributes of Get Attributes and Get Attribute List responses, and the children of any Attributes structure, are matched by attribute name, not position. When the request named no attributes (and in an Export response, which carries all of them, 2.1 §6.1.18), kmipd may return attributes the expected list lacks, and may lack one the reference server set on its own (rule table: not always present, initially set by the server, e.g. Lease Time).",
    why: "KMIP 1.4 §4.12-4.13 / 2.1 §6.1.21-22 give no order. Asked for all attributes, a server returns those it holds, which include optional ones it chose to set (1.4 §3 Table 54 'Initially set by', 'SHALL always have a value').",
  },
  {
    id: "destroyed-object",
    rule: "Where Item Not Found is expected for an object the file has destroyed, Illegal Operation or Object Destroyed is accepted too.",
    why: "After Destroy a server MAY keep some or none of the object's attributes (KMIP 1.4 §3, §4.21). The reference server kept nothing (Item Not Found); one that keeps the attributes answers 'Object exists … but the server only has attributes for this object: Illegal Operation' (1.4 §11.12 Table 338) or, in 2.x, 'Object exists, but has already been destroyed: Object Destroyed' (2.1 §11 Table 226).",
  },
  {
    id: "issued-certificate",
    rule: "In a response about a certificate that Certify or Re-certify made during the file (its request names that Unique Identifier), Certificate Length, Digital Signature Algorithm and the text forms of the issuer and serial number (Issuer, Serial Number, Certificate Issuer Distinguished Name) are compared by presence and type. The subject, the key's attributes and everything else are compared as usual.",
    why: "KMIP 1.4 §4.7-4.8 / 2.1 §6.1.6, §6.1.45: the server generates the certificate; its issuer, serial number, signature algorithm and so its length are the issuing CA's (the reference server's CN=KMIP,OU=OASIS,O=TEST,C=US is not kmipd's Certify CA). The byte forms (Issuer Distinguished Name, Certificate Serial Number, Certificate Value) are server-chosen already.",
  },
  {
    id: "self-description",
    rule: "Query's Response Payload and the value of the Random Number Generator attribute are compared by presence only. A Discover Versions response to a request that named no versions must contain the expected versions in order, and may contain more.",
    why: "They describe the server itself. README: a Query's operation list is illustrative; kmipd's Query answers from its own operation registry (ARCHITECTURE: what we advertise is what we do; test/operations/query.test.ts). The RNG is the server's (1.4 §3.44). Asked for no particular version, the server lists all it supports (1.4 §4.26, 2.1 §6.1.18).",
  },
];

/**
 * Byte and text items whose value the server produces: identifiers and correlation values it
 * assigns, key material it generates, cryptographic output (ciphertext, IVs, tags, signatures,
 * MACs, digests), what its CA puts in a certificate, and lease times (its policy, KMIP 1.4
 * §3.20, §4.17).
 */
export const SERVER_CHOSEN_TAGS: ReadonlySet<number> = new Set([
  Tag.UniqueIdentifier,
  Tag.ShortUniqueIdentifier,
  Tag.ServerCorrelationValue,
  Tag.AsynchronousCorrelationValue,
  Tag.CorrelationValue,
  Tag.TicketValue,
  Tag.KeyMaterial,
  Tag.KeyValue,
  Tag.Key,
  Tag.Data,
  Tag.IVCounterNonce,
  Tag.AuthenticatedEncryptionTag,
  Tag.SignatureData,
  Tag.MACData,
  Tag.DigestValue,
  Tag.CertificateValue,
  Tag.CertificateSerialNumber,
  Tag.IssuerDistinguishedName,
  Tag.PKCS_11OutputParameters,
  Tag.LeaseTime,
]);

/** Items either side may leave out (rule "optional"). */
export const OPTIONAL_TAGS: ReadonlySet<number> = new Set([
  Tag.ResultMessage,
  Tag.LocatedItems,
  Tag.ClientCorrelationValue,
  Tag.ServerCorrelationValue,
]);

/** Items whose value is never compared (rule "optional"). */
export const FREE_TEXT_TAGS: ReadonlySet<number> = new Set([Tag.ResultMessage]);

export interface CompareContext {
  readonly bindings: Bindings;
  /**
   * Value keys (`values.ts`) of every literal the file's requests have sent so far, and `tag:`
   * keys of every tag they used (a 2.x attribute is sent as its tag).
   */
  readonly sent: ReadonlySet<string>;
  /** The Request Message as sent, which the response answers. */
  readonly request: TtlvItem;
  /** The placeholders the request carried as written in the file (rule "placeholder"). */
  readonly requestTokens: ReadonlySet<string>;
  readonly version: KmipVersion;
  /** Unique Identifiers of the objects the file has destroyed so far (rule "destroyed-object"). */
  readonly destroyed: ReadonlySet<string>;
  /** Unique Identifiers of the certificates Certify and Re-certify made (rule "issued-certificate"). */
  readonly issued: ReadonlySet<string>;
}

/** Compares one Response Message; binds placeholders and aliases as it goes. */
export function compareResponse(
  expected: TtlvItem,
  actual: TtlvItem,
  ctx: CompareContext,
): Difference | undefined {
  const policy: ComparePolicy = {
    optional: (tag) => OPTIONAL_TAGS.has(tag),
    structure: (e, a, where, recurse) => structureRule(e, a, where, recurse, ctx),
    scalarMatches: (e, a, where) =>
      FREE_TEXT_TAGS.has(e.tag) ||
      scalarMatches(e, a, ctx) ||
      destroyedObject(e, a, where, ctx) ||
      issuedCertificateValue(e, a, where, ctx),
  };
  const difference = compareTrees(expected, actual, policy);
  return difference === undefined ? undefined : withResult(difference, actual);
}

/** Rule "server-now" for $NOW±n: from the test start + n to the present + n, ±1 s. */
function withinTest(a: TtlvItem, earliest: bigint, offset: bigint): boolean {
  const seconds =
    a.type === ItemType.DateTime
      ? a.value
      : a.type === ItemType.DateTimeExtended
        ? a.value / 1_000_000n
        : undefined;
  const latest = BigInt(Math.ceil(Date.now() / 1000)) + offset;
  return seconds !== undefined && seconds >= earliest - 1n && seconds <= latest + 1n;
}

function isServerChosen(item: TtlvItem): boolean {
  return isDate(item) || item.type === ItemType.BigInteger || SERVER_CHOSEN_TAGS.has(item.tag);
}

function isDate(item: TtlvItem): boolean {
  return item.type === ItemType.DateTime || item.type === ItemType.DateTimeExtended;
}

/** Rules "placeholder", "server-now", "server-chosen" and "values", in that order. */
function scalarMatches(e: TtlvItem, a: TtlvItem, ctx: CompareContext): boolean {
  const { bindings } = ctx;
  const bound = bindings.lookup(e);
  const token = bindings.tokenOf(e);
  if (token !== undefined) {
    // An un-numbered placeholder the request did not carry names a new value (a new stream).
    if (bound !== undefined && (!reusable(token) || ctx.requestTokens.has(token))) return sameValue(bound, a);
    bindings.rebind(e, a);
    return true;
  }
  if (bindings.isServerNow(e)) return true;
  const offset = bindings.nowOffset(e);
  if (offset !== undefined) return withinTest(a, bindings.nowSeconds + offset, offset);
  if (!isServerChosen(e) || ctx.sent.has(valueKey(e))) return sameValue(e, a);
  // A time is not an identity: a literal time repeated in the file is not held to one value.
  if (bound !== undefined && !isDate(e)) return sameValue(bound, a);
  bindings.bind(e, a);
  return true;
}
