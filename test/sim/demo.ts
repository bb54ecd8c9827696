// `npm run demo`: the whole runbook against the simulated world (test/sim/world.ts), with real output.
// AKS `aks1` and the Kafka cluster `kafka` on HDInsight sit in VNets that are not peered, and the brokers
// advertise names that do not resolve across VNets. The built CLI runs against the world as an operator's
// would:
//   1. status: red — no peering, the brokers cannot be reached, they advertise names;
//   2. up: peer, configure-advertising (a health-checked rolling restart), brokers, the smoke test from a
//      pod in AKS, the bootstrap ConfigMap;
//   3. status: green.
// Everything stays on loopback, as in the tests: the world's environment carries the network guard.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KCAT_INSTALL_HINT, kcatOnPath } from '../support/kcat.js';
import { startWorld } from './world.js';

// up and status run their smoke test in a pod of the simulated AKS cluster, and its pods are processes
// on this machine running kcat, as the real pod runs the kcat image.
if (!kcatOnPath()) {
  process.stderr.write(`demo: the simulated AKS pods run kcat on this machine, and it is not installed: ${KCAT_INSTALL_HINT}.\n`);
  process.exit(1);
}

const cli = fileURLToPath(new URL('../../bin/kafka-aks.cjs', import.meta.url));
const world = await startWorld();
const env = { ...process.env, ...world.env };

function run(args: string[]): Promise<number> {
  process.stdout.write(`\n$ kafka-aks ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

process.stdout.write(
  `Simulated world: AKS cluster ${world.aks.name} (resource group ${world.aks.resourceGroup}, VNet in ${world.aks.nodeResourceGroup}), ` +
    `HDInsight Kafka cluster ${world.hdinsight.name} (resource group ${world.hdinsight.resourceGroup}) with ${world.brokers.length} brokers.\n` +
    `ARM at ${world.endpoints.arm}, Ambari at ${world.endpoints.ambari}; nothing here leaves loopback.\n`,
);
const clusters = world.cliArgs.clusters;
const steps: Array<{ args: string[]; expect: number }> = [
  { args: ['status', ...clusters, '--kafka-timeout', '5s'], expect: 4 },
  { args: ['up', ...clusters, '--rolling', '--poll-interval', '0.2', '--messages', '1000', '--yes'], expect: 0 },
  { args: ['status', ...clusters], expect: 0 },
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
