// Where a subnet sends traffic for a destination range, chosen as Azure chooses.
// MicrosoftDocs/azure-docs articles/virtual-network/virtual-networks-udr-overview.md:
//  - default system routes: each address range of the VNet → Virtual network (`VnetLocal`);
//    0.0.0.0/0 → Internet; 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918) and 100.64.0.0/10
//    (RFC 6598) → None, i.e. dropped. "If you assign any of the previous address ranges within the
//    address space of a virtual network, Azure automatically changes the next hop type for the route
//    from None to Virtual network. If you assign an address range ... that includes, but isn't the same
//    as, one of the four reserved address prefixes, Azure removes the route for the prefix";
//  - a peering adds, for each address range of the peered VNet, a route with next hop VNet peering;
//  - selection: longest prefix match; for equal prefixes a user-defined route beats a BGP route beats
//    a system route; the system routes of the VNet and its peerings are preferred even over more
//    specific BGP routes. kafka-aks reads no gateway, so BGP routes are left out altogether.
// User routes whose prefix is a service tag hold Azure services' public prefixes, which kafka-aks
// does not download; they are left out, which matters only for a destination in public address space.
// Pure.
import { cutRanges, parseRange, prefixesOf, within, type AddressRange } from './address-range.js';
import type { NetworkResourceRef } from './resource-id.js';
import type { RouteTableView } from './route-table.js';

export interface EffectiveRoute {
  source: 'User' | 'Default';
  addressPrefix: string;
  /** `VnetLocal`, `VNetPeering`, `Internet`, `None`, or a user route's `VirtualAppliance`, `VirtualNetworkGateway`... */
  nextHopType: string;
  nextHopIpAddress: string | undefined;
  /** A user route: its name and id, and its table. */
  route: { name: string; id: string; table: NetworkResourceRef } | undefined;
}

export interface RoutingInput {
  /** The address space of the subnet's own VNet. */
  localPrefixes: string[];
  /** The address spaces of the VNets it is peered with. */
  peeredPrefixes: string[];
  /** The route table associated with the subnet, if any (each subnet has zero or one). */
  routeTable: RouteTableView | undefined;
}

export interface RoutedPart {
  /** The part of the destination this route carries, as prefixes. */
  prefixes: string[];
  /** Undefined when no route covers it (an IPv6 range outside every VNet): it goes nowhere. */
  route: EffectiveRoute | undefined;
}

export interface DestinationRouting {
  destination: string;
  /** In address order; one part when a single route carries the whole destination. */
  parts: RoutedPart[];
}

const RESERVED = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

export function effectiveRoutes(input: RoutingInput): EffectiveRoute[] {
  const system = (addressPrefix: string, nextHopType: string): EffectiveRoute => ({
    source: 'Default', addressPrefix, nextHopType, nextHopIpAddress: undefined, route: undefined,
  });
  const local = input.localPrefixes.map(parseRange).filter((range): range is AddressRange => range !== undefined);
  const table = input.routeTable;
  const user = table
    ? table.routes
        .filter((route) => parseRange(route.addressPrefix))
        .map((route): EffectiveRoute => ({
          source: 'User',
          addressPrefix: route.addressPrefix,
          nextHopType: route.nextHopType,
          nextHopIpAddress: route.nextHopIpAddress,
          route: { name: route.name, id: route.id, table: { id: table.id, name: table.name, resourceGroup: table.resourceGroup, subscriptionId: table.subscriptionId } },
        }))
    : [];
  return [
    ...user,
    ...input.localPrefixes.map((prefix) => system(prefix, 'VnetLocal')),
    ...input.peeredPrefixes.map((prefix) => system(prefix, 'VNetPeering')),
    system('0.0.0.0/0', 'Internet'),
    // A VNet range equal to a reserved one has its own VnetLocal route; one that contains it removes it.
    ...RESERVED.filter((prefix) => !local.some((range) => within(parseRange(prefix)!, range))).map((prefix) => system(prefix, 'None')),
  ];
}

/** Which routes carry a destination range, split where a more specific route takes over part of it. */
export function routeDestination(routes: EffectiveRoute[], destination: string): DestinationRouting {
  const target = parseRange(destination);
  if (!target) return { destination, parts: [] };
  const ranged = routes.flatMap((route) => {
    const range = parseRange(route.addressPrefix);
    return range ? [{ route, range }] : [];
  });
  const runs: { route: EffectiveRoute | undefined; pieces: AddressRange[] }[] = [];
  for (const piece of cutRanges([target], ranged.map((r) => r.range))) {
    const route = bestRoute(ranged, piece);
    const last = runs[runs.length - 1];
    if (last && last.route === route) last.pieces.push(piece);
    else runs.push({ route, pieces: [piece] });
  }
  return { destination, parts: runs.map((run) => ({ prefixes: prefixesOf(run.pieces), route: run.route })) };
}

/** Longest prefix first; on equal prefixes a user route, then the VNet's and its peerings' own routes. */
function bestRoute(ranged: { route: EffectiveRoute; range: AddressRange }[], piece: AddressRange): EffectiveRoute | undefined {
  const rank = (route: EffectiveRoute) =>
    route.source === 'User' ? 0 : route.nextHopType === 'VnetLocal' || route.nextHopType === 'VNetPeering' ? 1 : 2;
  let best: { route: EffectiveRoute; size: bigint } | undefined;
  for (const { route, range } of ranged) {
    if (!within(piece, range)) continue;
    const size = range.last - range.first;
    if (!best || size < best.size || (size === best.size && rank(route) < rank(best.route))) best = { route, size };
  }
  return best?.route;
}

/** "route to-firewall (10.10.0.0/16 → VirtualAppliance 10.224.0.4) of route table aks-routes", "system route 10.0.0.0/8 → None". */
export function routeText(route: EffectiveRoute): string {
  const hop = `${route.addressPrefix} → ${route.nextHopType}${route.nextHopIpAddress ? ` ${route.nextHopIpAddress}` : ''}`;
  return route.route ? `route ${route.route.name} (${hop}) of route table ${route.route.table.name}` : `system route ${hop}`;
}
