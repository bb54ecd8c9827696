// The smoke test's verdict, without a server: what counts as lost, duplicated, corrupted, out of order,
// and how latency percentiles are taken (kafka-producer-perf-test: sorted sample at index floor(p * n)).
import { describe, expect, it } from 'vitest';
import { parseSmokeKey, smokeKey, smokeValue } from '../../src/kafka/smoke-message.js';
import { judge, latencySummary, percentile, type ReceivedRecord, type SentRecord } from '../../src/kafka/verdict.js';

const RUN = 'a1b2c3';
const SIZE = 100;

function sent(count: number, partitions = 3): SentRecord[] {
  return Array.from({ length: count }, (_, seq) => ({ seq, partition: seq % partitions, sentAtMs: 1000 }));
}

/** What a perfect consumer gets: each message once, per partition in send order, 5 ms later. */
function delivered(records: SentRecord[]): ReceivedRecord[] {
  const offsets = new Map<number, number>();
  return records.map((r) => {
    const offset = offsets.get(r.partition) ?? 0;
    offsets.set(r.partition, offset + 1);
    return {
      partition: r.partition,
      offset,
      key: Buffer.from(smokeKey(RUN, r.seq)),
      value: smokeValue(RUN, r.seq, SIZE),
      receivedAtMs: r.sentAtMs + 5,
    };
  });
}

describe('smoke-test messages', () => {
  it('carry the run id and sequence in the key, and a value of exactly the record size', () => {
    expect(parseSmokeKey(smokeKey(RUN, 42))).toEqual({ runId: RUN, seq: 42 });
    expect(parseSmokeKey('orders/123')).toBeUndefined();
    expect(parseSmokeKey(`kafka-aks-smoke/${RUN}/07`)).toBeUndefined();
    expect(smokeValue(RUN, 42, SIZE)).toHaveLength(SIZE);
    expect(smokeValue(RUN, 42, SIZE).equals(smokeValue(RUN, 43, SIZE))).toBe(false);
    expect(smokeValue(RUN, 42, SIZE).toString().startsWith(`${RUN}/42/`)).toBe(true);
  });
});

describe('the smoke-test verdict', () => {
  it('passes when every message came back once, intact, in order', () => {
    const records = sent(10);
    const verdict = judge(RUN, records, delivered(records), SIZE);
    expect(verdict).toMatchObject({ expected: 10, delivered: 10, lost: 0, duplicated: 0, corrupted: 0, outOfOrder: 0, passed: true });
    expect(verdict.latencyMs).toEqual({ avg: 5, max: 5, p50: 5, p95: 5, p99: 5, p999: 5 });
  });

  it('counts sequence numbers never seen as lost, and names a few', () => {
    const records = sent(10);
    const received = delivered(records).filter((_, i) => i !== 3 && i !== 7);
    const verdict = judge(RUN, records, received, SIZE);
    expect(verdict).toMatchObject({ lost: 2, lostExamples: [3, 7], delivered: 8, passed: false });
  });

  it('counts every copy beyond the first as a duplicate, without calling it out of order', () => {
    const records = sent(6);
    const received = delivered(records);
    received.push(received[0]!, received[3]!, received[3]!);
    const verdict = judge(RUN, records, received, SIZE);
    expect(verdict).toMatchObject({ duplicated: 3, lost: 0, outOfOrder: 0, passed: false });
  });

  it('counts a changed byte, a missing value or the wrong partition as corrupted, not as lost', () => {
    const records = sent(6);
    const received = delivered(records);
    const flipped = Buffer.from(received[1]!.value!);
    flipped[50] = flipped[50]! ^ 0x01;
    received[1] = { ...received[1]!, value: flipped };
    received[2] = { ...received[2]!, value: null };
    received[4] = { ...received[4]!, partition: 0 };
    const verdict = judge(RUN, records, received, SIZE);
    expect(verdict).toMatchObject({ corrupted: 3, lost: 0, delivered: 3, passed: false });
  });

  it('finds a message that overtook an earlier one of the same partition', () => {
    const records = sent(9, 3);
    const received = delivered(records);
    // Partition 0 carries seq 0, 3, 6: deliver 6 before 3.
    const i3 = received.findIndex((r) => r.key!.toString().endsWith('/3'));
    const i6 = received.findIndex((r) => r.key!.toString().endsWith('/6'));
    [received[i3], received[i6]] = [received[i6]!, received[i3]!];
    expect(judge(RUN, records, received, SIZE)).toMatchObject({ outOfOrder: 1, lost: 0, passed: false });
  });

  it('ignores messages of other producers and of other runs on the same topic', () => {
    const records = sent(3);
    const received = [
      ...delivered(records),
      { partition: 0, offset: 9, key: Buffer.from('customer-1'), value: Buffer.from('{}'), receivedAtMs: 0 },
      { partition: 0, offset: 10, key: Buffer.from(smokeKey('otherrun', 0)), value: smokeValue('otherrun', 0, SIZE), receivedAtMs: 0 },
      { partition: 1, offset: 11, key: null, value: Buffer.from('x'), receivedAtMs: 0 },
    ];
    expect(judge(RUN, records, received, SIZE)).toMatchObject({ foreign: 3, passed: true });
  });

  it('takes percentiles at index floor(p * n) of the sorted sample, as kafka-producer-perf-test does', () => {
    const sample = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    const summary = latencySummary(sample);
    expect(summary).toEqual({ avg: 500.5, max: 1000, p50: 501, p95: 951, p99: 991, p999: 1000 });
    expect(percentile([1, 2, 3], 0.5)).toBe(2);
    expect(percentile([1, 2, 3], 0.999)).toBe(3);
    expect(latencySummary([])).toEqual({ avg: 0, max: 0, p50: 0, p95: 0, p99: 0, p999: 0 });
  });
});
