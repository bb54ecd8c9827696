// `npm run demo`: runbook steps 2-5 against a simulated HDInsight Kafka cluster, with real output.
// The Ambari and Kafka simulators run linked on loopback (test/support/linked-clusters.ts), and the
// built CLI runs against them as an operator would:
//   1. list the brokers;
//   2. smoke-test them: it fails, because HDInsight brokers advertise names that do not resolve here;
//   3. configure-advertising with a health-checked rolling restart;
//   4. smoke-test again: every message comes back exactly once.
// (The full simulated world, with ARM and `kafka-aks up`, replaces this later.)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startLinkedClusters } from '../support/linked-clusters.js';

const cli = fileURLToPath(new URL('../../bin/kafka-aks.js', import.meta.url));
// The demo stays on loopback like the tests: no DNS query for the brokers' internal names leaves here.
const guard = fileURLToPath(new URL('../support/network-guard.mjs', import.meta.url));
const world = await startLinkedClusters(3);
const env = {
  ...process.env,
  ...world.env,
  KAFKA_AKS_AMBARI_URL: world.ambari.url,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${guard}`.trim(),
};
const port = String(world.kafka.port);

function run(args: string[]): Promise<number> {
  process.stdout.write(`\n$ kafka-aks ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

process.stdout.write(
  `Simulated HDInsight Kafka cluster "kafka": Ambari at ${world.ambari.url} (KAFKA_AKS_AMBARI_URL), ` +
    `3 Kafka brokers on 127.0.1.10-12:${port}\n`,
);
const steps: Array<{ args: string[]; expect: number }> = [
  { args: ['brokers', '--cluster', 'kafka', '--port', port], expect: 0 },
  { args: ['smoke-test', '--cluster', 'kafka', '--port', port, '--messages', '1000'], expect: 4 },
  { args: ['configure-advertising', '--cluster', 'kafka', '--rolling', '--poll-interval', '0.2', '--yes'], expect: 0 },
  { args: ['smoke-test', '--cluster', 'kafka', '--port', port, '--messages', '1000'], expect: 0 },
];
let unexpected = 0;
for (const step of steps) {
  const code = await run(step.args);
  if (code !== step.expect) {
    unexpected += 1;
    process.stdout.write(`(demo: expected exit ${step.expect}, got ${code})\n`);
  }
}
await world.stop();
process.exit(unexpected === 0 ? 0 : 1);
