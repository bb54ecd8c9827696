// A Kafka cluster on HDInsight as two simulators that stay in step: the Ambari simulator's workers have
// the loopback addresses the Kafka simulator's brokers listen on (as a real worker's private IP is where
// its broker listens), each broker advertises what Ambari last rendered into its server.properties (its
// FQDN on a new cluster), and when Ambari restarts a broker the Kafka broker is down meanwhile, comes
// back out of the ISR, catches up when the next client connects, and advertises what was rendered for
// this start (its IP once configure-advertising has run).
import { hdinsightKafkaCluster } from './ambari/model.js';
import { AmbariSimulator } from './ambari/server.js';
import { KafkaSimulator } from './kafka/simulator.js';

export interface HdinsightKafkaOptions {
  /** Worker nodes, each running a broker (default 3). */
  workers?: number;
  /** The cluster's name in Ambari (default kafka). */
  name?: string;
}

export interface HdinsightKafka {
  ambari: AmbariSimulator;
  kafka: KafkaSimulator;
  /** Each worker's FQDN, its address (Ambari's host IP, where its broker listens) and its broker id. */
  workers: { host: string; ip: string; brokerId: number }[];
  /** Under-replicated partitions right now (ISR smaller than the replica set). */
  underReplicated(): number;
  stop(): Promise<void>;
}

const FIRST_ADDRESS = '127.0.1.10';
const addressOf = (n: number) => `127.0.1.${10 + n}`;

export async function startHdinsightKafka(options: HdinsightKafkaOptions = {}): Promise<HdinsightKafka> {
  const count = options.workers ?? 3;
  const cluster = hdinsightKafkaCluster({ name: options.name, workers: count, workerIp: addressOf });
  const brokerHosts = cluster.hosts.filter((h) => h.name.startsWith('wn'));
  // A new HDInsight cluster's brokers advertise their FQDN (listeners with localhost replaced by it).
  const kafka = await KafkaSimulator.start({ brokers: count, firstAddress: FIRST_ADDRESS, advertise: 'fqdn', fqdns: brokerHosts.map((h) => h.name), log: () => {} });
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
    workers: brokerHosts.map((h) => ({ host: h.name, ip: h.ip, brokerId: idOf(h.ip) })),
    underReplicated: () =>
      [...kafka.cluster.topics.values()].flatMap((t) => t.partitions).filter((p) => p.isr.length < p.replicas.length).length,
    stop: async () => {
      await ambari.stop();
      await kafka.stop();
    },
  };
}
