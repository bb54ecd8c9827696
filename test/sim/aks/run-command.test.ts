// The AKS run command of the simulated world, driven over the wire as `az aks command invoke` and the
// SDK drive it: the command really runs, kubectl is the stand-in, pods are local processes that reach
// the Kafka simulator only through the world's network path.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawArm } from '../../support/arm-raw.js';
import { simulatorClients } from '../../support/arm-clients.js';
import { useWorld } from '../../support/world.js';
import type { World } from '../world.js';

const API = '2026-04-01';
const cluster = (world: World) =>
  `/subscriptions/${world.arm.subscriptionId}/resourceGroups/${world.aks.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${world.aks.name}`;

/** POSTs a run command, waits for it to end (an event, not a sleep), and reads its result as a client would. */
async function invoke(world: World, command: string, extra: Record<string, string> = {}) {
  const arm = rawArm(world.arm);
  const finished = world.aks.waitFor('command-finished');
  const accepted = await arm('POST', `${cluster(world)}/runCommand`, { apiVersion: API, body: { command, context: '', ...extra } });
  if (accepted.status !== 202) return { accepted, result: undefined };
  await finished;
  const location = new URL(String(accepted.headers.location));
  const answer = await arm('GET', `${location.pathname}${location.search}`);
  expect(answer.status).toBe(200);
  return { accepted, result: answer.body as { id: string; properties: { provisioningState: string; exitCode: number; logs: string; reason?: string } } };
}

const podRun = (name: string, script: string, image = 'docker.io/edenhill/kcat:1.7.1') =>
  `kubectl run ${name} -n aks-command --image=${image} --restart=Never --rm -i -q --pod-running-timeout=1m --labels=app=kafka-aks --command -- sh -c '${script}'`;

const applyConfigMap = (data: Record<string, string>) =>
  `kubectl apply -n kube-system -f - <<'KAFKA_AKS_EOF'\n${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kafka-brokers', labels: { app: 'kafka-aks' } }, data })}\nKAFKA_AKS_EOF`;

describe('the AKS run command of the simulated world', () => {
  const fixture = useWorld();

  it('answers 202 with an absolute Location, then 200 with the result; exit codes stay "succeeded"', async () => {
    const world = await fixture.begin({ brokers: 1 });
    const { accepted, result } = await invoke(world, 'echo out; echo err >&2; echo again; exit 7');
    expect(accepted.body).toBeUndefined();
    expect(String(accepted.headers.location)).toMatch(
      new RegExp(`^${world.arm.endpoint}${cluster(world)}/commandResults/[0-9a-f]{32}\\?api-version=${API}$`),
    );
    expect(result!.properties).toMatchObject({ provisioningState: 'succeeded', exitCode: 7, logs: 'out\nerr\nagain\n' });
    expect(result!.properties).toHaveProperty('startedAt');
    expect(result!.properties).toHaveProperty('finishedAt');
  });

  it('kubectl apply creates a ConfigMap, leaves it unchanged when rerun, configures it when data changes', async () => {
    const world = await fixture.begin({ brokers: 1 });
    expect((await invoke(world, applyConfigMap({ brokers: '10.10.0.12:9092' }))).result!.properties.logs).toBe('configmap/kafka-brokers created\n');
    const created = world.aks.configMap('kube-system', 'kafka-brokers')!;
    expect((await invoke(world, applyConfigMap({ brokers: '10.10.0.12:9092' }))).result!.properties.logs).toBe('configmap/kafka-brokers unchanged\n');
    expect(world.aks.configMap('kube-system', 'kafka-brokers')!.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect((await invoke(world, applyConfigMap({ brokers: '10.10.0.13:9092' }))).result!.properties.logs).toBe('configmap/kafka-brokers configured\n');

    const got = await invoke(world, 'kubectl get configmap kafka-brokers -n kube-system -o json --ignore-not-found');
    const shown = JSON.parse(got.result!.properties.logs) as typeof created;
    expect(shown).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { brokers: '10.10.0.13:9092' }, metadata: { name: 'kafka-brokers', namespace: 'kube-system', labels: { app: 'kafka-aks' }, uid: created.metadata.uid } });
    expect(Number(shown.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    const absent = await invoke(world, 'kubectl get configmap nothing-here -n kube-system -o json --ignore-not-found');
    expect(absent.result!.properties).toMatchObject({ exitCode: 0, logs: '' });

    // Run command POSTs are not ARM writes; the cluster's own writes are the kubectl apply runs.
    expect(world.writes().arm).toEqual([]);
    expect(world.aks.writes().map((call) => call.verb)).toEqual(['apply', 'apply', 'apply']);
  });

  it('kubectl run: the pod runs the script, its output and kubectl lines are in the logs, exit code kept, pod removed', async () => {
    const world = await fixture.begin({ brokers: 1 });
    const running = world.aks.waitFor('pod-running');
    const { result } = await invoke(world, podRun('kafka-aks-smoke', 'echo hi from $HOSTNAME; exit 3'));
    expect(await running).toMatchObject({ namespace: 'aks-command', name: 'kafka-aks-smoke', image: 'docker.io/edenhill/kcat:1.7.1' });
    expect(result!.properties).toMatchObject({
      provisioningState: 'succeeded',
      exitCode: 3,
      logs: 'hi from kafka-aks-smoke\npod "kafka-aks-smoke" deleted from aks-command namespace\npod aks-command/kafka-aks-smoke terminated (Error)\n',
    });
    expect(world.aks.pods()).toEqual([]);
  });

  it("a pod's DNS answers from the world's table only: IPs, added names, nothing else", async () => {
    const world = await fixture.begin({ brokers: 1 });
    world.aks.addPodDns('wn0-kafka.internal.cloudapp.net', '10.10.0.12');
    const script = 'getent hosts wn0-kafka.internal.cloudapp.net; getent hosts wn1-kafka.internal.cloudapp.net; echo "missing=$?"; getent hosts 10.10.0.13';
    const { result } = await invoke(world, podRun('dns-check', script));
    expect(result!.properties.logs).toBe(
      '10.10.0.12      wn0-kafka.internal.cloudapp.net\nmissing=2\n10.10.0.13      10.10.0.13\npod "dns-check" deleted from aks-command namespace\n',
    );
  });

  it('the SDK polls the Location while the pod runs (202) and returns the result (200)', async () => {
    const world = await fixture.begin({ brokers: 1 });
    const release = join(mkdtempSync(join(tmpdir(), 'kafka-aks-release-')), 'go');
    const client = await simulatorClients(world.arm).containerService();
    const running = world.aks.waitFor('pod-running');
    // The modular SDK's poller starts when it is awaited (then), not when it is made.
    const result = Promise.resolve(
      client.managedClusters.runCommand(
        world.aks.resourceGroup,
        world.aks.name,
        { command: podRun('held', `while [ ! -e ${release} ]; do sleep 0.02; done; echo released`) },
        { updateIntervalInMs: 10 },
      ),
    );
    await running;
    await world.arm.waitUntil(() => world.arm.requests().some((r) => r.method === 'GET' && /\/commandResults\//.test(r.path) && r.status === 202));
    expect(world.aks.pods()).toEqual([expect.objectContaining({ name: 'held', phase: 'Running', labels: { app: 'kafka-aks' } })]);
    writeFileSync(release, '');
    expect(await result).toMatchObject({ provisioningState: 'succeeded', exitCode: 0, logs: 'released\npod "held" deleted from aks-command namespace\n' });
    expect((await result).startedAt).toBeInstanceOf(Date);
  });

  it('kubectl delete pod ends a running pod and its processes; its kubectl run reports the end', async () => {
    const world = await fixture.begin({ brokers: 1 });
    const running = world.aks.waitFor('pod-running');
    const arm = rawArm(world.arm);
    const accepted = await arm('POST', `${cluster(world)}/runCommand`, { apiVersion: API, body: { command: podRun('long', 'sleep 300 & wait') } });
    const id = /commandResults\/(\w+)\?/.exec(String(accepted.headers.location))![1];
    const firstDone = world.aks.waitFor('command-finished', (event) => event.id === id);
    const { pid } = await running;
    const pod = await invoke(world, 'kubectl get pod long -n aks-command -o json');
    expect(JSON.parse(pod.result!.properties.logs)).toMatchObject({
      kind: 'Pod', metadata: { name: 'long', namespace: 'aks-command' }, spec: { containers: [{ image: 'docker.io/edenhill/kcat:1.7.1' }] }, status: { phase: 'Running' },
    });
    const deleted = await invoke(world, 'kubectl delete pod long -n aks-command --ignore-not-found --wait=false');
    expect(deleted.result!.properties.logs).toBe('pod "long" deleted from aks-command namespace\n');
    const first = await firstDone;
    expect(first).toMatchObject({ exitCode: 143, logs: 'pod aks-command/long terminated (Error)\n' });
    expect(() => process.kill(pid, 0)).toThrow();
    const again = await invoke(world, 'kubectl delete pod long -n aks-command --ignore-not-found');
    expect(again.result!.properties).toMatchObject({ exitCode: 0, logs: '' });
    expect(world.aks.writes().map((call) => call.verb)).toEqual(['run', 'delete', 'delete']);
  });

  it('an image that cannot be pulled: the pod never runs, kubectl run times out and --rm deletes it', async () => {
    const world = await fixture.begin({ brokers: 1 });
    world.aks.failImagePulls('registry.example/missing:1');
    const pending = world.aks.waitFor('pod-pending');
    const { result } = await invoke(world, podRun('no-image', 'echo never', 'registry.example/missing:1'));
    expect(await pending).toMatchObject({ name: 'no-image', reason: 'ImagePullBackOff' });
    expect(result!.properties).toMatchObject({
      exitCode: 1,
      logs: 'pod "no-image" deleted from aks-command namespace\nerror: timed out waiting for the condition\n',
    });
    expect(world.aks.pods()).toEqual([]);
  });

  it('kubectl refuses what it would refuse: a missing namespace, a pod name taken; anything beyond the subset fails loudly', async () => {
    const world = await fixture.begin({ brokers: 1 });
    world.aks.removeNamespace('aks-command');
    expect((await invoke(world, podRun('p', 'true'))).result!.properties).toMatchObject({
      exitCode: 1, logs: 'Error from server (NotFound): namespaces "aks-command" not found\n',
    });
    const unknown = await invoke(world, 'kubectl version --client');
    expect(unknown.result!.properties).toMatchObject({ exitCode: 1, logs: 'error: the kafka-aks kubectl stand-in does not implement: version --client\n' });
    const attachless = await invoke(world, 'kubectl run p -n default --image=busybox --restart=Never --rm --command -- true');
    expect(attachless.result!.properties.logs).toBe('error: --rm should only be used for attached containers\n');
  });

  it('logs are cut at the cap, keeping the head', async () => {
    const world = await fixture.begin({ brokers: 1 });
    world.aks.runtime.logCapBytes = 1000;
    const { result } = await invoke(world, "printf 'head'; head -c 5000 /dev/zero | tr '\\0' x");
    expect(result!.properties.logs).toHaveLength(1000);
    expect(result!.properties.logs.startsWith('headxxx')).toBe(true);
  });

  it('refuses with ARM and AKS errors: denied action, unknown cluster, unknown id, stopped cluster, missing clusterToken', async () => {
    const world = await fixture.begin({ brokers: 1 });
    const arm = rawArm(world.arm);
    const post = (path: string, body: object) => arm('POST', path, { apiVersion: API, body });

    world.arm.faults.deny({ scope: cluster(world), action: 'Microsoft.ContainerService/managedClusters/runCommand/action' });
    const denied = await post(`${cluster(world)}/runCommand`, { command: 'true' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('AuthorizationFailed');
    expect(denied.body.error.message).toContain("'Microsoft.ContainerService/managedClusters/runCommand/action'");
    world.arm.faults.denied.length = 0;

    const missing = await post(cluster(world).replace(/aks1$/, 'nope') + '/runCommand', { command: 'true' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ResourceNotFound');
    const noResult = await arm('GET', `${cluster(world)}/commandResults/0e9872e6629349dc865e27ee6f8bab2d`, { apiVersion: API });
    expect(noResult.status).toBe(404);

    world.aks.stopCluster();
    const stopped = await post(`${cluster(world)}/runCommand`, { command: 'true' });
    expect(stopped.status).toBe(400);
    expect(stopped.body.error.message).toContain('Power State(Stopped)');
    world.aks.startCluster();

    world.aks.useAzureAd({ disableLocalAccounts: true });
    const tokenless = await post(`${cluster(world)}/runCommand`, { command: 'true', clusterToken: '' });
    expect(tokenless.status).toBe(400);
    expect(tokenless.body.error.code).toBe('MissingAADClusterToken');
    const withToken = await invoke(world, 'true', { clusterToken: 'secret-aad-token-value' });
    expect(withToken.result!.properties.exitCode).toBe(0);
    const posts = world.arm.requests().filter((r) => r.method === 'POST');
    expect(posts.map((r) => (r.body as { clusterTokenPresent: boolean }).clusterTokenPresent)).toEqual([false, false, false, false, true]);
    expect(JSON.stringify(world.arm.requests())).not.toContain('secret-aad-token-value');
    expect(world.writes().arm).toEqual([]);
  });

  it('a failed command (its pod could not run) ends "failed" with a reason', async () => {
    const world = await fixture.begin({ brokers: 1 });
    world.aks.runtime.failNextCommand('ImagePullBackoff');
    const { result } = await invoke(world, 'kubectl get pods');
    expect(result!.properties).toMatchObject({ provisioningState: 'failed', reason: 'ImagePullBackoff' });
    expect(result!.properties).not.toHaveProperty('exitCode');
  });
});

describe('a pod reaches Kafka only through the network path', () => {
  const fixture = useWorld();
  const hasKcat = !spawnSync('kcat', ['-V']).error;
  if (!hasKcat && process.env.CI) throw new Error('kcat is not installed (apt-get install -y kcat); in CI this test never skips.');
  if (!hasKcat) process.stdout.write('note: kcat is not installed: skipping the pod-to-Kafka test (apt-get install -y kcat)\n');

  it.skipIf(!hasKcat)('kcat -L in a pod times out before peering and lists the brokers after', async () => {
    const world = await fixture.begin({ brokers: 2 });
    const broker = `${world.brokers[0]!.ip}:${world.port}`;
    // kcat -L connects to the bootstrap address only (checked under strace: no connect beyond 127.x, no
    // DNS query for the FQDNs the brokers advertise before configure-advertising).
    const script = `kcat -L -b ${broker} -m 2 -q; echo "kcat=$?"`;
    const closed = await invoke(world, podRun('kcat-before', script));
    expect(closed.result!.properties.logs).toMatch(/kcat=[1-9]/);
    expect(closed.result!.properties.logs).not.toMatch(/broker \d+ at/);

    await world.peerBothWays();
    const open = await invoke(world, podRun('kcat-after', script));
    for (const b of world.brokers) expect(open.result!.properties.logs).toContain(`broker ${b.id} at ${b.host}:${world.port}`);
    expect(open.result!.properties.logs).toContain('kcat=0');
  });
});
