/**
 * An ObjectStore whose writes are held back: reads see the staged writes over the database, and
 * `commit` applies them all in one transaction (`object-writes.ts`), or `discard` forgets them.
 * This is how a batch with Batch Error Continuation Option Undo (KMIP 1.4 §6.13, 2.1 §9.6: "If
 * any operation in the request fails, then the server SHALL undo all the previous operations")
 * stays atomic: nothing an item did reaches the database, or other clients, until every item has
 * succeeded, and an undo has nothing to roll back.
 *
 * Each staged object remembers the revision it had in the database when first touched; the
 * commit writes conditionally on it, so a concurrent change to the same object makes the commit
 * fail (`stale`) instead of being overwritten.
 */
import { matchesPlan } from "./locate-memory.js";
import type { AtomicObjectStore, ObjectWrite } from "./object-writes.js";
import {
  applyChanges,
  checkChanges,
  checkObject,
  checkRevision,
  checkScope,
  checkUid,
  type LocatePlan,
  type LocateQuery,
  type LocateResult,
  type ObjectChanges,
  type ObjectStore,
  ObjectStoreError,
  planLocate,
  type ScopeKey,
  StorageStatus,
  type StoredObject,
} from "./objects.js";

interface Staged {
  readonly scope: ScopeKey;
  readonly uid: string;
  /** The revision in the database when first touched; undefined for an object staged as new. */
  readonly baseRevision: number | undefined;
  /** The object as the batch left it; undefined once deleted. */
  current: StoredObject | undefined;
  /** Order of first touch: new objects are ordered by it after those already stored. */
  readonly order: number;
}

/** Every Storage Status Mask bit: on-line, archival and destroyed objects. */
const ALL_STORAGE = StorageStatus.OnLine | StorageStatus.Archival | StorageStatus.Destroyed;

export class StagedObjects implements ObjectStore {
  private readonly staged = new Map<string, Staged>();

  constructor(
    private readonly inner: AtomicObjectStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Whether anything is staged. */
  get dirty(): boolean {
    return this.staged.size > 0;
  }

  /** Applies every staged write in one transaction; nothing is staged afterwards. */
  async commit(): Promise<void> {
    const writes = [...this.staged.values()].flatMap(writeOf);
    this.staged.clear();
    if (writes.length > 0) await this.inner.applyWrites(writes);
  }

  discard(): void {
    this.staged.clear();
  }

  async insert(obj: StoredObject): Promise<void> {
    checkObject(obj);
    const key = keyOf(obj.scope, obj.uid);
    if (this.staged.has(key) || (await this.inner.get(obj.scope, obj.uid)) !== undefined) {
      throw new ObjectStoreError("exists", "an object with this Unique Identifier exists");
    }
    this.stage(obj.scope, obj.uid, undefined, obj);
  }

  async get(scope: ScopeKey, uid: string): Promise<StoredObject | undefined> {
    checkScope(scope);
    checkUid(uid);
    const entry = this.staged.get(keyOf(scope, uid));
    if (entry === undefined) return this.inner.get(scope, uid);
    return entry.current === undefined ? undefined : structuredClone(entry.current);
  }

  async update(
    scope: ScopeKey,
    uid: string,
    expectedRevision: number,
    changes: ObjectChanges,
  ): Promise<StoredObject> {
    checkRevision(expectedRevision);
    checkChanges(changes);
    const current = await this.get(scope, uid);
    if (current === undefined) throw new ObjectStoreError("not-found", `no object ${uid} in this scope`);
    if (current.revision !== expectedRevision) {
      throw new ObjectStoreError("stale", `object ${uid} was changed by another writer`);
    }
    const next = applyChanges(current, changes, this.now());
    checkObject(next);
    this.stage(scope, uid, current.revision, next);
    return structuredClone(next);
  }

  async destroyMaterial(
    scope: ScopeKey,
    uid: string,
    expectedRevision: number,
    changes: Omit<ObjectChanges, "material"> = {},
  ): Promise<StoredObject> {
    return this.update(scope, uid, expectedRevision, Object.assign({}, changes, { material: null }));
  }

  async delete(scope: ScopeKey, uid: string): Promise<boolean> {
    const current = await this.get(scope, uid);
    if (current === undefined) return false;
    const key = keyOf(scope, uid);
    const entry = this.staged.get(key);
    // An object new in this batch simply disappears; a stored one is deleted at commit.
    if (entry !== undefined && entry.baseRevision === undefined) this.staged.delete(key);
    else this.stage(scope, uid, current.revision, undefined);
    return true;
  }

  async countInScope(scope: ScopeKey): Promise<number> {
    let n = await this.inner.countInScope(scope);
    for (const e of this.entriesIn(scope)) {
      if (e.baseRevision === undefined && e.current !== undefined) n++;
      if (e.baseRevision !== undefined && e.current === undefined) n--;
    }
    return n;
  }

  async deleteScope(scope: ScopeKey): Promise<number> {
    const stored = await this.inner.locate(scope, { storageStatusMask: ALL_STORAGE });
    const uids = new Set([...stored.uids, ...this.entriesIn(scope).map((e) => e.uid)]);
    let n = 0;
    for (const uid of uids) if (await this.delete(scope, uid)) n++;
    return n;
  }

  async locate(scope: ScopeKey, query: LocateQuery): Promise<LocateResult> {
    checkScope(scope);
    const plan = planLocate(query);
    const entries = this.entriesIn(scope);
    if (entries.length === 0) return this.inner.locate(scope, query);
    const ordered = await this.orderedMatches(scope, query, plan, entries);
    const matched = plan.single ? ordered.slice(0, 1) : ordered;
    const end = plan.limit === undefined ? undefined : plan.offset + plan.limit;
    return { uids: matched.slice(plan.offset, end), total: matched.length };
  }

  /** Every match, in the plan's order: the database's, with the staged objects taken into account. */
  private async orderedMatches(
    scope: ScopeKey,
    query: LocateQuery,
    plan: LocatePlan,
    entries: readonly Staged[],
  ): Promise<string[]> {
    // Unpaged, and for Group Member Default every member (the default one is chosen below).
    const { maxItems: _m, offsetItems: _o, ...all } = query;
    if (plan.single) delete all.objectGroupMember;
    const stored = (await this.inner.locate(scope, all)).uids;
    const touched = new Map(entries.map((e) => [e.uid, e]));
    const kept = stored.filter((uid) => {
      const e = touched.get(uid);
      return e === undefined || (e.current !== undefined && matchesPlan(e.current, plan));
    });
    const keptSet = new Set(kept);
    const added = entries.filter(
      (e) => !keptSet.has(e.uid) && e.current !== undefined && matchesPlan(e.current, plan),
    );
    if (plan.order !== "fresh-first" && added.every((e) => e.baseRevision === undefined)) {
      // New objects are newer than every stored one, in the order the batch made them.
      const fresh = added.sort((a, b) => a.order - b.order).map((e) => e.uid);
      return plan.order === "newest" ? [...fresh.reverse(), ...kept] : [...kept, ...fresh];
    }
    return this.sortInMemory(
      scope,
      plan,
      plan.single || plan.order === "newest" ? [...kept].reverse() : kept,
      added,
    );
  }

  /** The slow path: every candidate read, then sorted as the SQL orders them (`LOCATE_ORDER`). */
  private async sortInMemory(
    scope: ScopeKey,
    plan: LocatePlan,
    oldestFirst: readonly string[],
    added: readonly Staged[],
  ): Promise<string[]> {
    const objects: StoredObject[] = [];
    for (const uid of oldestFirst) {
      const obj = await this.get(scope, uid);
      if (obj !== undefined) objects.push(obj);
    }
    objects.push(...[...added].sort((a, b) => a.order - b.order).map((e) => e.current!));
    // A stable sort by creation keeps the database's sequence order between equal times.
    objects.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    if (plan.order === "newest") objects.reverse();
    if (plan.order === "fresh-first" || plan.single) objects.sort((a, b) => freshRank(a) - freshRank(b));
    return objects.map((o) => o.uid);
  }

  private stage(
    scope: ScopeKey,
    uid: string,
    baseRevision: number | undefined,
    current: StoredObject | undefined,
  ) {
    const key = keyOf(scope, uid);
    const entry = this.staged.get(key);
    const copy = current === undefined ? undefined : structuredClone(current);
    if (entry !== undefined) entry.current = copy;
    else this.staged.set(key, { scope, uid, baseRevision, current: copy, order: this.staged.size });
  }

  private entriesIn(scope: ScopeKey): Staged[] {
    return [...this.staged.values()].filter(
      (e) => e.scope.mountUuid === scope.mountUuid && e.scope.scopeId === scope.scopeId,
    );
  }
}

/** Group Member Default prefers objects still Fresh (KMIP 1.4 §3.34), as `LOCATE_ORDER` does. */
function freshRank(obj: StoredObject): number {
  return obj.attributes.some((a) => a.name === "Fresh" && a.value === true) ? 0 : 1;
}

function writeOf(e: Staged): ObjectWrite[] {
  if (e.baseRevision === undefined) return e.current === undefined ? [] : [{ op: "insert", obj: e.current }];
  if (e.current === undefined) {
    return [{ op: "delete", scope: e.scope, uid: e.uid, expectedRevision: e.baseRevision }];
  }
  return [{ op: "replace", obj: e.current, expectedRevision: e.baseRevision }];
}

function keyOf(scope: ScopeKey, uid: string): string {
  return `${scope.mountUuid}\u0000${scope.scopeId}\u0000${uid}`;
}
