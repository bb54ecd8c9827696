// Latency percentiles from a bounded histogram, held against kafka-producer-perf-test's definition
// computed exactly: the sample at index floor(p * n) of the sorted latencies (Stats.percentiles).
import { describe, expect, it } from 'vitest';
import { LatencyHistogram, type Latency } from '../../src/kafka/latency-histogram.js';
import { exactLatency, seededRandom } from '../support/latency-oracle.js';

function histogramOf(values: number[]): LatencyHistogram {
  const histogram = new LatencyHistogram();
  for (const value of values) histogram.record(value);
  return histogram;
}

/** Every percentile at or above the exact one, by less than a bucket (1/1024, or 1 µs below 2.048 ms); avg and max exact. */
function expectWithinPrecision(actual: Latency, exact: Latency): void {
  expect(actual.max).toBe(exact.max);
  // Summed in another order: equal up to rounding.
  expect(Math.abs(actual.avg - exact.avg)).toBeLessThanOrEqual(exact.avg * 1e-12);
  for (const key of ['p50', 'p95', 'p99', 'p999'] as const) {
    expect(actual[key], key).toBeGreaterThanOrEqual(exact[key]);
    expect(actual[key], key).toBeLessThanOrEqual(exact[key] + Math.max(exact[key] / 1024, 0.001));
  }
}

describe('the latency histogram', () => {
  it('gives exactly the floor(p * n) sample when every bucket holds one distinct latency', () => {
    const sample = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(histogramOf(sample).summary()).toEqual({ avg: 500.5, max: 1000, p50: 501, p95: 951, p99: 991, p999: 1000 });
    expect(histogramOf(sample).summary()).toEqual(exactLatency(sample));
    expect(histogramOf([1, 2, 3]).summary()).toMatchObject({ p50: 2, p999: 3 });
    expect(histogramOf([5, 5, 5, 5]).summary()).toEqual({ avg: 5, max: 5, p50: 5, p95: 5, p99: 5, p999: 5 });
  });

  it('reports zeros when nothing was recorded', () => {
    expect(new LatencyHistogram().summary()).toEqual({ avg: 0, max: 0, p50: 0, p95: 0, p99: 0, p999: 0 });
  });

  it('stays within 3 significant digits of the exact figures on latencies from microseconds to hours', () => {
    const random = seededRandom(12);
    for (const scale of [0.01, 1, 200, 5_000, 3_600_000]) {
      const sample = Array.from({ length: 20_000 }, () => random() * scale);
      expectWithinPrecision(histogramOf(sample).summary(), exactLatency(sample));
    }
    // Latencies of a smoke test: heavy-tailed, many equal (a batch's messages arrive together).
    const smokeLike = Array.from({ length: 50_000 }, () => Math.round((20 + 400 * random() ** 4) * 1000) / 1000);
    expectWithinPrecision(histogramOf(smokeLike).summary(), exactLatency(smokeLike));
  });

  it('takes (latency, count) pairs as the in-AKS pod reports them, the same as that many single records', () => {
    const pairs: [number, number][] = [[12.5, 3], [480, 1], [0.25, 40], [75.125, 7], [75.125, 0]];
    const paired = new LatencyHistogram();
    for (const [value, count] of pairs) paired.record(value, count);
    const single = histogramOf(pairs.flatMap(([value, count]) => Array<number>(count).fill(value)));
    expect(paired.summary()).toEqual(single.summary());
    expect(paired.summary()).toEqual(exactLatency(pairs.flatMap(([value, count]) => Array<number>(count).fill(value))));
  });

  it('holds a number of buckets bounded by the range of the latencies, not by how many were recorded', () => {
    const random = seededRandom(7);
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 10_000; i += 1) histogram.record(random() * 60_000);
    const afterTenThousand = histogram.bucketCount;
    for (let i = 0; i < 1_000_000; i += 1) histogram.record(random() * 60_000);
    expect(histogram.bucketCount).toBe(afterTenThousand);
    // A minute in microseconds is below 2^26: 2048 linear buckets, then 1024 for each of 15 doublings
    // (room is grown by doubling, so up to twice that).
    expect(afterTenThousand).toBeLessThanOrEqual(2 * (2048 + 15 * 1024));
    // Whatever the values: at most 45,056 buckets (up to 2^53 microseconds), beyond that refused.
    histogram.record((2 ** 53 - 1) / 1000);
    expect(histogram.bucketCount).toBe(45_056);
    expect(histogram.summary().max).toBe((2 ** 53 - 1) / 1000);
  });

  it('refuses what is not a latency', () => {
    const histogram = new LatencyHistogram();
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53 / 1000]) expect(() => histogram.record(bad), String(bad)).toThrow(RangeError);
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => histogram.record(1, bad), String(bad)).toThrow(RangeError);
  });
});
