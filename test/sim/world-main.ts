// `npm run sim:world -- [--brokers 3] [--lro-ms 2000]`: the whole simulated environment (world.ts), for
// trying the CLI by hand: AKS aks1 in aks-rg and the Kafka cluster kafka in kafka-rg, not yet peered.
// Prints one JSON line, then serves until SIGINT or SIGTERM (exit 0):
//   {"endpoints": {...}, "ambariLogin": {...}, "aks": {...}, "aksState": "<dir>", "hdinsight": {...},
//    "brokers": [...], "env": {...}, "shell": "export ...", "commands": ["node .../bin/kafka-aks.cjs peer ...", ...]}
// `aksState` is the directory of the AKS cluster's pods and ConfigMaps (one JSON file each), which
// run commands (`kafka-aks smoke-test --in-aks`, `brokers --apply-configmap`) read and change.
// `shell` sets `env` in a POSIX shell; `commands` are the runbook's steps against the world, in order.
// --lro-ms sets how long each ARM long-running operation runs (a peering takes a while, as on Azure).
import { parseArgs } from 'node:util';
import { standInBin } from '../support/arm-cli.js';
import { CLI } from '../support/cli.js';
import { startWorld } from './world.js';

const { values } = parseArgs({
  options: {
    brokers: { type: 'string', default: '3' },
    'lro-ms': { type: 'string', default: '2000' },
  },
  strict: true,
});
const brokers = Number(values.brokers);
const lroMs = Number(values['lro-ms']);
if (!Number.isInteger(brokers) || brokers < 1 || brokers > 200) fail('--brokers must be a whole number from 1 to 200');
if (!Number.isInteger(lroMs) || lroMs < 0) fail('--lro-ms must be a whole number of milliseconds');

const world = await startWorld({ brokers, arm: { lroDurationMs: lroMs } });
// Handlers first: once the line is out, a client may connect and stop us before this process runs again.
const shutdown = () => void world.stop().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

const quote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
const cli = (...args: string[]) => [process.execPath, CLI, ...args].map(quote).join(' ');
// The cluster's names; its helpers (functions, the runtime) are for tests in this process.
const { runtime, ...aksNames } = world.aks;
const env = Object.fromEntries(Object.entries(world.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
// The stand-in `az` first on the caller's own PATH, not on this process's.
const exports = Object.entries(env).map(([key, value]) => (key === 'PATH' ? `PATH=${quote(standInBin)}:"$PATH"` : `${key}=${quote(value)}`));
process.stdout.write(
  `${JSON.stringify({
    endpoints: world.endpoints,
    ambariLogin: world.ambariLogin,
    aks: aksNames,
    aksState: runtime.store.dir,
    hdinsight: world.hdinsight,
    brokers: world.brokers,
    env,
    shell: `export ${exports.join(' ')}`,
    commands: [
      cli('peer', ...world.cliArgs.clusters),
      cli('brokers', ...world.cliArgs.brokers),
      cli('configure-advertising', ...world.cliArgs.ambari, '--yes'),
      cli('smoke-test', '--in-aks', '--aks', world.aks.name, '--aks-resource-group', world.aks.resourceGroup, ...world.cliArgs.brokers),
      cli('brokers', ...world.cliArgs.clusters, '--apply-configmap'),
    ],
  })}\n`,
);

function fail(message: string): never {
  process.stderr.write(`sim:world: ${message}\n`);
  process.exit(2);
}
