/**
 * Storing a new key pair — Create Key Pair (KMIP 1.4 §4.2; 2.1 §6.1.9) and Re-key Key Pair
 * (1.4 §4.5; 2.1 §6.1.47): "For the Private Key, the server SHALL create a Link attribute of Link
 * Type Public Key pointing to the Public Key. For the Public Key, the server SHALL create a Link
 * attribute of Link Type Private Key pointing to the Private Key … The ID Placeholder value SHALL
 * be set to the Unique Identifier of the Private Key." KMIP 2.x also keeps the private key for
 * the Create Key Pair / Re-key Key Pair Private Key references (2.1 §11.58 Table 481).
 *
 * The public key is stored first, then the private key with its link, then the public key gains
 * its link; a failure at any step removes what was stored, so a failed request leaves nothing.
 *
 * Protection Storage Masks (2.x): a key's own masks, else the Common ones, must allow software
 * storage; otherwise Private / Public Protection Storage Unavailable (2.1 §6.1.9.1).
 */
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { LinkType, ObjectType, ResultReason } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import { type CreationOperation, hasAttribute } from "../policy/index.js";
import { zeroize } from "../seal/barrier.js";
import type { StoredObject } from "../storage/objects.js";
import { addInstance } from "./attribute-instances.js";
import type { KeyBlockValue } from "./crypto-key.js";
import type { PairBlocks } from "./crypto-pair-kind.js";
import { insertNewObject } from "./insert.js";
import { updateObject } from "./objects.js";
import { checkProtectionStorage } from "./protection.js";
import type { OperationContext } from "./types.js";

type Masks = { protectionStorageMask?: number[] | undefined } | undefined;

export interface PairMasks {
  readonly commonProtectionStorageMasks?: Masks;
  readonly privateProtectionStorageMasks?: Masks;
  readonly publicProtectionStorageMasks?: Masks;
}

function checkMasks(masks: Masks, reason: number, version: KmipVersion): void {
  try {
    checkProtectionStorage(masks, version);
  } catch (e) {
    if (!(e instanceof KmipError)) throw e;
    throw new KmipError(reason, e.publicMessage);
  }
}

/** Each key's masks (its own, else the common ones) must allow software storage. */
export function checkPairProtection(request: PairMasks, version: KmipVersion): void {
  const common = request.commonProtectionStorageMasks;
  const own = (m: Masks) => (m?.protectionStorageMask?.length ? m : common);
  checkMasks(
    own(request.privateProtectionStorageMasks),
    ResultReason.PrivateProtectionStorageUnavailable,
    version,
  );
  checkMasks(
    own(request.publicProtectionStorageMasks),
    ResultReason.PublicProtectionStorageUnavailable,
    version,
  );
}

export interface NewPair {
  readonly op: CreationOperation;
  readonly privateTemplate: readonly Attribute[];
  readonly publicTemplate: readonly Attribute[];
  readonly blocks: PairBlocks;
  readonly algorithm: number;
}

export interface StoredPair {
  readonly privateUid: string;
  readonly publicUid: string;
}

function link(linkType: number, uid: string): Attribute {
  return { name: "Link", value: { linkType, linkedObjectIdentifier: uid } };
}

/**
 * `list` with `first` as its first Link (Attribute Index 0) and the other Links after it, as the
 * OASIS test cases list a re-keyed pair's links (TC-133: the pair's link, then Replaced Object).
 * Only for an object no client has seen yet: the other Links' indices move up by one.
 */
function withLinkFirst(list: readonly Attribute[], first: Attribute): Attribute[] {
  const others = list.filter((a) => a.name === "Link").map(({ name, value }) => ({ name, value }));
  let out = removeLinks(list);
  for (const l of [first, ...others]) out = addInstance(out, l, true).list;
  return out;
}

const removeLinks = (list: readonly Attribute[]): Attribute[] => list.filter((a) => a.name !== "Link");

/** The curve as Cryptographic Domain Parameters, when the pair has one and the client named none. */
function domainParameters(template: readonly Attribute[], curve: number | undefined): Attribute[] {
  if (curve === undefined || hasAttribute(template, "Cryptographic Domain Parameters")) return [];
  return [{ name: "Cryptographic Domain Parameters", value: { recommendedCurve: curve } }];
}

function insertKey(
  ctx: OperationContext,
  pair: NewPair,
  objectType: number,
  block: KeyBlockValue,
  template: Attribute[],
): Promise<StoredObject> {
  const type = objectType === ObjectType.PrivateKey ? "privateKey" : "publicKey";
  return insertNewObject(ctx, {
    objectType,
    op: pair.op,
    template: [...template, ...domainParameters(template, pair.blocks.curve)],
    object: { type, value: { keyBlock: block } },
    cryptographicAlgorithm: pair.algorithm,
    cryptographicLength: pair.blocks.lengthBits,
    keyFormatType: block.keyFormatType,
  });
}

async function removeAll(ctx: OperationContext, uids: readonly string[]): Promise<void> {
  for (const uid of uids) await ctx.objects.delete(ctx.scope, uid);
}

/** Stores the pair with its links and sets the placeholders (see the header). */
export async function insertPair(ctx: OperationContext, pair: NewPair): Promise<StoredPair> {
  const placeholder = ctx.batch.idPlaceholder;
  const stored: string[] = [];
  try {
    const pub = await insertKey(ctx, pair, ObjectType.PublicKey, pair.blocks.publicKey, [
      ...pair.publicTemplate,
    ]);
    stored.push(pub.uid);
    const privateTemplate = withLinkFirst(pair.privateTemplate, link(LinkType.PublicKeyLink, pub.uid));
    const priv = await insertKey(ctx, pair, ObjectType.PrivateKey, pair.blocks.privateKey, privateTemplate);
    stored.push(priv.uid);
    await updateObject(ctx, pub.uid, (obj) => ({
      attributes: withLinkFirst(obj.attributes, link(LinkType.PrivateKeyLink, priv.uid)),
    }));
    ctx.batch.idPlaceholder = priv.uid;
    ctx.batch.privateKeyIdPlaceholder = priv.uid;
    return { privateUid: priv.uid, publicUid: pub.uid };
  } catch (e) {
    await removeAll(ctx, stored);
    ctx.batch.idPlaceholder = placeholder;
    throw e;
  } finally {
    zeroizeBlock(pair.blocks.privateKey);
  }
}

function zeroizeBlock(block: KeyBlockValue): void {
  const value = block.keyValue;
  if (value !== undefined && !(value instanceof Uint8Array) && value.keyMaterial instanceof Uint8Array)
    zeroize(value.keyMaterial);
}
