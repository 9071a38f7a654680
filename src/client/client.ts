/**
 * `KmipClient`: typed helpers for the common KMIP operations over one mutual-TLS connection.
 * Each helper sends one batch item and throws `KmipResultError` unless it succeeds; `request`
 * (inherited) sends any batch. Attributes are canonical (`{ name, value }`, see
 * `src/kmip/attributes.ts`); the model writes them as a Template-Attribute for KMIP 1.x and as
 * Attributes for 2.x.
 */
import type { Attribute } from "../kmip/attributes.js";
import { Operation } from "../kmip/generated/enums.js";
import type { CreateResponse, RegisterResponse, ReKeyResponse } from "../kmip/payloads/create.js";
import type {
  GetAttributeListResponse,
  GetAttributesResponse,
  GetResponse,
  LocateResponse,
} from "../kmip/payloads/get.js";
import type { DiscoverVersionsResponse, QueryResponse } from "../kmip/payloads/server.js";
import { type KmipVersion, versionParts } from "../kmip/version.js";
import { CLIENT_TTLV_LIMITS } from "./connection.js";
import { enumValue } from "./names.js";
import {
  type CreateOptions,
  createPayload,
  DEFAULT_QUERY_FUNCTIONS,
  keyMaterialOf,
  type LocateOptions,
  locatePayload,
  type RegisterOptions,
  type RevokeOptions,
  registerPayload,
  revokePayload,
  textId,
} from "./requests.js";
import { type KmipClientOptions, KmipSession, resolveVersion } from "./session.js";

export interface ObjectResult {
  readonly uniqueIdentifier: string;
  /** Attributes the server says it set implicitly (KMIP 1.x responses only). */
  readonly attributes: Attribute[];
}

export interface GetResult {
  readonly uniqueIdentifier: string;
  readonly objectType: number;
  /** The managed object, `{ type: "symmetricKey", value: { keyBlock } }` and so on. */
  readonly object: GetResponse["object"];
  /** The key material bytes, for keys and secret data in a byte-string format. */
  readonly keyMaterial: Uint8Array | undefined;
}

export interface LocateResult {
  readonly uniqueIdentifiers: string[];
  /** Located Items (KMIP 1.3+): how many matched in all, when the server says. */
  readonly locatedItems: number | undefined;
}

export interface ProtocolVersionValue {
  readonly major: number;
  readonly minor: number;
}

export class KmipClient extends KmipSession {
  /** Connects over mutual TLS (`node:tls`) and speaks `options.version` (default 1.4). */
  static async connect(options: KmipClientOptions): Promise<KmipClient> {
    const version = resolveVersion(options.version);
    const connection = await KmipSession.open(options);
    return new KmipClient(connection, version, options.limits ?? CLIENT_TTLV_LIMITS);
  }

  /** Discover Versions (KMIP 1.1+, 1.4 §4.26): the versions the server speaks, preferred first. */
  async discoverVersions(offer: readonly KmipVersion[] = []): Promise<ProtocolVersionValue[]> {
    const protocolVersion = offer.map((v) => {
      const { major, minor } = versionParts(v);
      return { protocolVersionMajor: major, protocolVersionMinor: minor };
    });
    const r = await this.call<DiscoverVersionsResponse>(Operation.DiscoverVersions, { protocolVersion });
    return (r.protocolVersion ?? []).map((p) => ({
      major: p.protocolVersionMajor,
      minor: p.protocolVersionMinor,
    }));
  }

  /** Query (1.4 §4.25; 2.1 §6.1.40). */
  query(functions: readonly (number | string)[] = DEFAULT_QUERY_FUNCTIONS): Promise<QueryResponse> {
    const queryFunction = functions.map((f) => enumValue("Query Function", f));
    return this.call<QueryResponse>(Operation.Query, { queryFunction });
  }

  async create(options: CreateOptions): Promise<ObjectResult & { objectType: number }> {
    const r = await this.call<CreateResponse>(Operation.Create, createPayload(options));
    return {
      uniqueIdentifier: textId(r.uniqueIdentifier),
      objectType: r.objectType,
      attributes: r.attributes ?? [],
    };
  }

  async register(options: RegisterOptions): Promise<ObjectResult> {
    const r = await this.call<RegisterResponse>(Operation.Register, registerPayload(options));
    return { uniqueIdentifier: textId(r.uniqueIdentifier), attributes: r.attributes ?? [] };
  }

  /** Get (1.4 §4.11; 2.1 §6.1.19); `keyFormatType` asks for a format ("Raw", "Transparent Symmetric Key"). */
  async get(uid: string, options: { keyFormatType?: number | string } = {}): Promise<GetResult> {
    const kft = options.keyFormatType;
    const payload = {
      uniqueIdentifier: uid,
      keyFormatType: kft === undefined ? undefined : enumValue("Key Format Type", kft),
    };
    const r = await this.call<GetResponse>(Operation.Get, payload);
    return {
      uniqueIdentifier: textId(r.uniqueIdentifier),
      objectType: r.objectType,
      object: r.object,
      keyMaterial: keyMaterialOf(r),
    };
  }

  /** Get Attributes (1.4 §4.12; 2.1 §6.1.20): every attribute, or those named. */
  async getAttributes(uid: string, names: readonly string[] = []): Promise<Attribute[]> {
    const payload = { uniqueIdentifier: uid, attributeReference: [...names] };
    const r = await this.call<GetAttributesResponse>(Operation.GetAttributes, payload);
    return r.attributes ?? [];
  }

  /** Get Attribute List (1.4 §4.13; 2.1 §6.1.21): the names of the object's attributes. */
  async getAttributeList(uid: string): Promise<string[]> {
    const r = await this.call<GetAttributeListResponse>(Operation.GetAttributeList, {
      uniqueIdentifier: uid,
    });
    return r.attributeReference ?? [];
  }

  /** Locate (1.4 §4.9; 2.1 §6.1.28): the identifiers of objects matching every attribute given. */
  async locate(options: LocateOptions = {}): Promise<LocateResult> {
    const r = await this.call<LocateResponse>(Operation.Locate, locatePayload(options));
    return { uniqueIdentifiers: (r.uniqueIdentifier ?? []).map(textId), locatedItems: r.locatedItems };
  }

  /** Activate (1.4 §4.19; 2.1 §6.1.1): Pre-Active → Active. */
  activate(uid: string): Promise<string> {
    return this.byIdentifier(Operation.Activate, uid);
  }

  /** Revoke (1.4 §4.20; 2.1 §6.1.44) with a Revocation Reason Code ("Key Compromise", …). */
  async revoke(uid: string, reason: number | string, options: RevokeOptions = {}): Promise<string> {
    const r = await this.call<{ uniqueIdentifier: string }>(
      Operation.Revoke,
      revokePayload(uid, reason, options),
    );
    return textId(r.uniqueIdentifier);
  }

  /** Destroy (1.4 §4.21; 2.1 §6.1.15). */
  destroy(uid: string): Promise<string> {
    return this.byIdentifier(Operation.Destroy, uid);
  }

  /** Add Attribute (1.4 §4.14; 2.1 §6.1.2). */
  addAttribute(uid: string, attribute: Attribute): Promise<ObjectResult> {
    return this.attributeOp(Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: attribute });
  }

  /** Modify Attribute (1.4 §4.15; 2.1 §6.1.34); `current` picks the instance to change in 2.x. */
  modifyAttribute(uid: string, attribute: Attribute, current?: Attribute): Promise<ObjectResult> {
    const payload = { uniqueIdentifier: uid, newAttribute: attribute, currentAttribute: current };
    return this.attributeOp(Operation.ModifyAttribute, payload);
  }

  /**
   * Delete Attribute (1.4 §4.16; 2.1 §6.1.13): by name (and 1.x Attribute Index), or in 2.x by
   * the current value when `attribute` is given as an attribute.
   */
  deleteAttribute(uid: string, attribute: string | Attribute, index?: number): Promise<ObjectResult> {
    const payload =
      typeof attribute === "string"
        ? { uniqueIdentifier: uid, attributeReference: attribute, attributeIndex: index }
        : this.version >= 20
          ? { uniqueIdentifier: uid, currentAttribute: attribute }
          : { uniqueIdentifier: uid, attributeReference: attribute.name, attributeIndex: attribute.index };
    return this.attributeOp(Operation.DeleteAttribute, payload);
  }

  /** Re-key (1.4 §4.4; 2.1 §6.1.46): a new key replacing `uid`; `offset` in seconds. */
  async rekey(
    uid: string,
    options: { offset?: number; attributes?: readonly Attribute[] } = {},
  ): Promise<ObjectResult> {
    const attributes = options.attributes === undefined ? undefined : [...options.attributes];
    const payload = { uniqueIdentifier: uid, offset: options.offset, attributes };
    const r = await this.call<ReKeyResponse>(Operation.ReKey, payload);
    return { uniqueIdentifier: textId(r.uniqueIdentifier), attributes: r.attributes ?? [] };
  }

  private async byIdentifier(operation: number, uid: string): Promise<string> {
    const r = await this.call<{ uniqueIdentifier: string }>(operation, { uniqueIdentifier: uid });
    return textId(r.uniqueIdentifier);
  }

  private async attributeOp(operation: number, payload: object): Promise<ObjectResult> {
    const r = await this.call<{ uniqueIdentifier: string; attribute?: Attribute }>(operation, payload);
    return {
      uniqueIdentifier: textId(r.uniqueIdentifier),
      attributes: r.attribute === undefined ? [] : [r.attribute],
    };
  }
}
