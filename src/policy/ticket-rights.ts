/**
 * The Rights of a Delegated Login ticket (KMIP 2.1 §6.1.12, Right §7.34, Rights §7.35): "Requests
 * using the ticket MUST only be permitted to perform the operations specified in the Rights
 * section" — the holder "may only perform operations allowed by at least one of the contained
 * Right structures".
 *
 * A Right allows a batch item when each restriction it carries holds: its Operations list the
 * item's operation; its Objects list every object the item names; its Object Groups hold every
 * object the item names. A restriction a Right leaves out does not restrict. An item that names
 * no object is allowed only by a Right without Objects and Object Groups. Pure: the caller
 * supplies the objects' groups.
 */

export interface TicketRight {
  /** Operation codes; undefined: any operation. */
  readonly operations?: ReadonlySet<number> | undefined;
  /** Unique Identifiers; undefined: any object. */
  readonly objects?: ReadonlySet<string> | undefined;
  /** Object Group names; undefined: any group. */
  readonly objectGroups?: ReadonlySet<string> | undefined;
}

/** One batch item as the rights see it. */
export interface RightsQuestion {
  readonly operation: number;
  /** Every object the item names (explicitly or by the ID Placeholder). */
  readonly uids: readonly string[];
  /** The Object Group values of each named object (asked only when a Right has Object Groups). */
  readonly groupsOf: (uid: string) => readonly string[];
}

export function rightAllows(right: TicketRight, q: RightsQuestion): boolean {
  if (right.operations !== undefined && !right.operations.has(q.operation)) return false;
  const objects = right.objects;
  const groups = right.objectGroups;
  if (objects === undefined && groups === undefined) return true;
  if (q.uids.length === 0) return false;
  return q.uids.every(
    (uid) =>
      (objects === undefined || objects.has(uid)) &&
      (groups === undefined || q.groupsOf(uid).some((g) => groups.has(g))),
  );
}

export function rightsAllow(rights: readonly TicketRight[], q: RightsQuestion): boolean {
  return rights.some((r) => rightAllows(r, q));
}

/** Whether any Right restricts by Object Groups (then the caller must look the groups up). */
export function needsGroups(rights: readonly TicketRight[]): boolean {
  return rights.some((r) => r.objectGroups !== undefined);
}
