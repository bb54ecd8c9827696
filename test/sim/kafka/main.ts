// `npm run sim:kafka -- --brokers 3 [--advertise ip|fqdn] [--port 9092] [--first-address 127.0.1.10]`:
// starts the simulator on its own for trying the CLI by hand, prints one JSON line
// {"bootstrap", "brokers": [{"id", "listen", "advertised"}]} and serves until SIGINT or SIGTERM (exit 0).
import { parseArgs } from 'node:util';
import { KafkaSimulator, type AdvertiseMode } from './simulator.js';

const { values } = parseArgs({
  options: {
    brokers: { type: 'string', default: '3' },
    advertise: { type: 'string', default: 'ip' },
    port: { type: 'string', default: '0' },
    'first-address': { type: 'string', default: '127.0.1.10' },
    'auto-create-topics': { type: 'boolean', default: false },
  },
  strict: true,
});

const brokers = Number(values.brokers);
const port = Number(values.port);
if (!Number.isInteger(brokers) || brokers < 1 || brokers > 200) fail('--brokers must be a whole number from 1 to 200');
if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be a TCP port (0 picks a free one)');
if (values.advertise !== 'ip' && values.advertise !== 'fqdn') fail('--advertise must be ip or fqdn');

const simulator = await KafkaSimulator.start({
  brokers,
  port,
  advertise: values.advertise as AdvertiseMode,
  firstAddress: values['first-address'],
  autoCreateTopics: values['auto-create-topics'],
});
// Handlers first: once the line is out, a client may connect and stop us before this process runs again.
const shutdown = () => {
  void simulator.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
process.stdout.write(
  `${JSON.stringify({
    bootstrap: simulator.bootstrap,
    brokers: simulator.brokers().map(({ id, listen, advertised }) => ({ id, listen, advertised })),
  })}\n`,
);

function fail(message: string): never {
  process.stderr.write(`sim:kafka: ${message}\n`);
  process.exit(2);
}
