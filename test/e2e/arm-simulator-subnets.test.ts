// The ARM simulator's subnets, network security groups and route tables, over raw https: the shapes
// of SubnetGet.json, NetworkSecurityGroupGet.json and RouteTableGet.json, ARM's 404s, and the
// AuthorizationFailed knob on their reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmSimulator, type ArmSimulator } from '../sim/arm/server.js';
import { rawArm, type RawAnswer, type RawOptions } from '../support/arm-raw.js';

let sim: ArmSimulator;
let call: (method: string, path: string, options?: RawOptions) => Promise<RawAnswer>;
const RG = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/kafka-rg/providers/Microsoft.Network';
let vnet: string;
let nsg: string;
let table: string;

beforeAll(async () => {
  sim = await startArmSimulator();
  call = rawArm(sim);
  vnet = sim.world.addVnet({
    resourceGroup: 'kafka-rg',
    name: 'kafka-vnet',
    addressPrefixes: ['10.10.0.0/16'],
    subnets: [{ name: 'kafka-subnet', addressPrefix: '10.10.0.0/24' }, { name: 'spare', addressPrefix: '10.10.1.0/24' }],
  });
  nsg = sim.world.addNsg({
    resourceGroup: 'kafka-rg',
    name: 'kafka-nsg',
    rules: [
      { name: 'deny-kafka', priority: 200, direction: 'Inbound', access: 'Deny', protocol: 'Tcp', source: '10.224.0.0/12', destinationPorts: '9092' },
      { name: 'allow-ssh', priority: 300, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source: ['10.1.0.0/16', '10.2.0.0/16'], destinationPorts: ['22', '2200-2210'] },
    ],
  });
  sim.world.addNsg({ resourceGroup: 'kafka-rg', name: 'empty-nsg' });
  sim.world.addNsg({ resourceGroup: 'other-rg', name: 'elsewhere-nsg' });
  table = sim.world.addRouteTable({
    resourceGroup: 'kafka-rg',
    name: 'kafka-routes',
    routes: [
      { name: 'to-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.2.4' },
      { name: 'blackhole', addressPrefix: '10.99.0.0/16', nextHopType: 'None' },
    ],
  });
  sim.world.associateNsg(`${vnet}/subnets/kafka-subnet`, nsg);
  sim.world.associateRouteTable(`${vnet}/subnets/kafka-subnet`, table);
});
afterAll(() => sim.stop());

describe('network security groups in the ARM simulator', () => {
  it('answers GET with the custom rules, the six default rules, the subnets using it, an etag', async () => {
    const { status, body } = await call('GET', nsg);
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: 'kafka-nsg', id: nsg, type: 'Microsoft.Network/networkSecurityGroups', location: 'westeurope', etag: expect.stringMatching(/^W\/"/) });
    expect(body.properties.provisioningState).toBe('Succeeded');
    expect(body.properties.subnets).toEqual([{ id: `${vnet}/subnets/kafka-subnet` }]);
    expect(body.properties.defaultSecurityRules.map((r: { name: string; properties: { priority: number } }) => `${r.name} ${r.properties.priority}`)).toEqual([
      'AllowVnetInBound 65000',
      'AllowAzureLoadBalancerInBound 65001',
      'DenyAllInBound 65500',
      'AllowVnetOutBound 65000',
      'AllowInternetOutBound 65001',
      'DenyAllOutBound 65500',
    ]);
    expect(body.properties.defaultSecurityRules[0]).toMatchObject({
      id: `${nsg}/defaultSecurityRules/AllowVnetInBound`,
      type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
      properties: { description: 'Allow inbound traffic from all VMs in VNET', access: 'Allow', sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: 'VirtualNetwork', destinationPortRange: '*', protocol: '*' },
    });
    // One value goes in the singular field (the plural then []), several in the plural one.
    expect(body.properties.securityRules).toEqual([
      {
        name: 'deny-kafka',
        id: `${nsg}/securityRules/deny-kafka`,
        etag: expect.any(String),
        type: 'Microsoft.Network/networkSecurityGroups/securityRules',
        properties: {
          protocol: 'Tcp',
          sourcePortRange: '*', sourcePortRanges: [],
          destinationPortRange: '9092', destinationPortRanges: [],
          sourceAddressPrefix: '10.224.0.0/12', sourceAddressPrefixes: [],
          destinationAddressPrefix: '*', destinationAddressPrefixes: [],
          access: 'Deny', priority: 200, direction: 'Inbound', provisioningState: 'Succeeded',
        },
      },
      expect.objectContaining({ properties: expect.objectContaining({ sourceAddressPrefixes: ['10.1.0.0/16', '10.2.0.0/16'], destinationPortRanges: ['22', '2200-2210'] }) }),
    ]);
    const empty = await call('GET', `${RG}/networkSecurityGroups/empty-nsg`);
    expect(empty.body.properties.securityRules).toEqual([]);
    expect(empty.body.properties.defaultSecurityRules).toHaveLength(6);
    expect(empty.body.properties.subnets).toBeUndefined();
  });

  it('lists the NSGs of one resource group, and answers ResourceNotFound for a missing one', async () => {
    const list = await call('GET', `${RG}/networkSecurityGroups`);
    expect(list.body.value.map((n: { name: string }) => n.name)).toEqual(['kafka-nsg', 'empty-nsg']);
    const missing = await call('GET', `${RG}/networkSecurityGroups/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ResourceNotFound');
    expect(missing.body.error.message).toContain("The Resource 'Microsoft.Network/networkSecurityGroups/nope' under resource group 'kafka-rg' was not found");
  });

  it('refuses seeds ARM would refuse', () => {
    const add = (rule: Parameters<ArmSimulator['world']['addSecurityRule']>[1]) => () => sim.world.addSecurityRule(nsg, rule);
    expect(add({ name: 'low', priority: 99, direction: 'Inbound', access: 'Allow' })).toThrow(/priority must be 100-4096/);
    expect(add({ name: 'twin', priority: 200, direction: 'Inbound', access: 'Allow' })).toThrow(/SecurityRuleConflict/);
    expect(add({ name: 'tagged', priority: 500, direction: 'Inbound', access: 'Allow', source: 'Storage' })).toThrow(/not modelled/);
    expect(() => sim.world.addRoute(table, { name: 'nva', addressPrefix: '10.0.0.0/8', nextHopType: 'VirtualAppliance' })).toThrow(/InvalidNextHopIpAddress/);
  });
});

describe('route tables in the ARM simulator', () => {
  it('answers GET with its routes (a next hop address only for VirtualAppliance) and the subnets using it', async () => {
    const { body } = await call('GET', table);
    expect(body).toMatchObject({ name: 'kafka-routes', id: table, type: 'Microsoft.Network/routeTables', etag: expect.any(String) });
    expect(body.properties).toMatchObject({ disableBgpRoutePropagation: false, provisioningState: 'Succeeded', subnets: [{ id: `${vnet}/subnets/kafka-subnet` }] });
    expect(body.properties.routes).toEqual([
      {
        name: 'to-firewall', id: `${table}/routes/to-firewall`, etag: expect.any(String), type: 'Microsoft.Network/routeTables/routes',
        properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.2.4', provisioningState: 'Succeeded', hasBgpOverride: false },
      },
      {
        name: 'blackhole', id: `${table}/routes/blackhole`, etag: expect.any(String), type: 'Microsoft.Network/routeTables/routes',
        properties: { addressPrefix: '10.99.0.0/16', nextHopType: 'None', provisioningState: 'Succeeded', hasBgpOverride: false },
      },
    ]);
    expect((await call('GET', `${RG}/routeTables`)).body.value.map((t: { name: string }) => t.name)).toEqual(['kafka-routes']);
    expect((await call('GET', `${RG}/routeTables/nope`)).body.error.code).toBe('ResourceNotFound');
  });
});

describe('subnets in the ARM simulator', () => {
  it('name their NSG and route table by id, only when associated, in the subnet GET and inside the VNet', async () => {
    const subnet = await call('GET', `${vnet}/subnets/kafka-subnet`);
    expect(subnet.body).toEqual({
      name: 'kafka-subnet',
      id: `${vnet}/subnets/kafka-subnet`,
      etag: expect.any(String),
      type: 'Microsoft.Network/virtualNetworks/subnets',
      properties: {
        provisioningState: 'Succeeded',
        addressPrefix: '10.10.0.0/24',
        networkSecurityGroup: { id: nsg },
        routeTable: { id: table },
        privateEndpointNetworkPolicies: 'Disabled',
        privateLinkServiceNetworkPolicies: 'Enabled',
      },
    });
    const spare = await call('GET', `${vnet}/subnets/spare`);
    expect(spare.body.properties.networkSecurityGroup).toBeUndefined();
    expect(spare.body.properties.routeTable).toBeUndefined();
    expect((await call('GET', vnet)).body.properties.subnets[0]).toEqual(subnet.body);
    expect((await call('GET', `${vnet}/subnets`)).body.value.map((s: { name: string }) => s.name)).toEqual(['kafka-subnet', 'spare']);
  });

  it('answers the network provider\'s NotFound for a missing subnet', async () => {
    const missing = await call('GET', `${vnet}/subnets/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'NotFound', message: `Resource ${vnet}/subnets/nope not found.` });
  });

  it('refuses the reads an identity lacks, each with its own action', async () => {
    sim.faults.deny({ scope: nsg, action: 'Microsoft.Network/networkSecurityGroups/read' });
    sim.faults.deny({ scope: `${vnet}/subnets/spare`, action: 'Microsoft.Network/virtualNetworks/subnets/read' });
    const refused = await call('GET', nsg);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('AuthorizationFailed');
    expect(refused.body.error.message).toContain(`does not have authorization to perform action 'Microsoft.Network/networkSecurityGroups/read' over scope '${nsg}'`);
    expect((await call('GET', `${vnet}/subnets/spare`)).body.error.code).toBe('AuthorizationFailed');
    expect((await call('GET', `${vnet}/subnets/kafka-subnet`)).status).toBe(200);
    expect((await call('GET', table)).status).toBe(200);
  });
});
