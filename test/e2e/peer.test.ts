// `kafka-aks peer` end to end: the built CLI against the ARM simulator, one scenario per test.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startArmSimulator, type ArmSimulator } from '../sim/arm/server.js';
import { json, peer, seedPeerWorld } from './peer-world.js';

let sim: ArmSimulator;
beforeEach(async () => {
  sim = await startArmSimulator();
});
afterEach(() => sim.stop());

const writes = () => sim.writes().map((w) => `${w.method} ${w.path.split('/').slice(-3).join('/')}`);

describe('kafka-aks peer', () => {
  it('--verbose traces every Azure call (method, URL, status) and never a token', async () => {
    const world = seedPeerWorld(sim);
    const result = await peer(sim, [...world.args, '--verbose']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/GET https:\/\/127\.0\.0\.1:\d+\/subscriptions\/[^ ]+\/providers\/Microsoft\.ContainerService\/managedClusters\/aks1\?api-version=[^ ]+ → 200/);
    expect(result.stderr).toMatch(/PUT https:\/\/127\.0\.0\.1:\d+\/[^ ]+\/virtualNetworkPeerings\/kafka-aks-to-kafka-vnet\?api-version=[^ ]+ → 201/);
    expect(result.stderr).not.toMatch(/Bearer|eyJ/);
  });

  it('peers a managed-VNet AKS cluster with the Kafka VNet both ways, and a second run changes nothing', async () => {
    const world = seedPeerWorld(sim);
    const first = await peer(sim, [...world.args, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const report = json(first);
    expect(report.aksVnet).toMatchObject({ id: world.aksVnet, addressPrefixes: ['10.224.0.0/12'], foundBy: 'node resource group MC_aks-rg_aks1_westeurope' });
    expect(report.hdinsightVnet).toMatchObject({ id: world.kafkaVnet, name: 'kafka-vnet', foundBy: 'cluster roles' });
    const aksVnetName = world.aksVnet.split('/').pop()!;
    expect(report.peerings).toEqual([
      expect.objectContaining({ name: 'kafka-aks-to-kafka-vnet', localVnet: aksVnetName, action: 'create', state: 'Connected', syncLevel: 'FullyInSync' }),
      expect.objectContaining({ name: `kafka-aks-to-${aksVnetName}`, localVnet: 'kafka-vnet', action: 'create', state: 'Connected', syncLevel: 'FullyInSync' }),
    ]);
    // Two PUTs, each sending allowVirtualNetworkAccess explicitly (the Azure CLI's default is false).
    const puts = sim.writes();
    expect(puts.map((w) => w.method)).toEqual(['PUT', 'PUT']);
    for (const put of puts) {
      expect(put.body).toMatchObject({ properties: { allowVirtualNetworkAccess: true, allowForwardedTraffic: false } });
    }
    expect(sim.world.peeringSummary()).toEqual([
      expect.objectContaining({ vnet: 'kafka-vnet', state: 'Connected', sync: 'FullyInSync', provisioningState: 'Succeeded' }),
      expect.objectContaining({ vnet: aksVnetName, state: 'Connected', sync: 'FullyInSync', provisioningState: 'Succeeded' }),
    ]);

    sim.clearLog();
    const second = await peer(sim, world.args);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('Nothing to do: both peerings exist, Connected and FullyInSync.');
    expect(second.stdout).toMatch(/kafka-aks-to-kafka-vnet\s+\S+\s+kafka-vnet\s+unchanged\s+Connected\s+FullyInSync/);
    expect(sim.writes()).toEqual([]);
  });

  it('finds a bring-your-own VNet through the agent pool subnet (resource id in any casing)', async () => {
    const byo = sim.world.addVnet({ resourceGroup: 'net-rg', name: 'aks-byo-vnet', addressPrefixes: ['172.16.0.0/16'] });
    // ARM sometimes spells it `resourcegroups`; the id must still resolve.
    const subnet = `${byo.replace('/resourceGroups/', '/resourcegroups/')}/subnets/aks-nodes`;
    const world = seedPeerWorld(sim, { aks: { vnetSubnetId: subnet, networkPlugin: 'azure' } });
    const result = await peer(sim, [...world.args, '--dry-run', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = json(result);
    expect(report.aksVnet).toMatchObject({ name: 'aks-byo-vnet', foundBy: 'agent pool subnet', addressPrefixes: ['172.16.0.0/16'] });
    expect(report.peerings.map((p) => [p.name, p.action])).toEqual([
      ['kafka-aks-to-kafka-vnet', 'create'],
      ['kafka-aks-to-aks-byo-vnet', 'create'],
    ]);
    expect(sim.writes()).toEqual([]);
  });

  it('creates only the missing side when the other was made by hand in the portal, keeping its name', async () => {
    const world = seedPeerWorld(sim);
    sim.world.addPeering(world.kafkaVnet, 'hand-made-to-aks', world.aksVnet);
    const result = await peer(sim, [...world.args, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(writes()).toEqual([`PUT ${world.aksVnet.split('/').pop()}/virtualNetworkPeerings/kafka-aks-to-kafka-vnet`]);
    expect(json(result).peerings.map((p) => [p.name, p.action, p.state])).toEqual([
      ['kafka-aks-to-kafka-vnet', 'create', 'Connected'],
      ['hand-made-to-aks', 'none', 'Connected'],
    ]);
  });

  it('repairs a side left Disconnected when the other was deleted: deletes it, then creates both', async () => {
    const world = seedPeerWorld(sim);
    sim.world.addPeering(world.aksVnet, 'old-to-kafka', world.kafkaVnet);
    sim.world.addPeering(world.kafkaVnet, 'old-to-aks', world.aksVnet);
    sim.world.removePeering(world.kafkaVnet, 'old-to-aks');
    const result = await peer(sim, [...world.args, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const aksVnetName = world.aksVnet.split('/').pop()!;
    // ARM refuses to create the missing side while the other is Disconnected, so the delete comes first.
    expect(writes()).toEqual([
      `DELETE ${aksVnetName}/virtualNetworkPeerings/old-to-kafka`,
      expect.stringMatching(/^PUT /),
      expect.stringMatching(/^PUT /),
    ]);
    expect(json(result).peerings.map((p) => [p.name, p.action, p.state, p.syncLevel])).toEqual([
      ['old-to-kafka', 'recreate', 'Connected', 'FullyInSync'],
      [`kafka-aks-to-${aksVnetName}`, 'create', 'Connected', 'FullyInSync'],
    ]);
  });

  it('syncs a side whose copy of the remote address space is out of date', async () => {
    const world = seedPeerWorld(sim);
    sim.world.addPeering(world.aksVnet, 'a-to-k', world.kafkaVnet);
    sim.world.addPeering(world.kafkaVnet, 'k-to-a', world.aksVnet);
    sim.world.addAddressPrefix(world.kafkaVnet, '10.11.0.0/16');
    const result = await peer(sim, [...world.args, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const [sync] = sim.writes();
    expect(sim.writes()).toHaveLength(1);
    expect(sync).toMatchObject({ method: 'PUT', query: { syncRemoteAddressSpace: 'true' } });
    expect(sync!.path).toMatch(/virtualNetworkPeerings\/a-to-k$/);
    expect(json(result).peerings.map((p) => [p.name, p.action, p.syncLevel])).toEqual([
      ['a-to-k', 'sync', 'FullyInSync'],
      ['k-to-a', 'none', 'FullyInSync'],
    ]);
  });

  it('--dry-run prints both VNets, their address spaces and the plan, and writes nothing', async () => {
    const world = seedPeerWorld(sim);
    const result = await peer(sim, [...world.args, '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/AKS\s+aks-vnet-\d+\s+10\.224\.0\.0\/12\s+node resource group MC_aks-rg_aks1_westeurope/);
    expect(result.stdout).toMatch(/HDInsight\s+kafka-vnet\s+10\.10\.0\.0\/16\s+cluster roles/);
    expect(result.stdout).toMatch(/kafka-aks-to-kafka-vnet\s+aks-vnet-\d+\s+kafka-vnet\s+create\s+missing\s+missing\s+no peering to kafka-vnet yet/);
    expect(result.stderr).toContain('Dry run: nothing was changed.');
    expect(sim.writes()).toEqual([]);
  });

  it('asks for --aks-vnet when the node resource group holds several VNets, and uses it when given', async () => {
    const world = seedPeerWorld(sim);
    const extra = sim.world.addVnet({ resourceGroup: 'MC_aks-rg_aks1_westeurope', name: 'other-vnet', addressPrefixes: ['192.168.0.0/16'] });
    const ambiguous = await peer(sim, world.args);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/holds 2 virtual networks: aks-vnet-\d+, other-vnet/);
    expect(ambiguous.stderr).toContain('--aks-vnet <resource id>');
    const chosen = await peer(sim, [...world.args, '--aks-vnet', extra, '--dry-run', '--json']);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(json(chosen).aksVnet).toMatchObject({ name: 'other-vnet', foundBy: '--aks-vnet' });
    expect(sim.writes()).toEqual([]);
  });

  it("asks Azure CLI for a token for ARM itself (the cloud's scope), never for the overridden endpoint", async () => {
    const world = seedPeerWorld(sim);
    const log = join(mkdtempSync(join(tmpdir(), 'kafka-aks-az-')), 'resources.log');
    const result = await peer(sim, [...world.args, '--dry-run'], { KAFKA_AKS_TEST_AZ_LOG: log });
    expect(result.code, result.stderr).toBe(0);
    const asked = new Set(readFileSync(log, 'utf8').trim().split('\n'));
    expect([...asked]).toEqual(['https://management.azure.com']);
  });
});
