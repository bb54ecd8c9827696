// A route table as ARM reports it (RouteTableGet.json; spec specification/network/.../2025-05-01/routeTable.json,
// RoutePropertiesFormat): its user-defined routes, each checked for what routing needs.
import type { Route, RouteTable } from '@azure/arm-network';
import { operationFailed } from '../errors.js';
import { parseNetworkResourceId, type NetworkResourceRef } from './resource-id.js';

export interface RouteView {
  name: string;
  id: string;
  /** A prefix, or a service tag (virtual-networks-udr-overview.md, "Service Tags for user-defined routes"). */
  addressPrefix: string;
  /** `VirtualNetworkGateway`, `VnetLocal`, `Internet`, `VirtualAppliance` or `None`. */
  nextHopType: string;
  /** Only with `VirtualAppliance`. */
  nextHopIpAddress: string | undefined;
}

export interface RouteTableView extends NetworkResourceRef {
  routes: RouteView[];
}

export function routeTableViewOf(table: RouteTable): RouteTableView {
  const ref = parseNetworkResourceId(table.id ?? '', 'routeTables');
  if (!ref) throw operationFailed(`ARM answered a route table without a usable id (${table.id ?? 'none'}).`);
  return { ...ref, routes: (table.routes ?? []).map((route) => routeViewOf(route, ref.name)) };
}

function routeViewOf(route: Route, table: string): RouteView {
  const name = route.name ?? '(unnamed)';
  if (!route.addressPrefix || !route.nextHopType) {
    throw operationFailed(`ARM answered route ${name} of route table ${table} without ${route.addressPrefix ? 'a next hop type' : 'an address prefix'}.`);
  }
  return { name, id: route.id ?? '', addressPrefix: route.addressPrefix, nextHopType: route.nextHopType, nextHopIpAddress: route.nextHopIpAddress };
}
