// The CLI's peak memory (max RSS) in `smoke-test` at 10,000, 100,000 and 1,000,000 messages against the
// Kafka simulator. The simulator runs in this process, so only the CLI's own process is measured, by a
// preload (support/max-rss.mjs) that reports its peak RSS at exit (Linux). Target: a run keeps nothing per
// message beyond a bit, so 1,000,000 messages peak at most 1.5x what 10,000 do. BENCH_RUNS rounds
// (default 3) of the three sizes in turn, so a busy moment hits every size alike; medians decide.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KafkaSimulator } from '../test/sim/kafka/simulator.js';
import { smokeTest } from './support/smoke-run.js';
import { spread } from './support/stats.js';

const counts = [10_000, 100_000, 1_000_000];
const runs = Number(process.env.BENCH_RUNS ?? 3);
const target = 1.5;
const preload = fileURLToPath(new URL('./support/max-rss.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'smoke-memory-'));

/** The CLI's peak RSS in MiB for one run of `count` messages, on a fresh simulator. */
async function peakMiB(count: number, run: number): Promise<{ mib: number; rate: number }> {
  const file = join(dir, `${count}-${run}`);
  const kafka = await KafkaSimulator.start({ brokers: 3, firstAddress: '127.0.1.210' });
  try {
    kafka.createTopic('bench-memory', 3, 3);
    const { report } = await smokeTest(kafka.bootstrap, 'bench-memory', count, ['--import', preload], { ...process.env, BENCH_MAX_RSS_FILE: file });
    if (!existsSync(file)) throw new Error('The CLI reported no peak RSS: bench/smoke-memory reads /proc/self/status (Linux only).');
    return { mib: Number(readFileSync(file, 'utf8')) / 1024, rate: report.recordsPerSec };
  } finally {
    await kafka.stop();
  }
}

const peaks = new Map<number, number[]>(counts.map((count) => [count, []]));
const rates = new Map<number, number[]>(counts.map((count) => [count, []]));
try {
  for (let run = 0; run < runs; run += 1) {
    for (const count of counts) {
      const { mib, rate } = await peakMiB(count, run);
      peaks.get(count)!.push(mib);
      rates.get(count)!.push(rate);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`bench/smoke-memory (peak RSS of the CLI, ${runs} runs each; min / median / max)`);
for (const count of counts) {
  const s = spread(peaks.get(count)!);
  console.log(
    `  ${String(count).padStart(9)} messages  ${s.min.toFixed(0)} / ${s.median.toFixed(0)} / ${s.max.toFixed(0)} MiB` +
      `  (median ${spread(rates.get(count)!).median.toFixed(0)} records/sec)`,
  );
}
const ratio = spread(peaks.get(1_000_000)!).median / spread(peaks.get(10_000)!).median;
console.log(`  ratio 1,000,000 / 10,000 ${ratio.toFixed(2)} (target <= ${target}) ${ratio <= target ? 'OK' : 'MISSED'}`);
if (ratio > target) process.exitCode = 1;
