/**
 * The KMIP batch layer's audit hooks (KmipServiceOptions.audit): a `kmip-request` record before
 * each batch item runs and a `kmip-response` record after. Fail closed, as for the API: while a
 * device is enabled and none can write, `request` throws (the item is answered General Failure and
 * never runs) and `response` throws (the item's answer becomes General Failure).
 */
import type { ResponseBatchItem } from "../kmip/messages.js";
import type { BatchItemAudit, BatchItemView } from "../server/options.js";
import type { Auditor } from "./auditor.js";
import { kmipRequestRecord, kmipResponseRecord } from "./kmip-records.js";

export class KmipAudit implements BatchItemAudit {
  constructor(private readonly auditor: Auditor) {}

  request(item: BatchItemView): void {
    if (!this.auditor.enabled) return;
    const time = this.auditor.deps.now();
    this.auditor.log(() => kmipRequestRecord(item, time));
  }

  response(item: BatchItemView, answer: ResponseBatchItem): void {
    if (!this.auditor.enabled) return;
    const time = this.auditor.deps.now();
    this.auditor.log(() => kmipResponseRecord(item, answer, time));
  }
}
