/**
 * Register of a Private Key in Key Format Type PKCS#12 — KMIP 1.4 §3.45, §4.3, §11.4 Table 330;
 * 2.1 §4.39, §6.1.43.
 *
 * The Key Material is a PKCS#12 container (RFC 7292), protected by the password the request's
 * PKCS#12 Password Link names (`pkcs12-links.ts`: missing, several, not Secret Data of type
 * Password → Invalid Field / 2.x Bad Password; not Active → Permission Denied / 2.x Wrong Key
 * Lifecycle State, as OASIS TC-PKCS12-2-14/-20 expect). The server opens it and keeps what it
 * holds as managed objects, as OASIS TC-PKCS12-2 shows:
 * - the private key "found under" the PKCS#12 Friendly Name, else the first one (1.4 §3.45),
 *   stored as PKCS#8 with the Cryptographic Algorithm and Length it has, so a Get without a
 *   format returns PKCS#8 and one in PKCS#12 rebuilds a container (`get-pkcs12.ts`);
 * - its certificate chain, each certificate a Certificate object with the attributes the server
 *   extracts from it, the key's certificate carrying the friendly name too;
 * - PKCS#12 Certificate Links: key → its certificate → each issuer, which `pkcs12-chain.ts` follows.
 * The friendly name found is recorded when the request gave none (1.4 §3.45). A container the
 * password does not open is a bad password (Invalid Field / 2.x Bad Password). Everything is read
 * and checked before anything is stored; certificates stored before a failing key insert are
 * removed again.
 */
import { createPrivateKey } from "node:crypto";
import { describeKey } from "../crypto/index.js";
import { readPkcs12 } from "../crypto/pkcs12-read.js";
import { type Pkcs12Selection, selectPkcs12 } from "../crypto/pkcs12-select.js";
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import {
  CertificateType,
  KeyFormatType,
  LinkType,
  ObjectType,
  ResultReason,
} from "../kmip/generated/enums.js";
import { checkRegisterAttributes, firstValue, invalidField, invalidValue } from "../policy/index.js";
import { certificateAttributes } from "./certificate-attributes.js";
import type { KeyBlockValue } from "./crypto-key.js";
import { insertNewObject } from "./insert.js";
import type { ManagedObjectValue } from "./material.js";
import { badPassword, pkcs12Password } from "./pkcs12-links.js";
import type { OperationContext } from "./types.js";

const FRIENDLY_NAME = "PKCS#12 Friendly Name";

export interface Pkcs12Registration {
  readonly objectType: number;
  readonly template: readonly Attribute[];
  readonly block: KeyBlockValue;
  readonly protectionStorageMask?: number | undefined;
}

const link = (linkType: number, uid: string): Attribute => ({
  name: "Link",
  value: { linkType, linkedObjectIdentifier: uid },
});

/** The container bytes: the Key Value (1.x, a Byte String) or its Key Material (2.x). */
function containerOf(block: KeyBlockValue): Uint8Array {
  if (block.keyWrappingData !== undefined)
    throw invalidField("a PKCS#12 container is protected by its password and is not wrapped");
  const value = block.keyValue;
  if (value instanceof Uint8Array) return value;
  if (value?.keyMaterial instanceof Uint8Array) return value.keyMaterial;
  throw invalidField("Key Format Type PKCS#12 needs the container as a Byte String");
}

/** The key and chain the container holds under `password`; a wrong password is a bad password. */
function open(
  container: Uint8Array,
  password: Uint8Array,
  template: readonly Attribute[],
  ctx: OperationContext,
) {
  const name = firstValue(template, FRIENDLY_NAME);
  try {
    return selectPkcs12(readPkcs12(container, password), typeof name === "string" ? name : undefined);
  } catch (e) {
    if (e instanceof KmipError && e.reason === ResultReason.CryptographicFailure)
      throw badPassword(ctx.version, "the PKCS#12 password does not open the container");
    throw e;
  }
}

/** The PKCS#8 Key Block of the selected key, with its algorithm and length. */
function keyBlockOf(
  selection: Pkcs12Selection,
  template: readonly Attribute[],
  ctx: OperationContext,
): KeyBlockValue {
  const described = describeKey(
    createPrivateKey({ key: Buffer.from(selection.privateKey), format: "der", type: "pkcs8" }),
  );
  const block: KeyBlockValue = {
    keyFormatType: KeyFormatType.PKCS_8,
    keyValue: { keyMaterial: selection.privateKey },
    cryptographicAlgorithm: described.algorithm,
    cryptographicLength: described.lengthBits,
  };
  for (const [name, value] of [
    ["Cryptographic Algorithm", block.cryptographicAlgorithm],
    ["Cryptographic Length", block.cryptographicLength],
  ] as const) {
    const given = firstValue(template, name);
    if (given !== undefined && given !== value)
      throw invalidValue(ctx.version, `${name} differs from the PKCS#12 key's`);
  }
  return block;
}

/** Stores the chain, issuers first so each links to the next; `uids` gets the identifiers, base first. */
async function storeChain(
  ctx: OperationContext,
  selection: Pkcs12Selection,
  mask: number | undefined,
  uids: string[],
): Promise<void> {
  for (let i = selection.chain.length - 1; i >= 0; i--) {
    const value = {
      certificateType: CertificateType.X_509,
      certificateValue: selection.chain[i] as Uint8Array,
    };
    const issuer = uids[0];
    const named = i === 0 && selection.friendlyName !== undefined;
    const template = [
      ...certificateAttributes(value),
      ...(named ? [{ name: FRIENDLY_NAME, value: selection.friendlyName }] : []),
      ...(issuer === undefined ? [] : [link(LinkType.PKCS_12CertificateLink, issuer)]),
    ];
    const object: ManagedObjectValue = { type: "certificate", value };
    const obj = await insertNewObject(ctx, {
      objectType: ObjectType.Certificate,
      op: "Register",
      template,
      object,
      keyFormatType: KeyFormatType.X_509,
      protectionStorageMask: mask,
    });
    uids.unshift(obj.uid);
  }
}

/** Registers the container's key and chain (see the header); returns the key's identifier. */
export async function registerPkcs12(ctx: OperationContext, request: Pkcs12Registration): Promise<string> {
  if (request.objectType !== ObjectType.PrivateKey)
    throw invalidField("Key Format Type PKCS#12 registers a Private Key");
  const container = containerOf(request.block);
  const password = await pkcs12Password(ctx, request.template);
  const selection = open(container, password, request.template, ctx);
  const block = keyBlockOf(selection, request.template, ctx);
  checkRegisterAttributes(request.template, request.objectType, block);
  const found =
    firstValue(request.template, FRIENDLY_NAME) === undefined && selection.friendlyName !== undefined;
  const certificates: string[] = [];
  try {
    await storeChain(ctx, selection, request.protectionStorageMask, certificates);
    const obj = await insertNewObject(ctx, {
      objectType: ObjectType.PrivateKey,
      op: "Register",
      template: [
        ...request.template,
        ...(found ? [{ name: FRIENDLY_NAME, value: selection.friendlyName }] : []),
        ...(certificates[0] === undefined ? [] : [link(LinkType.PKCS_12CertificateLink, certificates[0])]),
      ],
      object: { type: "privateKey", value: { keyBlock: block } },
      cryptographicAlgorithm: block.cryptographicAlgorithm,
      cryptographicLength: block.cryptographicLength,
      keyFormatType: KeyFormatType.PKCS_8,
      protectionStorageMask: request.protectionStorageMask,
    });
    return obj.uid;
  } catch (e) {
    await Promise.all(certificates.map((uid) => ctx.objects.delete(ctx.scope, uid).catch(() => false)));
    throw e;
  }
}
