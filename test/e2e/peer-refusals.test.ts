// What `kafka-aks peer` refuses, before any write, and how it says so.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startArmSimulator, type ArmSimulator } from '../sim/arm/server.js';
import { json, peer, seedPeerWorld } from './peer-world.js';

let sim: ArmSimulator;
beforeEach(async () => {
  sim = await startArmSimulator();
});
afterEach(() => sim.stop());

describe('kafka-aks peer refuses', () => {
  it('overlapping VNets: exit 2 naming both prefixes and their VNets, zero writes', async () => {
    const world = seedPeerWorld(sim, { kafkaPrefixes: ['10.224.8.0/24'] });
    const result = await peer(sim, world.args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Error: Cannot peer: 10\.224\.0\.0\/12 \(VNet aks-vnet-\d+\) overlaps 10\.224\.8\.0\/24 \(VNet kafka-vnet\)\./);
    expect(result.stderr).toContain('Hint: Peered VNets must not share addresses');
    expect(sim.writes()).toEqual([]);
  });

  it('an overlap with a VNet one side is already peered with (ARM: VnetAddressSpaceOverlapsWithAlreadyPeeredVnet)', async () => {
    const world = seedPeerWorld(sim);
    const hub = sim.world.addVnet({ resourceGroup: 'hub-rg', name: 'hub-vnet', addressPrefixes: ['10.10.128.0/17'] });
    sim.world.addPeering(world.aksVnet, 'aks-to-hub', hub);
    const result = await peer(sim, [...world.args, '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('10.10.0.0/16 (VNet kafka-vnet) overlaps 10.10.128.0/17 (VNet hub-vnet (already peered with aks-vnet-');
    expect(json<{ error: { exitCode: number; details: { conflicts: { kind: string }[] } } }>(result).error).toMatchObject({
      exitCode: 2,
      details: { conflicts: [{ kind: 'already-peered' }] },
    });
    expect(sim.writes()).toEqual([]);
  });

  it("the AKS service range inside the HDInsight VNet (AKS's default 10.0.0.0/16): exit 2, both ranges named, zero writes", async () => {
    const world = seedPeerWorld(sim, { kafkaPrefixes: ['10.0.0.0/16'] });
    const result = await peer(sim, world.args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('10.0.0.0/16 (AKS service range of aks1) overlaps 10.0.0.0/16 (VNet kafka-vnet)');
    expect(result.stderr).toContain('Pods would route broker IPs into the Kubernetes range');
    expect(sim.writes()).toEqual([]);
  });

  it('the kubenet pod range inside the HDInsight VNet', async () => {
    const world = seedPeerWorld(sim, { kafkaPrefixes: ['10.244.16.0/20'] });
    const result = await peer(sim, world.args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('10.244.0.0/16 (AKS pod range of aks1) overlaps 10.244.16.0/20 (VNet kafka-vnet)');
    expect(sim.writes()).toEqual([]);
  });

  it('a cluster that is not Kafka: exit 2 saying what kind it is', async () => {
    const world = seedPeerWorld(sim, { kind: 'hadoop' });
    const result = await peer(sim, world.args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Error: HDInsight cluster kafka1 is a hadoop cluster, not a Kafka cluster.');
    expect(sim.writes()).toEqual([]);
  });

  it('a Kafka cluster created without a VNet: it must be recreated inside one', async () => {
    const world = seedPeerWorld(sim, { kafkaInVnet: false });
    const result = await peer(sim, world.args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('HDInsight cluster kafka1 was created without a virtual network, so it cannot be peered.');
    expect(result.stderr).toContain('recreate the Kafka cluster inside a virtual network');
  });

  it('an AKS cluster that does not exist: exit 3 naming it', async () => {
    const world = seedPeerWorld(sim);
    const args = world.args.map((arg) => (arg === 'aks1' ? 'aks-typo' : arg));
    const result = await peer(sim, args);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Error: AKS cluster aks-typo was not found in resource group aks-rg of subscription 00000000-0000-0000-0000-000000000000 (ResourceNotFound).');
  });

  it.each(['-bad prefix', '../x', 'prefïx', '', 'p'.repeat(76)])('a peering prefix that would break Azure naming rules (%j), before any call, even when the peerings exist', async (prefix) => {
    const world = seedPeerWorld(sim);
    const result = await peer(sim, [...world.args, '--peering-prefix', prefix]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('A peering prefix is 1-75 letters, digits, "_", "." and "-", starting with a letter or digit.');
    expect(sim.requests()).toEqual([]);
  });

  it('to run without Azure credentials: exit 5 with the way to sign in', async () => {
    const world = seedPeerWorld(sim);
    const result = await peer(sim, world.args, { KAFKA_AKS_TEST_AZ_LOGGED_OUT: '1' });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/no Azure credential could be used \(\w+Error\)\. .*Please run 'az login'/);
    expect(result.stderr).toContain('Hint: Sign in with `az login`');
    expect(sim.requests()).toEqual([]);
  });
});
