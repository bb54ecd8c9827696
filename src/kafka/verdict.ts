// The smoke test's verdict, a pure function of what was sent and what came back: every message received
// exactly once, content intact, order kept within each partition; and the end-to-end latency figures in
// kafka-producer-perf-test's terms (avg, max, and percentiles taken from the sorted sample at index
// floor(p * n), as its Stats.percentiles does: apache/kafka tools/.../ProducerPerformance.java).
import { parseSmokeKey, smokeValue } from './smoke-message.js';

export interface SentRecord {
  seq: number;
  partition: number;
  /** performance.now() when its batch was handed to the producer. */
  sentAtMs: number;
}

export interface ReceivedRecord {
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  /** performance.now() when the consumer got it. */
  receivedAtMs: number;
}

export interface Latency {
  avg: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
}

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

export function judge(runId: string, sent: SentRecord[], received: ReceivedRecord[], recordBytes: number): Verdict {
  // Indexed by sequence number: a 100,000-message run judges in milliseconds.
  const bySeq: (SentRecord | undefined)[] = [];
  for (const record of sent) bySeq[record.seq] = record;
  const seen = new Uint8Array(bySeq.length);
  const highestSeqIn: number[] = [];
  const latencies: number[] = [];
  let duplicated = 0;
  let corrupted = 0;
  let outOfOrder = 0;
  let foreign = 0;

  for (const message of received) {
    const key = message.key === null ? undefined : parseSmokeKey(message.key.toString('utf8'));
    if (!key || key.runId !== runId) {
      foreign += 1;
      continue;
    }
    const original = bySeq[key.seq];
    const intact =
      original !== undefined &&
      original.partition === message.partition &&
      message.value !== null &&
      message.value.equals(smokeValue(runId, key.seq, recordBytes));
    if (!intact) {
      corrupted += 1;
      if (original) seen[key.seq] = 1;
      continue;
    }
    if (seen[key.seq] === 1) {
      duplicated += 1;
      continue;
    }
    seen[key.seq] = 1;
    const highest = highestSeqIn[message.partition] ?? -1;
    if (key.seq < highest) outOfOrder += 1;
    else highestSeqIn[message.partition] = key.seq;
    latencies.push(message.receivedAtMs - original.sentAtMs);
  }

  const lostSeqs = sent.filter((record) => seen[record.seq] !== 1).map((record) => record.seq).sort((a, b) => a - b);
  return {
    expected: sent.length,
    delivered: latencies.length,
    lost: lostSeqs.length,
    duplicated,
    corrupted,
    outOfOrder,
    foreign,
    lostExamples: lostSeqs.slice(0, 5),
    latencyMs: latencySummary(latencies),
    passed: lostSeqs.length === 0 && duplicated === 0 && corrupted === 0 && outOfOrder === 0,
  };
}

export function latencySummary(latencies: number[]): Latency {
  if (latencies.length === 0) return { avg: 0, max: 0, p50: 0, p95: 0, p99: 0, p999: 0 };
  const sorted = [...latencies].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    avg: total / sorted.length,
    max: sorted[sorted.length - 1]!,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    p999: percentile(sorted, 0.999),
  };
}

/** The sample at index floor(p * n) of an ascending array (the last one when that index is past the end). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
