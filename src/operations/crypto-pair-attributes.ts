/**
 * The attributes of a key pair request — Create Key Pair (KMIP 1.4 §4.2 Tables 166–168; 2.1
 * §6.1.9 Tables 189–191) and Re-key Key Pair (1.4 §4.5; 2.1 §6.1.47).
 *
 * "Attributes not common to both keys (e.g., Name, Cryptographic Usage Mask) MAY be specified
 * using the Private Key Template-Attribute and Public Key Template-Attribute objects in the
 * request, which take precedence over the Common Template-Attribute object … For multi-instance
 * attributes, the union of the values … SHALL be used. For single-instance attributes, the order
 * of precedence is: explicit Private/Public, their templates, explicit Common, its templates."
 * Each list has its Templates expanded first (`templates.ts`), then the key's own list overlays
 * the common one, and the policy checks the result for the key's Object Type.
 *
 * Table 168 / 191: Cryptographic Algorithm, Length, Domain Parameters and Parameters "SHALL
 * contain the same value for both Private and Public Key": different values are the version's
 * invalid-value reason (1.x Invalid Field, 2.x Invalid Attribute Value).
 */
import type { Attribute } from "../kmip/attributes.js";
import { ObjectType } from "../kmip/generated/enums.js";
import { type CreationOperation, checkTemplate, firstValue, invalidValue } from "../policy/index.js";
import { allowsMany, sameValue } from "./attribute-instances.js";
import { expandTemplates } from "./templates.js";
import type { OperationContext } from "./types.js";

export interface PairRequestAttributes {
  readonly commonAttributes?: Attribute[] | undefined;
  readonly privateKeyAttributes?: Attribute[] | undefined;
  readonly publicKeyAttributes?: Attribute[] | undefined;
}

export interface PairTemplates {
  readonly privateKey: Attribute[];
  readonly publicKey: Attribute[];
}

const SAME_FOR_BOTH = [
  "Cryptographic Algorithm",
  "Cryptographic Length",
  "Cryptographic Domain Parameters",
  "Cryptographic Parameters",
] as const;

/** `own` over `common`: a single-instance attribute of `own` replaces common's; multi-instance ones add up. */
function overlay(
  common: Attribute[],
  own: Attribute[],
  objectType: number,
  ctx: OperationContext,
): Attribute[] {
  const replaced = new Set(
    own.filter((a) => !allowsMany(a.name, objectType, ctx.version)).map((a) => a.name),
  );
  return [...common.filter((a) => !replaced.has(a.name)), ...own];
}

async function keyTemplate(
  request: PairRequestAttributes,
  objectType: number,
  own: Attribute[] | undefined,
  op: CreationOperation,
  ctx: OperationContext,
): Promise<Attribute[]> {
  const common = await expandTemplates(request.commonAttributes ?? [], objectType, ctx);
  const mine = await expandTemplates(own ?? [], objectType, ctx);
  const merged = overlay(common, mine, objectType, ctx);
  checkTemplate(merged, objectType, ctx.version, op);
  return merged;
}

/** The checked template of each key of the pair. */
export async function pairTemplates(
  request: PairRequestAttributes,
  op: CreationOperation,
  ctx: OperationContext,
): Promise<PairTemplates> {
  const privateKey = await keyTemplate(request, ObjectType.PrivateKey, request.privateKeyAttributes, op, ctx);
  const publicKey = await keyTemplate(request, ObjectType.PublicKey, request.publicKeyAttributes, op, ctx);
  for (const name of SAME_FOR_BOTH) {
    const a = firstValue(privateKey, name);
    const b = firstValue(publicKey, name);
    if (a !== undefined && b !== undefined && !sameValue(a, b))
      throw invalidValue(ctx.version, `${name} must be the same for the private and the public key`);
  }
  return { privateKey, publicKey };
}

/** An attribute's value from either key's template (they agree where both give it). */
export function pairValue(templates: PairTemplates, name: string): unknown {
  return firstValue(templates.privateKey, name) ?? firstValue(templates.publicKey, name);
}
