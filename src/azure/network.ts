// Virtual networks and their peerings, read through @azure/arm-network (classic SDK, flattened models).
// ARM's VNet GET embeds the VNet's peerings (VirtualNetworkGet.json `virtualNetworkPeerings`), so one
// read per VNet gives its address space and every peering with the remote's current address space.
import type { Subnet, VirtualNetwork, VirtualNetworkPeering } from '@azure/arm-network';
import type { AzureClients } from './clients.js';
import { armCall } from './arm-errors.js';
import { parseVnetId, type VnetRef } from './resource-id.js';

export type PeeringState = 'Initiated' | 'Connected' | 'Disconnected';

export interface PeeringView {
  name: string;
  id: string;
  remoteVnetId: string;
  /** `peeringState` as ARM reports it; an unknown value is kept as is. */
  state: PeeringState | string;
  /** `peeringSyncLevel`: FullyInSync, LocalNotInSync, RemoteNotInSync, LocalAndRemoteNotInSync. */
  syncLevel: string;
  provisioningState: string;
  /** The remote VNet's address space now (`remoteVirtualNetworkAddressSpace`). */
  remoteAddressPrefixes: string[];
  allowVirtualNetworkAccess: boolean;
  allowForwardedTraffic: boolean;
  allowGatewayTransit: boolean;
  useRemoteGateways: boolean;
}

export interface VnetView extends VnetRef {
  location: string;
  addressPrefixes: string[];
  /** The subnets ARM embeds in the VNet (VirtualNetworkGet.json `subnets`): an AKS-managed VNet's are all AKS's. */
  subnets: { id: string; name: string; addressPrefixes: string[] }[];
  peerings: PeeringView[];
}

export function peeringViewOf(peering: VirtualNetworkPeering): PeeringView {
  return {
    name: peering.name ?? '',
    id: peering.id ?? '',
    remoteVnetId: peering.remoteVirtualNetwork?.id ?? '',
    state: peering.peeringState ?? 'Unknown',
    syncLevel: peering.peeringSyncLevel ?? 'Unknown',
    provisioningState: peering.provisioningState ?? 'Unknown',
    remoteAddressPrefixes:
      peering.remoteVirtualNetworkAddressSpace?.addressPrefixes ?? peering.remoteAddressSpace?.addressPrefixes ?? [],
    allowVirtualNetworkAccess: peering.allowVirtualNetworkAccess ?? true,
    allowForwardedTraffic: peering.allowForwardedTraffic ?? false,
    allowGatewayTransit: peering.allowGatewayTransit ?? false,
    useRemoteGateways: peering.useRemoteGateways ?? false,
  };
}

function vnetViewOf(vnet: VirtualNetwork, fallback: VnetRef): VnetView {
  const ref = (vnet.id && parseVnetId(vnet.id)) || fallback;
  return {
    ...ref,
    location: vnet.location ?? '',
    addressPrefixes: vnet.addressSpace?.addressPrefixes ?? [],
    subnets: (vnet.subnets ?? []).map((subnet) => ({
      id: subnet.id ?? `${ref.id}/subnets/${subnet.name ?? ''}`,
      name: subnet.name ?? '',
      addressPrefixes: subnetPrefixesOf(subnet),
    })),
    peerings: (vnet.virtualNetworkPeerings ?? []).map(peeringViewOf),
  };
}

/** A subnet's ranges: `addressPrefixes` when ARM fills it (several ranges), else `addressPrefix`. */
export function subnetPrefixesOf(subnet: Pick<Subnet, 'addressPrefix' | 'addressPrefixes'>): string[] {
  return subnet.addressPrefixes?.length ? subnet.addressPrefixes : subnet.addressPrefix ? [subnet.addressPrefix] : [];
}

/** One VNet with its peerings. `role` names it in errors: "the AKS VNet", "the HDInsight VNet". */
export async function readVnet(clients: AzureClients, ref: VnetRef, role: string): Promise<VnetView> {
  return armCall(
    {
      what: `Reading ${role} ${ref.name}`,
      notFound: {
        message: `Virtual network ${ref.name} (${role}) was not found in resource group ${ref.resourceGroup} of subscription ${ref.subscriptionId}`,
        hint: 'Check the VNet id; it may have been deleted or moved.',
      },
    },
    async () => {
      const network = await clients.network(ref.subscriptionId);
      return vnetViewOf(await network.virtualNetworks.get(ref.resourceGroup, ref.name), ref);
    },
  );
}

/** The VNets of a resource group (AKS's node resource group holds its managed VNet). */
export async function listVnets(clients: AzureClients, subscriptionId: string, resourceGroup: string): Promise<VnetView[]> {
  return armCall(
    {
      what: `Listing the virtual networks of resource group ${resourceGroup}`,
      notFound: {
        message: `Resource group ${resourceGroup} was not found in subscription ${subscriptionId}`,
        hint: 'Pass the AKS VNet with --aks-vnet <resource id>.',
      },
    },
    async () => {
      const network = await clients.network(subscriptionId);
      const found: VnetView[] = [];
      for await (const vnet of network.virtualNetworks.list(resourceGroup)) {
        found.push(vnetViewOf(vnet, { id: vnet.id ?? '', subscriptionId, resourceGroup, name: vnet.name ?? '' }));
      }
      return found;
    },
  );
}

/** One peering, or undefined when it does not exist (a 404 is an answer here, not an error). */
export async function readPeering(
  clients: AzureClients,
  vnet: VnetRef,
  name: string,
  abortSignal?: AbortSignal,
): Promise<PeeringView | undefined> {
  return armCall({ what: `Reading peering ${name} of VNet ${vnet.name}` }, async () => {
    const network = await clients.network(vnet.subscriptionId);
    try {
      return peeringViewOf(await network.virtualNetworkPeerings.get(vnet.resourceGroup, vnet.name, name, { abortSignal }));
    } catch (error) {
      if ((error as { statusCode?: unknown }).statusCode === 404) return undefined;
      throw error;
    }
  });
}
