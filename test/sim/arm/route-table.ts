// Route tables of the simulated world: user-defined routes, checked as ARM checks them (spec
// routeTable.json, RoutePropertiesFormat; virtual-networks-udr-overview.md): a next hop type of
// VirtualNetworkGateway, VnetLocal, Internet, VirtualAppliance or None ("Virtual network peering"
// cannot be chosen), and a next hop address with VirtualAppliance only.
import { isIP } from 'node:net';

export type NextHopType = 'VirtualNetworkGateway' | 'VnetLocal' | 'Internet' | 'VirtualAppliance' | 'None';

export interface UserRoute {
  name: string;
  addressPrefix: string;
  nextHopType: NextHopType;
  nextHopIpAddress: string | undefined;
  etag: string;
}

export interface RouteSeed {
  name: string;
  addressPrefix: string;
  nextHopType: NextHopType;
  nextHopIpAddress?: string;
}

export interface RouteTable {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  routes: UserRoute[];
  disableBgpRoutePropagation: boolean;
  resourceGuid: string;
  etag: string;
}

export interface RouteTableSeed {
  subscriptionId?: string;
  resourceGroup: string;
  name: string;
  location?: string;
  routes?: RouteSeed[];
  disableBgpRoutePropagation?: boolean;
}

export function userRouteOf(seed: RouteSeed, existing: UserRoute[], etag: string): UserRoute {
  if (existing.some((route) => route.name.toLowerCase() === seed.name.toLowerCase())) throw new Error(`route ${seed.name} exists already`);
  const [ip, length] = seed.addressPrefix.split('/');
  if (isIP(ip!) === 0 || !/^\d+$/.test(length ?? '')) throw new Error(`route ${seed.name}: ${seed.addressPrefix} is not a prefix the simulator models`);
  if ((seed.nextHopType === 'VirtualAppliance') !== (seed.nextHopIpAddress !== undefined)) {
    throw new Error(`route ${seed.name}: a next hop address goes with VirtualAppliance, and only with it (InvalidNextHopIpAddress)`);
  }
  return { name: seed.name, addressPrefix: seed.addressPrefix, nextHopType: seed.nextHopType, nextHopIpAddress: seed.nextHopIpAddress, etag };
}
