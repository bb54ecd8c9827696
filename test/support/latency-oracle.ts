// The exact latency figures, computed as the smoke test computed them before it kept a histogram (and
// as kafka-producer-perf-test does): every latency kept and sorted, percentile p the sample at index
// floor(p * n) (apache/kafka ProducerPerformance.java, Stats.percentiles). Tests only: the oracle the
// bounded histogram is held against.
import type { Latency } from '../../src/kafka/latency-histogram.js';

export function exactLatency(latencies: number[]): Latency {
  if (latencies.length === 0) return { avg: 0, max: 0, p50: 0, p95: 0, p99: 0, p999: 0 };
  const sorted = [...latencies].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { avg: total / sorted.length, max: sorted[sorted.length - 1]!, p50: at(0.5), p95: at(0.95), p99: at(0.99), p999: at(0.999) };
}

/** Deterministic numbers in [0, 1) (mulberry32), so a failing case can be run again. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
