// inspectNetworkPath against the ARM simulator, called the way `status` will call it: find the AKS and
// HDInsight networks, read both VNets, then ask about the path beyond the peering. Each scenario also
// asks the simulator's own, independent model (ArmWorld.trafficVerdict) and expects the same answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAksNetwork } from '../../src/azure/aks.js';
import { findKafkaCluster } from '../../src/azure/hdinsight.js';
import { readVnet } from '../../src/azure/network.js';
import { parseVnetId } from '../../src/azure/resource-id.js';
import { aksSubnetIds, inspectNetworkPath, type NetworkPathFinding } from '../../src/azure/network-path.js';
import { startArmSimulator, type ArmSimulator } from '../sim/arm/server.js';
import type { SecurityRuleSeed } from '../sim/arm/nsg.js';
import type { RouteSeed } from '../sim/arm/route-table.js';
import type { AksSeed } from '../sim/arm/world.js';
import { simulatorClients } from '../support/arm-clients.js';

let sim: ArmSimulator;
beforeEach(async () => {
  sim = await startArmSimulator();
});
afterEach(() => sim.stop());

interface Scene {
  aksVnet: string;
  kafkaVnet: string;
  aksSubnet: string;
  kafkaSubnet: string;
}

/** AKS `aks1` (its managed VNet 10.224.0.0/12, aks-subnet 10.224.0.0/16) and Kafka `kafka1` in kafka-subnet 10.10.0.0/24. */
function seed(aks: Partial<AksSeed> = {}): Scene {
  const kafkaVnet = sim.world.addVnet({
    resourceGroup: 'kafka-rg', name: 'kafka-vnet', addressPrefixes: ['10.10.0.0/16'], subnets: [{ name: 'kafka-subnet', addressPrefix: '10.10.0.0/24' }],
  });
  const { vnetId } = sim.world.addAksCluster({ resourceGroup: 'aks-rg', name: 'aks1', ...aks });
  sim.world.addHdinsightCluster({ resourceGroup: 'kafka-rg', name: 'kafka1', vnetId: kafkaVnet, subnetName: 'kafka-subnet' });
  return { aksVnet: vnetId, kafkaVnet, aksSubnet: `${vnetId}/subnets/aks-subnet`, kafkaSubnet: `${kafkaVnet}/subnets/kafka-subnet` };
}

/** What `status` does: find both sides, read both VNets, inspect the path. */
async function inspect(): Promise<NetworkPathFinding[]> {
  const clients = simulatorClients(sim);
  const [aks, hdinsight] = await Promise.all([
    findAksNetwork(clients, { subscriptionId: sim.subscriptionId, resourceGroup: 'aks-rg', name: 'aks1' }),
    findKafkaCluster(clients, { resourceGroup: 'kafka-rg', name: 'kafka1' }),
  ]);
  const [aksVnet, hdinsightVnet] = await Promise.all([readVnet(clients, aks.vnet, 'the AKS VNet'), readVnet(clients, hdinsight.vnet, 'the HDInsight VNet')]);
  return inspectNetworkPath(clients, {
    aks: { vnet: aksVnet, subnetIds: aksSubnetIds(aks, aksVnet) },
    hdinsight: { vnet: hdinsightVnet, subnetId: hdinsight.workerSubnetId!, brokerAddresses: ['10.10.0.5'] },
    port: 9092,
  });
}

/** An NSG, or a route table, made and associated with a subnet, as a test's one-line setup. */
function nsgOn(subnetId: string, resourceGroup: string, name: string, rules: SecurityRuleSeed[] = []): string {
  const id = sim.world.addNsg({ resourceGroup, name, rules });
  sim.world.associateNsg(subnetId, id);
  return id;
}
function routesOn(subnetId: string, resourceGroup: string, name: string, routes: RouteSeed[] = []): string {
  const id = sim.world.addRouteTable({ resourceGroup, name, routes });
  sim.world.associateRouteTable(subnetId, id);
  return id;
}

const statuses = (findings: NetworkPathFinding[]) => Object.fromEntries(findings.map((f) => [f.id, f.status]));
const byId = (findings: NetworkPathFinding[], id: string) => findings.find((f) => f.id === id)!;

/** The simulator's model, once the two VNets are peered. */
function simulatorSays(scene: Scene) {
  sim.world.addPeering(scene.aksVnet, 'aks-to-kafka', scene.kafkaVnet);
  sim.world.addPeering(scene.kafkaVnet, 'kafka-to-aks', scene.aksVnet);
  return sim.world.trafficVerdict({ vnetId: scene.aksVnet, subnetName: 'aks-subnet' }, '10.10.0.5', 9092);
}

describe('inspectNetworkPath against the ARM simulator', () => {
  it('no NSG and no route table: every check passes, and nothing is written', async () => {
    const scene = seed();
    const findings = await inspect();
    expect(findings.map((f) => [f.id, f.title, f.status, f.evidence])).toEqual([
      ['nsg-hdinsight-inbound', 'NSG on HDInsight subnet kafka-subnet admits AKS on port 9092', 'ok', 'No NSG is associated with subnet kafka-subnet: nothing filters traffic into it.'],
      ['nsg-aks-outbound:aks-subnet', 'NSG on AKS subnet aks-subnet lets traffic out to Kafka on port 9092', 'ok', 'No NSG is associated with subnet aks-subnet: nothing filters traffic out of it.'],
      [
        'routes-aks-to-hdinsight:aks-subnet',
        'Routes from AKS subnet aks-subnet reach HDInsight over the peering',
        'ok',
        'No route table is associated with subnet aks-subnet, so only system routes apply; over the peering: 10.10.0.5 by system route 10.10.0.0/16 → VNetPeering.',
      ],
      [
        'routes-hdinsight-to-aks',
        'Return routes from HDInsight subnet kafka-subnet reach AKS over the peering',
        'ok',
        'No route table is associated with subnet kafka-subnet, so only system routes apply; over the peering: 10.224.0.0/16 by system route 10.224.0.0/12 → VNetPeering.',
      ],
    ]);
    expect(sim.writes()).toEqual([]);
    expect(simulatorSays(scene)).toEqual({ allowed: true });
  });

  it('an NSG rule on the HDInsight subnet denying the Kafka port from AKS: named, with its NSG', async () => {
    const scene = seed();
    const nsg = nsgOn(scene.kafkaSubnet, 'kafka-rg', 'kafka-nsg', [
      { name: 'deny-aks-kafka', priority: 200, direction: 'Inbound', access: 'Deny', protocol: 'Tcp', source: '10.224.0.0/12', destinationPorts: '9092' },
    ]);
    const finding = byId(await inspect(), 'nsg-hdinsight-inbound');
    expect(finding).toMatchObject({
      status: 'failed',
      evidence: 'NSG kafka-nsg denies inbound TCP 9092 from 10.224.0.0/16 to 10.10.0.5: rule deny-aks-kafka (priority 200).',
      blockedBy: {
        kind: 'security-rule',
        nsg: { id: nsg, name: 'kafka-nsg', resourceGroup: 'kafka-rg', subscriptionId: sim.subscriptionId },
        rule: { name: 'deny-aks-kafka', priority: 200, access: 'Deny', direction: 'Inbound', isDefault: false, id: `${nsg}/securityRules/deny-aks-kafka` },
        blocked: { whole: true },
      },
    });
    expect(simulatorSays(scene)).toMatchObject({ allowed: false, reason: expect.stringContaining('rule deny-aks-kafka (priority 200)') });
  });

  it('an NSG with only the default rules admits AKS through AllowVnetInBound, the peered VNet counting as VirtualNetwork', async () => {
    const scene = seed();
    nsgOn(scene.kafkaSubnet, 'kafka-rg', 'kafka-nsg');
    const finding = byId(await inspect(), 'nsg-hdinsight-inbound');
    expect(finding).toMatchObject({ status: 'ok', evidence: 'NSG kafka-nsg allows inbound TCP 9092 from 10.224.0.0/16 to 10.10.0.5: default rule AllowVnetInBound (priority 65000).' });
    expect(simulatorSays(scene)).toEqual({ allowed: true });
  });

  it('an outbound deny on the AKS subnet', async () => {
    const scene = seed();
    nsgOn(scene.aksSubnet, 'aks-rg', 'aks-nsg', [
      { name: 'no-kafka-out', priority: 100, direction: 'Outbound', access: 'Deny', destination: '10.10.0.0/16', destinationPorts: '9090-9099' },
    ]);
    const findings = await inspect();
    expect(statuses(findings)).toEqual({
      'nsg-hdinsight-inbound': 'ok',
      'nsg-aks-outbound:aks-subnet': 'failed',
      'routes-aks-to-hdinsight:aks-subnet': 'ok',
      'routes-hdinsight-to-aks': 'ok',
    });
    expect(byId(findings, 'nsg-aks-outbound:aks-subnet').blockedBy).toMatchObject({ kind: 'security-rule', rule: { name: 'no-kafka-out', direction: 'Outbound' } });
    expect(simulatorSays(scene)).toMatchObject({ allowed: false, reason: expect.stringContaining('rule no-kafka-out') });
  });

  it('a user route sending the HDInsight range to a firewall: the route and its table are named', async () => {
    const scene = seed();
    const table = routesOn(scene.aksSubnet, 'aks-rg', 'aks-routes', [
      { name: 'default-via-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.224.255.4' },
      { name: 'hdi-via-firewall', addressPrefix: '10.10.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.224.255.4' },
    ]);
    const finding = byId(await inspect(), 'routes-aks-to-hdinsight:aks-subnet');
    expect(finding).toMatchObject({
      status: 'failed',
      evidence:
        'Subnet aks-subnet uses route table aks-routes: 10.10.0.5 takes route hdi-via-firewall (10.10.0.0/16 → VirtualAppliance 10.224.255.4) of route table aks-routes instead of the peering.',
      blockedBy: {
        kind: 'route',
        destination: '10.10.0.5',
        prefixes: ['10.10.0.5/32'],
        route: { source: 'User', nextHopType: 'VirtualAppliance', route: { name: 'hdi-via-firewall', table: { id: table, name: 'aks-routes', resourceGroup: 'aks-rg' } } },
      },
    });
    expect(simulatorSays(scene)).toMatchObject({ allowed: false, reason: expect.stringContaining('route hdi-via-firewall') });

    // The 0.0.0.0/0 route alone is fine: the peering route is more specific.
    sim.world.removeRoute(table, 'hdi-via-firewall');
    expect(byId(await inspect(), 'routes-aks-to-hdinsight:aks-subnet')).toMatchObject({
      status: 'ok',
      evidence: 'Subnet aks-subnet uses route table aks-routes; over the peering: 10.10.0.5 by system route 10.10.0.0/16 → VNetPeering.',
    });
    expect(sim.world.trafficVerdict({ vnetId: scene.aksVnet, subnetName: 'aks-subnet' }, '10.10.0.5', 9092)).toEqual({ allowed: true });
  });

  it('a user route on the HDInsight subnet taking the replies to part of the AKS range elsewhere', async () => {
    const scene = seed();
    routesOn(scene.kafkaSubnet, 'kafka-rg', 'kafka-routes', [
      { name: 'first-nodes-via-nva', addressPrefix: '10.224.0.0/24', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.1.4' },
    ]);
    const finding = byId(await inspect(), 'routes-hdinsight-to-aks');
    expect(finding).toMatchObject({
      status: 'failed',
      evidence:
        'Subnet kafka-subnet uses route table kafka-routes: 10.224.0.0/24 (part of 10.224.0.0/16) takes route first-nodes-via-nva (10.224.0.0/24 → VirtualAppliance 10.10.1.4) of route table kafka-routes instead of the peering.',
    });
    expect(simulatorSays(scene)).toMatchObject({ allowed: false, reason: expect.stringMatching(/^the replies to .*route first-nodes-via-nva/) });
  });

  it('a refused NSG read is "could not check", naming the permission and the roles that grant it', async () => {
    const scene = seed();
    const nsg = nsgOn(scene.kafkaSubnet, 'kafka-rg', 'kafka-nsg');
    sim.faults.deny({ scope: nsg, action: 'Microsoft.Network/networkSecurityGroups/read' });
    const findings = await inspect();
    expect(byId(findings, 'nsg-hdinsight-inbound')).toEqual({
      id: 'nsg-hdinsight-inbound',
      title: 'NSG on HDInsight subnet kafka-subnet admits AKS on port 9092',
      subnetId: scene.kafkaSubnet,
      status: 'could-not-check',
      evidence: `Reading NSG kafka-nsg was refused: the signed-in identity lacks Microsoft.Network/networkSecurityGroups/read on ${nsg} (AuthorizationFailed); the built-in roles Reader and Network Contributor grant it.`,
      unreadable: [
        {
          what: 'NSG kafka-nsg',
          id: nsg,
          reason: 'permission',
          message: expect.any(String),
          permission: { action: 'Microsoft.Network/networkSecurityGroups/read', roles: ['Reader', 'Network Contributor'] },
        },
      ],
    });
    expect(byId(findings, 'routes-hdinsight-to-aks').status).toBe('ok');
  });

  it('a refused subnet read leaves every check that needs it "could not check"; a refused route table only the route check', async () => {
    const scene = seed();
    const table = routesOn(scene.kafkaSubnet, 'kafka-rg', 'kafka-routes');
    sim.faults.deny({ scope: scene.aksSubnet, action: 'Microsoft.Network/virtualNetworks/subnets/read' });
    sim.faults.deny({ scope: table, action: 'Microsoft.Network/routeTables/read' });
    const findings = await inspect();
    expect(statuses(findings)).toEqual({
      'nsg-hdinsight-inbound': 'could-not-check',
      'nsg-aks-outbound:aks-subnet': 'could-not-check',
      'routes-aks-to-hdinsight:aks-subnet': 'could-not-check',
      'routes-hdinsight-to-aks': 'could-not-check',
    });
    expect(byId(findings, 'nsg-aks-outbound:aks-subnet').unreadable).toMatchObject([
      { what: 'subnet aks-subnet', reason: 'permission', permission: { action: 'Microsoft.Network/virtualNetworks/subnets/read' } },
    ]);
    expect(byId(findings, 'routes-hdinsight-to-aks').unreadable!.map((u) => u.what)).toEqual(['subnet aks-subnet']);
    sim.faults.denied.splice(0);
    sim.faults.deny({ scope: table, action: 'Microsoft.Network/routeTables/read' });
    expect(statuses(await inspect())).toEqual({
      'nsg-hdinsight-inbound': 'ok',
      'nsg-aks-outbound:aks-subnet': 'ok',
      'routes-aks-to-hdinsight:aks-subnet': 'ok',
      'routes-hdinsight-to-aks': 'could-not-check',
    });
  });

  it('a subnet ARM does not know is "could not check", in ARM\'s words', async () => {
    const scene = seed();
    const clients = simulatorClients(sim);
    const [aksVnet, kafkaVnet] = await Promise.all([
      readVnet(clients, parseVnetId(scene.aksVnet)!, 'the AKS VNet'),
      readVnet(clients, parseVnetId(scene.kafkaVnet)!, 'the HDInsight VNet'),
    ]);
    const gone = `${scene.aksVnet}/subnets/gone`;
    const findings = await inspectNetworkPath(clients, { aks: { vnet: aksVnet, subnetIds: [gone] }, hdinsight: { vnet: kafkaVnet, subnetId: scene.kafkaSubnet }, port: 9092 });
    expect(byId(findings, 'nsg-aks-outbound:gone')).toMatchObject({
      status: 'could-not-check',
      evidence: `ARM found no subnet gone (NotFound): ${gone}.`,
      unreadable: [{ reason: 'not-found', permission: undefined }],
    });
  });

  it('a bring-your-own VNet with node and pod subnets: each is a source, checked on its own', async () => {
    const aksVnet = sim.world.addVnet({
      resourceGroup: 'net-rg', name: 'byo-vnet', addressPrefixes: ['10.20.0.0/16'],
      subnets: [{ name: 'nodes', addressPrefix: '10.20.0.0/24' }, { name: 'pods', addressPrefix: '10.20.64.0/18' }, { name: 'other', addressPrefix: '10.20.1.0/24' }],
    });
    sim.world.addAksCluster({
      resourceGroup: 'aks-rg', name: 'aks1', networkPlugin: 'azure', vnetSubnetId: `${aksVnet}/subnets/nodes`, podSubnetId: `${aksVnet}/subnets/pods`,
    });
    const kafkaVnet = sim.world.addVnet({ resourceGroup: 'kafka-rg', name: 'kafka-vnet', addressPrefixes: ['10.10.0.0/16'], subnets: [{ name: 'kafka-subnet', addressPrefix: '10.10.0.0/24' }] });
    sim.world.addHdinsightCluster({ resourceGroup: 'kafka-rg', name: 'kafka1', vnetId: kafkaVnet, subnetName: 'kafka-subnet' });
    nsgOn(`${kafkaVnet}/subnets/kafka-subnet`, 'kafka-rg', 'kafka-nsg', [
      { name: 'allow-nodes', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source: '10.20.0.0/24', destinationPorts: '9092' },
      { name: 'deny-rest', priority: 4000, direction: 'Inbound', access: 'Deny' },
    ]);
    const clients = simulatorClients(sim);
    const aks = await findAksNetwork(clients, { subscriptionId: sim.subscriptionId, resourceGroup: 'aks-rg', name: 'aks1' });
    expect(aks.subnetIds).toEqual([`${aksVnet}/subnets/nodes`, `${aksVnet}/subnets/pods`]);
    const [aksView, kafkaView] = await Promise.all([readVnet(clients, aks.vnet, 'the AKS VNet'), readVnet(clients, parseVnetId(kafkaVnet)!, 'the HDInsight VNet')]);
    const subnetIds = aksSubnetIds(aks, aksView);
    const findings = await inspectNetworkPath(clients, { aks: { vnet: aksView, subnetIds }, hdinsight: { vnet: kafkaView, subnetId: `${kafkaVnet}/subnets/kafka-subnet` }, port: 9092 });
    expect(findings.map((f) => f.id)).toEqual([
      'nsg-hdinsight-inbound',
      'nsg-aks-outbound:nodes',
      'routes-aks-to-hdinsight:nodes',
      'nsg-aks-outbound:pods',
      'routes-aks-to-hdinsight:pods',
      'routes-hdinsight-to-aks',
    ]);
    // The pods' own addresses are refused: only the nodes' subnet is allowed in.
    expect(byId(findings, 'nsg-hdinsight-inbound')).toMatchObject({
      status: 'failed',
      evidence: 'NSG kafka-nsg denies inbound TCP 9092 from 10.20.0.0/24, 10.20.64.0/18 to 10.10.0.0/24 (for 10.20.64.0/18): rule deny-rest (priority 4000).',
      blockedBy: { blocked: { sources: ['10.20.64.0/18'], whole: false } },
    });
  });
});

describe('aksSubnetIds', () => {
  it('takes the subnets the agent pools name, else every subnet of a VNet AKS made', async () => {
    seed();
    const clients = simulatorClients(sim);
    const aks = await findAksNetwork(clients, { subscriptionId: sim.subscriptionId, resourceGroup: 'aks-rg', name: 'aks1' });
    const vnet = await readVnet(clients, aks.vnet, 'the AKS VNet');
    expect(aks.subnetIds).toEqual([]);
    expect(aksSubnetIds(aks, vnet)).toEqual([`${vnet.id}/subnets/aks-subnet`]);
    expect(aksSubnetIds({ subnetIds: ['/subscriptions/s/resourceGroups/elsewhere/providers/Microsoft.Network/virtualNetworks/v/subnets/s'] }, vnet)).toEqual([
      `${vnet.id}/subnets/aks-subnet`,
    ]);
  });
});
