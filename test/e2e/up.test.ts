// `kafka-aks up` in the simulated world: the whole runbook from zero, a second run that changes nothing,
// and the ways it stops — a failed restart, overlapping ranges, Ctrl-C, a blocked path — each leaving the
// setup in the state the message says, with the command that resumes.
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { saveConfigAsAdmin } from '../sim/ambari/config-writes.js';
import { desiredConfig } from '../sim/ambari/model.js';
import type { World } from '../sim/world.js';
import { itWithKcat } from '../support/kcat.js';
import { useWorld } from '../support/world.js';

const { begin, run } = useWorld();

const fast = ['--poll-interval', '0.01', '--timeout', '30s'];
const up = (w: World, extra: string[] = [], onSpawn?: (child: ChildProcess) => void) => run(['up', ...w.cliArgs.clusters, ...fast, '--yes', ...extra], { onSpawn });
const status = (w: World) => run(['status', ...w.cliArgs.clusters, '--kafka-timeout', '5s', '--skip-smoke-test']);
const kafkaService = (w: World) => w.ambari.cluster().services.find((s) => s.name === 'KAFKA')!;

interface UpJson {
  steps: { step: string; status: string; message: string }[];
}

describe('kafka-aks up', () => {
  itWithKcat('from zero: status fails, up runs every step, status passes; a second up writes nothing', async () => {
    const w = await begin();
    expect((await status(w)).code).toBe(4);
    const first = await up(w, ['--json']);
    expect(first.code, first.stderr).toBe(0);
    expect((JSON.parse(first.stdout) as UpJson).steps.map((s) => [s.step, s.status])).toEqual([
      ['peer', 'changed'],
      ['configure-advertising', 'changed'],
      ['brokers', 'unchanged'],
      ['smoke-test', 'passed'],
      ['configmap', 'changed'],
    ]);
    // The smoke test ran in a pod of the AKS cluster; the brokers are handed to workloads as a ConfigMap.
    expect((JSON.parse(first.stdout) as UpJson).steps[3]!.message).toMatch(/from pod default\/kafka-aks-smoke-[0-9a-f]+/);
    expect(w.aks.configMap('default', 'kafka-bootstrap')?.data).toEqual({
      'bootstrap.servers': w.brokers.map((b) => `${b.ip}:${w.port}`).join(','),
      port: String(w.port),
      cluster: 'kafka',
    });
    const afterFirst = await status(w);
    expect(afterFirst.code, afterFirst.stdout).toBe(0);

    const writes = w.writes();
    const configMapVersion = w.aks.configMap('default', 'kafka-bootstrap')!.metadata.resourceVersion;
    const second = await up(w, ['--json']);
    expect(second.code, second.stderr).toBe(0);
    expect((JSON.parse(second.stdout) as UpJson).steps.map((s) => s.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'passed', 'unchanged']);
    expect(w.writes()).toEqual(writes);
    // Inside the cluster, the second run only ran (and removed) its smoke-test pod: no apply.
    expect(w.aks.writes().filter((call) => call.verb === 'apply')).toHaveLength(1);
    expect(w.aks.configMap('default', 'kafka-bootstrap')!.metadata.resourceVersion).toBe(configMapVersion);
  }, 120_000);

  it('--dry-run plans every step and writes nothing', async () => {
    const w = await begin();
    const result = await up(w, ['--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/peer +planned +Would create/);
    expect(result.stdout).toMatch(/configure-advertising +planned +Would write kafka-env and kafka-broker/);
    expect(result.stdout).toMatch(/smoke-test +planned +Would produce and consume 100 messages on kafka-aks-smoke from a pod of AKS cluster aks1/);
    expect(result.stdout).toMatch(/configmap +planned +Would create ConfigMap default\/kafka-bootstrap in AKS cluster aks1/);
    expect(result.stdout).toContain('Dry run: nothing was changed.');
    expect(w.writes()).toEqual({ arm: [], ambari: [] });
    expect(w.aks.writes()).toEqual([]);
  });

  itWithKcat('a restart task that fails: exit 1 at configure-advertising, maintenance OFF, the resume command; after the fault clears it completes', async () => {
    const w = await begin();
    const cluster = w.ambari.cluster();
    const wn1 = cluster.hosts.filter((h) => h.name.startsWith('wn'))[1]!.name;
    cluster.restarts.faults.set(wn1, { status: 'FAILED', stderr: 'Execution of kafka start failed: disk full' });
    const failed = await up(w);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`Error: Step 2 of 5 (configure-advertising): The restart failed on ${wn1} (FAILED: Execution of kafka start failed: disk full)`);
    expect(failed.stderr).toMatch(/Resume with `kafka-aks up --aks aks1 .*--yes`/);
    // Undoing is configure-advertising's (up has no --rollback), with the flags of this run that it takes.
    expect(failed.stderr).toContain('restore the previous configuration with `kafka-aks configure-advertising --cluster kafka --resource-group kafka-rg --poll-interval 0.01 --yes --rollback`');
    expect(failed.stdout).toMatch(/peer +changed/);
    expect(kafkaService(w).maintenance).toBe('OFF');

    cluster.restarts.faults.clear();
    const resumed = await up(w, ['--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as UpJson).steps.map((s) => s.status)).toEqual(['unchanged', 'changed', 'unchanged', 'passed', 'changed']);
  });

  it('overlapping address spaces: exit 2 at peer, before any write anywhere', async () => {
    const w = await begin({ kafkaVnetPrefixes: ['10.224.0.0/16'] });
    const result = await up(w);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Error: Step 1 of 5 (peer): Cannot peer: ');
    expect(result.stderr).toContain('overlaps');
    expect(w.writes()).toEqual({ arm: [], ambari: [] });
  });

  it('Ctrl-C while waiting for the restart: exit 130, maintenance OFF, where things stand and the resume command', async () => {
    const w = await begin();
    let child: ChildProcess | undefined;
    w.ambari.beforeAnswer({ method: 'GET', pathIncludes: '/requests/', nth: 1 }, async () => {
      const stopping = new Promise<void>((resolve) => child!.stderr!.on('data', (chunk: Buffer) => String(chunk).includes('Stopping:') && resolve()));
      child!.kill('SIGINT');
      await stopping;
    });
    const result = await up(w, [], (spawned) => (child = spawned));
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Error: Step 2 of 5 (configure-advertising): Interrupted by Ctrl-C while restarting Kafka brokers.');
    expect(result.stderr).toContain('Maintenance mode is OFF again.');
    expect(result.stderr).toMatch(/Resume with `kafka-aks up /);
    expect(kafkaService(w).maintenance).toBe('OFF');
  });

  itWithKcat('Ctrl-C while the smoke-test pod runs in AKS: exit 130 at step 4, the pod deleted, and the resume command', async () => {
    const w = await begin();
    const podRunning = w.aks.waitFor('pod-running', (event) => event.name.startsWith('kafka-aks-smoke-'));
    const cleanup = w.aks.waitFor('kubectl', (event) => event.verb === 'delete');
    const result = await up(w, ['--messages', '1000000'], (child) => void podRunning.then(() => child.kill('SIGINT')));
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/Error: Step 4 of 5 \(smoke-test\): Interrupted by Ctrl-C while the smoke test ran in pod default\/kafka-aks-smoke-[0-9a-f]+ of AKS cluster aks1; a cleanup command deleting pod default\/kafka-aks-smoke-[0-9a-f]+ was sent/);
    expect(result.stderr).toMatch(/Resume with `kafka-aks up /);
    expect((await cleanup).args).toContain((await podRunning).name);
    // No ConfigMap yet: up stopped before its last step.
    expect(w.aks.configMap('default', 'kafka-bootstrap')).toBeUndefined();
  }, 90_000);

  it('an NSG rule denying the Kafka port: up stops at the smoke test and names the rule', async () => {
    const w = await begin();
    const nsg = w.arm.world.addNsg({ resourceGroup: 'kafka-rg', name: 'kafka-nsg', location: 'westeurope' });
    w.arm.world.addSecurityRule(nsg, { name: 'deny-kafka', priority: 300, direction: 'Inbound', access: 'Deny', protocol: 'Tcp', destinationPorts: String(w.port) });
    w.arm.world.associateNsg(`${w.hdinsight.vnetId}/subnets/${w.hdinsight.subnetName}`, nsg);
    await w.networkChanged();
    const result = await up(w);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Error: Step 4 of 5 \(smoke-test\): No bootstrap server \(.*\) answered from pods in AKS cluster aks1/);
    expect(result.stderr).toContain('The network path explains it:');
    expect(result.stderr).toContain('deny-kafka');
  });

  it('a refused Ambari login is told as the configure-advertising step, not the peering; a dry run that stops says to run the dry run again', async () => {
    const w = await begin();
    const result = await up(w, ['--ambari-user', 'nobody', '--dry-run', '--json']);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('Error: Step 2 of 5 (configure-advertising): ');
    const document = JSON.parse(result.stdout) as UpJson & { error: { kind: string; exitCode: number; message: string; hint: string } };
    expect(document.steps).toEqual([expect.objectContaining({ step: 'configure-advertising', status: 'failed' })]);
    expect(document.error).toMatchObject({ kind: 'auth', exitCode: 5, message: expect.stringMatching(/^Step 2 of 5 \(configure-advertising\): /), hint: expect.any(String) });
    expect(result.stderr).toMatch(/Once that is fixed, run `kafka-aks up .*--dry-run.*` again to see the whole plan\./);
    expect(w.writes()).toEqual({ arm: [], ambari: [] });
  });

  itWithKcat('Ctrl-C while the ConfigMap is written: exit 130 at step 5, saying the write was sent; the next run finds it in place', async () => {
    const w = await begin();
    const applying = w.aks.waitFor('kubectl', (event) => event.verb === 'apply');
    const result = await up(w, [], (child) => void applying.then(() => child.kill('SIGINT')));
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Error: Step 5 of 5 (configmap): Interrupted by Ctrl-C while writing ConfigMap default/kafka-bootstrap: the run command was sent');
    expect(result.stderr).not.toContain('AbortError');
    expect(result.stdout).not.toContain('AbortError');
    const again = await up(w);
    expect(again.code, again.stderr).toBe(0);
    expect(w.aks.configMap('default', 'kafka-bootstrap')?.data?.['bootstrap.servers']).toBe(w.brokers.map((b) => `${b.ip}:${w.port}`).join(','));
  }, 120_000);

  it('an ESP cluster (SASL_PLAINTEXT listeners): the smoke-test step says the test cannot speak it, exit 2', async () => {
    const w = await begin();
    const cluster = w.ambari.cluster();
    const broker = desiredConfig(cluster, 'kafka-broker')!.properties;
    saveConfigAsAdmin(cluster, 'kafka-broker', { ...broker, listeners: broker.listeners!.replace('PLAINTEXT', 'SASL_PLAINTEXT') }, 'ESP', 0);
    const result = await up(w, ['--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Error: Step 4 of 5 (smoke-test): The brokers listen with SASL_PLAINTEXT (kafka-broker listeners in Ambari), and kafka-aks's smoke test speaks PLAINTEXT only");
    expect(result.stdout).toMatch(/configure-advertising +planned +.*/);
  });

  it('without --yes and no terminal: exit 2 before any write, the peering included', async () => {
    const w = await begin();
    const result = await run(['up', ...w.cliArgs.clusters, ...fast]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('confirm with --yes (there is no terminal to ask on)');
    // up has no --no-restart: the hint offers only what up has.
    expect(result.stderr).toContain('Hint: See the change first with --dry-run. Nothing was changed.');
    expect(w.writes()).toEqual({ arm: [], ambari: [] });
  });
});
