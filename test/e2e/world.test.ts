// The simulated world (test/sim/world.ts) as the CLI meets it: AKS `aks1` and the Kafka cluster `kafka`
// on HDInsight, in VNets not yet peered. Each scenario runs the built CLI against it, pointed there only
// by the world's flags and environment, and checks what the simulators hold afterwards.
import { describe, expect, it } from 'vitest';
import { itWithKcat, kcat } from '../support/kcat.js';
import { useWorld } from '../support/world.js';
import { parseReport } from '../support/kafka.js';
import { json } from './peer-world.js';

const fixture = useWorld();
const { begin, run } = fixture;

describe('the simulated AKS + HDInsight world', () => {
  it('kafka-aks peer finds both VNets and peers them; both peerings are then Connected and every broker reachable', async () => {
    const { arm, aks, kafka, cliArgs } = await begin();
    expect(aks.nodeResourceGroup).toBe('MC_aks-rg_aks1_westeurope');
    expect(arm.world.peeringSummary()).toEqual([]);
    expect(kafka.brokers().map((b) => b.blocked)).toEqual(
      fixture.world.brokers.map((b) => `no path to ${b.privateIp}:${fixture.world.port}: VNet ${arm.world.requireVnet(aks.vnetId).name} has no peering to kafka-vnet`),
    );

    const result = await run(['peer', ...cliArgs.clusters, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(json(result).aksVnet).toMatchObject({ id: aks.vnetId, foundBy: expect.stringContaining('MC_aks-rg_aks1_westeurope') });
    const aksVnet = arm.world.requireVnet(aks.vnetId).name;
    expect(arm.world.peeringSummary().map(({ vnet, name, state, sync, allowVirtualNetworkAccess }) => ({ vnet, name, state, sync, allowVirtualNetworkAccess }))).toEqual([
      { vnet: 'kafka-vnet', name: `kafka-aks-to-${aksVnet}`, state: 'Connected', sync: 'FullyInSync', allowVirtualNetworkAccess: true },
      { vnet: aksVnet, name: 'kafka-aks-to-kafka-vnet', state: 'Connected', sync: 'FullyInSync', allowVirtualNetworkAccess: true },
    ]);
    expect(kafka.brokers().map((b) => b.blocked)).toEqual([undefined, undefined, undefined]);
  });

  it('before peering, a smoke test cannot connect to a broker: the attempt times out (a blocked path drops it), nothing refuses it', async () => {
    const { brokers, port, kafka } = await begin();
    let requests = 0;
    kafka.knobs.onRequest(() => (requests += 1));
    const broker = `${brokers[0]!.ip}:${port}`;
    // Longer than the CLI's 3 s connect probe, whose own timeout then speaks.
    const result = await run(['smoke-test', '-b', broker, '--timeout', '5s']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Error: Cannot reach any bootstrap server: ${broker} (no answer within 3000 ms (connect timed out)).`);
    expect(result.stderr).not.toContain('ECONNREFUSED');
    expect(requests).toBe(0);
    expect(fixture.world.pathVerdict(brokers[0]!.ip, port)).toEqual({ allowed: false, reason: kafka.brokers()[0]!.blocked });
  });

  itWithKcat('before peering, librdkafka too sees no "Connection refused" from a blocked path, only a metadata request that never ends', async () => {
    const { brokers, port, kafka } = await begin();
    let requests = 0;
    kafka.knobs.onRequest(() => (requests += 1));
    const result = await kcat(['-b', `${brokers[0]!.ip}:${port}`, '-L', '-m', '1']);
    expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining('Failed to acquire metadata') });
    expect(result.stderr).not.toContain('Connection refused');
    expect(requests).toBe(0);
  });

  it('brokers --resource-group signs in to Ambari with the login from the gateway settings, no AMBARI_PASSWORD, and writes nothing', async () => {
    const { arm, brokers, port, cliArgs, env } = await begin();
    expect(env.AMBARI_PASSWORD).toBeUndefined();
    const result = await run(['brokers', ...cliArgs.brokers, '--bootstrap']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${brokers.map((b) => `${b.ip}:${port}`).join(',')}\n`);
    expect(arm.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /subscriptions/${arm.subscriptionId}/resourceGroups/kafka-rg/providers/Microsoft.HDInsight/clusters/kafka/getGatewaySettings`,
    ]);
    expect(fixture.world.writes()).toEqual({ arm: [], ambari: [] });
  });

  it('peered, the brokers advertise their FQDNs and the smoke test stops there; after configure-advertising they advertise IPs and it passes', async () => {
    const { ambari, kafka, brokers, port, cliArgs } = await begin();
    await fixture.world.peerBothWays();
    expect(kafka.brokers().map((b) => b.advertised)).toEqual(brokers.map((b) => `${b.host}:${port}`));
    const before = await run(['smoke-test', ...cliArgs.brokers, '--timeout', '10s']);
    expect(before.code).toBe(4);
    expect(before.stderr).toContain(`advertises ${brokers[0]!.host}:${port}, a name that does not resolve from here`);

    const configure = await run(['configure-advertising', ...cliArgs.ambari, '--yes', '--poll-interval', '0.01']);
    expect(configure.code, configure.stderr).toBe(0);
    for (const broker of brokers) {
      expect(ambari.brokerRuntime(broker.host).serverProperties['advertised.listeners']).toBe(`PLAINTEXT://${broker.ip}:${port}`);
    }
    expect(kafka.brokers().map((b) => b.advertised)).toEqual(brokers.map((b) => `${b.ip}:${port}`));

    const after = await run(['smoke-test', ...cliArgs.brokers, '--json']);
    expect(after.code, after.stderr).toBe(0);
    const report = parseReport(after.stdout);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, passed: true });
    expect(report.brokers.map((b) => b.advertised)).toEqual(brokers.map((b) => `${b.ip}:${port}`));
  });

  it('a peering changed by hand closes the path again once the world is told: removed, or made again without VNet access', async () => {
    const { arm, aks, hdinsight, brokers, port } = await begin();
    await fixture.world.peerBothWays();
    expect(fixture.world.pathVerdict(brokers[0]!.ip, port)).toEqual({ allowed: true });
    const aksVnet = arm.world.requireVnet(aks.vnetId).name;
    const blocked = () => fixture.world.kafka.brokers()[0]!.blocked;

    arm.world.removePeering(aks.vnetId, 'kafka-aks-to-kafka-vnet');
    await fixture.world.networkChanged();
    expect(blocked()).toBe(`no path to ${brokers[0]!.privateIp}:${port}: VNet ${aksVnet} has no peering to kafka-vnet`);
    // Both sides made again by hand, Connected, the AKS side without VNet access (the Azure CLI's default).
    arm.world.removePeering(hdinsight.vnetId, `kafka-aks-to-${aksVnet}`);
    arm.world.addPeering(aks.vnetId, 'by-hand', hdinsight.vnetId, { allowVirtualNetworkAccess: false });
    arm.world.addPeering(hdinsight.vnetId, 'by-hand-back', aks.vnetId);
    await fixture.world.networkChanged();
    expect(blocked()).toMatch(
      new RegExp(`^no path to ${brokers[0]!.privateIp}:${port}: peering by-hand of VNet ${aksVnet} does not allow access to kafka-vnet, and subnet \\S+ has no NSG whose rule could allow it explicitly$`),
    );

    const result = await run(['smoke-test', '-b', `${brokers[0]!.ip}:${port}`, '--timeout', '5s']);
    expect(result.stderr).toContain('(connect timed out)');
  });

  it('a bring-your-own AKS VNet that overlaps the HDInsight VNet: peer refuses before any write, and the path stays closed', async () => {
    const { arm, aks, kafka, cliArgs } = await begin({ aksOwnVnetPrefixes: ['10.10.0.0/16'] });
    expect(aks).toMatchObject({ ownVnet: true, subnetName: 'aks-subnet', subnetPrefix: '10.10.0.0/24' });
    expect(aks.vnetId).toContain('/resourceGroups/aks-rg/providers/Microsoft.Network/virtualNetworks/aks-vnet');
    const result = await run(['peer', ...cliArgs.clusters]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/overlap/);
    expect(arm.writes()).toEqual([]);
    expect(kafka.brokers().every((b) => b.blocked !== undefined)).toBe(true);
  });
});
