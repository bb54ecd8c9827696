// smoke-test's throughput beside kcat's, on the same simulated cluster: 100,000 messages of 100 bytes
// each (keys of ~30 bytes), produced with acks=all and consumed back. smoke-test's rate is the one it
// reports (first send to last message consumed, produce and consume overlapping); kcat's is the count
// over the wall time of `kcat -P` then `kcat -C -e`. Target: smoke-test at least 0.6 of kcat's rate
// (kafkajs batching by hand, against librdkafka's native batching: tulios/kafkajs#772,
// confluentinc/librdkafka#292).
// BENCH_RUNS runs (default 5), each on a fresh simulator, smoke-test and kcat taking turns to go first so
// a busy moment on the shared machine hits both alike; each run's ratio is its own pair's, and the median
// of the ratios decides.
import { KafkaSimulator } from '../test/sim/kafka/simulator.js';
import { check, runProcess, smokeTest } from './support/smoke-run.js';
import { spread, type Spread } from './support/stats.js';

const count = Number(process.env.BENCH_MESSAGES ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const recordSize = 100;
const target = 0.6;

async function kcatRate(bootstrap: string, topic: string): Promise<number> {
  const value = 'x'.repeat(recordSize);
  const lines = Array.from({ length: count }, (_, i) => `kafka-aks-smoke/kcatbench/${i}:${value}`).join('\n') + '\n';
  const produce = await runProcess('kcat', ['-b', bootstrap, '-P', '-t', topic, '-K', ':', '-X', 'acks=all'], { input: lines });
  check('kcat -P', produce);
  const consume = await runProcess('kcat', ['-b', bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%o\n']);
  check('kcat -C', consume);
  const consumed = consume.stdout.split('\n').filter((line) => line !== '').length;
  if (consumed !== count) throw new Error(`kcat consumed ${consumed} of ${count} messages`);
  return count / ((produce.ms + consume.ms) / 1000);
}

const smokeRates: number[] = [];
const kcatRates: number[] = [];
const ratios: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const kafka = await KafkaSimulator.start({ brokers: 3, firstAddress: '127.0.1.200' });
  try {
    kafka.createTopic('bench-smoke', 3, 3);
    kafka.createTopic('bench-kcat', 3, 3);
    const smoke = async () => smokeRates.push((await smokeTest(kafka.bootstrap, 'bench-smoke', count)).report.recordsPerSec);
    const kcat = async () => kcatRates.push(await kcatRate(kafka.bootstrap, 'bench-kcat'));
    if (run % 2 === 0) await smoke().then(kcat);
    else await kcat().then(smoke);
    ratios.push(smokeRates[run]! / kcatRates[run]!);
  } finally {
    await kafka.stop();
  }
}

const rates = (s: Spread) => `${s.min.toFixed(0)} / ${s.median.toFixed(0)} / ${s.max.toFixed(0)}`;
const ratio = spread(ratios);
console.log(`smoke-throughput (${runs} runs of ${count} messages of ${recordSize} B; min / median / max)`);
console.log(`  smoke-test records/sec  ${rates(spread(smokeRates))}`);
console.log(`  kcat records/sec        ${rates(spread(kcatRates))}`);
console.log(
  `  ratio                   ${ratio.min.toFixed(2)} / ${ratio.median.toFixed(2)} / ${ratio.max.toFixed(2)} ` +
    `(target median >= ${target}) ${ratio.median >= target ? 'OK' : 'MISSED'}`,
);
if (ratio.median < target) process.exitCode = 1;
