// The read side of peering: find both VNets, compare their ranges, and decide for each direction what
// (if anything) must change. Writes nothing, so `status` can reuse it and `peer --dry-run` can print it.
import type { Progress } from '../context.js';
import { usageError } from '../errors.js';
import { describeConflict, findConflicts, type AddressSpace, type Conflict } from './address-space.js';
import { findAksNetwork, type AksNetwork, type AksTarget } from './aks.js';
import type { AzureClients } from './clients.js';
import { findKafkaCluster, type HdinsightTarget, type KafkaClusterNetwork } from './hdinsight.js';
import { readVnet, type PeeringView, type VnetView } from './network.js';
import { sameResource } from './resource-id.js';

export type PeeringAction = 'none' | 'create' | 'recreate' | 'sync' | 'update';
export type Direction = 'aks-to-hdinsight' | 'hdinsight-to-aks';

export interface PeerSettings {
  /** Names of new peerings: `<prefix>-to-<remote vnet name>`. */
  prefix: string;
  allowForwardedTraffic: boolean;
}

export interface DirectionPlan {
  direction: Direction;
  local: VnetView;
  remote: VnetView;
  /** The existing peering's name, or the name a new one gets. */
  name: string;
  existing: PeeringView | undefined;
  action: PeeringAction;
  /** Why, in the operator's words. */
  reason: string;
}

export interface PeeringInspection {
  aks: AksNetwork;
  hdinsight: KafkaClusterNetwork;
  aksVnet: VnetView;
  hdinsightVnet: VnetView;
  conflicts: Conflict[];
  plans: [DirectionPlan, DirectionPlan];
}

/** Azure's rule for peering names: 1-80 characters, word characters, '.', '-', '_'; starts alphanumeric. */
const PEERING_NAME = /^[A-Za-z0-9](?:[\w.-]{0,78}[\w])?$/;

export function peeringName(prefix: string, remoteVnetName: string): string {
  const name = `${prefix}-to-${remoteVnetName}`;
  if (!PEERING_NAME.test(name)) {
    throw usageError(`The peering name "${name}" breaks Azure's naming rules.`, {
      hint: 'Choose a --peering-prefix of letters, digits, "-", "_" or ".", starting with a letter or digit, so that the name stays within 80 characters.',
    });
  }
  return name;
}

/** What one direction needs. Pure: from the two VNets as ARM reported them. */
export function planDirection(direction: Direction, local: VnetView, remote: VnetView, settings: PeerSettings): DirectionPlan {
  const plan = (action: PeeringAction, name: string, existing: PeeringView | undefined, reason: string): DirectionPlan => ({
    direction, local, remote, name, existing, action, reason,
  });
  // Look by remote VNet, whatever the name: a second peering to the same remote is refused by ARM
  // (AnotherPeeringAlreadyReferencesRemoteVnet), and one made by hand in the portal counts.
  const existing = local.peerings.find((p) => sameResource(p.remoteVnetId, remote.id));
  if (!existing) {
    const name = peeringName(settings.prefix, remote.name);
    const clash = local.peerings.find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (clash) {
      throw usageError(`VNet ${local.name} already has a peering named ${clash.name}, to another virtual network (${clash.remoteVnetId}).`, {
        hint: 'Choose another --peering-prefix.',
      });
    }
    return plan('create', name, undefined, `no peering to ${remote.name} yet`);
  }
  if (existing.state === 'Disconnected') {
    return plan('recreate', existing.name, existing, 'Disconnected: the other side was deleted or re-created');
  }
  if (existing.provisioningState === 'Failed') return plan('update', existing.name, existing, 'its last change failed');
  if (!existing.allowVirtualNetworkAccess) {
    return plan('update', existing.name, existing, 'access to the remote VNet is off, so no traffic would flow');
  }
  if (settings.allowForwardedTraffic && !existing.allowForwardedTraffic) {
    return plan('update', existing.name, existing, 'forwarded traffic was asked for');
  }
  if (existing.syncLevel === 'LocalNotInSync' || existing.syncLevel === 'LocalAndRemoteNotInSync') {
    return plan('sync', existing.name, existing, "its copy of the remote address space is out of date");
  }
  return plan('none', existing.name, existing, existing.state === 'Initiated' ? 'waiting for the other side' : 'connected');
}

export interface PeeringTarget {
  aks: AksTarget;
  hdinsight: HdinsightTarget;
}

export async function inspectPeering(
  clients: AzureClients,
  target: PeeringTarget,
  settings: PeerSettings,
  progress: Progress,
): Promise<PeeringInspection> {
  progress.begin('Finding the AKS and HDInsight virtual networks');
  const [aks, hdinsight] = await Promise.all([findAksNetwork(clients, target.aks), findKafkaCluster(clients, target.hdinsight)]);
  if (sameResource(aks.vnet.id, hdinsight.vnet.id)) {
    throw usageError(`AKS cluster ${aks.cluster.name} and HDInsight cluster ${hdinsight.cluster.name} are in the same VNet, ${aks.vnet.name}.`, {
      hint: 'Nothing needs peering: pods already reach the brokers.',
    });
  }
  const [aksVnet, hdinsightVnet] = await Promise.all([
    readVnet(clients, aks.vnet, 'the AKS VNet'),
    readVnet(clients, hdinsight.vnet, 'the HDInsight VNet'),
  ]);
  progress.succeed(`AKS VNet ${aksVnet.name}, HDInsight VNet ${hdinsightVnet.name}`);
  const conflicts = findConflicts({
    aksCluster: aks.cluster.name,
    aksVnet: addressSpaceOf(aksVnet),
    hdinsightVnet: addressSpaceOf(hdinsightVnet),
    kubernetesRanges: aks.kubernetesRanges,
  });
  return {
    aks,
    hdinsight,
    aksVnet,
    hdinsightVnet,
    conflicts,
    plans: [
      planDirection('aks-to-hdinsight', aksVnet, hdinsightVnet, settings),
      planDirection('hdinsight-to-aks', hdinsightVnet, aksVnet, settings),
    ],
  };
}

/**
 * Peerings Azure is still changing (provisioning Updating or Deleting): an earlier run interrupted with
 * Ctrl-C leaves them so while Azure carries on. They need nothing from us, but they are not done either.
 */
export function unsettledPeerings(inspection: PeeringInspection): DirectionPlan[] {
  return inspection.plans.filter((plan) => plan.existing !== undefined && plan.existing.provisioningState !== 'Succeeded');
}

/** Refuse before any write when ranges collide (exit 2), naming every pair and whose it is. */
export function assertNoConflicts(inspection: PeeringInspection): void {
  const { conflicts } = inspection;
  if (conflicts.length === 0) return;
  const kubernetes = conflicts.some((c) => c.kind === 'kubernetes');
  throw usageError(`Cannot peer: ${conflicts.map(describeConflict).join('; ')}.`, {
    hint: kubernetes
      ? 'Pods would route broker IPs into the Kubernetes range and never reach Kafka: use an HDInsight VNet outside the AKS service and pod ranges (or an AKS cluster created with another --service-cidr).'
      : 'Peered VNets must not share addresses: recreate one side with a range that overlaps none of the others.',
    details: { conflicts },
  });
}

export function addressSpaceOf(vnet: VnetView): AddressSpace {
  return {
    id: vnet.id,
    name: vnet.name,
    addressPrefixes: vnet.addressPrefixes,
    peers: vnet.peerings.map((p) => ({
      id: p.remoteVnetId,
      name: p.remoteVnetId.split('/').pop() ?? p.remoteVnetId,
      addressPrefixes: p.remoteAddressPrefixes,
    })),
  };
}
