// The smoke test's verdict, judged message by message as they come back, in memory that does not grow
// with what was received: every message received exactly once, content intact, order kept within each
// partition; and the end-to-end latency figures in kafka-producer-perf-test's terms (latency-histogram.ts).
// What is kept: one bit per message sent (seen or not), a send time per batch (its messages share it),
// the highest sequence per partition, counts, and the latency histogram: for 1,000,000 messages, 125 KB
// of bits, 16 KB of send times and at most a few hundred KB of histogram.
import { LatencyHistogram, type Latency } from './latency-histogram.js';
import type { SmokeMessages } from './smoke-message.js';
import type { SmokePlan } from './smoke-plan.js';

export type { Latency };

export interface Verdict {
  expected: number;
  /** Messages of this run received intact (first copies). */
  delivered: number;
  /** Sequence numbers never seen at all. */
  lost: number;
  /** Copies beyond the first of a sequence number. */
  duplicated: number;
  /** Messages of this run whose content or partition differs from what was sent. */
  corrupted: number;
  /** First copies that arrived after a later message of the same partition. */
  outOfOrder: number;
  /** Messages on the topic from other producers, ignored. */
  foreign: number;
  /** A few of the lost sequence numbers, for the report. */
  lostExamples: number[];
  latencyMs: Latency;
  passed: boolean;
}

/** How many lost sequence numbers the report names. */
const LOST_EXAMPLES = 5;

export class SmokeJudge {
  /** Bit seq is set once seq was received (intact or not): what is never set was lost. */
  private readonly seen: Uint8Array;
  /** performance.now() when each batch was handed to the producer; NaN until then. */
  private readonly sentAtMs: Float64Array;
  /** Per partition, the highest sequence received intact so far: a lower one arrived out of order. */
  private readonly highestSeqIn: Float64Array;
  private readonly latency = new LatencyHistogram();
  private expected = 0;
  private seenCount = 0;
  private delivered = 0;
  private duplicated = 0;
  private corrupted = 0;
  private outOfOrder = 0;
  private foreign = 0;

  constructor(
    private readonly plan: SmokePlan,
    private readonly messages: SmokeMessages,
  ) {
    this.seen = new Uint8Array(Math.ceil(plan.messages / 8));
    this.sentAtMs = new Float64Array(plan.batchCount).fill(Number.NaN);
    this.highestSeqIn = new Float64Array(plan.partitions).fill(-1);
  }

  /** Batch b is being handed to the producer now. */
  batchSent(b: number, atMs: number): void {
    this.sentAtMs[b] = atMs;
    this.expected += this.plan.batch(b).count;
  }

  received(partition: number, key: Buffer | null, value: Buffer | null, receivedAtMs: number): void {
    const seq = this.messages.sequenceOf(key);
    if (seq === undefined) {
      this.foreign += 1;
      return;
    }
    // NaN for a sequence this run did not send (its key was changed on the way, or forged).
    const sentAtMs = seq < this.plan.messages ? this.sentAtMs[this.plan.batchOf(seq)]! : Number.NaN;
    const wasSent = !Number.isNaN(sentAtMs);
    if (!wasSent || this.plan.partitionOf(seq) !== partition || !this.messages.intact(seq, value)) {
      this.corrupted += 1;
      // A corrupted copy still shows the message came back: not lost (and a later intact copy is a duplicate).
      if (wasSent) this.markSeen(seq);
      return;
    }
    if (!this.markSeen(seq)) {
      this.duplicated += 1;
      return;
    }
    if (seq < this.highestSeqIn[partition]!) this.outOfOrder += 1;
    else this.highestSeqIn[partition] = seq;
    this.delivered += 1;
    this.latency.record(receivedAtMs - sentAtMs);
  }

  verdict(): Verdict {
    const lost = this.expected - this.seenCount;
    return {
      expected: this.expected,
      delivered: this.delivered,
      lost,
      duplicated: this.duplicated,
      corrupted: this.corrupted,
      outOfOrder: this.outOfOrder,
      foreign: this.foreign,
      lostExamples: lost === 0 ? [] : this.lostExamples(),
      latencyMs: this.latency.summary(),
      passed: lost === 0 && this.duplicated === 0 && this.corrupted === 0 && this.outOfOrder === 0,
    };
  }

  /** Sets bit seq; false if it was already set. */
  private markSeen(seq: number): boolean {
    const byte = seq >>> 3;
    const bit = 1 << (seq & 7);
    if ((this.seen[byte]! & bit) !== 0) return false;
    this.seen[byte]! |= bit;
    this.seenCount += 1;
    return true;
  }

  /** The lowest sequence numbers sent and never seen, skipping whole bytes of seen ones. */
  private lostExamples(): number[] {
    const examples: number[] = [];
    for (let byte = 0; byte < this.seen.length && examples.length < LOST_EXAMPLES; byte += 1) {
      if (this.seen[byte] === 0xff) continue;
      for (let seq = byte * 8; seq < Math.min(byte * 8 + 8, this.plan.messages) && examples.length < LOST_EXAMPLES; seq += 1) {
        const seen = (this.seen[byte]! & (1 << (seq & 7))) !== 0;
        if (!seen && !Number.isNaN(this.sentAtMs[this.plan.batchOf(seq)]!)) examples.push(seq);
      }
    }
    return examples;
  }
}
