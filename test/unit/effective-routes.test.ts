// Route selection as Azure does it (virtual-networks-udr-overview.md): default system routes, the
// reserved None routes and their exceptions, peering routes, longest prefix match, and a user route
// winning over a system route of the same prefix. The scene: the AKS subnet (VNet 10.224.0.0/12)
// sending to the HDInsight VNet 10.10.0.0/16, peered.
import { describe, expect, it } from 'vitest';
import { effectiveRoutes, routeDestination, routeText, type RoutingInput } from '../../src/azure/effective-routes.js';
import type { RouteTableView, RouteView } from '../../src/azure/route-table.js';

const TABLE = '/subscriptions/s1/resourceGroups/aks-rg/providers/Microsoft.Network/routeTables/aks-routes';
const route = (name: string, addressPrefix: string, nextHopType: string, nextHopIpAddress?: string): RouteView => ({
  name,
  id: `${TABLE}/routes/${name}`,
  addressPrefix,
  nextHopType,
  nextHopIpAddress,
});
const table = (...routes: RouteView[]): RouteTableView => ({ id: TABLE, name: 'aks-routes', resourceGroup: 'aks-rg', subscriptionId: 's1', routes });
const aks: RoutingInput = { localPrefixes: ['10.224.0.0/12'], peeredPrefixes: ['10.10.0.0/16'], routeTable: undefined };

/** Each part of the destination and the route that carries it, in words. */
function routed(input: RoutingInput, destination = '10.10.0.0/24'): string[] {
  return routeDestination(effectiveRoutes(input), destination).parts.map((part) => `${part.prefixes.join(' ')}: ${part.route ? routeText(part.route) : 'no route'}`);
}

describe('effective routes', () => {
  it('are the documented defaults plus one route per peered range', () => {
    expect(effectiveRoutes(aks).map((r) => `${r.source} ${r.addressPrefix} ${r.nextHopType}`)).toEqual([
      'Default 10.224.0.0/12 VnetLocal',
      'Default 10.10.0.0/16 VNetPeering',
      'Default 0.0.0.0/0 Internet',
      'Default 10.0.0.0/8 None',
      'Default 172.16.0.0/12 None',
      'Default 192.168.0.0/16 None',
      'Default 100.64.0.0/10 None',
    ]);
  });

  const cases: [string, RoutingInput, string[]][] = [
    ['no route table: the peering route carries the HDInsight range', aks, ['10.10.0.0/24: system route 10.10.0.0/16 → VNetPeering']],
    [
      '0.0.0.0/0 to a firewall does not capture it: the peering route is longer',
      { ...aks, routeTable: table(route('to-firewall', '0.0.0.0/0', 'VirtualAppliance', '10.224.0.4')) },
      ['10.10.0.0/24: system route 10.10.0.0/16 → VNetPeering'],
    ],
    [
      'a user route for exactly the peered prefix wins over the peering route',
      { ...aks, routeTable: table(route('hdi-via-firewall', '10.10.0.0/16', 'VirtualAppliance', '10.224.0.4')) },
      ['10.10.0.0/24: route hdi-via-firewall (10.10.0.0/16 → VirtualAppliance 10.224.0.4) of route table aks-routes'],
    ],
    [
      'a more specific user route wins',
      { ...aks, routeTable: table(route('kafka-subnet', '10.10.0.0/24', 'VirtualNetworkGateway')) },
      ['10.10.0.0/24: route kafka-subnet (10.10.0.0/24 → VirtualNetworkGateway) of route table aks-routes'],
    ],
    [
      'a user route for half the destination splits it',
      { ...aks, routeTable: table(route('blackhole', '10.10.0.128/25', 'None')) },
      ['10.10.0.0/25: system route 10.10.0.0/16 → VNetPeering', '10.10.0.128/25: route blackhole (10.10.0.128/25 → None) of route table aks-routes'],
    ],
    [
      'a less specific user route loses to the peering route',
      { ...aks, routeTable: table(route('all-private', '10.0.0.0/8', 'VirtualAppliance', '10.224.0.4')) },
      ['10.10.0.0/24: system route 10.10.0.0/16 → VNetPeering'],
    ],
    [
      'a user route sending the range to the Internet',
      { ...aks, routeTable: table(route('out', '10.10.0.0/16', 'Internet')) },
      ['10.10.0.0/24: route out (10.10.0.0/16 → Internet) of route table aks-routes'],
    ],
    [
      'a service-tag route holds public prefixes only and is left out',
      { ...aks, routeTable: table(route('storage', 'Storage', 'VirtualAppliance', '10.224.0.4')) },
      ['10.10.0.0/24: system route 10.10.0.0/16 → VNetPeering'],
    ],
    ['not peered: 10.0.0.0/8 drops it', { ...aks, peeredPrefixes: [] }, ['10.10.0.0/24: system route 10.0.0.0/8 → None']],
  ];
  it.each(cases)('%s', (_, input, expected) => expect(routed(input)).toEqual(expected));
});

describe('the reserved None routes', () => {
  const cases: [string, string[], string, string][] = [
    ['172.16.0.0/12 drops a range outside the VNet', ['10.224.0.0/12'], '172.20.0.0/24', 'system route 172.16.0.0/12 → None'],
    ['192.168.0.0/16 likewise', ['10.224.0.0/12'], '192.168.5.0/24', 'system route 192.168.0.0/16 → None'],
    ['100.64.0.0/10 (RFC 6598) likewise', ['10.224.0.0/12'], '100.64.1.0/24', 'system route 100.64.0.0/10 → None'],
    ['a public range goes to the Internet', ['10.224.0.0/12'], '20.50.0.0/24', 'system route 0.0.0.0/0 → Internet'],
    ['a VNet range equal to a reserved one turns it into the VNet', ['172.16.0.0/12'], '172.20.0.0/24', 'system route 172.16.0.0/12 → VnetLocal'],
    ['a VNet range that contains a reserved one removes it', ['100.0.0.0/8'], '100.64.1.0/24', 'system route 100.0.0.0/8 → VnetLocal'],
    ['a VNet range inside a reserved one leaves it for the rest', ['10.224.0.0/12'], '10.99.0.0/24', 'system route 10.0.0.0/8 → None'],
  ];
  it.each(cases)('%s', (_, local, destination, expected) =>
    expect(routed({ localPrefixes: local, peeredPrefixes: [], routeTable: undefined }, destination)).toEqual([`${destination}: ${expected}`]),
  );
});
