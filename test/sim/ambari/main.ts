// `npm run sim:ambari -- [--workers 3] [--cluster kafka] [--listeners SASL_PLAINTEXT://localhost:9092]`:
// an Ambari simulator on its own, for trying the CLI by hand. Prints one JSON line with its URL and the
// login to use, then serves until SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import { hdinsightKafkaCluster } from './model.js';
import { AmbariSimulator } from './server.js';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '3' },
    cluster: { type: 'string', default: 'kafka' },
    listeners: { type: 'string' },
    latency: { type: 'string', default: '0' },
  },
});

const simulator = await AmbariSimulator.start({
  clusters: [hdinsightKafkaCluster({ name: values.cluster, workers: Number(values.workers), listeners: values.listeners })],
});
simulator.knobs.latencyMs = Number(values.latency);
// Handlers first: once the line is out, a client may connect and stop us before this process runs again.
const shutdown = () => {
  void simulator.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
process.stdout.write(
  `${JSON.stringify({ url: simulator.url, cluster: values.cluster, user: simulator.user, password: simulator.password })}\n`,
);
