// Runbook step 4 as a unit that `brokers`, `smoke-test --cluster`, `up` and `status` share: the broker
// hosts Ambari lists, with their private IPs and the port clients use. The port is the one the brokers
// listen on, read from Ambari's kafka-broker `listeners` (so after `configure-advertising --port 9093`
// every consumer of this list says 9093), unless the operator names one.
import type { AmbariCluster } from '../../ambari/cluster.js';
import { readConfig, readDesiredTags } from '../../ambari/configs.js';
import { listBrokerHosts } from '../../ambari/hosts.js';
import { firstListener, type Listener } from '../../ambari/advertising.js';
import type { Progress } from '../../context.js';
import type { ServerAddress } from '../../kafka/bootstrap.js';
import { counted } from '../../counted.js';

export interface BrokerEndpoint {
  host: string;
  ip: string;
  port: number;
  state: string;
}

export interface BrokerList {
  brokers: BrokerEndpoint[];
  /** Where the port came from: the brokers' listeners in Ambari, or --port. */
  portSource: 'listeners' | 'flag';
  /** The security protocol (or listener name) of the first listener; undefined without a kafka-broker config. */
  protocol: string | undefined;
}

export async function readBrokers(cluster: AmbariCluster, portFlag: number | undefined, progress: Progress): Promise<BrokerList> {
  progress.begin(`Reading the Kafka brokers of ${cluster.name} from Ambari`);
  // With --port the listeners only tell the protocol: unreadable ones do not stop the list.
  const [hosts, listener] = await Promise.all([listBrokerHosts(cluster), portFlag === undefined ? firstListenerOf(cluster) : firstListenerOf(cluster).catch(() => undefined)]);
  const port = portFlag ?? listener?.port ?? DEFAULT_KAFKA_PORT;
  progress.succeed(`${counted(hosts.length, 'Kafka broker')} in ${cluster.name}, listening on port ${port}`);
  return {
    brokers: hosts.map((broker) => ({ host: broker.host, ip: broker.ip, port, state: broker.state })),
    portSource: portFlag === undefined ? 'listeners' : 'flag',
    protocol: listener?.name,
  };
}

/** The first listener in the desired kafka-broker config (what the brokers listen on after a restart). */
async function firstListenerOf(cluster: AmbariCluster): Promise<Listener | undefined> {
  const tags = await readDesiredTags(cluster);
  const tag = tags['kafka-broker'];
  if (tag === undefined) return undefined;
  return firstListener((await readConfig(cluster, 'kafka-broker', tag)).properties.listeners);
}

/** Kafka's own default, for a cluster whose kafka-broker type is missing (listBrokerHosts explains that case). */
const DEFAULT_KAFKA_PORT = 9092;

/** The brokers as clients in the peered VNet reach them: their private IPs. */
export function bootstrapOf(brokers: BrokerEndpoint[]): ServerAddress[] {
  return brokers.map((broker) => ({ host: broker.ip, port: broker.port }));
}
