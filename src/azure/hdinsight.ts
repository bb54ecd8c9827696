// The HDInsight side: the Kafka cluster's VNet, and its gateway login (the Ambari password source that
// comes through ARM). @azure/arm-hdinsight 1.2.1, classic SDK (its types/arm-hdinsight.d.ts).
import type { Cluster } from '@azure/arm-hdinsight';
import { usageError } from '../errors.js';
import { armCall } from './arm-errors.js';
import type { AzureClients } from './clients.js';
import { distinctVnets, type VnetRef } from './resource-id.js';

export interface KafkaClusterNetwork {
  cluster: { id: string; name: string; resourceGroup: string; kind: string };
  vnet: VnetRef;
  vnetSource: 'cluster roles' | '--hdinsight-vnet';
  /** The subnet of the worker nodes, where the brokers run; undefined for a cluster without a VNet. */
  workerSubnetId: string | undefined;
}

export interface HdinsightTarget {
  resourceGroup: string;
  name: string;
  /** --hdinsight-vnet: skips discovery (the kind is still checked). */
  vnet?: VnetRef;
}

const notFound = (target: { name: string; resourceGroup: string }) => ({
  message: `HDInsight cluster ${target.name} was not found in resource group ${target.resourceGroup}`,
  hint: 'Check --cluster and --resource-group (`az hdinsight list -o table`), and --subscription.',
});

export async function findKafkaCluster(clients: AzureClients, target: HdinsightTarget): Promise<KafkaClusterNetwork> {
  const cluster = await armCall(
    { what: `Reading HDInsight cluster ${target.name}`, notFound: notFound(target) },
    async () => (await clients.hdinsight()).clusters.get(target.resourceGroup, target.name),
  );
  const kind = cluster.properties?.clusterDefinition?.kind ?? 'unknown';
  const summary = { id: cluster.id ?? '', name: cluster.name ?? target.name, resourceGroup: target.resourceGroup, kind };
  // ARM answers "KAFKA" although clusters are created with "kafka" (CreateKafkaClusterWithKafkaRestProxy.json).
  if (kind.toLowerCase() !== 'kafka') {
    throw usageError(`HDInsight cluster ${summary.name} is a ${kind} cluster, not a Kafka cluster.`, {
      hint: 'Pass the name of an HDInsight cluster of type Kafka with --cluster.',
      details: { kind },
    });
  }
  const workerSubnetId = workerSubnetOf(cluster);
  if (target.vnet) return { cluster: summary, vnet: target.vnet, vnetSource: '--hdinsight-vnet', workerSubnetId };
  const vnets = vnetsOfRoles(cluster);
  if (vnets.length === 0) {
    throw usageError(`HDInsight cluster ${summary.name} was created without a virtual network, so it cannot be peered.`, {
      hint: 'The network of an HDInsight cluster is fixed at creation: recreate the Kafka cluster inside a virtual network, then run peer again.',
    });
  }
  if (vnets.length > 1) {
    throw usageError(`The roles of HDInsight cluster ${summary.name} use ${vnets.length} virtual networks: ${vnets.map((v) => v.name).join(', ')}.`, {
      hint: 'Choose the one to peer with --hdinsight-vnet <resource id>.',
    });
  }
  return { cluster: summary, vnet: vnets[0]!, vnetSource: 'cluster roles', workerSubnetId };
}

/** The VNets of the cluster's roles (all roles share one; none without a custom VNet: GetLinuxHadoopCluster.json). */
export function vnetsOfRoles(cluster: Pick<Cluster, 'properties'>): VnetRef[] {
  return distinctVnets((cluster.properties?.computeProfile?.roles ?? []).map((role) => role.virtualNetworkProfile?.id));
}

/** `virtualNetworkProfile.subnet` of the `workernode` role, where Kafka's brokers run (CreateHDInsightClusterWithCustomNetworkProperties.json). */
export function workerSubnetOf(cluster: Pick<Cluster, 'properties'>): string | undefined {
  const roles = cluster.properties?.computeProfile?.roles ?? [];
  return roles.find((role) => role.name?.toLowerCase() === 'workernode')?.virtualNetworkProfile?.subnet;
}

export interface GatewayLogin {
  user: string;
  password: string;
}

/**
 * The cluster login (the HDInsight gateway's HTTP credential, which Ambari accepts) from
 * POST .../getGatewaySettings. Undefined when the gateway credential is disabled or not returned.
 * Needs Microsoft.HDInsight/clusters/getGatewaySettings/action on the cluster.
 */
export async function gatewayLogin(clients: AzureClients, resourceGroup: string, cluster: string): Promise<GatewayLogin | undefined> {
  const settings = await armCall(
    { what: `Reading the gateway settings of HDInsight cluster ${cluster}`, notFound: notFound({ name: cluster, resourceGroup }) },
    async () => (await clients.hdinsight()).clusters.getGatewaySettings(resourceGroup, cluster),
  );
  // The wire value is the string "true" (HDI_Clusters_GetGatewaySettings.json), not a boolean.
  if (String(settings.isCredentialEnabled).toLowerCase() !== 'true') return undefined;
  if (!settings.userName || !settings.password) return undefined;
  return { user: settings.userName, password: settings.password };
}
