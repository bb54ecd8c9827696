// An HDInsight Kafka cluster as two simulators that stay in step: the Ambari simulator's workers have
// the loopback addresses the Kafka simulator's brokers listen on, and when Ambari restarts a broker the
// Kafka broker goes down, comes back out of the ISR, catches up when the next client connects,
// and advertises what Ambari rendered into its server.properties. (The full simulated world, with ARM,
// comes with `up`/`status`; this is the part configure-advertising's rolling restart needs.)
import { hdinsightKafkaCluster } from '../sim/ambari/model.js';
import { AmbariSimulator } from '../sim/ambari/server.js';
import { KafkaSimulator } from '../sim/kafka/simulator.js';

export interface LinkedClusters {
  ambari: AmbariSimulator;
  kafka: KafkaSimulator;
  /** --cluster and --ambari-url for the CLI. */
  args: string[];
  env: Record<string, string>;
  /** Under-replicated partitions right now (ISR smaller than the replica set). */
  underReplicated(): number;
  stop(): Promise<void>;
}

const FIRST_ADDRESS = '127.0.1.10';
const addressOf = (n: number) => `127.0.1.${10 + n}`;

export async function startLinkedClusters(workers = 3): Promise<LinkedClusters> {
  const cluster = hdinsightKafkaCluster({ workers, workerIp: addressOf });
  const brokerHosts = cluster.hosts.filter((h) => h.name.startsWith('wn'));
  // HDInsight brokers advertise their FQDN until configure-advertising runs.
  const kafka = await KafkaSimulator.start({ brokers: workers, firstAddress: FIRST_ADDRESS, advertise: 'fqdn', fqdns: brokerHosts.map((h) => h.name), log: () => {} });
  // Ambari's listeners carry the port the Kafka simulator actually listens on.
  const brokerConfig = cluster.configs.get('kafka-broker')![0]!;
  brokerConfig.properties.listeners = `PLAINTEXT://localhost:${kafka.port}`;
  const ambari = await AmbariSimulator.start({ clusters: [cluster] });

  const idOf = (ip: string) => kafka.brokers().find((b) => b.listen.startsWith(`${ip}:`))!.id;
  cluster.restartObservers.push((event) => {
    const id = idOf(event.ip);
    if (event.phase === 'down') void kafka.stopBroker(id);
    if (event.phase !== 'up') return;
    const advertised = ambari.brokerRuntime(event.host).serverProperties['advertised.listeners'];
    const match = advertised && /:\/\/([^:,]+):(\d+)/.exec(advertised);
    kafka.setAdvertised(id, match ? match[1]! : event.host);
    void kafka.startBroker(id, { inSync: false }).then(() => {
      // Replicas catch up when a second client connects to the broker after its start (every
      // connection opens with ApiVersions): the first health check sees the partitions
      // under-replicated, the next one sees them healthy.
      let connections = 0;
      const stop = kafka.knobs.onRequest((request) => {
        if (request.brokerId === id && request.api === 'ApiVersions' && ++connections === 2) {
          kafka.markInSync(id);
          stop();
        }
      });
    });
  });

  return {
    ambari,
    kafka,
    args: ['--cluster', cluster.name, '--ambari-url', ambari.url],
    env: { AMBARI_PASSWORD: ambari.password },
    underReplicated: () =>
      [...kafka.cluster.topics.values()].flatMap((t) => t.partitions).filter((p) => p.isr.length < p.replicas.length).length,
    stop: async () => {
      await ambari.stop();
      await kafka.stop();
    },
  };
}
