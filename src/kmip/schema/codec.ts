/**
 * The codec contract of the schema layer, its two contexts and its two errors.
 *
 * A codec turns the value of one TTLV item into a typed value and back. It does not own a tag:
 * the field that uses it names the tag (the same Name structure is an `Attribute Value` in
 * KMIP 1.x and a `Name` item in a KMIP 2.x `Attributes` structure), so `encode` is given one.
 */

import type { ItemTypeCode, TtlvItem } from "../../ttlv/types.js";
import { KmipError } from "../errors.js";
import { ResultReason } from "../generated/enums.js";
import type { TagInfo } from "../tables.js";
import type { KmipVersion, Versioned } from "../version.js";

/** A vendor-extension item (tag 0x54xxxx) that decoding kept rather than rejected. */
export interface VendorItemReport {
  /** Tag of the structure it was found in. */
  readonly parentTag: number;
  readonly item: TtlvItem;
}

/**
 * State shared by one top-level decode or encode: the protocol version, and the values of
 * discriminating fields (e.g. Key Format Type) that a polymorphic item further down reads.
 */
export interface CodecContext {
  readonly version: KmipVersion;
  /** Discriminators set by fields declared with `as` (see `field.ts`); restored on leaving a structure. */
  readonly vars: Record<string, unknown>;
}

/** A field of another protocol version that decoding accepted (see `DecodeOptions.strictVersion`). */
export interface OutOfVersionReport {
  /** Tag of the structure it was found in. */
  readonly parentTag: number;
  readonly tag: number;
  /** Spec name of the field. */
  readonly name: string;
}

/** What decoding accepted beyond the strict schema, for the caller to log or refuse. */
export interface DecodeReport {
  readonly vendorItems: VendorItemReport[];
  readonly outOfVersion: OutOfVersionReport[];
}

export function newDecodeReport(): DecodeReport {
  return { vendorItems: [], outOfVersion: [] };
}

export interface DecodeOptions {
  /**
   * Refuse a field that the message's version does not have. Off by default: real clients send
   * them (Percona's libkmip sends the 1.3 Offset Items under a 1.0 header, and PyKMIP's server
   * accepts it), so a server reads them, reports them, and never sends one back.
   */
  readonly strictVersion?: boolean;
  /** Filled with the vendor items and out-of-version fields decoding accepted. */
  readonly report?: DecodeReport;
}

export interface DecodeContext extends CodecContext {
  readonly strictVersion: boolean;
  readonly report: DecodeReport;
}

export type EncodeContext = CodecContext;

export interface Codec<T> {
  /** Short description for error messages, e.g. "Text String" or "Key Block". */
  readonly describe: string;
  /** Item types this codec reads; empty when it reads any (checked against the tag tables in tests). */
  readonly itemTypes: readonly ItemTypeCode[];
  decode(item: TtlvItem, ctx: DecodeContext): T;
  encode(tag: number, value: T, ctx: EncodeContext): TtlvItem;
  /**
   * Specialise for the tag a field gives it, once at schema load: an Enumeration learns the
   * tag's enumeration, an Integer the tag's bit mask. Codecs that do not care return themselves.
   */
  bind(tag: TagInfo): Codec<T>;
  /**
   * Codecs this one delegates to, with the versions each is reachable in (a variant's case exists
   * only where its discriminator value does). For consistency tests and documentation.
   */
  nested?(): readonly NestedCodec[];
}

export interface NestedCodec {
  readonly codec: Codec<unknown>;
  readonly range?: Versioned;
}

/** The typed value of a codec. */
export type CodecValue<C> = C extends Codec<infer T> ? T : never;

export type DecodeErrorCode =
  | "type" // wrong item type
  | "tag" // wrong tag for the structure asked for
  | "missing" // a required field is absent
  | "extra" // a field the structure does not have
  | "duplicate" // a single-valued field given twice
  | "version" // a field or value the message's protocol version does not have
  | "value"; // a value that does not fit (e.g. an unknown discriminator)

/**
 * A message that does not fit its schema. It is a KmipError (Invalid Message, or Invalid Field
 * for a bad value) whose public message names the field path, e.g.
 * "Request Payload > Key Block: missing required field Key Format Type".
 */
export class KmipDecodeError extends KmipError {
  override readonly name = "KmipDecodeError";
  constructor(
    readonly code: DecodeErrorCode,
    readonly detail: string,
    /** Spec names of the enclosing structures, outermost first. */
    readonly path: readonly string[] = [],
  ) {
    super(
      code === "value" ? ResultReason.InvalidField : ResultReason.InvalidMessage,
      path.length > 0 ? `${path.join(" > ")}: ${detail}` : detail,
    );
  }

  /** The same error one structure further out. */
  within(name: string): KmipDecodeError {
    return new KmipDecodeError(this.code, this.detail, [name, ...this.path]);
  }
}

/**
 * The server tried to send something the schema or the target version does not allow (a
 * missing required field, a 1.4 field or enumeration value for a 1.0 client). A bug, never the
 * client's fault: the batch layer answers General Failure and logs it.
 */
export class KmipEncodeError extends Error {
  override readonly name = "KmipEncodeError";
  constructor(
    readonly detail: string,
    readonly path: readonly string[] = [],
  ) {
    super(path.length > 0 ? `${path.join(" > ")}: ${detail}` : detail);
  }

  within(name: string): KmipEncodeError {
    return new KmipEncodeError(this.detail, [name, ...this.path]);
  }
}

/** Tag as printed in messages: 0x42006B. */
export function hexTag(tag: number): string {
  return `0x${tag.toString(16).toUpperCase().padStart(6, "0")}`;
}

/** Vendor extensions live in 0x540000–0x54FFFF (KMIP 1.4 §9.1.3.1, KMIP 2.1 §11.56). */
export function isVendorTag(tag: number): boolean {
  return tag >= 0x540000 && tag <= 0x54ffff;
}

export function newDecodeContext(version: KmipVersion, options: DecodeOptions = {}): DecodeContext {
  return {
    version,
    vars: {},
    strictVersion: options.strictVersion === true,
    report: options.report ?? newDecodeReport(),
  };
}

export function newEncodeContext(version: KmipVersion): EncodeContext {
  return { version, vars: {} };
}
