/**
 * Manual corrections for scripts/extract-spec.ts, in one place, each with its reason.
 *
 * The specification texts are the source of every value; these entries only settle what the
 * texts leave ambiguous (an Encoding cell that says "Varies", a tag never given an Encoding
 * row, a table heading that is misprinted).
 */
import type { ItemTypeName } from "../src/ttlv/types.js";

type Version = "1.0" | "1.1" | "1.2" | "1.3" | "1.4" | "2.0" | "2.1";

export interface TypeOverride {
  /** Tag spec name (as the newest version prints it). */
  tag: string;
  types: ItemTypeName[];
  /** Versions the override applies to (default: every version that has the tag). */
  versions?: Version[];
  reason: string;
}

/** Every item type a TTLV item can have in 1.x, and 2.x's addition (KMIP 2.0 §9.1.1.2). */
const ANY_1X: ItemTypeName[] = [
  "Structure",
  "Integer",
  "LongInteger",
  "BigInteger",
  "Enumeration",
  "Boolean",
  "TextString",
  "ByteString",
  "DateTime",
  "Interval",
];
const ANY_2X: ItemTypeName[] = [...ANY_1X, "DateTimeExtended"];

export const TYPE_OVERRIDES: TypeOverride[] = [
  // --- the text says the type varies ---
  {
    tag: "Attribute Value",
    types: ANY_1X,
    versions: ["1.0", "1.1", "1.2", "1.3", "1.4"],
    reason: "1.x §2.1.1: 'Varies, depending on attribute' (any attribute's encoding)",
  },
  {
    tag: "Attribute Value",
    types: ANY_2X,
    versions: ["2.0", "2.1"],
    reason: "2.x §7.1: 'Varies, depending on attribute' (any attribute's encoding, Date Time Extended included)",
  },
  {
    tag: "Custom Attribute",
    types: ANY_1X,
    reason: "1.x §3.39: 'Any data type or structure' (custom attributes are vendor-defined)",
  },
  {
    tag: "Credential Value",
    types: ["Structure"],
    reason:
      "1.x §2.1.2 / 2.x §2.1.2: 'Varies based on Credential Type', but every Credential Type the spec " +
      "defines (Username and Password, Device, Attestation, One Time Password, Hashed Password, Ticket) " +
      "has a Structure as its Credential Value",
  },
  // --- the text gives no Encoding row; the type follows from the description ---
  {
    tag: "Client Registration Method",
    types: ["Enumeration"],
    reason: "1.3+ Query response: 'Contains Client Registration Method enumerated values' (no Encoding row)",
  },
  {
    tag: "Key Wrap Type",
    types: ["Enumeration"],
    reason: "1.4 §4.11 Get / §4.3 Register: 'Determines the Key Wrap Type …'; values are §9.1.3.2.48",
  },
  {
    tag: "Digested Data",
    types: ["ByteString"],
    reason: "1.4 §4.31 Sign, §4.32 Signature Verify: 'The digested data to be signed (as a Byte String)'",
  },
  {
    tag: "Certificate Request Unique Identifier",
    types: ["TextString"],
    reason: "2.0 §6.1.7 Certify: 'The Unique Identifier of the Certificate Request' — a Unique Identifier, Text String",
  },
  {
    tag: "Request Count",
    types: ["Integer"],
    reason: "2.0 Create/Re-key: 'The integer count of the number of requests that can be made with the ticket'",
  },
  {
    tag: "Endpoint Role",
    types: ["Enumeration"],
    reason: "2.0 §6.1.48 Set Endpoint Role carries an Endpoint Role value of §11.19 (no Encoding row)",
  },
  {
    tag: "Ephemeral",
    types: ["Boolean"],
    reason: "2.0 Encrypt/Decrypt…: 'Indicates that the Data output of the operation should not be returned … Boolean.'",
  },
  {
    tag: "Server Hashed Password",
    types: ["ByteString"],
    reason: "2.0 §6.1.29 Login: 'Hash(Timestamp || S1 || Hash(S2))', a hash like Hashed Password (Byte String, §2.1.2)",
  },
  {
    tag: "Adjustment Type",
    types: ["Enumeration"],
    reason: "2.0 §6.1.3 Adjust Attribute: 'The adjustment to be made', values of §11.1 Adjustment Type",
  },
  {
    tag: "Adjustment Value",
    types: ["Integer", "LongInteger", "BigInteger", "Interval"],
    reason:
      "2.0 §6.1.3 Adjust Attribute gives no Encoding; §11.1 says the adjustment applies to Integer, Long " +
      "Integer, Big Integer, Interval, Date Time and Date Time Extended values (the amount is a number; " +
      "for date-times a count of seconds or microseconds)",
  },
  {
    tag: "Common Protection Storage Masks",
    types: ["Structure"],
    reason: "2.0 §7.33: the Common/Private/Public variants have a layout 'identical to' Protection Storage Masks (Structure)",
  },
  {
    tag: "Private Protection Storage Masks",
    types: ["Structure"],
    reason: "2.0 §7.33: the Common/Private/Public variants have a layout 'identical to' Protection Storage Masks (Structure)",
  },
  {
    tag: "Public Protection Storage Masks",
    types: ["Structure"],
    reason: "2.0 §7.33: the Common/Private/Public variants have a layout 'identical to' Protection Storage Masks (Structure)",
  },
  {
    tag: "Alternate Failover Endpoints",
    types: ["TextString"],
    reason: "2.0 §7.31 Server Information lists it as 'Alternative failover endpoints | Text String, MAY be repeated'",
  },
  // --- the text lists the tag and nothing else ---
  {
    tag: "Reserved",
    types: ANY_2X,
    reason: "2.0 §11.54 lists tag 0x420137 'Reserved' but never uses or encodes it: accept any type",
  },
  {
    tag: "Tag",
    types: ANY_2X,
    reason: "2.0 §11.54 lists tag 0x420138 'Tag' but never uses or encodes it: accept any type",
  },
];

export interface EnumOverride {
  tag: string;
  /** null: the enumeration depends on context (e.g. the attribute an Attribute Value belongs to). */
  enum: string | null;
  reason: string;
}

const CONTEXT = "the enumeration, if any, depends on the attribute the value belongs to";
const UNUSED = "the text never uses the tag, so no enumeration can be named";

export const ENUM_OVERRIDES: EnumOverride[] = [
  { tag: "Attribute Value", enum: null, reason: CONTEXT },
  { tag: "Custom Attribute", enum: null, reason: CONTEXT },
  { tag: "Reserved", enum: null, reason: UNUSED },
  { tag: "Tag", enum: null, reason: UNUSED },
  {
    tag: "Linked Object Identifier",
    enum: "Unique Identifier",
    reason: "2.0 §4.25: 'Text String/Enumeration/Integer' like Unique Identifier, whose enumeration (§11.56) it shares",
  },
];

/** Enumeration value names misprinted in a table (matched by enumeration and printed name). */
export const ENUM_VALUE_FIXES: { enum: string; printed: string; name: string; reason: string }[] = [];

/** Encoding rows to skip because they describe something else than the tag they name. */
export const IGNORED_ENCODING_ROWS: { tag: string; cell: string; reason: string }[] = [];

/** Section titles that do not give the enumeration's name as used elsewhere. */
export const SECTION_NAME_FIXES: Record<string, string> = {};
