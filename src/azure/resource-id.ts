// ARM resource ids of virtual networks, parsed as ARM matches them: case-insensitively (ARM returns
// both `resourceGroups` and `resourcegroups`; the 2025-09-01 AKS examples use lower case), keeping
// the subscription of the id, which may differ from the one the command runs in.
import { usageError } from '../errors.js';
import { resourceGroupName, subscriptionId, virtualNetworkName, type NameRule } from './names.js';

export interface VnetRef {
  /** Normalised: `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{name}`. */
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const VNET_OR_SUBNET =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)(?:\/subnets\/[^/]+)?\/?$/i;

/** A VNet id, or a subnet id (then its VNet); undefined for anything else. */
export function parseVnetId(id: string): VnetRef | undefined {
  const match = VNET_OR_SUBNET.exec(id.trim());
  if (!match) return undefined;
  const [, subscriptionId, resourceGroup, name] = match as unknown as [string, string, string, string];
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${name}`,
    subscriptionId,
    resourceGroup,
    name,
  };
}

/**
 * For flags (--aks-vnet, --hdinsight-vnet): a VNet id or a usage error saying what one looks like. Its
 * parts go into ARM paths, so each must keep Azure's rule for it (src/azure/names.ts): `..` has the shape.
 */
export function vnetIdFlag(flag: string, value: string): VnetRef {
  const ref = parseVnetId(value);
  const parts: [string, NameRule][] = ref
    ? [[ref.subscriptionId, subscriptionId], [ref.resourceGroup, resourceGroupName], [ref.name, virtualNetworkName]]
    : [];
  const broken = parts.find(([part, rule]) => !rule.pattern.test(part));
  if (ref && !broken) return ref;
  throw usageError(`${flag} "${value}" is not a virtual network resource id.${broken ? ` ${broken[1].says}` : ''}`, {
    hint: `Pass the id, e.g. /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<name> (\`az network vnet show -g <rg> -n <name> --query id -o tsv\`).`,
  });
}

export function sameResource(a: string, b: string): boolean {
  return a.replace(/\/$/, '').toLowerCase() === b.replace(/\/$/, '').toLowerCase();
}

/** The distinct VNets that a list of VNet or subnet ids names, in first-seen order and casing. */
export function distinctVnets(ids: (string | undefined)[]): VnetRef[] {
  const byId = new Map<string, VnetRef>();
  for (const id of ids) {
    const ref = id ? parseVnetId(id) : undefined;
    if (ref && !byId.has(ref.id.toLowerCase())) byId.set(ref.id.toLowerCase(), ref);
  }
  return [...byId.values()];
}

export interface SubnetRef {
  /** Normalised: the VNet's normalised id, then `/subnets/{name}`. */
  id: string;
  vnet: VnetRef;
  name: string;
}

const SUBNET = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+)\/subnets\/([^/]+)\/?$/i;

/** A subnet id (an agent pool's `vnetSubnetID`, an HDInsight role's `virtualNetworkProfile.subnet`). */
export function parseSubnetId(id: string): SubnetRef | undefined {
  const match = SUBNET.exec(id.trim());
  const vnet = match && parseVnetId(match[1]!);
  if (!vnet) return undefined;
  return { id: `${vnet.id}/subnets/${match[2]}`, vnet, name: match[2]! };
}

/** A resource of Microsoft.Network that a subnet refers to by id: its network security group or route table. */
export interface NetworkResourceRef {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export function parseNetworkResourceId(id: string, type: 'networkSecurityGroups' | 'routeTables'): NetworkResourceRef | undefined {
  const match = new RegExp(`^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Network/${type}/([^/]+)/?$`, 'i').exec(id.trim());
  if (!match) return undefined;
  const [, subscriptionId, resourceGroup, name] = match as unknown as [string, string, string, string];
  return { id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/${type}/${name}`, subscriptionId, resourceGroup, name };
}
