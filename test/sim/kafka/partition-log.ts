// One partition's log: record batches stored as the producer sent them, with broker-assigned offsets.
// Replication is instantaneous here (every in-sync replica has every batch at once), so the high
// watermark is the log end offset; that is what a Kafka partition with all replicas in sync reports.
import { decodeRecords, placeBatch, readBatchHeader } from './record-batch.js';

interface StoredBatch {
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  bytes: Buffer;
}

/** ListOffsets' special timestamps (protocol guide, ListOffsets: -1 latest, -2 earliest; v7+: -3 the
 * record with the largest timestamp, KIP-734). */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;
export const MAX_TIMESTAMP = -3;

export class PartitionLog {
  private readonly batches: StoredBatch[] = [];
  private endOffset = 0;
  readonly logStartOffset = 0;

  get highWatermark(): number {
    return this.endOffset;
  }

  get batchCount(): number {
    return this.batches.length;
  }

  /** Appends one batch at the log end; returns the offset assigned to its first record. */
  append(batch: Buffer, leaderEpoch: number): number {
    const header = readBatchHeader(batch);
    const baseOffset = this.endOffset;
    this.batches.push({
      baseOffset,
      lastOffset: baseOffset + header.lastOffsetDelta,
      maxTimestamp: header.maxTimestamp,
      bytes: placeBatch(batch, baseOffset, leaderEpoch),
    });
    this.endOffset = baseOffset + header.lastOffsetDelta + 1;
    return baseOffset;
  }

  /**
   * Batches from the one holding `fetchOffset`, up to `maxBytes`. Whole batches only; with `atLeastOne`
   * the first is returned even when larger than maxBytes, so a consumer always progresses (KIP-74). The
   * consumer skips records below its fetch offset itself, as with a real broker.
   */
  read(fetchOffset: number, maxBytes: number, atLeastOne = true): Buffer[] {
    const out: Buffer[] = [];
    let size = 0;
    for (let i = this.indexOf(fetchOffset); i < this.batches.length; i += 1) {
      const batch = this.batches[i]!;
      if ((out.length > 0 || !atLeastOne) && size + batch.bytes.length > maxBytes) break;
      out.push(batch.bytes);
      size += batch.bytes.length;
    }
    return out;
  }

  /** Bytes available from `fetchOffset`, for a Fetch's min_bytes. */
  bytesFrom(fetchOffset: number): number {
    let size = 0;
    for (let i = this.indexOf(fetchOffset); i < this.batches.length; i += 1) size += this.batches[i]!.bytes.length;
    return size;
  }

  /**
   * ListOffsets: the earliest offset whose record timestamp is >= `timestamp`, or the log end when none
   * is (Kafka's Log.fetchOffsetByTimestamp), with -1/-2 meaning latest/earliest.
   */
  offsetForTimestamp(timestamp: number): { offset: number; timestamp: number } {
    if (timestamp === LATEST_TIMESTAMP) return { offset: this.endOffset, timestamp: -1 };
    if (timestamp === EARLIEST_TIMESTAMP) return { offset: this.logStartOffset, timestamp: -1 };
    if (timestamp === MAX_TIMESTAMP) return this.largestTimestamp();
    const batch = this.batches.find((b) => b.maxTimestamp >= timestamp);
    if (!batch) return { offset: -1, timestamp: -1 };
    const record = decodeRecords(batch.bytes).find((r) => r.timestamp >= timestamp);
    return record ? { offset: record.offset, timestamp: record.timestamp } : { offset: -1, timestamp: -1 };
  }

  /** The first record with the largest timestamp (KIP-734), or -1/-1 for an empty log. */
  private largestTimestamp(): { offset: number; timestamp: number } {
    const latest = this.batches.reduce<StoredBatch | undefined>((best, b) => (!best || b.maxTimestamp > best.maxTimestamp ? b : best), undefined);
    if (!latest) return { offset: -1, timestamp: -1 };
    const record = decodeRecords(latest.bytes).find((r) => r.timestamp === latest.maxTimestamp);
    return { offset: record?.offset ?? latest.lastOffset, timestamp: latest.maxTimestamp };
  }

  /** Every stored batch, for tests and knobs. */
  storedBatches(): Buffer[] {
    return this.batches.map((b) => b.bytes);
  }

  /** Index of the first batch whose last offset is >= offset (binary search: batches are ordered). */
  private indexOf(offset: number): number {
    let low = 0;
    let high = this.batches.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.batches[mid]!.lastOffset < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
