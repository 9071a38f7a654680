/**
 * Batch Error Continuation Option Undo (KMIP 1.4 §6.13, §11 Table 366; 2.1 §9.6): "If any
 * operation in the request fails, then the server SHALL undo all the previous operations." and
 * "Batch item fails and Result Status is set to Operation Failed. Batch items that had been
 * processed have been undone and their responses are returned with Undone result status"
 * (Result Status Operation Undone, 1.4 §6.10, 2.1 §9.19). Items after the failure are not
 * processed and not returned.
 *
 * The items of an Undo batch write to a `StagedObjects` over the object store: their writes are
 * applied in one transaction when the last item has succeeded, and dropped when one fails, so
 * an undo never half-happens and other clients never see what was undone.
 */
import { KmipError } from "../kmip/errors.js";
import { BatchErrorContinuationOption, ResultReason, ResultStatus } from "../kmip/generated/enums.js";
import type { RequestHeader, ResponseBatchItem } from "../kmip/messages.js";
import { hasAtomicWrites } from "../storage/object-writes.js";
import type { ObjectStore } from "../storage/objects.js";
import { StagedObjects } from "../storage/staged-objects.js";
import { StorageError } from "../storage/types.js";

export function undoRequested(header: RequestHeader): boolean {
  return header.batchErrorContinuationOption === BatchErrorContinuationOption.Undo;
}

/** The staging store of an Undo batch, or undefined when the object store cannot commit atomically. */
export function stagingFor(objects: ObjectStore, now: () => Date): StagedObjects | undefined {
  return hasAtomicWrites(objects) ? new StagedObjects(objects, now) : undefined;
}

/** An answered item: what it said and whether it counts as failed (its own failure or too large). */
export interface Answered {
  item: ResponseBatchItem;
  failed: boolean;
}

/** The public reason of a commit that lost to a concurrent writer, or an unexpected error. */
export function commitFailure(error: unknown): unknown {
  if (error instanceof StorageError && error.kind === "conflict") {
    return new KmipError(
      ResultReason.GeneralFailure,
      "another client changed an object of this batch meanwhile; the whole batch was undone, retry it",
      { cause: error },
    );
  }
  return error;
}

/**
 * Settles an Undo batch once its items ran: commits the staged writes when every item succeeded,
 * and returns the indexes of the items whose status becomes Operation Undone (every successful
 * one, when some item failed). A commit that fails turns the last item into `onCommitFailure`'s
 * failure and undoes the others.
 */
export async function settleUndo(
  staged: StagedObjects,
  answered: Answered[],
  onCommitFailure: (error: unknown, item: ResponseBatchItem) => ResponseBatchItem,
): Promise<number[]> {
  const last = answered.at(-1);
  if (last === undefined) return [];
  if (!last.failed) {
    try {
      await staged.commit();
      return [];
    } catch (error) {
      last.item = onCommitFailure(commitFailure(error), last.item);
      last.failed = true;
    }
  }
  staged.discard();
  return answered.flatMap((a, i) => (!a.failed && a.item.resultStatus === ResultStatus.Success ? [i] : []));
}

/** The response of an item that was performed and then undone: its payload, status Operation Undone. */
export function undoneItem(item: ResponseBatchItem): ResponseBatchItem {
  return Object.assign({}, item, { resultStatus: ResultStatus.OperationUndone });
}
