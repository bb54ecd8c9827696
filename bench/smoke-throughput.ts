// smoke-test's throughput beside kcat's, on the same simulated cluster: 100,000 messages of 100 bytes
// each (keys of ~30 bytes), produced with acks=all and consumed back. smoke-test's rate is the one it
// reports (first send to last message consumed, produce and consume overlapping); kcat's is the count
// over the wall time of `kcat -P` then `kcat -C -e`. Target: smoke-test at least half of kcat's rate
// (kafkajs batching by hand, against librdkafka's native batching: ../shared/reference/cli-anchors.md D2).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KafkaSimulator } from '../test/sim/kafka/simulator.js';

const cli = fileURLToPath(new URL('../bin/kafka-aks.js', import.meta.url));
const count = Number(process.env.BENCH_MESSAGES ?? 100_000);
const recordSize = 100;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(command: string, args: string[], input?: string): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
    child.stdin.end(input ?? '');
  });
}

function check(what: string, result: Run): void {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}: ${result.stderr.slice(-2000)}`);
}

const kafka = await KafkaSimulator.start({ brokers: 3, firstAddress: '127.0.1.200' });
try {
  kafka.createTopic('bench-smoke', 3, 3);
  kafka.createTopic('bench-kcat', 3, 3);

  const smoke = await run(process.execPath, [cli, 'smoke-test', '-b', kafka.bootstrap, '-t', 'bench-smoke', '--messages', String(count), '--timeout', '5m', '--json']);
  check('smoke-test', smoke);
  const report = JSON.parse(smoke.stdout) as { recordsPerSec: number; lost: number; duplicated: number; corrupted: number };
  if (report.lost + report.duplicated + report.corrupted > 0) throw new Error(`smoke-test lost or duplicated messages: ${smoke.stdout}`);

  const value = 'x'.repeat(recordSize);
  const lines = Array.from({ length: count }, (_, i) => `kafka-aks-smoke/kcatbench/${i}:${value}`).join('\n') + '\n';
  const produce = await run('kcat', ['-b', kafka.bootstrap, '-P', '-t', 'bench-kcat', '-K', ':', '-X', 'acks=all'], lines);
  check('kcat -P', produce);
  const consume = await run('kcat', ['-b', kafka.bootstrap, '-C', '-t', 'bench-kcat', '-o', 'beginning', '-e', '-q', '-f', '%o\n']);
  check('kcat -C', consume);
  const consumed = consume.stdout.split('\n').filter((line) => line !== '').length;
  if (consumed !== count) throw new Error(`kcat consumed ${consumed} of ${count} messages`);

  const kcatRate = count / ((produce.ms + consume.ms) / 1000);
  const ratio = report.recordsPerSec / kcatRate;
  console.log(
    `smoke-throughput: ${count} messages of ${recordSize} B. smoke-test ${report.recordsPerSec.toFixed(0)} records/sec ` +
      `(whole command ${(smoke.ms / 1000).toFixed(2)} s); kcat ${kcatRate.toFixed(0)} records/sec ` +
      `(-P ${(produce.ms / 1000).toFixed(2)} s + -C ${(consume.ms / 1000).toFixed(2)} s); ratio ${ratio.toFixed(2)} ` +
      `(target >= 0.5) ${ratio >= 0.5 ? 'OK' : 'MISSED'}`,
  );
} finally {
  await kafka.stop();
}
