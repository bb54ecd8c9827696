// `npm run demo`: the tool against a simulated HDInsight Kafka cluster, with real output. Starts the
// Ambari simulator on 127.0.0.1 and runs the built CLI against it as an operator would: list the
// brokers, preview and apply the advertising change with a rolling restart, run it again (nothing to do). (The full
// simulated world - ARM, Ambari and Kafka together, driven by `kafka-aks up` - replaces this later.)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hdinsightKafkaCluster } from './ambari/model.js';
import { AmbariSimulator } from './ambari/server.js';

const cli = fileURLToPath(new URL('../../bin/kafka-aks.js', import.meta.url));
const sim = await AmbariSimulator.start({ clusters: [hdinsightKafkaCluster({ name: 'kafka', workers: 4 })] });
const env = { ...process.env, AMBARI_PASSWORD: sim.password, KAFKA_AKS_AMBARI_URL: sim.url };

function run(args: string[]): Promise<number> {
  process.stdout.write(`\n$ kafka-aks ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

process.stdout.write(`Ambari simulator for HDInsight Kafka cluster "kafka" at ${sim.url} (KAFKA_AKS_AMBARI_URL)\n`);
let failed = 0;
for (const args of [
  ['brokers', '--cluster', 'kafka'],
  ['configure-advertising', '--cluster', 'kafka', '--dry-run'],
  ['configure-advertising', '--cluster', 'kafka', '--rolling', '--rolling-pause', '0.2', '--poll-interval', '0.2', '--yes'],
  ['configure-advertising', '--cluster', 'kafka', '--yes'],
  ['brokers', '--cluster', 'kafka', '--bootstrap'],
]) {
  if ((await run(args)) !== 0) failed += 1;
}
await sim.stop();
process.exit(failed === 0 ? 0 : 1);
