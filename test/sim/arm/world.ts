// The simulated Azure: virtual networks and their peerings, AKS managed clusters, HDInsight clusters.
// Tests seed it through the typed methods below; the server (server.ts) turns it into ARM's JSON.
// Peering semantics follow Azure's documented behaviour (Azure/azure-rest-api-specs, network
// 2025-05-01 examples VirtualNetworkPeeringCreate.json;
// learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering):
//  - a peering created on one side alone is Initiated; once both sides exist both are Connected;
//  - deleting one side leaves the other Disconnected until it is updated or deleted and created again;
//  - each side keeps the copy of the remote address space it last synced; adding a prefix to a VNet
//    puts both of its peerings out of sync (LocalNotInSync on the side that points at it,
//    RemoteNotInSync on its own side) until `syncRemoteAddressSpace` is sent.
//
// Network security groups and route tables live in resource groups like ARM's; a subnet refers to at
// most one of each by id (SubnetGet.json; "Each subnet can have zero or one route table", MicrosoftDocs/azure-docs
// articles/virtual-network/virtual-networks-udr-overview.md). trafficVerdict (traffic.ts) judges from
// all of it whether a connection gets through.
import { randomUUID } from 'node:crypto';
import {
  hdinsightClusterId, managedClusterId, networkSecurityGroupId, parseResourceId, parseSubnetId, parseVnetId, peeringId, routeTableId, sameId, subnetId, vnetId,
} from './ids.js';
import { securityRuleOf, type Nsg, type NsgSeed, type SecurityRuleSeed } from './nsg.js';
import { userRouteOf, type RouteSeed, type RouteTable, type RouteTableSeed } from './route-table.js';
import { trafficVerdict, type TrafficVerdict } from './traffic.js';

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

export interface Subnet {
  name: string;
  addressPrefix: string;
  /** `properties.networkSecurityGroup.id`, when one is associated. */
  networkSecurityGroupId: string | undefined;
  /** `properties.routeTable.id`, when one is associated. */
  routeTableId: string | undefined;
}

export interface Vnet {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  addressPrefixes: string[];
  subnets: Subnet[];
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
  /** Azure CNI with dynamic IP allocation: the subnet the pods take their addresses from. */
  podSubnetId: string | undefined;
  networkPlugin: 'azure' | 'kubenet' | 'none';
  networkPluginMode: 'overlay' | undefined;
  podCidr: string | undefined;
  serviceCidr: string;
  dnsServiceIP: string;
  /** `powerState.code`: a stopped cluster (az aks stop) has no control plane and refuses run commands. */
  powerState: 'Running' | 'Stopped';
  /** AKS-managed Azure AD (`aadProfile.managed`): run commands need the caller's token for the AKS AAD server app. */
  aadManaged: boolean;
  /** `disableLocalAccounts`: no static credentials, only Azure AD (needs aadManaged). */
  disableLocalAccounts: boolean;
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
  /** A pod subnet (Azure CNI with dynamic IP allocation), in the same VNet. */
  podSubnetId?: string;
  /** Address space of the managed VNet (AKS's default is 10.224.0.0/12). */
  managedVnetPrefixes?: string[];
  networkPlugin?: 'azure' | 'kubenet' | 'none';
  networkPluginMode?: 'overlay';
  /** Default 10.244.0.0/16 for kubenet and overlay, none for flat Azure CNI. */
  podCidr?: string;
  /** AKS's default service range is 10.0.0.0/16. */
  serviceCidr?: string;
  /** AKS-managed Azure AD (default off). */
  aadManaged?: boolean;
  /** Local accounts disabled (default off; AKS allows it only with aadManaged). */
  disableLocalAccounts?: boolean;
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
  readonly nsgs: Nsg[] = [];
  readonly routeTables: RouteTable[] = [];
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
      subnets: (seed.subnets ?? [{ name: 'default', addressPrefix: seed.addressPrefixes[0]! }]).map((subnet) => ({
        ...subnet,
        networkSecurityGroupId: undefined,
        routeTableId: undefined,
      })),
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
      podSubnetId: seed.podSubnetId,
      networkPlugin: plugin,
      networkPluginMode: seed.networkPluginMode,
      podCidr: seed.podCidr ?? (podsOutsideVnet ? '10.244.0.0/16' : undefined),
      serviceCidr: seed.serviceCidr ?? '10.0.0.0/16',
      dnsServiceIP: '10.0.0.10',
      powerState: 'Running',
      aadManaged: seed.aadManaged ?? false,
      disableLocalAccounts: seed.disableLocalAccounts ?? false,
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
    return parsed && this.vnets.find((v) => sameParts(v, parsed));
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

  /** A network security group: the six default rules and the seeded ones. Returns its id. */
  addNsg(seed: NsgSeed): string {
    const placed = this.place(seed);
    this.nsgs.push({ ...placed, rules: [], resourceGuid: randomUUID(), etag: newEtag() });
    const id = networkSecurityGroupId(placed.subscriptionId, placed.resourceGroup, placed.name);
    for (const rule of seed.rules ?? []) this.addSecurityRule(id, rule);
    return id;
  }

  /** A custom rule, as the portal's "Add inbound/outbound security rule" makes it. */
  addSecurityRule(nsgId: string, seed: SecurityRuleSeed): void {
    const nsg = this.requireNsg(nsgId);
    nsg.rules.push(securityRuleOf(seed, nsg.rules, newEtag()));
    nsg.etag = newEtag();
  }

  removeSecurityRule(nsgId: string, name: string): void {
    const nsg = this.requireNsg(nsgId);
    nsg.rules = nsg.rules.filter((rule) => !sameId(rule.name, name));
    nsg.etag = newEtag();
  }

  /** A route table with the seeded user-defined routes. Returns its id. */
  addRouteTable(seed: RouteTableSeed): string {
    const placed = this.place(seed);
    this.routeTables.push({
      ...placed, routes: [], disableBgpRoutePropagation: seed.disableBgpRoutePropagation ?? false, resourceGuid: randomUUID(), etag: newEtag(),
    });
    const id = routeTableId(placed.subscriptionId, placed.resourceGroup, placed.name);
    for (const route of seed.routes ?? []) this.addRoute(id, route);
    return id;
  }

  addRoute(tableId: string, seed: RouteSeed): void {
    const table = this.requireRouteTable(tableId);
    table.routes.push(userRouteOf(seed, table.routes, newEtag()));
    table.etag = newEtag();
  }

  removeRoute(tableId: string, name: string): void {
    const table = this.requireRouteTable(tableId);
    table.routes = table.routes.filter((route) => !sameId(route.name, name));
    table.etag = newEtag();
  }

  /** `az network vnet subnet update --network-security-group`: one NSG per subnet, or none (undefined). */
  associateNsg(subnetId: string, nsgId: string | undefined): void {
    const { vnet, subnet } = this.requireSubnet(subnetId);
    const nsg = nsgId === undefined ? undefined : this.requireNsg(nsgId);
    // ARM refuses an NSG or route table from another region than the VNet's.
    if (nsg && !sameId(nsg.location, vnet.location)) throw new Error(`NSG ${nsg.name} is in ${nsg.location}, the subnet in ${vnet.location}`);
    subnet.networkSecurityGroupId = nsg && networkSecurityGroupId(nsg.subscriptionId, nsg.resourceGroup, nsg.name);
  }

  /** `az network vnet subnet update --route-table`: one route table per subnet, or none (undefined). */
  associateRouteTable(subnetId: string, tableId: string | undefined): void {
    const { vnet, subnet } = this.requireSubnet(subnetId);
    const table = tableId === undefined ? undefined : this.requireRouteTable(tableId);
    if (table && !sameId(table.location, vnet.location)) throw new Error(`route table ${table.name} is in ${table.location}, the subnet in ${vnet.location}`);
    subnet.routeTableId = table && routeTableId(table.subscriptionId, table.resourceGroup, table.name);
  }

  findNsg(id: string): Nsg | undefined {
    const parsed = parseResourceId(id, 'networkSecurityGroups');
    return parsed && this.nsgs.find((nsg) => sameParts(nsg, parsed));
  }

  findRouteTable(id: string): RouteTable | undefined {
    const parsed = parseResourceId(id, 'routeTables');
    return parsed && this.routeTables.find((table) => sameParts(table, parsed));
  }

  findSubnet(id: string): { vnet: Vnet; subnet: Subnet } | undefined {
    const parsed = parseSubnetId(id);
    const vnet = parsed && this.findVnet(id);
    const subnet = vnet?.subnets.find((s) => sameId(s.name, parsed!.subnet));
    return vnet && subnet && { vnet, subnet };
  }

  /** Ids of the subnets that refer to an NSG or route table (its readOnly `subnets` in ARM's JSON). */
  subnetsReferring(resourceId: string): string[] {
    return this.vnets.flatMap((vnet) =>
      vnet.subnets
        .filter((s) => [s.networkSecurityGroupId, s.routeTableId].some((ref) => ref !== undefined && sameId(ref, resourceId)))
        .map((s) => subnetId(this.idOf(vnet), s.name)),
    );
  }

  /**
   * Whether a TCP connection from a machine in that subnet reaches `toIp` on `port`: the peering both
   * ways, the routes both ways, the NSG on each end. The Kafka simulator asks before every connection.
   */
  trafficVerdict(from: { vnetId: string; subnetName: string }, toIp: string, port: number): TrafficVerdict {
    return trafficVerdict(this, from, toIp, port);
  }

  private requireNsg(id: string): Nsg {
    const nsg = this.findNsg(id);
    if (!nsg) throw new Error(`no NSG ${id} in the simulated world`);
    return nsg;
  }

  private requireRouteTable(id: string): RouteTable {
    const table = this.findRouteTable(id);
    if (!table) throw new Error(`no route table ${id} in the simulated world`);
    return table;
  }

  private requireSubnet(id: string): { vnet: Vnet; subnet: Subnet } {
    const found = this.findSubnet(id);
    if (!found) throw new Error(`no subnet ${id} in the simulated world`);
    return found;
  }

  static subnetIdOf(vnet: string, subnet: string): string {
    return subnetId(vnet, subnet);
  }
}

export function samePrefixes(a: string[], b: string[]): boolean {
  const norm = (list: string[]) => [...list].map((p) => p.toLowerCase()).sort().join(',');
  return norm(a) === norm(b);
}

function sameParts(a: { subscriptionId: string; resourceGroup: string; name: string }, b: { subscriptionId: string; resourceGroup: string; name: string }): boolean {
  return sameId(a.subscriptionId, b.subscriptionId) && sameId(a.resourceGroup, b.resourceGroup) && sameId(a.name, b.name);
}

export function newEtag(): string {
  return `W/"${randomUUID()}"`;
}
