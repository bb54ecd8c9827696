// Hosts, their private IPs, and which of them are Kafka brokers. Broker hosts and IPs come from one
// request whatever the cluster size: the hosts collection filtered by the KAFKA_BROKER host component
// (the web UI's `common.host.with_host_component` predicate), with Hosts/ip and the component's state
// as fields. No request per host (the per-host loop of MicrosoftDocs/azure-docs
// articles/hdinsight/hdinsight-hadoop-manage-ambari-rest-api.md costs one round trip per broker).
import { usageError, isKafkaAksError, operationFailed } from '../errors.js';
import type { AmbariCluster } from './cluster.js';
import { isObject, itemsOf, objectAt, optionalString, stringAt, booleanAt } from './json.js';

export interface BrokerHost {
  /** FQDN as Ambari knows it, e.g. wn0-kafka.<hash>.cx.internal.cloudapp.net. */
  host: string;
  /** The VNet-private IP that clients in a peered VNet must use. */
  ip: string;
  /** The KAFKA_BROKER host component's state: STARTED, INSTALLED (stopped), ... */
  state: string;
  /** Effective maintenance state: OFF, ON, IMPLIED_FROM_SERVICE, ... */
  maintenanceState: string | undefined;
  /** True when the broker runs with configs older than the desired ones (a restart is due). */
  staleConfigs: boolean;
}

const where = 'the broker hosts (GET .../hosts)';

/** Brokers that must restart: stale configs (the last restart failed or never happened), or not running. */
export function needingRestart(brokers: BrokerHost[]): BrokerHost[] {
  return brokers.filter((broker) => broker.staleConfigs || broker.state !== 'STARTED');
}

export async function listBrokerHosts(cluster: AmbariCluster): Promise<BrokerHost[]> {
  const answer = await cluster.get('/hosts', {
    'host_components/HostRoles/component_name': 'KAFKA_BROKER',
    fields: [
      'Hosts/host_name',
      'Hosts/ip',
      'host_components/HostRoles/component_name',
      'host_components/HostRoles/state',
      'host_components/HostRoles/maintenance_state',
      'host_components/HostRoles/stale_configs',
    ].join(','),
  });
  const brokers = itemsOf(answer, where).flatMap((item) => {
    const hosts = objectAt(item, 'Hosts', where);
    const broker = (Array.isArray(item.host_components) ? item.host_components : [])
      .map((component) => (isObject(component) ? component.HostRoles : undefined))
      .find((roles) => isObject(roles) && roles.component_name === 'KAFKA_BROKER');
    if (!isObject(broker)) return [];
    return [
      {
        host: stringAt(hosts, 'host_name', where),
        ip: stringAt(hosts, 'ip', where),
        state: optionalString(broker, 'state') ?? 'UNKNOWN',
        maintenanceState: optionalString(broker, 'maintenance_state'),
        staleConfigs: booleanAt(broker, 'stale_configs') ?? false,
      },
    ];
  });
  if (brokers.length === 0) await explainNoBrokers(cluster);
  return brokers.sort((a, b) => a.host.localeCompare(b.host, 'en', { numeric: true }));
}

/** No host runs KAFKA_BROKER: either this is not a Kafka cluster, or Kafka has lost its brokers. */
async function explainNoBrokers(cluster: AmbariCluster): Promise<never> {
  try {
    await cluster.get('/services/KAFKA', { fields: 'ServiceInfo/state' });
  } catch (error) {
    if (isKafkaAksError(error) && error.kind === 'not-found') {
      throw usageError(`Cluster "${cluster.name}" has no KAFKA service: it is not a Kafka cluster.`, {
        hint: 'Pass the name of an HDInsight cluster of type Kafka with --cluster.',
      });
    }
    throw error;
  }
  throw operationFailed(`Cluster "${cluster.name}" has a KAFKA service but no host runs a Kafka broker.`, {
    hint: 'Check the Kafka service in Ambari: the KAFKA_BROKER component has no hosts.',
  });
}
