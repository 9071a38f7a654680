/**
 * Re-key Key Pair — KMIP 1.1+; 1.4 §4.5 Tables 176–179 (errors §11.6); 2.1 §6.1.47
 * Tables 308–312.
 *
 * "This request is used to generate a replacement key pair for an existing public/private key
 * pair. It is analogous to the Create Key Pair operation, except that attributes of the
 * replacement key pair are copied from the existing key pair … For both the existing public key
 * and private key, the server SHALL create a Link attribute of Link Type Replacement Key pointing
 * to the replacement public and private key, respectively. For both the replacement public and
 * private key, the server SHALL create a Link attribute of Link Type Replaced Key pointing to
 * the existing public and private key … The server SHALL copy the Private Key Unique Identifier
 * of the replacement private key … into the ID Placeholder variable." The names move to the
 * replacement keys.
 *
 * As Re-key does for symmetric keys (`rekey.ts`, `attribute-rekey.ts`): attributes copied except
 * those of Table 177, Offset dates (Table 176; the Process Start and Protect Stop Dates move with
 * the Deactivation Date when the existing keys have them), request attributes over the copies
 * (merged per key as in Create Key Pair). The existing pair is the Private Key named (or the ID
 * Placeholder) and the Public Key its Public Key Link names; the new pair has the existing
 * private key's algorithm, length and curve.
 * - "Object specified is not able to be re-keyed" (not a private key, no linked public key, an
 *   algorithm the server does not generate) → 1.x Permission Denied, 2.x Invalid Object Type;
 *   no key material → Key Value Not Present; a different Algorithm or Length asked → Invalid Field.
 * - The new pair is stored first; if handing over the names and links of the existing pair
 *   fails, the new pair is removed again.
 */
import { describeKey } from "../crypto/index.js";
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { LinkType, ObjectType, ResultReason } from "../kmip/generated/enums.js";
import type { ReKeyKeyPairRequest, ReKeyKeyPairResponse } from "../kmip/payloads/create.js";
import type { KmipVersion } from "../kmip/version.js";
import { firstValue, invalidField } from "../policy/index.js";
import type { StoredObject } from "../storage/objects.js";
import { allowsMany, instancesOf } from "./attribute-instances.js";
import { replacedAttributes, replacementAttributes } from "./attribute-rekey.js";
import { keyBlockOf, keyObjectOf } from "./crypto-key.js";
import { type PairTemplates, pairTemplates, pairValue } from "./crypto-pair-attributes.js";
import { generatePair, type PairKind, pairBlocks } from "./crypto-pair-kind.js";
import { checkPairProtection, insertPair, type StoredPair } from "./crypto-pair-store.js";
import { keyValueNotPresent, withVersionReasons } from "./crypto-reasons.js";
import { openMaterial } from "./material.js";
import { loadObject, resolveUid, updateObject } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

function notRekeyable(version: KmipVersion, message: string): KmipError {
  return new KmipError(
    version >= 20 ? ResultReason.InvalidObjectType : ResultReason.PermissionDenied,
    message,
  );
}

function publicKeyUid(priv: StoredObject, version: KmipVersion): string {
  const links = instancesOf(priv.attributes, "Link").map(
    (i) => i.attribute.value as { linkType: number; linkedObjectIdentifier: unknown },
  );
  const target = links.find((l) => l.linkType === LinkType.PublicKeyLink)?.linkedObjectIdentifier;
  if (typeof target !== "string") throw notRekeyable(version, "the private key has no Public Key Link");
  return target;
}

/** The existing pair, checked. */
async function existingPair(uid: string, ctx: OperationContext): Promise<[StoredObject, StoredObject]> {
  const priv = await loadObject(ctx, uid);
  if (priv.objectType !== ObjectType.PrivateKey)
    throw notRekeyable(ctx.version, "Re-key Key Pair replaces a private key and its public key");
  if (priv.material === undefined) throw keyValueNotPresent();
  const pub = await loadObject(ctx, publicKeyUid(priv, ctx.version));
  if (pub.objectType !== ObjectType.PublicKey)
    throw notRekeyable(ctx.version, "the linked object is not a public key");
  return [priv, pub];
}

/** Algorithm, length and curve of the existing private key. */
function existingKind(priv: StoredObject, ctx: OperationContext): PairKind {
  const block = keyBlockOf(openMaterial(ctx, priv.uid, priv.material!));
  if (block === undefined) throw keyValueNotPresent();
  const described = describeKey(keyObjectOf(block, ObjectType.PrivateKey));
  const algorithm =
    (firstValue(priv.attributes, "Cryptographic Algorithm") as number | undefined) ?? described.algorithm;
  if (algorithm === undefined) throw notRekeyable(ctx.version, "the key's algorithm is unknown");
  return { algorithm, lengthBits: described.lengthBits, curve: described.curve };
}

function checkSameKind(templates: PairTemplates, kind: PairKind, existing: StoredObject): void {
  const algorithm = pairValue(templates, "Cryptographic Algorithm");
  const length = pairValue(templates, "Cryptographic Length");
  const existingLength = firstValue(existing.attributes, "Cryptographic Length");
  if (
    (algorithm !== undefined && algorithm !== kind.algorithm) ||
    (length !== undefined && length !== existingLength)
  )
    throw invalidField("the replacement pair has the existing pair's Cryptographic Algorithm and Length");
}

function replacementFor(
  existing: StoredObject,
  requested: Attribute[],
  offset: number | undefined,
  ctx: OperationContext,
): Attribute[] {
  return replacementAttributes({
    existingUid: existing.uid,
    existing: existing.attributes,
    requested,
    offset,
    isMulti: (name) => allowsMany(name, existing.objectType, ctx.version),
    now: ctx.now(),
    version: ctx.version,
  });
}

/** The existing keys hand over their names and gain Replacement links; on failure the new pair goes. */
async function handOver(ctx: OperationContext, old: [StoredObject, StoredObject], made: StoredPair) {
  const pairs: [string, string][] = [
    [old[0].uid, made.privateUid],
    [old[1].uid, made.publicUid],
  ];
  try {
    for (const [existing, replacement] of pairs)
      await updateObject(ctx, existing, (obj) => ({
        attributes: replacedAttributes(obj.attributes, replacement, ctx.now()),
      }));
  } catch (e) {
    for (const uid of [made.privateUid, made.publicUid]) await ctx.objects.delete(ctx.scope, uid);
    throw e;
  }
}

async function reKeyKeyPair(
  request: ReKeyKeyPairRequest,
  ctx: OperationContext,
): Promise<ReKeyKeyPairResponse> {
  checkPairProtection(request, ctx.version);
  const old = await existingPair(resolveUid(request.privateKeyUniqueIdentifier, ctx), ctx);
  const kind = existingKind(old[0], ctx);
  const templates = await pairTemplates(request, "Re-key Key Pair", ctx);
  checkSameKind(templates, kind, old[0]);
  const privateTemplate = replacementFor(old[0], templates.privateKey, request.offset, ctx);
  const publicTemplate = replacementFor(old[1], templates.publicKey, request.offset, ctx);
  const pair = await generatePair(kind, ctx.version).catch((e: unknown) => {
    throw notRekeyable(ctx.version, `the server cannot generate this key pair: ${(e as Error).message}`);
  });
  const blocks = pairBlocks(pair, kind.algorithm);
  const placeholder = ctx.batch.idPlaceholder;
  const made = await insertPair(ctx, {
    op: "Re-key Key Pair",
    privateTemplate,
    publicTemplate,
    blocks,
    algorithm: kind.algorithm,
  });
  await handOver(ctx, old, made).catch((e: unknown) => {
    ctx.batch.idPlaceholder = placeholder;
    throw e;
  });
  return { privateKeyUniqueIdentifier: made.privateUid, publicKeyUniqueIdentifier: made.publicUid };
}

export const ReKeyKeyPair: OperationDef<ReKeyKeyPairRequest, ReKeyKeyPairResponse> = {
  name: "Re-key Key Pair",
  handler: (request, ctx) => withVersionReasons(ctx.version, () => reKeyKeyPair(request, ctx)),
};
