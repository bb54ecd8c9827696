// The smoke test's verdict, without a server: what counts as lost, duplicated, corrupted, out of order
// and foreign, judged message by message; held against the verdict as it was computed before, from
// every message kept (the oracle below), on crafted and on random runs.
import { describe, expect, it } from 'vitest';
import { SmokeMessages } from '../../src/kafka/smoke-message.js';
import { SmokePlan } from '../../src/kafka/smoke-plan.js';
import { SmokeJudge, type Verdict } from '../../src/kafka/verdict.js';
import { exactLatency, seededRandom } from '../support/latency-oracle.js';

const RUN = 'a1b2c3';
const SIZE = 100;
const messages = new SmokeMessages(RUN, SIZE);

interface Sent {
  seq: number;
  partition: number;
  sentAtMs: number;
}

interface Received {
  partition: number;
  key: Buffer | null;
  value: Buffer | null;
  receivedAtMs: number;
}

// ---- The oracle: the verdict as computed before, from every message sent and received. ----

/** The old key parser: `kafka-aks-smoke/<run>/<seq>`, seq written as String(seq) writes it. */
function parseKey(key: string): { runId: string; seq: number } | undefined {
  const parts = key.split('/');
  if (parts.length !== 3 || parts[0] !== 'kafka-aks-smoke') return undefined;
  const seq = Number(parts[2]);
  if (!Number.isInteger(seq) || seq < 0 || parts[2] !== String(seq)) return undefined;
  return { runId: parts[1]!, seq };
}

/** The old value: built byte by byte. */
function valueOf(runId: string, seq: number, size: number): Buffer {
  const filler = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'ascii');
  const header = `${runId}/${seq}/`;
  const value = Buffer.alloc(header.length + Math.max(0, size - header.length));
  value.write(header, 0, 'ascii');
  for (let i = header.length; i < value.length; i += 1) value[i] = filler[(seq + i - header.length) % filler.length]!;
  return value;
}

function oracle(sent: Sent[], received: Received[]): Verdict {
  const bySeq: (Sent | undefined)[] = [];
  for (const record of sent) bySeq[record.seq] = record;
  const seen = new Uint8Array(bySeq.length);
  const highestSeqIn: number[] = [];
  const latencies: number[] = [];
  let duplicated = 0;
  let corrupted = 0;
  let outOfOrder = 0;
  let foreign = 0;
  for (const message of received) {
    const key = message.key === null ? undefined : parseKey(message.key.toString('utf8'));
    if (!key || key.runId !== RUN) {
      foreign += 1;
      continue;
    }
    const original = bySeq[key.seq];
    const intact = original !== undefined && original.partition === message.partition && message.value !== null && message.value.equals(valueOf(RUN, key.seq, SIZE));
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
    latencyMs: exactLatency(latencies),
    passed: lostSeqs.length === 0 && duplicated === 0 && corrupted === 0 && outOfOrder === 0,
  };
}

// ---- A run: the plan's batches sent at known times, and what a consumer got back. ----

/** Every batch of the plan, sent 10 ms after the previous one; what was sent, message by message. */
function sendAll(plan: SmokePlan, judge?: SmokeJudge): Sent[] {
  const sent: Sent[] = [];
  for (let b = 0; b < plan.batchCount; b += 1) {
    const { partition, first, count } = plan.batch(b);
    if (count === 0) continue;
    const sentAtMs = 1000 + 10 * b;
    judge?.batchSent(b, sentAtMs);
    for (let i = 0; i < count; i += 1) sent.push({ seq: first + i * plan.partitions, partition, sentAtMs });
  }
  return sent;
}

/** What a perfect consumer gets: each message once, per partition in send order, 5 ms after its batch. */
function deliveredBack(sent: Sent[]): Received[] {
  return sent.map((s) => ({ partition: s.partition, key: Buffer.from(messages.key(s.seq)), value: messages.value(s.seq), receivedAtMs: s.sentAtMs + 5 }));
}

/** The streaming verdict and the oracle's on the same run; the counts must be equal, the latency within the histogram's precision. */
function judgeBoth(plan: SmokePlan, change: (received: Received[], sent: Sent[]) => Received[] = (r) => r) {
  const judge = new SmokeJudge(plan, messages);
  const sent = sendAll(plan, judge);
  const received = change(deliveredBack(sent), sent);
  for (const message of received) judge.received(message.partition, message.key, message.value, message.receivedAtMs);
  const streamed = judge.verdict();
  const exact = oracle(sent, received);
  expect({ ...streamed, latencyMs: undefined }).toEqual({ ...exact, latencyMs: undefined });
  expect(streamed.latencyMs.max).toBe(exact.latencyMs.max);
  for (const key of ['p50', 'p95', 'p99', 'p999'] as const) {
    expect(streamed.latencyMs[key]).toBeGreaterThanOrEqual(exact.latencyMs[key]);
    expect(streamed.latencyMs[key]).toBeLessThanOrEqual(exact.latencyMs[key] * (1 + 1 / 1024) + 0.001);
  }
  expect(Math.abs(streamed.latencyMs.avg - exact.latencyMs.avg)).toBeLessThanOrEqual(exact.latencyMs.avg * 1e-12);
  return streamed;
}

const keyOf = (r: Received) => Number(r.key!.toString().split('/')[2]);

describe('smoke-test messages', () => {
  it('carry the run id and sequence in the key, and a value of exactly the record size, as they always were', () => {
    expect(messages.key(42)).toBe(`kafka-aks-smoke/${RUN}/42`);
    expect(messages.sequenceOf(Buffer.from(messages.key(42)))).toBe(42);
    expect(messages.sequenceOf(Buffer.from(messages.key(0)))).toBe(0);
    for (const seq of [0, 7, 61, 62, 999_999, 123_456_789]) expect(messages.value(seq).equals(valueOf(RUN, seq, SIZE)), String(seq)).toBe(true);
    // A record size smaller than the header: the header alone, as before.
    expect(new SmokeMessages(RUN, 5).value(12).equals(valueOf(RUN, 12, 5))).toBe(true);
    expect(new SmokeMessages(RUN, 5).intact(12, valueOf(RUN, 12, 5))).toBe(true);
    expect(messages.value(42)).toHaveLength(SIZE);
    expect(messages.value(42).equals(messages.value(43))).toBe(false);
  });

  it("read a key as this run's sequence only when written exactly as this run writes it", () => {
    for (const key of ['orders/123', `kafka-aks-smoke/${RUN}/07`, `kafka-aks-smoke/${RUN}/-1`, `kafka-aks-smoke/${RUN}/1e3`, `kafka-aks-smoke/${RUN}/`,
      `kafka-aks-smoke/${RUN}/4/2`, `kafka-aks-smoke/otherrun/4`, `kafka-aks-smoke/${RUN}x/4`, `kafka-aks-smoke/${RUN}/1234567890123456`]) {
      expect(messages.sequenceOf(Buffer.from(key)), key).toBeUndefined();
    }
    expect(messages.sequenceOf(null)).toBeUndefined();
  });

  it('find a changed byte anywhere in a value, and a value of another length', () => {
    const value = messages.value(1234);
    expect(messages.intact(1234, value)).toBe(true);
    for (let i = 0; i < value.length; i += 1) {
      const changed = Buffer.from(value);
      changed[i] = changed[i]! ^ 0x01;
      expect(messages.intact(1234, changed), `byte ${i}`).toBe(false);
    }
    expect(messages.intact(1234, value.subarray(0, SIZE - 1))).toBe(false);
    expect(messages.intact(1234, Buffer.concat([value, Buffer.from('x')]))).toBe(false);
    expect(messages.intact(1235, value)).toBe(false);
    expect(messages.intact(1234, null)).toBe(false);
  });
});

describe('the send plan', () => {
  it('puts every message in exactly one batch of its partition, in sequence order', () => {
    for (const [count, partitions, perBatch] of [[10, 3, 2], [100, 3, 500], [1, 4, 1], [1000, 7, 13], [12, 3, 4]] as const) {
      const plan = new SmokePlan(count, partitions, perBatch);
      const covered: number[] = [];
      for (let b = 0; b < plan.batchCount; b += 1) {
        const { partition, first, count: inBatch } = plan.batch(b);
        expect(inBatch).toBeLessThanOrEqual(perBatch);
        for (let i = 0; i < inBatch; i += 1) {
          const seq = first + i * partitions;
          expect(plan.partitionOf(seq)).toBe(partition);
          expect(plan.batchOf(seq)).toBe(b);
          covered.push(seq);
        }
      }
      expect(covered.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, seq) => seq));
    }
  });
});

describe('the smoke-test verdict, judged as messages arrive', () => {
  const plan = new SmokePlan(12, 3, 2);

  it('passes when every message came back once, intact, in order', () => {
    const verdict = judgeBoth(plan);
    expect(verdict).toMatchObject({ expected: 12, delivered: 12, lost: 0, duplicated: 0, corrupted: 0, outOfOrder: 0, lostExamples: [], passed: true });
    expect(verdict.latencyMs).toEqual({ avg: 5, max: 5, p50: 5, p95: 5, p99: 5, p999: 5 });
  });

  it('counts sequence numbers never seen as lost, and names the lowest few', () => {
    const verdict = judgeBoth(plan, (received) => received.filter((r) => ![3, 7, 8, 9, 10, 11].includes(keyOf(r))));
    expect(verdict).toMatchObject({ lost: 6, lostExamples: [3, 7, 8, 9, 10], delivered: 6, passed: false });
    expect(judgeBoth(plan, () => [])).toMatchObject({ lost: 12, delivered: 0, lostExamples: [0, 1, 2, 3, 4], latencyMs: { avg: 0, max: 0, p50: 0 } });
  });

  it('counts every copy beyond the first as a duplicate, without calling it out of order', () => {
    const verdict = judgeBoth(plan, (received) => [...received, received[0]!, received[3]!, received[3]!]);
    expect(verdict).toMatchObject({ duplicated: 3, lost: 0, outOfOrder: 0, passed: false });
  });

  it('counts a changed byte, a missing value, the wrong partition or a sequence never sent as corrupted, not as lost', () => {
    const verdict = judgeBoth(plan, (received) => {
      const flipped = Buffer.from(received[1]!.value!);
      flipped[50] = flipped[50]! ^ 0x01;
      received[1] = { ...received[1]!, value: flipped };
      received[2] = { ...received[2]!, value: null };
      received[4] = { ...received[4]!, partition: (received[4]!.partition + 1) % 3 };
      // A key changed on the way to a sequence this run never sent.
      received.push({ partition: 0, key: Buffer.from(messages.key(12)), value: messages.value(12), receivedAtMs: 0 });
      return received;
    });
    expect(verdict).toMatchObject({ corrupted: 4, lost: 0, delivered: 9, passed: false });
  });

  it('calls an intact copy after a corrupted one a duplicate, as before', () => {
    const verdict = judgeBoth(plan, (received) => [{ ...received[0]!, value: null }, ...received]);
    expect(verdict).toMatchObject({ corrupted: 1, duplicated: 1, lost: 0, delivered: 11 });
  });

  it('finds a message that overtook an earlier one of the same partition', () => {
    // Partition 0 carries seq 0, 3, 6, 9: deliver 6 before 3.
    const verdict = judgeBoth(plan, (received) => {
      const i3 = received.findIndex((r) => keyOf(r) === 3);
      const i6 = received.findIndex((r) => keyOf(r) === 6);
      [received[i3], received[i6]] = [received[i6]!, received[i3]!];
      return received;
    });
    expect(verdict).toMatchObject({ outOfOrder: 1, lost: 0, passed: false });
  });

  it('ignores messages of other producers and of other runs on the same topic', () => {
    const verdict = judgeBoth(plan, (received) => [
      ...received,
      { partition: 0, key: Buffer.from('customer-1'), value: Buffer.from('{}'), receivedAtMs: 0 },
      { partition: 0, key: Buffer.from(new SmokeMessages('otherrun', SIZE).key(0)), value: new SmokeMessages('otherrun', SIZE).value(0), receivedAtMs: 0 },
      { partition: 1, key: null, value: Buffer.from('x'), receivedAtMs: 0 },
      { partition: 1, key: Buffer.from(`kafka-aks-smoke/${RUN}/03`), value: messages.value(3), receivedAtMs: 0 },
    ]);
    expect(verdict).toMatchObject({ foreign: 4, passed: true });
  });

  it('gives the same numbers as the old verdict on random runs with every kind of fault', () => {
    const random = seededRandom(2024);
    for (let round = 0; round < 20; round += 1) {
      const runPlan = new SmokePlan(1 + Math.floor(random() * 3000), 1 + Math.floor(random() * 6), 1 + Math.floor(random() * 200));
      judgeBoth(runPlan, (received) => {
        const out: Received[] = [];
        for (const message of received) {
          const roll = random();
          const late = { ...message, receivedAtMs: message.receivedAtMs + random() * 900 };
          if (roll < 0.02) continue; // lost
          if (roll < 0.04) out.push(late, late); // duplicated
          else if (roll < 0.05) out.push({ ...late, value: messages.value(keyOf(message) + 1) }); // corrupted
          else if (roll < 0.06 && out.length > 0) out.splice(Math.floor(random() * out.length), 0, late); // reordered
          else if (roll < 0.07) out.push(late, { ...late, key: Buffer.from(`other-${roll}`) }); // and a foreign one
          else out.push(late);
        }
        return out;
      });
    }
  });
});
