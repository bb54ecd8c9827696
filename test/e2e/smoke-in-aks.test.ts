// `kafka-aks smoke-test --in-aks` in the simulated world: the test runs as a pod inside the AKS cluster
// through the AKS run command (the ARM simulator runs it for real: a kubectl stand-in starts the pod as a
// local process running kcat), and the pod reaches the brokers only when the world's network path is open.
// Each failure names its layer: the run command refused, the image not pulled, the brokers unreachable from
// the pod, what they advertise, the verdict. The pod is removed in every case.
import { describe, expect, it } from 'vitest';
import type { World } from '../sim/world.js';
import { describeWithKcat } from '../support/kcat.js';
import { useWorld } from '../support/world.js';

const fixture = useWorld();
const { begin, run } = fixture;

const inAks = (w: World) => ['smoke-test', '--in-aks', '--aks', w.aks.name, '--aks-resource-group', w.aks.resourceGroup, ...w.cliArgs.brokers, '-c', '200', '--timeout', '30s'];

/** Peered, brokers advertising their IPs: what `peer` and `configure-advertising` leave. */
async function readyWorld(): Promise<World> {
  const w = await begin();
  await w.peerBothWays();
  const configured = await run(['configure-advertising', ...w.cliArgs.ambari, '--yes', '--poll-interval', '0.01']);
  expect(configured.code, configured.stderr).toBe(0);
  return w;
}

describeWithKcat('kafka-aks smoke-test --in-aks', () => {
  it('path open: passes from the pod with the local report fields plus where it ran, and the pod is gone', async () => {
    const w = await readyWorld();
    const local = await run(['smoke-test', ...w.cliArgs.brokers, '-c', '200', '--json']);
    expect(local.code, local.stderr).toBe(0);
    const result = await run([...inAks(w), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown> & { ranIn: Record<string, unknown>; records: number; lost: number };
    expect(Object.keys(report).sort()).toEqual([...Object.keys(JSON.parse(local.stdout) as object), 'ranIn'].sort());
    expect(report).toMatchObject({ records: 200, lost: 0, duplicated: 0, corrupted: 0, outOfOrder: 0, passed: true });
    expect(report.ranIn).toMatchObject({ where: 'aks', cluster: 'aks1', namespace: 'default', image: 'edenhill/kcat:1.7.1' });
    expect(report.ranIn.pod).toMatch(/^kafka-aks-smoke-[0-9a-f]{12}$/);
    expect(w.aks.pods()).toEqual([]);
    // One pod, run then deleted, nothing else written inside the cluster; nothing written in Azure.
    expect(w.aks.writes().map((call) => call.verb)).toEqual(['run', 'delete']);
    expect(w.writes().arm).toEqual([]);
  });

  it('creates a missing topic from here (kcat cannot), then passes from the pod', async () => {
    const w = await readyWorld();
    const result = await run([...inAks(w), '-t', 'fresh-topic']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Topic fresh-topic does not exist; creating it from here');
    expect(result.stdout).toContain('Topic fresh-topic: 3 partitions, replication factor 3 (created by this run)');
  });

  it('no peering: the pod cannot connect; exit 1 naming the brokers and the status checks, pod removed', async () => {
    const w = await begin();
    await run(['configure-advertising', ...w.cliArgs.ambari, '--yes', '--poll-interval', '0.01']);
    const result = await run([...inAks(w), '--timeout', '20s']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No bootstrap server \(.*\) answered from pods in AKS cluster aks1/);
    expect(result.stderr).toContain('Hint: Check the network path from AKS to the brokers with `kafka-aks status --aks aks1 --aks-resource-group aks-rg --cluster kafka --resource-group kafka-rg');
    expect(w.aks.pods()).toEqual([]);
  });

  it('an NSG rule denying the Kafka port: the same, from the pod', async () => {
    const w = await readyWorld();
    const nsg = w.arm.world.addNsg({ resourceGroup: 'kafka-rg', name: 'kafka-nsg', location: 'westeurope' });
    w.arm.world.addSecurityRule(nsg, { name: 'deny-kafka-from-aks', priority: 200, direction: 'Inbound', access: 'Deny', protocol: 'Tcp', source: w.aks.subnetPrefix, destinationPorts: String(w.port) });
    w.arm.world.associateNsg(`${w.hdinsight.vnetId}/subnets/${w.hdinsight.subnetName}`, nsg);
    await w.networkChanged();
    const result = await run([...inAks(w), '--timeout', '20s']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/answered from pods in AKS cluster aks1/);
    expect(w.aks.pods()).toEqual([]);
  });

  it('brokers advertising FQDNs: exit 4 from inside AKS with the configure-advertising hint', async () => {
    const w = await begin();
    await w.peerBothWays();
    const result = await run(inAks(w));
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/advertises wn0-kafka\.[^ ]+, a name that does not resolve from pods in AKS cluster aks1/);
    expect(result.stderr).toContain('Hint: Run `kafka-aks configure-advertising --cluster kafka` so the brokers advertise their IPs.');
    expect(result.stderr).toMatch(/BROKER +ADVERTISED LISTENER/);
  });

  it('AKS-managed Entra ID: the run command carries a cluster token (never printed)', async () => {
    const w = await readyWorld();
    w.aks.useAzureAd({ disableLocalAccounts: true });
    const received = w.aks.waitFor('command-received');
    const result = await run([...inAks(w), '--verbose']);
    expect((await received).clusterTokenPresent).toBe(true);
    expect(result.stderr).not.toMatch(/clusterToken"?\s*[:=]\s*"?ey/);
  });

  it('logs cut by the run command: reported as cut, never as lost messages', async () => {
    const w = await readyWorld();
    // AKS keeps the first 512 KiB; the pod prints a few hundred bytes, so the test lowers the cap to cut
    // it after its first line, among the brokers (a cap near the whole output would cut a short run or
    // not, depending on port numbers and whether the topic exists).
    w.aks.runtime.logCapBytes = 150;
    const result = await run(inAks(w));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("The run command's output was cut (AKS keeps its first 512 KiB) before the smoke-test pod's verdict");
    expect(result.stderr).not.toMatch(/\d+ (of \d+ messages )?lost/);
  });

  it.each([
    ['SIGINT', 130, 'Interrupted'],
    // The operator's terminal closed: the pod must not be left producing a million messages.
    ['SIGHUP', 129, 'Hung up \\(SIGHUP\\)'],
  ] as const)('%s while the pod runs: exit %i, and a cleanup run command deletes the pod', async (signal, code, stopped) => {
    const w = await readyWorld();
    const smokeCommand = w.aks.waitFor('command-received');
    const podRunning = w.aks.waitFor('pod-running');
    const cleanup = w.aks.waitFor('kubectl', (event) => event.verb === 'delete');
    const finished = new Map<string, () => void>();
    const ended = new Set<string>();
    w.aks.on((event) => {
      if (event.type !== 'command-finished') return;
      ended.add(event.id);
      finished.get(event.id)?.();
    });
    const result = await run([...inAks(w), '-c', '1000000', '--timeout', '2m'], {
      onSpawn: (child) => void podRunning.then(() => child.kill(signal)),
    });
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(
      new RegExp(`${stopped}.*while the smoke test ran in pod default/kafka-aks-smoke-[0-9a-f]+ of AKS cluster aks1; a cleanup command deleting pod default/kafka-aks-smoke-[0-9a-f]+ was sent`),
    );
    const { id } = await smokeCommand;
    const pod = (await podRunning).name;
    expect((await cleanup).args).toContain(pod);
    // The smoke test's own run command ends once its pod is gone, long before a million messages.
    if (!ended.has(id)) await new Promise<void>((resolve) => finished.set(id, resolve));
    expect(w.aks.pods()).toEqual([]);
  });
});

describe('kafka-aks smoke-test --in-aks, failures before the pod runs', () => {
  it('the run command refused (403): exit 5 naming the permission', async () => {
    const w = await readyWorld();
    w.arm.faults.deny({ scope: `/subscriptions/${w.arm.subscriptionId}/resourceGroups/aks-rg/providers/Microsoft.ContainerService/managedClusters/aks1`, action: 'Microsoft.ContainerService/managedClusters/runCommand/action' });
    const result = await run(inAks(w));
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('Microsoft.ContainerService/managedClusters/runCommand/action');
    expect(result.stderr).toContain('az aks command invoke');
  });

  it('a stopped cluster: exit 1 saying so, with the command that starts it', async () => {
    const w = await readyWorld();
    w.aks.stopCluster();
    const result = await run(inAks(w));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('AKS cluster aks1 is stopped');
    expect(result.stderr).toContain('az aks start --resource-group aks-rg --name aks1');
  });

  it('the image cannot be pulled: exit 1 with the --image hint, and no pod left', async () => {
    const w = await readyWorld();
    w.aks.failImagePulls('edenhill/kcat:1.7.1');
    const result = await run(inAks(w));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Pod default\/kafka-aks-smoke-[0-9a-f]+ could not pull image edenhill\/kcat:1\.7\.1 \((ErrImagePull|ImagePullBackOff)/);
    expect(result.stderr).toContain('--image');
    expect(w.aks.pods()).toEqual([]);
  });

  it('a namespace that does not exist: exit 2 naming it', async () => {
    const w = await readyWorld();
    const result = await run([...inAks(w), '--namespace', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Namespace nope does not exist in the AKS cluster');
  });

  it('refuses --aks without --in-aks, and --in-aks without --aks, before any request', async () => {
    const w = await begin();
    const stray = await run(['smoke-test', ...w.cliArgs.brokers, '--aks', 'aks1']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--aks applies only with --in-aks');
    const missing = await run(['smoke-test', '--in-aks', ...w.cliArgs.brokers]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--in-aks needs the AKS cluster');
    expect(w.aks.runtime.kubectlCalls()).toEqual([]);
  });
});
