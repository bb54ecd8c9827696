// Where each smoke-test message goes, as arithmetic rather than a table: message `seq` goes to partition
// seq mod P, and each partition's messages, in sequence order, are cut into batches of `perBatch`. Batch
// b is partition b mod P's batch number floor(b / P). The producer builds one batch at a time from this,
// and the verdict finds a message's partition and its batch's send time from it, so neither keeps
// anything per message.

export interface BatchSpan {
  partition: number;
  /** Its messages are first, first + P, first + 2P, ... (count of them). */
  first: number;
  count: number;
}

export class SmokePlan {
  /** Batch numbers run from 0 to batchCount - 1; the last round may leave some partitions without one. */
  readonly batchCount: number;

  constructor(
    readonly messages: number,
    readonly partitions: number,
    readonly perBatch: number,
  ) {
    this.batchCount = Math.ceil(Math.ceil(messages / partitions) / perBatch) * partitions;
  }

  partitionOf(seq: number): number {
    return seq % this.partitions;
  }

  batchOf(seq: number): number {
    return Math.floor(Math.floor(seq / this.partitions) / this.perBatch) * this.partitions + (seq % this.partitions);
  }

  /** The messages of batch b (count 0 for a batch the last round does not have). */
  batch(b: number): BatchSpan {
    const partition = b % this.partitions;
    const first = partition + Math.floor(b / this.partitions) * this.perBatch * this.partitions;
    const remaining = first < this.messages ? Math.ceil((this.messages - first) / this.partitions) : 0;
    return { partition, first, count: Math.min(this.perBatch, remaining) };
  }
}
