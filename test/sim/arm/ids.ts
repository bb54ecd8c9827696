// Resource ids in ARM's exact casing and shape (Azure/azure-rest-api-specs examples: network 2025-05-01
// VirtualNetworkGet.json, containerservice 2025-10-01 ManagedClustersGet.json, hdinsight 2021-06-01
// CreateKafkaClusterWithKafkaRestProxy.json). ARM matches paths case-insensitively but
// answers with the casing the resource was created with; so does the simulator.

export const vnetId = (subscriptionId: string, resourceGroup: string, name: string) =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${name}`;

export const subnetId = (vnet: string, subnet: string) => `${vnet}/subnets/${subnet}`;

export const peeringId = (vnet: string, peering: string) => `${vnet}/virtualNetworkPeerings/${peering}`;

export const managedClusterId = (subscriptionId: string, resourceGroup: string, name: string) =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`;

export const hdinsightClusterId = (subscriptionId: string, resourceGroup: string, name: string) =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.HDInsight/clusters/${name}`;

export interface ParsedVnetId {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** A VNet id, or a subnet id (then its VNet). Case-insensitive, as ARM is. */
export function parseVnetId(id: string): ParsedVnetId | undefined {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)(?:\/subnets\/[^/]+)?\/?$/i.exec(
    id,
  );
  if (!match) return undefined;
  return { subscriptionId: match[1]!, resourceGroup: match[2]!, name: match[3]! };
}

export const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export const networkSecurityGroupId = (subscriptionId: string, resourceGroup: string, name: string) =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/networkSecurityGroups/${name}`;

export const routeTableId = (subscriptionId: string, resourceGroup: string, name: string) =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/routeTables/${name}`;

/** The parts of a top-level resource id of one type (`networkSecurityGroups`, `routeTables`). Case-insensitive. */
export function parseResourceId(id: string, type: string): ParsedVnetId | undefined {
  const match = new RegExp(`^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Network/${type}/([^/]+)/?$`, 'i').exec(id);
  if (!match) return undefined;
  return { subscriptionId: match[1]!, resourceGroup: match[2]!, name: match[3]! };
}

/** A subnet id: its VNet's parts and the subnet's name. */
export function parseSubnetId(id: string): (ParsedVnetId & { subnet: string }) | undefined {
  const match = /^(.*)\/subnets\/([^/]+)\/?$/i.exec(id);
  const vnet = match ? parseVnetId(match[1]!) : undefined;
  return vnet && { ...vnet, subnet: match![2]! };
}
