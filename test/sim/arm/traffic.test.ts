// The simulator's judgement of whether a connection gets through (ArmWorld.trafficVerdict): the model
// the Kafka simulator consults before letting a client reach a broker.
// The scene: AKS nodes in aks-subnet 10.224.0.0/16 (first node 10.224.0.4) of aks-vnet 10.224.0.0/12,
// a broker at 10.10.0.5 in kafka-subnet 10.10.0.0/24 of kafka-vnet 10.10.0.0/16, Kafka on 9092.
import { beforeEach, describe, expect, it } from 'vitest';
import { ArmWorld } from './world.js';

let world: ArmWorld;
let aksVnet: string;
let kafkaVnet: string;
const from = () => ({ vnetId: aksVnet, subnetName: 'aks-subnet' });
const verdict = (ip = '10.10.0.5', port = 9092) => world.trafficVerdict(from(), ip, port);
const peerBoth = () => {
  world.addPeering(aksVnet, 'aks-to-kafka', kafkaVnet);
  world.addPeering(kafkaVnet, 'kafka-to-aks', aksVnet);
};

beforeEach(() => {
  world = new ArmWorld();
  aksVnet = world.addVnet({ resourceGroup: 'aks-rg', name: 'aks-vnet', addressPrefixes: ['10.224.0.0/12'], subnets: [{ name: 'aks-subnet', addressPrefix: '10.224.0.0/16' }] });
  kafkaVnet = world.addVnet({ resourceGroup: 'kafka-rg', name: 'kafka-vnet', addressPrefixes: ['10.10.0.0/16'], subnets: [{ name: 'kafka-subnet', addressPrefix: '10.10.0.0/24' }] });
});

describe('trafficVerdict: peering', () => {
  it('needs a peering in both directions, Connected, allowing access', () => {
    expect(verdict()).toEqual({ allowed: false, reason: 'VNet aks-vnet has no peering to kafka-vnet' });
    world.addPeering(aksVnet, 'aks-to-kafka', kafkaVnet);
    expect(verdict()).toEqual({ allowed: false, reason: 'peering aks-to-kafka of VNet aks-vnet is Initiated, not Connected' });
    world.addPeering(kafkaVnet, 'kafka-to-aks', aksVnet, { allowVirtualNetworkAccess: false });
    expect(verdict()).toEqual({
      allowed: false,
      reason: 'peering kafka-to-aks of VNet kafka-vnet does not allow access to aks-vnet, and subnet aks-subnet has no NSG whose rule could allow it explicitly',
    });
    world.removePeering(kafkaVnet, 'kafka-to-aks');
    expect(verdict()).toMatchObject({ reason: 'peering aks-to-kafka of VNet aks-vnet is Disconnected, not Connected' });
  });

  it('a peering that blocks access lets through only what explicit NSG Allow rules admit on both subnets', () => {
    world.addPeering(aksVnet, 'aks-to-kafka', kafkaVnet);
    world.addPeering(kafkaVnet, 'kafka-to-aks', aksVnet, { allowVirtualNetworkAccess: false });
    const nsgOn = (vnet: string, subnet: string, name: string, ...rules: Parameters<ArmWorld['addSecurityRule']>[1][]) =>
      world.associateNsg(`${vnet}/subnets/${subnet}`, world.addNsg({ resourceGroup: 'rg', name, rules }));
    // Only the defaults: kafka-vnet's VirtualNetwork tag no longer holds aks-vnet, and a default rule is no explicit allow.
    nsgOn(kafkaVnet, 'kafka-subnet', 'kafka-nsg');
    nsgOn(aksVnet, 'aks-subnet', 'aks-nsg');
    expect(verdict()).toMatchObject({ allowed: false, reason: expect.stringContaining('NSG aks-nsg of subnet aks-subnet does not allow outbound TCP 9092') });
    expect(verdict()).toMatchObject({ reason: expect.stringContaining('(rule AllowVnetOutBound decides)') });
    nsgOn(aksVnet, 'aks-subnet', 'aks-nsg-2', { name: 'to-kafka', priority: 100, direction: 'Outbound', access: 'Allow', protocol: 'Tcp', destination: '10.10.0.0/24', destinationPorts: '9092' });
    expect(verdict()).toMatchObject({ reason: expect.stringContaining('NSG kafka-nsg of subnet kafka-subnet does not allow inbound TCP 9092 from 10.224.0.4 (subnet aks-subnet of aks-vnet) to 10.10.0.5 (subnet kafka-subnet of kafka-vnet) explicitly (rule DenyAllInBound decides)') });
    nsgOn(kafkaVnet, 'kafka-subnet', 'kafka-nsg-2', { name: 'from-aks', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source: '10.224.0.0/16', destinationPorts: '9092' });
    expect(verdict()).toEqual({ allowed: true });
    expect(verdict('10.10.0.5', 9093)).toMatchObject({ allowed: false });
  });

  it('lets a connection through once both sides are Connected', () => {
    peerBoth();
    expect(verdict()).toEqual({ allowed: true });
  });

  it('within one VNet needs no peering', () => {
    expect(world.trafficVerdict({ vnetId: kafkaVnet, subnetName: 'kafka-subnet' }, '10.10.0.5', 9092)).toEqual({ allowed: true });
  });

  it('refuses an address no subnet holds', () => {
    peerBoth();
    expect(verdict('10.10.9.9')).toEqual({ allowed: false, reason: 'no subnet of the simulated world holds 10.10.9.9' });
  });

  it('routes a range added to a peered VNet only once the peering is synced', () => {
    peerBoth();
    world.addAddressPrefix(kafkaVnet, '10.11.0.0/16');
    world.findVnet(kafkaVnet)!.subnets.push({ name: 'more', addressPrefix: '10.11.0.0/24', networkSecurityGroupId: undefined, routeTableId: undefined });
    expect(verdict('10.11.0.5')).toMatchObject({ allowed: false, reason: expect.stringContaining('sends 10.11.0.5 to None by the system route 10.0.0.0/8, not over the peering') });
  });
});

describe('trafficVerdict: network security groups', () => {
  beforeEach(peerBoth);
  const kafkaNsg = (...rules: Parameters<ArmWorld['addSecurityRule']>[1][]) => {
    const nsg = world.addNsg({ resourceGroup: 'kafka-rg', name: 'kafka-nsg', rules });
    world.associateNsg(`${kafkaVnet}/subnets/kafka-subnet`, nsg);
    return nsg;
  };

  it('an NSG with only its default rules admits the peered VNet (VirtualNetwork covers it)', () => {
    kafkaNsg();
    expect(verdict()).toEqual({ allowed: true });
  });

  it('an inbound rule denying the Kafka port from the AKS range blocks it, and only that port', () => {
    const nsg = kafkaNsg({ name: 'deny-kafka', priority: 200, direction: 'Inbound', access: 'Deny', protocol: 'Tcp', source: '10.224.0.0/12', destinationPorts: '9092' });
    expect(verdict()).toEqual({
      allowed: false,
      reason: 'NSG kafka-nsg of subnet kafka-subnet denies inbound TCP 9092 from 10.224.0.4 (subnet aks-subnet of aks-vnet) to 10.10.0.5 (subnet kafka-subnet of kafka-vnet): rule deny-kafka (priority 200)',
    });
    expect(verdict('10.10.0.5', 9093)).toEqual({ allowed: true });
    world.removeSecurityRule(nsg, 'deny-kafka');
    expect(verdict()).toEqual({ allowed: true });
  });

  it('a lower priority number wins', () => {
    kafkaNsg(
      { name: 'deny-all', priority: 300, direction: 'Inbound', access: 'Deny' },
      { name: 'allow-kafka', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source: 'VirtualNetwork', destinationPorts: '9000-9100' },
    );
    expect(verdict()).toEqual({ allowed: true });
    expect(verdict('10.10.0.5', 22)).toMatchObject({ allowed: false, reason: expect.stringContaining('rule deny-all (priority 300)') });
  });

  it('judges the connection of the first node (x.x.x.4), from an ephemeral source port', () => {
    const nsg = kafkaNsg({ name: 'deny-one-node', priority: 100, direction: 'Inbound', access: 'Deny', source: '10.224.0.5' });
    expect(verdict()).toEqual({ allowed: true });
    world.addSecurityRule(nsg, {
      name: 'deny-first-node', priority: 110, direction: 'Inbound', access: 'Deny', source: '10.224.0.4', sourcePorts: '32768-60999',
    });
    expect(verdict()).toMatchObject({ allowed: false, reason: expect.stringContaining('rule deny-first-node') });
  });

  it('a deny from Internet leaves the peered VNet alone; a UDP deny leaves TCP alone', () => {
    kafkaNsg(
      { name: 'deny-internet', priority: 100, direction: 'Inbound', access: 'Deny', source: 'Internet' },
      { name: 'deny-udp', priority: 110, direction: 'Inbound', access: 'Deny', protocol: 'Udp' },
    );
    expect(verdict()).toEqual({ allowed: true });
  });

  it('an outbound deny on the AKS subnet blocks it too', () => {
    const nsg = world.addNsg({
      resourceGroup: 'aks-rg', name: 'aks-nsg',
      rules: [{ name: 'no-kafka-out', priority: 100, direction: 'Outbound', access: 'Deny', destination: '10.10.0.0/16', destinationPorts: '9092' }],
    });
    world.associateNsg(`${aksVnet}/subnets/aks-subnet`, nsg);
    expect(verdict()).toMatchObject({ allowed: false, reason: expect.stringMatching(/^NSG aks-nsg of subnet aks-subnet denies outbound TCP 9092 .*: rule no-kafka-out \(priority 100\)$/) });
  });
});

describe('trafficVerdict: user routes', () => {
  beforeEach(peerBoth);
  const routes = (vnet: () => string, subnet: string, ...seeds: Parameters<ArmWorld['addRoute']>[1][]) => {
    const table = world.addRouteTable({ resourceGroup: 'aks-rg', name: `${subnet}-routes`, routes: seeds });
    world.associateRouteTable(`${vnet()}/subnets/${subnet}`, table);
  };

  it('0.0.0.0/0 to a firewall leaves the peered range to the peering', () => {
    routes(() => aksVnet, 'aks-subnet', { name: 'to-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.224.255.4' });
    expect(verdict()).toEqual({ allowed: true });
  });

  it('a route for the HDInsight range to a firewall takes it away from the peering', () => {
    routes(() => aksVnet, 'aks-subnet', { name: 'hdi-via-firewall', addressPrefix: '10.10.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.224.255.4' });
    expect(verdict()).toEqual({
      allowed: false,
      reason:
        'TCP 9092 from 10.224.0.4 (subnet aks-subnet of aks-vnet) to 10.10.0.5 (subnet kafka-subnet of kafka-vnet): subnet aks-subnet sends 10.10.0.5 to VirtualAppliance 10.224.255.4 by route hdi-via-firewall (10.10.0.0/16) of route table aks-subnet-routes, not over the peering',
    });
  });

  it('a more specific route wins, and a less specific one loses', () => {
    routes(
      () => aksVnet, 'aks-subnet',
      { name: 'private-via-firewall', addressPrefix: '10.0.0.0/8', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.224.255.4' },
      { name: 'brokers-dropped', addressPrefix: '10.10.0.4/30', nextHopType: 'None' },
    );
    expect(verdict('10.10.0.5')).toMatchObject({ allowed: false, reason: expect.stringContaining('route brokers-dropped') });
    expect(verdict('10.10.0.9')).toEqual({ allowed: true });
  });

  it('a route on the HDInsight subnet that sends the replies elsewhere breaks the connection', () => {
    routes(() => kafkaVnet, 'kafka-subnet', { name: 'aks-via-firewall', addressPrefix: '10.224.0.0/12', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.1.4' });
    expect(verdict()).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/^the replies to TCP 9092 .*: subnet kafka-subnet sends 10\.224\.0\.4 to VirtualAppliance 10\.10\.1\.4 by route aks-via-firewall \(10\.224\.0\.0\/12\) of route table kafka-subnet-routes, not over the peering$/),
    });
  });
});
