// The simulated Azure: virtual networks and their peerings, AKS managed clusters, HDInsight clusters.
// Tests seed it through the typed methods below; the server (server.ts) turns it into ARM's JSON.
// Peering semantics follow Azure's documented behaviour (../shared/reference/azure.md §3,
// learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering):
//  - a peering created on one side alone is Initiated; once both sides exist both are Connected;
//  - deleting one side leaves the other Disconnected until it is updated or deleted and created again;
//  - each side keeps the copy of the remote address space it last synced; adding a prefix to a VNet
//    puts both of its peerings out of sync (LocalNotInSync on the side that points at it,
//    RemoteNotInSync on its own side) until `syncRemoteAddressSpace` is sent.
import { randomUUID } from 'node:crypto';
import { hdinsightClusterId, managedClusterId, parseVnetId, peeringId, sameId, subnetId, vnetId } from './ids.js';

export const DEFAULT_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

export type ProvisioningState = 'Succeeded' | 'Updating' | 'Deleting' | 'Failed';
export type PeeringState = 'Initiated' | 'Connected' | 'Disconnected';
export type SyncLevel = 'FullyInSync' | 'RemoteNotInSync' | 'LocalNotInSync' | 'LocalAndRemoteNotInSync';

export interface Peering {
  name: string;
  remoteVnetId: string;
  allowVirtualNetworkAccess: boolean;
  allowForwardedTraffic: boolean;
  allowGatewayTransit: boolean;
  useRemoteGateways: boolean;
  /** The remote address space as this side last synced it (ARM's `remoteAddressSpace`). */
  syncedRemotePrefixes: string[];
  /** Set when the other side was deleted; cleared by an update or by delete-and-create. */
  disconnected: boolean;
  provisioningState: ProvisioningState;
  resourceGuid: string;
  etag: string;
}

export interface Vnet {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  addressPrefixes: string[];
  subnets: { name: string; addressPrefix: string }[];
  resourceGuid: string;
  peerings: Peering[];
}

export interface AksCluster {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  nodeResourceGroup: string;
  /** Bring-your-own VNet: the subnet id the agent pools use, verbatim (ARM may use `resourcegroups`). */
  vnetSubnetId: string | undefined;
  networkPlugin: 'azure' | 'kubenet' | 'none';
  networkPluginMode: 'overlay' | undefined;
  podCidr: string | undefined;
  serviceCidr: string;
  dnsServiceIP: string;
}

export interface HdinsightCluster {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** As ARM answers it: `KAFKA` upper case for Kafka clusters (CreateKafkaClusterWithKafkaRestProxy.json). */
  kind: string;
  vnetId: string | undefined;
  subnetName: string | undefined;
  gatewayUser: string;
  gatewayPassword: string;
}

export interface VnetSeed {
  subscriptionId?: string;
  resourceGroup: string;
  name: string;
  location?: string;
  addressPrefixes: string[];
  subnets?: { name: string; addressPrefix: string }[];
}

export interface AksSeed {
  subscriptionId?: string;
  resourceGroup: string;
  name: string;
  location?: string;
  /** Bring-your-own subnet id; without it AKS makes `aks-vnet-<digits>` in the node resource group. */
  vnetSubnetId?: string;
  /** Address space of the managed VNet (AKS's default is 10.224.0.0/12). */
  managedVnetPrefixes?: string[];
  networkPlugin?: 'azure' | 'kubenet' | 'none';
  networkPluginMode?: 'overlay';
  /** Default 10.244.0.0/16 for kubenet and overlay, none for flat Azure CNI. */
  podCidr?: string;
  /** AKS's default service range is 10.0.0.0/16. */
  serviceCidr?: string;
}

export interface HdinsightSeed {
  subscriptionId?: string;
  resourceGroup: string;
  name: string;
  location?: string;
  kind?: string;
  /** The VNet the cluster was created in; omit for a cluster created without one. */
  vnetId?: string;
  subnetName?: string;
  gatewayUser?: string;
  gatewayPassword?: string;
}

export interface PeeringSeed {
  allowVirtualNetworkAccess?: boolean;
  allowForwardedTraffic?: boolean;
}

export class ArmWorld {
  readonly vnets: Vnet[] = [];
  readonly aksClusters: AksCluster[] = [];
  readonly hdinsightClusters: HdinsightCluster[] = [];
  /** Resource groups per subscription, lower case: a request into another group is ResourceGroupNotFound. */
  private readonly groups = new Set<string>();

  addResourceGroup(resourceGroup: string, subscriptionId = DEFAULT_SUBSCRIPTION): void {
    this.groups.add(`${subscriptionId}/${resourceGroup}`.toLowerCase());
  }

  hasSubscription(subscriptionId: string): boolean {
    return [...this.groups].some((group) => group.startsWith(`${subscriptionId.toLowerCase()}/`));
  }

  hasResourceGroup(subscriptionId: string, resourceGroup: string): boolean {
    return this.groups.has(`${subscriptionId}/${resourceGroup}`.toLowerCase());
  }

  /** Returns the VNet's resource id. */
  addVnet(seed: VnetSeed): string {
    const placed = this.place(seed);
    this.vnets.push({
      ...placed,
      addressPrefixes: [...seed.addressPrefixes],
      subnets: seed.subnets ?? [{ name: 'default', addressPrefix: seed.addressPrefixes[0]! }],
      resourceGuid: randomUUID(),
      peerings: [],
    });
    return vnetId(placed.subscriptionId, seed.resourceGroup, seed.name);
  }

  /** Where a seeded resource lives (defaults filled in); its resource group now exists. */
  private place(seed: { subscriptionId?: string; resourceGroup: string; name: string; location?: string }) {
    const subscriptionId = seed.subscriptionId ?? DEFAULT_SUBSCRIPTION;
    this.addResourceGroup(seed.resourceGroup, subscriptionId);
    return { subscriptionId, resourceGroup: seed.resourceGroup, name: seed.name, location: seed.location ?? 'westeurope' };
  }

  /**
   * An AKS cluster. Without `vnetSubnetId` AKS creates its VNet in the node resource group
   * `MC_<rg>_<cluster>_<location>` (docs: "Use AKS with Kafka on HDInsight"), named aks-vnet-<8 digits>.
   * Returns the id of the VNet the cluster uses.
   */
  addAksCluster(seed: AksSeed): { clusterId: string; vnetId: string } {
    const subscriptionId = seed.subscriptionId ?? DEFAULT_SUBSCRIPTION;
    const location = seed.location ?? 'westeurope';
    const nodeResourceGroup = `MC_${seed.resourceGroup}_${seed.name}_${location}`;
    this.addResourceGroup(seed.resourceGroup, subscriptionId);
    this.addResourceGroup(nodeResourceGroup, subscriptionId);
    let clusterVnet: string;
    if (seed.vnetSubnetId) {
      const parsed = parseVnetId(seed.vnetSubnetId);
      if (!parsed) throw new Error(`not a subnet id: ${seed.vnetSubnetId}`);
      clusterVnet = vnetId(parsed.subscriptionId, parsed.resourceGroup, parsed.name);
    } else {
      const digits = String(10_000_000 + ((this.aksClusters.length * 7_919_113 + 41_832_928) % 89_999_999));
      clusterVnet = this.addVnet({
        subscriptionId,
        resourceGroup: nodeResourceGroup,
        name: `aks-vnet-${digits}`,
        location,
        addressPrefixes: seed.managedVnetPrefixes ?? ['10.224.0.0/12'],
        subnets: [{ name: 'aks-subnet', addressPrefix: '10.224.0.0/16' }],
      });
    }
    const plugin = seed.networkPlugin ?? 'kubenet';
    const podsOutsideVnet = plugin === 'kubenet' || seed.networkPluginMode === 'overlay';
    this.aksClusters.push({
      subscriptionId,
      resourceGroup: seed.resourceGroup,
      name: seed.name,
      location,
      nodeResourceGroup,
      vnetSubnetId: seed.vnetSubnetId,
      networkPlugin: plugin,
      networkPluginMode: seed.networkPluginMode,
      podCidr: seed.podCidr ?? (podsOutsideVnet ? '10.244.0.0/16' : undefined),
      serviceCidr: seed.serviceCidr ?? '10.0.0.0/16',
      dnsServiceIP: '10.0.0.10',
    });
    return { clusterId: managedClusterId(subscriptionId, seed.resourceGroup, seed.name), vnetId: clusterVnet };
  }

  addHdinsightCluster(seed: HdinsightSeed): string {
    const placed = this.place(seed);
    this.hdinsightClusters.push({
      ...placed,
      kind: seed.kind ?? 'KAFKA',
      vnetId: seed.vnetId,
      subnetName: seed.subnetName ?? 'default',
      gatewayUser: seed.gatewayUser ?? 'admin',
      gatewayPassword: seed.gatewayPassword ?? 'Gateway-Passw0rd!',
    });
    return hdinsightClusterId(placed.subscriptionId, seed.resourceGroup, seed.name);
  }

  /** A peering made by hand (the portal): it exists at once, provisioning Succeeded. */
  addPeering(localVnetId: string, name: string, remoteVnetId: string, seed: PeeringSeed = {}): string {
    const local = this.requireVnet(localVnetId);
    const remote = this.findVnet(remoteVnetId);
    local.peerings.push({
      name,
      remoteVnetId: remote ? this.idOf(remote) : remoteVnetId,
      allowVirtualNetworkAccess: seed.allowVirtualNetworkAccess ?? true,
      allowForwardedTraffic: seed.allowForwardedTraffic ?? false,
      allowGatewayTransit: false,
      useRemoteGateways: false,
      syncedRemotePrefixes: remote ? [...remote.addressPrefixes] : [],
      disconnected: false,
      provisioningState: 'Succeeded',
      resourceGuid: randomUUID(),
      etag: newEtag(),
    });
    return peeringId(this.idOf(local), name);
  }

  /** Remove one side, as the portal does: the other side, if any, becomes Disconnected. */
  removePeering(localVnetId: string, name: string): void {
    const local = this.requireVnet(localVnetId);
    const index = local.peerings.findIndex((p) => p.name.toLowerCase() === name.toLowerCase());
    if (index < 0) throw new Error(`no peering ${name} on ${localVnetId}`);
    const [removed] = local.peerings.splice(index, 1);
    const reverse = this.reverseOf(local, removed!);
    if (reverse) reverse.disconnected = true;
  }

  /** An address range added to a VNet that is already peered (puts the peerings out of sync). */
  addAddressPrefix(id: string, prefix: string): void {
    this.requireVnet(id).addressPrefixes.push(prefix);
  }

  findVnet(id: string): Vnet | undefined {
    const parsed = parseVnetId(id);
    if (!parsed) return undefined;
    return this.vnets.find(
      (v) =>
        sameId(v.subscriptionId, parsed.subscriptionId) &&
        sameId(v.resourceGroup, parsed.resourceGroup) &&
        sameId(v.name, parsed.name),
    );
  }

  requireVnet(id: string): Vnet {
    const vnet = this.findVnet(id);
    if (!vnet) throw new Error(`no VNet ${id} in the simulated world`);
    return vnet;
  }

  idOf(vnet: Vnet): string {
    return vnetId(vnet.subscriptionId, vnet.resourceGroup, vnet.name);
  }

  findPeering(vnet: Vnet, name: string): Peering | undefined {
    return vnet.peerings.find((p) => p.name.toLowerCase() === name.toLowerCase());
  }

  /** The peering on the remote VNet that points back at `local`, if any. */
  reverseOf(local: Vnet, peering: Peering): Peering | undefined {
    const remote = this.findVnet(peering.remoteVnetId);
    return remote?.peerings.find((p) => sameId(p.remoteVnetId, this.idOf(local)));
  }

  peeringState(local: Vnet, peering: Peering): PeeringState {
    if (peering.disconnected) return 'Disconnected';
    return this.reverseOf(local, peering) ? 'Connected' : 'Initiated';
  }

  syncLevel(local: Vnet, peering: Peering): SyncLevel {
    const remote = this.findVnet(peering.remoteVnetId);
    const localInSync = !remote || samePrefixes(peering.syncedRemotePrefixes, remote.addressPrefixes);
    const reverse = this.reverseOf(local, peering);
    const remoteInSync = !reverse || samePrefixes(reverse.syncedRemotePrefixes, local.addressPrefixes);
    if (localInSync && remoteInSync) return 'FullyInSync';
    if (localInSync) return 'RemoteNotInSync';
    if (remoteInSync) return 'LocalNotInSync';
    return 'LocalAndRemoteNotInSync';
  }

  /** Every peering in the world, for assertions: `{vnet, name, state, sync, provisioningState}`. */
  peeringSummary(): { vnet: string; name: string; remote: string; state: PeeringState; sync: SyncLevel; provisioningState: ProvisioningState; allowVirtualNetworkAccess: boolean }[] {
    return this.vnets.flatMap((vnet) =>
      vnet.peerings.map((peering) => ({
        vnet: vnet.name,
        name: peering.name,
        remote: parseVnetId(peering.remoteVnetId)?.name ?? peering.remoteVnetId,
        state: this.peeringState(vnet, peering),
        sync: this.syncLevel(vnet, peering),
        provisioningState: peering.provisioningState,
        allowVirtualNetworkAccess: peering.allowVirtualNetworkAccess,
      })),
    );
  }

  static subnetIdOf(vnet: string, subnet: string): string {
    return subnetId(vnet, subnet);
  }
}

export function samePrefixes(a: string[], b: string[]): boolean {
  const norm = (list: string[]) => [...list].map((p) => p.toLowerCase()).sort().join(',');
  return norm(a) === norm(b);
}

export function newEtag(): string {
  return `W/"${randomUUID()}"`;
}
