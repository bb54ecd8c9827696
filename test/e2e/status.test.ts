// `kafka-aks status` in the simulated world: from zero it fails every check it can and names the
// command that fixes each; once peered and configured it passes; and it never writes anything.
import { describe, expect, it } from 'vitest';
import type { World } from '../sim/world.js';
import { restartFromTheUi } from '../sim/ambari/requests.js';
import { saveConfigAsAdmin } from '../sim/ambari/config-writes.js';
import { desiredConfig } from '../sim/ambari/model.js';
import { runCli } from '../support/cli.js';
import { itWithKcat } from '../support/kcat.js';
import { useWorld } from '../support/world.js';

const fixture = useWorld();
const { run } = fixture;

interface Check {
  id: string;
  status: 'ok' | 'failed' | 'could-not-check';
  evidence: string;
  fix: string | null;
}

const statusOf = async (...extra: string[]) => {
  const result = await run(['status', ...fixture.world.cliArgs.clusters, '--kafka-timeout', '5s', '--json', ...extra]);
  const checks = (JSON.parse(result.stdout) as { checks: Check[] }).checks;
  return { result, checks, byId: new Map(checks.map((c) => [c.id, c])) };
};

describe('kafka-aks status', () => {
  it('from zero: the peerings and the advertising fail, each with the exact command that fixes it; nothing is written', async () => {
    const world = await fixture.begin();
    const { result, byId } = await statusOf();
    expect(result.code, result.stderr).toBe(4);
    expect(byId.get('aks-vnet')!.status).toBe('ok');
    expect(byId.get('address-spaces')!.status).toBe('ok');
    const peering = byId.get('peering-aks-to-hdinsight')!;
    expect(peering.status).toBe('failed');
    expect(peering.fix).toBe(`kafka-aks peer ${world.cliArgs.clusters.join(' ')}`);
    expect(byId.get('advertising-snippet')!.status).toBe('failed');
    expect(byId.get('advertising-snippet')!.fix).toBe(`kafka-aks configure-advertising ${world.cliArgs.clusters.filter((_, i, all) => !['--aks', '--aks-resource-group'].includes(all[i - (i % 2)]!)).join(' ')} --rolling`);
    expect(byId.get('listeners')!.status).toBe('failed');
    // The brokers cannot be reached before peering: what they advertise cannot be read.
    expect(byId.get('advertised-ips')!.status).toBe('could-not-check');
    // Why, without smoke-test's own advice (its --in-aks flags): status runs that test itself.
    expect(byId.get('advertised-ips')!.evidence).toMatch(/^Cannot reach any bootstrap server/);
    expect(byId.get('advertised-ips')!.evidence).not.toContain('--in-aks');
    expect(byId.get('smoke-test')!.status).toBe('failed');
    expect(world.writes()).toEqual({ arm: [], ambari: [] });
  });

  it('a broker that is down: the fix restarts all at once, since a roll refuses to start while partitions are under-replicated', async () => {
    const world = await fixture.begin();
    const wn1 = world.ambari.cluster().hostComponents.find((hc) => hc.component === 'KAFKA_BROKER' && hc.host.startsWith('wn1'))!;
    wn1.state = 'INSTALLED';
    const { byId } = await statusOf('--skip-smoke-test');
    const stale = byId.get('stale-configs')!;
    expect(stale.evidence).toContain(`${wn1.host} is INSTALLED`);
    expect(stale.fix).toMatch(/^kafka-aks configure-advertising /);
    expect(stale.fix).not.toContain('--rolling');
  });

  it('a broker restart still running in Ambari is named, with what to do: let it end', async () => {
    const world = await fixture.begin();
    const request = restartFromTheUi(world.ambari.cluster(), 1_000);
    const { byId } = await statusOf('--skip-smoke-test');
    const running = byId.get('restart-running')!;
    expect(running.status).toBe('failed');
    expect(running.evidence).toContain(`Ambari request ${request.id} ("Restart all components with Stale Configs for Kafka")`);
    expect(running.fix).toMatch(/^Let it end/);
    expect(world.writes()).toEqual({ arm: [], ambari: [] });
  });

  it('an ESP cluster (SASL_PLAINTEXT listeners): what the brokers advertise and the smoke test are "could not check", saying why', async () => {
    const world = await fixture.begin();
    const cluster = world.ambari.cluster();
    const broker = desiredConfig(cluster, 'kafka-broker')!.properties;
    saveConfigAsAdmin(cluster, 'kafka-broker', { ...broker, listeners: broker.listeners!.replace('PLAINTEXT', 'SASL_PLAINTEXT') }, 'ESP', 0);
    const { byId } = await statusOf();
    for (const id of ['advertised-ips', 'smoke-test']) {
      expect(byId.get(id)).toMatchObject({ status: 'could-not-check', evidence: expect.stringContaining("The brokers listen with SASL_PLAINTEXT (kafka-broker listeners in Ambari), and kafka-aks's smoke test speaks PLAINTEXT only") });
    }
    expect(world.aks.writes()).toEqual([]);
  });

  itWithKcat('after peer and configure-advertising: every check passes (exit 0), still without a write', async () => {
    const world = await fixture.begin();
    expect((await run(['peer', ...world.cliArgs.clusters])).code).toBe(0);
    const configured = await run(['configure-advertising', ...world.cliArgs.ambari, '--yes', '--poll-interval', '0.01']);
    expect(configured.code, configured.stderr).toBe(0);
    const before = world.writes();
    // The one check left: the bootstrap ConfigMap, with the command that writes it.
    const first = await statusOf();
    expect(first.checks.filter((c) => c.status !== 'ok').map((c) => [c.id, c.evidence, c.fix]), first.result.stderr).toEqual([
      ['bootstrap-configmap', 'no such ConfigMap', `kafka-aks brokers ${world.cliArgs.clusters.join(' ')} --apply-configmap`],
    ]);
    expect(first.byId.get('smoke-test')!.evidence).toMatch(/from pod default\/kafka-aks-smoke-[0-9a-f]+ in AKS/);
    expect(world.writes()).toEqual(before);
    // Inside the cluster status only ran smoke-test pods (twice: the topic was created between), and removed them.
    expect(new Set(world.aks.writes().map((call) => call.verb))).toEqual(new Set(['run', 'delete']));
    expect(world.aks.pods()).toEqual([]);

    const applied = await run(['brokers', ...world.cliArgs.clusters, '--apply-configmap']);
    expect(applied.code, applied.stderr).toBe(0);
    const { result, checks } = await statusOf();
    expect(checks.filter((c) => c.status !== 'ok'), result.stderr).toEqual([]);
    expect(result.code).toBe(0);
  }, 120_000);

  it('for people: a table, a verdict, and the fixes under it', async () => {
    const world = await fixture.begin();
    const result = await run(['status', ...world.cliArgs.clusters, '--skip-smoke-test', '--kafka-timeout', '5s']);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/^STATUS +CHECK +EVIDENCE/);
    expect(result.stdout).toMatch(/FAILED +peering aks-vnet-\d+ → kafka-vnet/);
    expect(result.stdout).toMatch(/checks did not pass\.\n\nTo fix:\n/);
    expect(result.stdout).not.toContain('smoke');
  });

  /** Peered and configured: only the obstacle each test adds stands between the pods and Kafka. */
  async function readyWorld(): Promise<World> {
    const world = await fixture.begin();
    expect((await run(['peer', ...world.cliArgs.clusters])).code).toBe(0);
    expect((await run(['configure-advertising', ...world.cliArgs.ambari, '--yes', '--poll-interval', '0.01'])).code).toBe(0);
    return world;
  }

  const subnetOf = (w: World, side: 'aks' | 'hdinsight') => `${w[side].vnetId}/subnets/${w[side].subnetName}`;

  it('an NSG rule denying the Kafka port from the AKS range: status names the rule, its priority and the NSG, and the smoke test fails', async () => {
    const w = await readyWorld();
    const nsg = w.arm.world.addNsg({ resourceGroup: 'kafka-rg', name: 'kafka-nsg', location: 'westeurope' });
    w.arm.world.addSecurityRule(nsg, { name: 'deny-kafka-from-aks', priority: 200, direction: 'Inbound', access: 'Deny', protocol: 'Tcp', source: w.aks.subnetPrefix, destinationPorts: String(w.port) });
    w.arm.world.associateNsg(subnetOf(w, 'hdinsight'), nsg);
    await w.networkChanged();
    const before = w.writes();
    const { result, byId } = await statusOf();
    expect(result.code).toBe(4);
    const check = byId.get('nsg-hdinsight-inbound')!;
    expect(check.status).toBe('failed');
    expect(check.evidence).toContain('deny-kafka-from-aks');
    expect(check.evidence).toContain('200');
    expect(check.fix).toContain('az network nsg rule create');
    expect(check.fix).toContain('--nsg-name kafka-nsg');
    expect(byId.get('smoke-test')!.status).toBe('failed');
    expect(w.writes()).toEqual(before);
  });

  it('the AKS run command refused: the smoke test and the ConfigMap are "could not check", naming the permission', async () => {
    const w = await readyWorld();
    w.arm.faults.deny({ scope: `/subscriptions/${w.arm.subscriptionId}/resourceGroups/aks-rg/providers/Microsoft.ContainerService/managedClusters/aks1`, action: 'Microsoft.ContainerService/managedClusters/runCommand/action' });
    const { result, byId } = await statusOf();
    expect(result.code).toBe(4);
    for (const id of ['smoke-test', 'bootstrap-configmap']) {
      expect(byId.get(id)!.status, id).toBe('could-not-check');
      expect(byId.get(id)!.evidence, id).toContain('Microsoft.ContainerService/managedClusters/runCommand/action');
    }
    expect(w.aks.writes()).toEqual([]);
  });

  it('a user route sending the HDInsight range to a firewall: status names the route and its table', async () => {
    const w = await readyWorld();
    const table = w.arm.world.addRouteTable({ resourceGroup: w.aks.nodeResourceGroup!, name: 'to-firewall', location: 'westeurope' });
    w.arm.world.addRoute(table, { name: 'kafka-via-firewall', addressPrefix: '10.10.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.224.255.4' });
    w.arm.world.associateRouteTable(subnetOf(w, 'aks'), table);
    await w.networkChanged();
    const { byId, checks } = await statusOf('--skip-smoke-test');
    const route = checks.find((c) => c.id.startsWith('routes-aks-to-hdinsight'))!;
    expect(route.status).toBe('failed');
    expect(route.evidence).toContain('kafka-via-firewall');
    expect(route.evidence).toContain('to-firewall');
    expect(route.fix).toContain('az network route-table route delete');
    expect(byId.get('nsg-hdinsight-inbound')!.status).toBe('ok');
  });

  it('a read Azure refuses is "could not check", naming the permission and the role that grants it; a wrong Ambari password likewise, never shown', async () => {
    const w = await fixture.begin();
    const nsg = w.arm.world.addNsg({ resourceGroup: 'kafka-rg', name: 'kafka-nsg', location: 'westeurope' });
    w.arm.world.associateNsg(subnetOf(w, 'hdinsight'), nsg);
    w.arm.faults.deny({ scope: nsg, action: 'Microsoft.Network/networkSecurityGroups/read' });
    const result = await runCli(['status', ...w.cliArgs.clusters, '--skip-smoke-test', '--kafka-timeout', '3s', '--json'], {
      env: { ...w.env, AMBARI_PASSWORD: 'Wrong-Passw0rd!' },
    });
    expect(result.code).toBe(4);
    const checks = (JSON.parse(result.stdout) as { checks: Check[] }).checks;
    const inbound = checks.find((c) => c.id === 'nsg-hdinsight-inbound')!;
    expect(inbound.status).toBe('could-not-check');
    expect(inbound.evidence).toContain('Microsoft.Network/networkSecurityGroups/read');
    expect(inbound.evidence).toMatch(/Reader|Network Contributor/);
    const ambari = checks.find((c) => c.id === 'ambari')!;
    expect(ambari.status).toBe('could-not-check');
    expect(ambari.evidence).toContain('refused the login');
    expect(result.stdout + result.stderr).not.toContain('Wrong-Passw0rd!');
  });
});
