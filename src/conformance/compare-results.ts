/**
 * Result Status and Result Reason in `compare.ts`: rule "destroyed-object", and how a differing
 * status or reason is reported (with the server's own reason and message, which say why).
 */
import { ResultReason } from "../kmip/generated/enums.js";
import { Tag } from "../kmip/generated/tags.js";
import type { TtlvItem } from "../ttlv/types.js";
import type { CompareContext } from "./compare.js";
import type { Difference, Where } from "./compare-walk.js";
import { child, children, enumValue, requestItemFor, textValue } from "./message-parts.js";
import { showItem } from "./values.js";

/**
 * A differing Result Status or Reason is reported with the server's Result Reason and Result
 * Message, which say why (the message is never compared, only shown).
 */
export function withResult(difference: Difference, actual: TtlvItem): Difference {
  const m = /^ResponseMessage\/BatchItem(?:\[(\d+)\])?\/Result(?:Status|Reason)$/.exec(difference.path);
  if (m === null) return difference;
  const item = children(actual).filter((c) => c.tag === Tag.BatchItem)[Number(m[1] ?? 0)];
  const reason = child(item, Tag.ResultReason);
  const message = textValue(child(item, Tag.ResultMessage));
  const shown = reason === undefined || difference.path.endsWith("Reason") ? undefined : showItem(reason);
  const parts = [shown, message && JSON.stringify(message)];
  const why = parts.filter((p) => p !== undefined).join(", ");
  return why === "" ? difference : { ...difference, actual: `${difference.actual} (${why})` };
}

/** Rule "destroyed-object". */
export function destroyedObject(e: TtlvItem, a: TtlvItem, where: Where, ctx: CompareContext): boolean {
  if (e.tag !== Tag.ResultReason || enumValue(e) !== ResultReason.ItemNotFound) return false;
  if (!DESTROYED_REASONS.has(enumValue(a) ?? -1)) return false;
  const [message, item] = where.ancestors;
  if (message === undefined || item === undefined) return false;
  const payload = child(requestItemFor(ctx.request, message, item), Tag.RequestPayload);
  const uid = textValue(child(payload, Tag.UniqueIdentifier));
  return uid !== undefined && ctx.destroyed.has(uid);
}

const DESTROYED_REASONS = new Set<number>([ResultReason.IllegalOperation, ResultReason.ObjectDestroyed]);
