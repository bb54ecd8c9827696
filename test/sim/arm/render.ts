// The world as ARM's JSON. Each shape follows an official REST example (Azure/azure-rest-api-specs:
// network 2025-05-01, containerservice 2025-10-01, hdinsight 2021-06-01): VirtualNetworkGet.json,
// VirtualNetworkPeeringGet.json, ManagedClustersGet.json, CreateKafkaClusterWithKafkaRestProxy.json
// (200 body) with the virtualNetworkProfile of CreateHDInsightClusterWithCustomNetworkProperties.json,
// and HDI_Clusters_GetGatewaySettings.json, SubnetGet.json, NetworkSecurityGroupGet.json and
// RouteTableGet.json. Properties sit under `properties`, as on the wire; the SDKs flatten them.
import { peeringId, subnetId, hdinsightClusterId, managedClusterId, networkSecurityGroupId, routeTableId } from './ids.js';
import { DEFAULT_RULES, type Nsg, type SecurityRule } from './nsg.js';
import type { RouteTable } from './route-table.js';
import type { AksCluster, ArmWorld, HdinsightCluster, Peering, Subnet, Vnet } from './world.js';

export function peeringJson(world: ArmWorld, vnet: Vnet, peering: Peering): object {
  const remote = world.findVnet(peering.remoteVnetId);
  const prefixes = (list: string[]) => ({ addressPrefixes: [...list] });
  return {
    name: peering.name,
    id: peeringId(world.idOf(vnet), peering.name),
    etag: peering.etag,
    type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
    properties: {
      provisioningState: peering.provisioningState,
      resourceGuid: peering.resourceGuid,
      peeringState: world.peeringState(vnet, peering),
      peeringSyncLevel: world.syncLevel(vnet, peering),
      remoteVirtualNetwork: { id: peering.remoteVnetId },
      allowVirtualNetworkAccess: peering.allowVirtualNetworkAccess,
      allowForwardedTraffic: peering.allowForwardedTraffic,
      allowGatewayTransit: peering.allowGatewayTransit,
      useRemoteGateways: peering.useRemoteGateways,
      doNotVerifyRemoteGateways: false,
      peerCompleteVnets: true,
      // remoteAddressSpace: what this side last synced; remoteVirtualNetworkAddressSpace: the remote's now.
      remoteAddressSpace: prefixes(peering.syncedRemotePrefixes),
      remoteVirtualNetworkAddressSpace: prefixes(remote ? remote.addressPrefixes : peering.syncedRemotePrefixes),
      remoteBgpCommunities: { virtualNetworkCommunity: '12076:20002', regionalCommunity: '12076:50004' },
    },
  };
}

export function vnetJson(world: ArmWorld, vnet: Vnet): object {
  const id = world.idOf(vnet);
  return {
    name: vnet.name,
    id,
    etag: `W/"${vnet.resourceGuid}"`,
    type: 'Microsoft.Network/virtualNetworks',
    location: vnet.location,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: vnet.resourceGuid,
      addressSpace: { addressPrefixes: [...vnet.addressPrefixes] },
      subnets: vnet.subnets.map((subnet) => subnetJson(world, vnet, subnet)),
      virtualNetworkPeerings: vnet.peerings.map((peering) => peeringJson(world, vnet, peering)),
      enableDdosProtection: false,
    },
  };
}

/** A subnet names its NSG and route table by id only, and only when one is associated (SubnetGet.json has neither). */
export function subnetJson(world: ArmWorld, vnet: Vnet, subnet: Subnet): object {
  return {
    name: subnet.name,
    id: subnetId(world.idOf(vnet), subnet.name),
    etag: `W/"${vnet.resourceGuid}"`,
    properties: {
      provisioningState: 'Succeeded',
      addressPrefix: subnet.addressPrefix,
      ...(subnet.networkSecurityGroupId ? { networkSecurityGroup: { id: subnet.networkSecurityGroupId } } : {}),
      ...(subnet.routeTableId ? { routeTable: { id: subnet.routeTableId } } : {}),
      privateEndpointNetworkPolicies: 'Disabled',
      privateLinkServiceNetworkPolicies: 'Enabled',
    },
    type: 'Microsoft.Network/virtualNetworks/subnets',
  };
}

/** `defaultSecurityRules` always present (readOnly), `subnets` listing who refers to it. */
export function nsgJson(world: ArmWorld, nsg: Nsg): object {
  const id = networkSecurityGroupId(nsg.subscriptionId, nsg.resourceGroup, nsg.name);
  const rule = (kind: 'securityRules' | 'defaultSecurityRules', r: Omit<SecurityRule, 'etag'>, etag: string) => ({
    name: r.name,
    id: `${id}/${kind}/${r.name}`,
    etag,
    type: `Microsoft.Network/networkSecurityGroups/${kind}`,
    properties: {
      ...(r.description ? { description: r.description } : {}),
      protocol: r.protocol,
      ...singularOrPlural('sourcePortRange', 'sourcePortRanges', r.sourcePorts),
      ...singularOrPlural('destinationPortRange', 'destinationPortRanges', r.destinationPorts),
      ...singularOrPlural('sourceAddressPrefix', 'sourceAddressPrefixes', r.sources),
      ...singularOrPlural('destinationAddressPrefix', 'destinationAddressPrefixes', r.destinations),
      access: r.access,
      priority: r.priority,
      direction: r.direction,
      provisioningState: 'Succeeded',
    },
  });
  return {
    name: nsg.name,
    id,
    etag: nsg.etag,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: nsg.location,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: nsg.resourceGuid,
      securityRules: nsg.rules.map((r) => rule('securityRules', r, r.etag)),
      defaultSecurityRules: DEFAULT_RULES.map((r) => rule('defaultSecurityRules', r, nsg.etag)),
      ...referrers(world, id),
    },
  };
}

export function routeTableJson(world: ArmWorld, table: RouteTable): object {
  const id = routeTableId(table.subscriptionId, table.resourceGroup, table.name);
  return {
    name: table.name,
    id,
    etag: table.etag,
    type: 'Microsoft.Network/routeTables',
    location: table.location,
    properties: {
      disableBgpRoutePropagation: table.disableBgpRoutePropagation,
      provisioningState: 'Succeeded',
      resourceGuid: table.resourceGuid,
      routes: table.routes.map((route) => ({
        name: route.name,
        id: `${id}/routes/${route.name}`,
        etag: route.etag,
        type: 'Microsoft.Network/routeTables/routes',
        properties: {
          addressPrefix: route.addressPrefix,
          nextHopType: route.nextHopType,
          ...(route.nextHopIpAddress ? { nextHopIpAddress: route.nextHopIpAddress } : {}),
          provisioningState: 'Succeeded',
          hasBgpOverride: false,
        },
      })),
      ...referrers(world, id),
    },
  };
}

/**
 * ARM fills the singular field for one value and the plural for several, and sends the unused plural
 * as `[]` (the portal's export of an NSG rule, api-version 2019-06-01, in MicrosoftDocs/azure-docs
 * articles/virtual-network/move-across-regions-nsg-portal.md).
 */
function singularOrPlural(singular: string, plural: string, values: string[]): Record<string, unknown> {
  return values.length === 1 ? { [singular]: values[0], [plural]: [] } : { [plural]: [...values] };
}

function referrers(world: ArmWorld, id: string): { subnets?: { id: string }[] } {
  const subnets = world.subnetsReferring(id);
  return subnets.length > 0 ? { subnets: subnets.map((subnet) => ({ id: subnet })) } : {};
}

export function managedClusterJson(cluster: AksCluster): object {
  return {
    id: managedClusterId(cluster.subscriptionId, cluster.resourceGroup, cluster.name),
    location: cluster.location,
    name: cluster.name,
    type: 'Microsoft.ContainerService/ManagedClusters',
    eTag: 'beywbwei',
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: cluster.powerState },
      kubernetesVersion: '1.33.2',
      currentKubernetesVersion: '1.33.2',
      dnsPrefix: `${cluster.name}-dns`,
      fqdn: `${cluster.name}-dns-abcd1234.hcp.${cluster.location}.azmk8s.io`,
      agentPoolProfiles: [
        {
          name: 'nodepool1',
          count: 3,
          vmSize: 'Standard_DS2_v2',
          maxPods: 110,
          osType: 'Linux',
          mode: 'System',
          provisioningState: 'Succeeded',
          orchestratorVersion: '1.33.2',
          ...(cluster.vnetSubnetId ? { vnetSubnetID: cluster.vnetSubnetId } : {}),
          ...(cluster.podSubnetId ? { podSubnetID: cluster.podSubnetId } : {}),
        },
      ],
      enableRBAC: true,
      ...(cluster.aadManaged ? { aadProfile: { managed: true, enableAzureRBAC: true, tenantID: '72f988bf-0000-0000-0000-000000000000' } } : {}),
      disableLocalAccounts: cluster.disableLocalAccounts,
      nodeResourceGroup: cluster.nodeResourceGroup,
      networkProfile: {
        networkPlugin: cluster.networkPlugin,
        ...(cluster.networkPluginMode ? { networkPluginMode: cluster.networkPluginMode } : {}),
        ...(cluster.podCidr ? { podCidr: cluster.podCidr, podCidrs: [cluster.podCidr] } : {}),
        serviceCidr: cluster.serviceCidr,
        serviceCidrs: [cluster.serviceCidr],
        dnsServiceIP: cluster.dnsServiceIP,
        outboundType: 'loadBalancer',
        loadBalancerSku: 'standard',
        ipFamilies: ['IPv4'],
      },
    },
  };
}

export function hdinsightClusterJson(cluster: HdinsightCluster): object {
  const network = cluster.vnetId
    ? { virtualNetworkProfile: { id: cluster.vnetId, subnet: subnetId(cluster.vnetId, cluster.subnetName ?? 'default') } }
    : {};
  const role = (name: string, count: number, vmSize: string) => ({
    name,
    targetInstanceCount: count,
    hardwareProfile: { vmSize },
    osProfile: { linuxOperatingSystemProfile: { username: 'sshuser' } },
    ...network,
  });
  const isKafka = cluster.kind.toLowerCase() === 'kafka';
  const host = cluster.name.toLowerCase();
  return {
    id: hdinsightClusterId(cluster.subscriptionId, cluster.resourceGroup, cluster.name),
    name: cluster.name,
    type: 'Microsoft.HDInsight/clusters',
    location: cluster.location,
    etag: 'e1266b83-9bda-4797-a906-1bf82c8eb09a',
    tags: null,
    properties: {
      clusterVersion: '5.1.3000.0',
      osType: 'Linux',
      clusterDefinition: {
        blueprint: `https://blueprints.azurehdinsight.net/${cluster.kind.toLowerCase()}-5.1.3000.0.json`,
        kind: cluster.kind,
        componentVersion: isKafka ? { Kafka: '3.2' } : {},
      },
      computeProfile: {
        roles: [
          role('headnode', 2, 'standard_e8_v3'),
          role('workernode', 4, 'standard_d4a_v4'),
          role('zookeepernode', 3, 'standard_a4_v2'),
        ],
      },
      provisioningState: 'Succeeded',
      clusterState: 'Running',
      createdDate: '2026-11-01T09:30:00.000',
      quotaInfo: { coresUsed: 52 },
      connectivityEndpoints: [
        { name: 'SSH', protocol: 'TCP', location: `${host}-ssh.azurehdinsight.net`, port: 22 },
        { name: 'HTTPS', protocol: 'TCP', location: `${host}.azurehdinsight.net`, port: 443 },
      ],
      tier: 'Standard',
    },
  };
}

/** POST getGatewaySettings: dotted literal keys, the flag a string (HDI_Clusters_GetGatewaySettings.json). */
export function gatewaySettingsJson(cluster: HdinsightCluster): object {
  return {
    'restAuthCredential.isEnabled': 'true',
    'restAuthCredential.username': cluster.gatewayUser,
    'restAuthCredential.password': cluster.gatewayPassword,
  };
}
