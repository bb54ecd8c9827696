// Microsoft.Network resources that decide what traffic a subnet passes: subnets (GET, list per VNet),
// network security groups and route tables (GET, list per resource group). Read-only: the simulated
// world is seeded through ArmWorld. Shapes: SubnetGet.json, NetworkSecurityGroupGet.json / List.json,
// RouteTableGet.json / List.json (2025-05-01 examples, Azure/azure-rest-api-specs
// specification/network/.../examples/2025-05-01/).
// A missing top-level resource is ARM's ResourceNotFound; a missing subnet is answered by the network
// resource provider itself, `NotFound` "Resource <id> not found." (its wording for a missing VNet in
// Azure/azure-cli#19761).
import { ArmError, resourceNotFound } from './errors.js';
import { sameId, subnetId } from './ids.js';
import { nsgJson, routeTableJson, subnetJson } from './render.js';
import type { ArmSimulator, Route, RouteContext } from './server.js';
import type { Vnet } from './world.js';

const RG = '/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Network';
const re = (pattern: string) => new RegExp(`^${pattern}/?$`, 'i');
const NETWORK = 'Microsoft.Network' as const;
const scope = { subscription: 1, resourceGroup: 2 };

export function subnetRoutes(sim: ArmSimulator): Route[] {
  const { world } = sim;
  const inGroup = ({ match }: RouteContext) => (r: { subscriptionId: string; resourceGroup: string }) =>
    sameId(r.subscriptionId, match[1]!) && sameId(r.resourceGroup, match[2]!);
  const named = (context: RouteContext) => (r: { subscriptionId: string; resourceGroup: string; name: string }) =>
    inGroup(context)(r) && sameId(r.name, context.match[3]!);

  const vnetAt = (context: RouteContext): Vnet => {
    const vnet = world.vnets.find(named(context));
    if (!vnet) throw resourceNotFound('Microsoft.Network/virtualNetworks', context.match[3]!, context.match[2]!);
    return vnet;
  };

  /** GET of one resource of a resource group, and the list of them (NetworkSecurityGroupList.json, RouteTableList.json). */
  const topLevel = <T extends { subscriptionId: string; resourceGroup: string; name: string }>(
    type: 'networkSecurityGroups' | 'routeTables',
    all: () => T[],
    json: (resource: T) => object,
  ): Route[] => [
    {
      method: 'GET', pattern: re(`${RG}/${type}`), provider: NETWORK, scope, action: `Microsoft.Network/${type}/read`,
      handle: (context) => ({ status: 200, body: { value: all().filter(inGroup(context)).map(json) } }),
    },
    {
      method: 'GET', pattern: re(`${RG}/${type}/([^/]+)`), provider: NETWORK, scope, action: `Microsoft.Network/${type}/read`,
      handle: (context) => {
        const resource = all().find(named(context));
        if (!resource) throw resourceNotFound(`Microsoft.Network/${type}`, context.match[3]!, context.match[2]!);
        return { status: 200, body: json(resource) };
      },
    },
  ];

  return [
    {
      method: 'GET', pattern: re(`${RG}/virtualNetworks/([^/]+)/subnets`), provider: NETWORK, scope,
      action: 'Microsoft.Network/virtualNetworks/subnets/read',
      handle: (context) => {
        const vnet = vnetAt(context);
        return { status: 200, body: { value: vnet.subnets.map((subnet) => subnetJson(world, vnet, subnet)) } };
      },
    },
    {
      method: 'GET', pattern: re(`${RG}/virtualNetworks/([^/]+)/subnets/([^/]+)`), provider: NETWORK, scope,
      action: 'Microsoft.Network/virtualNetworks/subnets/read',
      handle: (context) => {
        const vnet = vnetAt(context);
        const subnet = vnet.subnets.find((s) => sameId(s.name, context.match[4]!));
        if (!subnet) throw new ArmError(404, 'NotFound', `Resource ${subnetId(world.idOf(vnet), context.match[4]!)} not found.`);
        return { status: 200, body: subnetJson(world, vnet, subnet) };
      },
    },
    ...topLevel('networkSecurityGroups', () => world.nsgs, (nsg) => nsgJson(world, nsg)),
    ...topLevel('routeTables', () => world.routeTables, (table) => routeTableJson(world, table)),
  ];
}
