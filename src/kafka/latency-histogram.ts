// End-to-end latencies in bounded memory, whatever the number of messages: an HDR-style histogram
// (log-linear buckets, 3 significant digits, as HdrHistogram with numberOfSignificantValueDigits = 3),
// summarised in kafka-producer-perf-test's terms: avg, max, and percentile p as the latency at index
// floor(p * n) of the sorted sample (apache/kafka ProducerPerformance.java, Stats.percentiles).
//
// A percentile is read as the largest latency recorded in the bucket holding that index. Every bucket
// spans less than 1/1024 of its values (a single microsecond below 2.048 ms), so the figure is never
// below the exact one and above it by less than 0.1 %; it is exact when that bucket's latencies are all
// equal (a batch's messages arriving together share one). avg and max are kept exactly.

/** Latency figures in milliseconds. */
export interface Latency {
  avg: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
}

/** The finest resolution: one microsecond. performance.now() differences are finer, Kafka's own timestamps coarser. */
const UNITS_PER_MS = 1000;
/** 2 * 10^3 rounded up to a power of two: values below it get a bucket per unit (HdrHistogram's subBucketCount). */
const LINEAR_BUCKETS = 2048;
/** Each doubling of the value above that gets this many buckets, so a bucket spans at most 1/1024 of its values. */
const BUCKETS_PER_DOUBLING = LINEAR_BUCKETS / 2;
/** The first doubling beyond the linear range, 2^11 units. */
const LINEAR_BITS = Math.log2(LINEAR_BUCKETS);
/** 2^53 units (285 years) and beyond are refused, as HdrHistogram refuses its highestTrackableValue: it bounds the buckets. */
const HIGHEST_UNITS = 2 ** 53;

export class LatencyHistogram {
  // Per bucket: how many latencies fell in it, and the largest of them. Grown on demand, up to
  // MAX_BUCKETS (45,056) for values up to 2^53 microseconds; a few thousand for latencies of seconds.
  private counts = new Float64Array(LINEAR_BUCKETS);
  private maxima = new Float64Array(LINEAR_BUCKETS);
  private total = 0;
  private sum = 0;
  private max = 0;

  /** Records `count` latencies of `valueMs` each (the in-AKS pod hands over (latency, count) pairs). */
  record(valueMs: number, count = 1): void {
    if (!(valueMs >= 0 && valueMs * UNITS_PER_MS < HIGHEST_UNITS)) throw new RangeError(`A latency must be 0 or more milliseconds, below 2^53 microseconds, not ${valueMs}.`);
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`A latency count must be a whole number, 0 or more, not ${count}.`);
    if (count === 0) return;
    const index = bucketOf(valueMs * UNITS_PER_MS);
    if (index >= this.counts.length) this.grow(index + 1);
    this.counts[index]! += count;
    if (valueMs > this.maxima[index]!) this.maxima[index] = valueMs;
    this.total += count;
    this.sum += valueMs * count;
    if (valueMs > this.max) this.max = valueMs;
  }

  /** Buckets held: bounded by the range of the values, never by how many were recorded. */
  get bucketCount(): number {
    return this.counts.length;
  }

  summary(): Latency {
    if (this.total === 0) return { avg: 0, max: 0, p50: 0, p95: 0, p99: 0, p999: 0 };
    const [p50, p95, p99, p999] = this.percentiles([0.5, 0.95, 0.99, 0.999]);
    return { avg: this.sum / this.total, max: this.max, p50: p50!, p95: p95!, p99: p99!, p999: p999! };
  }

  /** For ascending p: the largest latency of the bucket holding index min(n - 1, floor(p * n)) of the sorted latencies. */
  private percentiles(ps: number[]): number[] {
    const found: number[] = [];
    let below = 0;
    let bucket = 0;
    for (const p of ps) {
      const index = Math.min(this.total - 1, Math.floor(p * this.total));
      while (below + this.counts[bucket]! <= index) below += this.counts[bucket++]!;
      found.push(this.maxima[bucket]!);
    }
    return found;
  }

  private grow(needed: number): void {
    const length = Math.min(MAX_BUCKETS, Math.max(needed, this.counts.length * 2));
    const counts = new Float64Array(length);
    const maxima = new Float64Array(length);
    counts.set(this.counts);
    maxima.set(this.maxima);
    this.counts = counts;
    this.maxima = maxima;
  }
}

/** The bucket of a value in units: one per unit below 2^11, then 1024 per doubling. */
function bucketOf(units: number): number {
  if (units < LINEAR_BUCKETS) return Math.floor(units);
  // Latencies below 2^31 units (35 minutes) take the integer path; it runs once per message.
  if (units < 2 ** 31) {
    const whole = Math.floor(units);
    const shift = 31 - Math.clz32(whole) - LINEAR_BITS + 1;
    return LINEAR_BUCKETS + (shift - 1) * BUCKETS_PER_DOUBLING + ((whole >>> shift) - BUCKETS_PER_DOUBLING);
  }
  let magnitude = Math.floor(Math.log2(units));
  // Math.log2 may round across a power of two; settle on 2^magnitude <= units < 2^(magnitude + 1).
  if (2 ** magnitude > units) magnitude -= 1;
  else if (2 ** (magnitude + 1) <= units) magnitude += 1;
  const shift = magnitude - LINEAR_BITS + 1;
  return LINEAR_BUCKETS + (shift - 1) * BUCKETS_PER_DOUBLING + (Math.floor(units / 2 ** shift) - BUCKETS_PER_DOUBLING);
}

/** One past the bucket of the highest value recorded. */
const MAX_BUCKETS = bucketOf(HIGHEST_UNITS - 1) + 1;
