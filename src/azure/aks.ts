// Where an AKS cluster's nodes live, and which address ranges Kubernetes uses inside it.
// The runbook ("Use AKS with Kafka on HDInsight", MicrosoftDocs/azure-docs
// articles/hdinsight/kafka/apache-kafka-azure-container-services.md) peers with the VNet AKS made in its
// node resource group `MC_<rg>_<cluster>_<location>`; clusters that bring their own VNet name a subnet in
// their agent pools instead (`vnetSubnetID`, ManagedClusterAgentPoolProfile in the AKS REST spec,
// Azure/azure-rest-api-specs specification/containerservice).
import type { ManagedCluster } from '@azure/arm-containerservice';
import { usageError } from '../errors.js';
import type { KubernetesRange } from './address-space.js';
import { armCall } from './arm-errors.js';
import type { AzureClients } from './clients.js';
import { listVnets } from './network.js';
import { distinctVnets, type VnetRef } from './resource-id.js';

export interface AksNetwork {
  cluster: { id: string; name: string; resourceGroup: string; subscriptionId: string; nodeResourceGroup: string };
  vnet: VnetRef;
  /** How the VNet was found, for the report. */
  vnetSource: 'agent pool subnet' | 'node resource group' | '--aks-vnet';
  /** Ranges Kubernetes routes inside the cluster, which must not collide with the HDInsight VNet. */
  kubernetesRanges: KubernetesRange[];
  /** The node and pod subnets the agent pools name (bring-your-own VNet); none when AKS made the VNet. */
  subnetIds: string[];
}

export interface AksTarget {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** --aks-vnet: skips discovery. */
  vnet?: VnetRef;
}

/** The managed cluster as ARM has it; an unknown one is exit 3 naming the flags that name it. */
export async function readAksCluster(clients: AzureClients, target: Pick<AksTarget, 'subscriptionId' | 'resourceGroup' | 'name'>): Promise<ManagedCluster> {
  return armCall(
    {
      what: `Reading AKS cluster ${target.name}`,
      notFound: {
        message: `AKS cluster ${target.name} was not found in resource group ${target.resourceGroup} of subscription ${target.subscriptionId}`,
        hint: 'Check --aks and --aks-resource-group (`az aks list -o table`), and --aks-subscription if the cluster is in another subscription.',
      },
    },
    async () => (await clients.containerService(target.subscriptionId)).managedClusters.get(target.resourceGroup, target.name),
  );
}

export async function findAksNetwork(clients: AzureClients, target: AksTarget): Promise<AksNetwork> {
  const cluster = await readAksCluster(clients, target);
  const nodeResourceGroup = cluster.nodeResourceGroup ?? '';
  const summary = {
    id: cluster.id ?? '',
    name: cluster.name ?? target.name,
    resourceGroup: target.resourceGroup,
    subscriptionId: target.subscriptionId,
    nodeResourceGroup,
  };
  const kubernetesRanges = kubernetesRangesOf(cluster);
  const subnetIds = subnetsOfAgentPools(cluster);
  if (target.vnet) return { cluster: summary, vnet: target.vnet, vnetSource: '--aks-vnet', kubernetesRanges, subnetIds };

  const fromPools = vnetsOfAgentPools(cluster);
  if (fromPools.length === 1) {
    return { cluster: summary, vnet: fromPools[0]!, vnetSource: 'agent pool subnet', kubernetesRanges, subnetIds };
  }
  if (fromPools.length > 1) {
    throw usageError(
      `The agent pools of AKS cluster ${summary.name} use ${fromPools.length} virtual networks: ${fromPools.map((v) => v.name).join(', ')}.`,
      { hint: 'Choose the one to peer with --aks-vnet <resource id>.', details: { vnets: fromPools.map((v) => v.id) } },
    );
  }
  // A managed VNet: AKS names it aks-vnet-<digits>, which cannot be derived; read nodeResourceGroup, never compute it.
  const found = await listVnets(clients, target.subscriptionId, nodeResourceGroup);
  if (found.length === 1) {
    return { cluster: summary, vnet: found[0]!, vnetSource: 'node resource group', kubernetesRanges, subnetIds };
  }
  throw usageError(
    found.length === 0
      ? `AKS cluster ${summary.name} names no subnet and its node resource group ${nodeResourceGroup} holds no virtual network.`
      : `The node resource group ${nodeResourceGroup} of AKS cluster ${summary.name} holds ${found.length} virtual networks: ${found.map((v) => v.name).join(', ')}.`,
    { hint: 'Choose the VNet to peer with --aks-vnet <resource id>.', details: { vnets: found.map((v) => v.id) } },
  );
}

/** The distinct VNets named by the agent pools' subnets (bring-your-own VNet). */
export function vnetsOfAgentPools(cluster: Pick<ManagedCluster, 'agentPoolProfiles'>): VnetRef[] {
  return distinctVnets((cluster.agentPoolProfiles ?? []).map((pool) => pool.vnetSubnetID));
}

/**
 * The subnets the pools' nodes (`vnetSubnetID`) and, with Azure CNI's dynamic allocation, pods
 * (`podSubnetID`) take addresses from, each once (ManagedClusterAgentPoolProfile in the AKS REST spec,
 * Azure/azure-rest-api-specs specification/containerservice).
 */
export function subnetsOfAgentPools(cluster: Pick<ManagedCluster, 'agentPoolProfiles'>): string[] {
  const ids = (cluster.agentPoolProfiles ?? []).flatMap((pool) => [pool.vnetSubnetID, pool.podSubnetID]);
  return ids.filter((id, i): id is string => id !== undefined && id !== '' && ids.findIndex((other) => other?.toLowerCase() === id.toLowerCase()) === i);
}

/**
 * The service range always; the pod range when pods take addresses outside the VNet (kubenet, or Azure
 * CNI overlay). With flat Azure CNI pods use VNet addresses, already compared as part of the VNet.
 */
export function kubernetesRangesOf(cluster: Pick<ManagedCluster, 'networkProfile'>): KubernetesRange[] {
  const profile = cluster.networkProfile;
  if (!profile) return [];
  const services = profile.serviceCidrs?.length ? profile.serviceCidrs : profile.serviceCidr ? [profile.serviceCidr] : [];
  const podsOutsideVnet = profile.networkPlugin === 'kubenet' || profile.networkPluginMode === 'overlay';
  const pods = !podsOutsideVnet ? [] : profile.podCidrs?.length ? profile.podCidrs : profile.podCidr ? [profile.podCidr] : [];
  return [
    ...services.map((prefix) => ({ prefix, kind: 'service' as const })),
    ...pods.map((prefix) => ({ prefix, kind: 'pod' as const })),
  ];
}
