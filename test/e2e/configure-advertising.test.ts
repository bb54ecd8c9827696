// `kafka-aks configure-advertising` against the Ambari simulator. Each test is a scenario from the
// runbook; the simulator renders every broker's server.properties by really running the kafka-env
// template it was given, so these tests see what Kafka would advertise, not what we meant to write.
import { afterEach, describe, expect, it } from 'vitest';
import { desiredConfig, hdinsightKafkaCluster, type HdinsightKafkaOptions, type SimCluster } from '../sim/ambari/model.js';
import { saveConfigAsAdmin } from '../sim/ambari/config-writes.js';
import type { AmbariSimulator } from '../sim/ambari/server.js';
import { startAmbari, type AmbariFixture } from '../support/ambari.js';
import { runCli } from '../support/cli.js';
import { startLinkedClusters, type LinkedClusters } from '../support/linked-clusters.js';

let ambari: AmbariFixture | undefined;
afterEach(async () => {
  await ambari?.sim.stop();
  ambari = undefined;
});

async function withCluster(options: HdinsightKafkaOptions = {}) {
  ambari = await startAmbari({ clusters: [hdinsightKafkaCluster(options)] });
  return ambari;
}

/** A broker address on loopback where nothing listens: connections are refused at once. */
const unreachableBroker = (n: number) => `127.0.2.${10 + n}`;

/** The flags every run here uses: the simulator, and a fast poll (the simulator's clock moves per poll). */
const fast = ['--poll-interval', '0.01', '--rolling-pause', '0'];

function configure(fixture: AmbariFixture, ...extra: string[]) {
  return runCli(['configure-advertising', ...fixture.args, ...fast, ...extra], { env: fixture.env });
}

const brokerHosts = (cluster: SimCluster) => cluster.hosts.filter((h) => h.name.startsWith('wn'));
const kafkaService = (cluster: SimCluster) => cluster.services.find((s) => s.name === 'KAFKA')!;
const configWrites = (sim: AmbariSimulator) => sim.writes().filter((w) => /\/clusters\/[^/]+$/.test(w.path));
const maintenanceWrites = (sim: AmbariSimulator) => sim.writes().filter((w) => w.path.endsWith('/services/KAFKA'));
const restartRequests = (sim: AmbariSimulator) => sim.writes().filter((w) => w.method === 'POST' && w.path.endsWith('/requests'));
const staleBrokers = (cluster: SimCluster) =>
  cluster.hostComponents.filter((hc) => hc.component === 'KAFKA_BROKER' && Object.entries(hc.actualTags).some(([t, tag]) => cluster.desiredTags.get(t) !== tag));

describe('kafka-aks configure-advertising', () => {
  it('makes every broker advertise PLAINTEXT://<its ip>:9092 with one config write, two maintenance writes and one restart', async () => {
    const fixture = await withCluster({ workers: 3 });
    const { sim } = fixture;
    const result = await configure(fixture, '--yes');
    expect(result.code).toBe(0);
    const cluster = sim.cluster();
    for (const host of brokerHosts(cluster)) {
      const runtime = sim.brokerRuntime(host.name);
      expect(runtime.error).toBeUndefined();
      expect(runtime.serverProperties['advertised.listeners']).toBe(`PLAINTEXT://${host.ip}:9092`);
      expect(runtime.serverProperties.listeners).toBe('PLAINTEXT://0.0.0.0:9092');
      expect(result.stdout).toContain(`PLAINTEXT://${host.ip}:9092`);
    }
    expect(kafkaService(cluster).maintenance).toBe('OFF');
    expect(staleBrokers(cluster)).toEqual([]);
    expect(configWrites(sim)).toHaveLength(1);
    expect(maintenanceWrites(sim).map((w) => JSON.parse(w.body).Body.ServiceInfo.maintenance_state)).toEqual(['ON', 'OFF']);
    expect(restartRequests(sim)).toHaveLength(1);
    // Every write carried the CSRF header; the restart ran at SERVICE level, since KAFKA was in maintenance.
    expect(sim.writes().every((w) => w.requestedBy !== undefined)).toBe(true);
    expect(JSON.parse(restartRequests(sim)[0]!.body).RequestInfo.operation_level.level).toBe('SERVICE');
    expect(result.stdout).toContain('Configured: every broker of kafka now advertises its IP.');
  });

  it('carries every other property and attribute of both types over untouched (whole maps compared)', async () => {
    const fixture = await withCluster();
    const cluster = fixture.sim.cluster();
    const envBefore = structuredClone(desiredConfig(cluster, 'kafka-env')!);
    const brokerBefore = structuredClone(desiredConfig(cluster, 'kafka-broker')!);
    expect((await configure(fixture, '--yes')).code).toBe(0);
    const envAfter = desiredConfig(cluster, 'kafka-env')!;
    const brokerAfter = desiredConfig(cluster, 'kafka-broker')!;
    expect(envAfter.tag).not.toBe(envBefore.tag);
    expect({ ...envAfter.properties, content: 'X' }).toEqual({ ...envBefore.properties, content: 'X' });
    expect(envAfter.properties.content!.startsWith(envBefore.properties.content!.trimEnd())).toBe(true);
    expect(envAfter.propertiesAttributes).toEqual(envBefore.propertiesAttributes);
    expect({ ...brokerAfter.properties, listeners: 'X' }).toEqual({ ...brokerBefore.properties, listeners: 'X' });
    expect(brokerAfter.propertiesAttributes).toEqual(brokerBefore.propertiesAttributes);
    expect(brokerAfter.propertiesAttributes).toEqual({ final: { 'log.dirs': 'true' } });
    // One new KAFKA service config version, with a note naming kafka-aks and the port.
    const latest = cluster.serviceConfigVersions.filter((v) => v.service === 'KAFKA').at(-1)!;
    expect(latest.version).toBe(2);
    expect(latest.note).toMatch(/^kafka-aks: advertise .*9092/);
  });

  it('a second run says "already configured" and writes nothing', async () => {
    const fixture = await withCluster();
    expect((await configure(fixture, '--yes')).code).toBe(0);
    const writesBefore = fixture.sim.writes().length;
    const again = await configure(fixture, '--yes');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Already configured');
    expect(fixture.sim.writes()).toHaveLength(writesBefore);
  });

  it('resumes a failed restart: after the fault clears, no config write, only the restart', async () => {
    const fixture = await withCluster();
    const cluster = fixture.sim.cluster();
    const wn1 = brokerHosts(cluster)[1]!.name;
    cluster.restarts.faults.set(wn1, { status: 'FAILED', stderr: 'Execution of kafka start failed: disk full' });
    const failed = await configure(fixture, '--yes');
    expect(failed.code).toBe(1);
    cluster.restarts.faults.clear();
    const writesBefore = configWrites(fixture.sim).length;
    const resumed = await configure(fixture, '--yes');
    expect(resumed.code).toBe(0);
    expect(configWrites(fixture.sim)).toHaveLength(writesBefore);
    expect(resumed.stderr).toContain('The configuration is already right');
    expect(staleBrokers(cluster)).toEqual([]);
    expect(fixture.sim.brokerRuntime(wn1).serverProperties['advertised.listeners']).toBe(`PLAINTEXT://${brokerHosts(cluster)[1]!.ip}:9092`);
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    const fixture = await withCluster();
    const result = await configure(fixture, '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  - PLAINTEXT://localhost:9092\n  + PLAINTEXT://0.0.0.0:9092');
    expect(result.stdout).toContain('  + echo "advertised.listeners=PLAINTEXT://$IP_ADDRESS:9092" >> /usr/hdp/current/kafka-broker/conf/server.properties');
    expect(result.stdout).toContain('Nothing was changed.');
    expect(fixture.sim.writes()).toEqual([]);
  });

  it('--port 9093 replaces the snippet rather than appending a second one', async () => {
    const fixture = await withCluster();
    expect((await configure(fixture, '--yes')).code).toBe(0);
    const result = await configure(fixture, '--yes', '--port', '9093');
    expect(result.code).toBe(0);
    const cluster = fixture.sim.cluster();
    const content = desiredConfig(cluster, 'kafka-env')!.properties.content!;
    expect(content.match(/>>> kafka-aks/g)).toHaveLength(1);
    expect(content).not.toContain(':9092');
    expect(desiredConfig(cluster, 'kafka-broker')!.properties.listeners).toBe('PLAINTEXT://0.0.0.0:9093');
    const wn0 = brokerHosts(cluster)[0]!;
    expect(fixture.sim.brokerRuntime(wn0.name).serverProperties['advertised.listeners']).toBe(`PLAINTEXT://${wn0.ip}:9093`);
  });

  it('--rolling restarts the brokers one at a time, in order, never more than one down', async () => {
    // Brokers on loopback addresses where nothing listens: Kafka cannot be reached, so the roll pauses.
    const fixture = await withCluster({ workers: 4, workerIp: unreachableBroker });
    const result = await configure(fixture, '--yes', '--rolling');
    expect(result.code).toBe(0);
    const cluster = fixture.sim.cluster();
    const restarted = restartRequests(fixture.sim).map((w) => JSON.parse(w.body)['Requests/resource_filters'][0].hosts);
    expect(restarted).toEqual(brokerHosts(cluster).map((h) => h.name));
    expect(cluster.maxBrokersDown).toBe(1);
    expect(result.stderr).toContain('Restarted broker 4 of 4');
  });

  it('smoke-test --cluster on an ESP cluster says it cannot speak SASL_PLAINTEXT, before connecting (exit 2)', async () => {
    const fixture = await withCluster({ listeners: 'SASL_PLAINTEXT://localhost:9092' });
    const result = await runCli(['smoke-test', ...fixture.args], { env: fixture.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Error: The brokers listen with SASL_PLAINTEXT (kafka-broker listeners in Ambari), and kafka-aks's smoke test speaks PLAINTEXT only, without TLS or SASL.");
    expect(result.stderr).not.toMatch(/Connecting to/);
  });

  it('keeps the protocol of an ESP cluster: SASL_PLAINTEXT brokers advertise SASL_PLAINTEXT://<ip>:9092', async () => {
    const fixture = await withCluster({ listeners: 'SASL_PLAINTEXT://localhost:9092' });
    const result = await configure(fixture, '--yes');
    expect(result.code).toBe(0);
    for (const host of brokerHosts(fixture.sim.cluster())) {
      const runtime = fixture.sim.brokerRuntime(host.name);
      expect(runtime.error).toBeUndefined();
      expect(runtime.serverProperties['advertised.listeners']).toBe(`SASL_PLAINTEXT://${host.ip}:9092`);
    }
  });

  it('without a terminal and without --yes: exit 2 and zero writes', async () => {
    const fixture = await withCluster();
    const result = await configure(fixture);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('confirm with --yes');
    expect(fixture.sim.writes()).toEqual([]);
  });

  it('a failed restart task: exit 1 naming the host and its stderr, maintenance OFF afterwards', async () => {
    const fixture = await withCluster();
    const cluster = fixture.sim.cluster();
    const wn2 = brokerHosts(cluster)[2]!.name;
    cluster.restarts.faults.set(wn2, { status: 'FAILED', stderr: 'Traceback ...\nFail: Execution of kafka start returned 1. disk full' });
    const result = await configure(fixture, '--yes', '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The restart failed on ${wn2} (FAILED: Fail: Execution of kafka start returned 1. disk full)`);
    expect(result.stderr).toContain('--rollback');
    expect(kafkaService(cluster).maintenance).toBe('OFF');
    expect(JSON.parse(result.stdout).error.details.failed[0]).toMatchObject({ host: wn2, status: 'FAILED' });
  });

  it("stops with a conflict when someone changes kafka-broker between our read and our write; their change stands", async () => {
    const fixture = await withCluster();
    const cluster = fixture.sim.cluster();
    // The second read of the desired tags is the one just before the write.
    fixture.sim.beforeRequest({ method: 'GET', queryIncludes: 'fields=Clusters/desired_configs', nth: 2 }, () => {
      const current = desiredConfig(cluster, 'kafka-broker')!.properties;
      saveConfigAsAdmin(cluster, 'kafka-broker', { ...current, 'log.retention.hours': '72' }, 'shorter retention', 0);
    });
    const result = await configure(fixture, '--yes');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('kafka-broker changed in Ambari while kafka-aks was preparing its change');
    expect(desiredConfig(cluster, 'kafka-broker')!.properties['log.retention.hours']).toBe('72');
    expect(desiredConfig(cluster, 'kafka-broker')!.properties.listeners).toBe('PLAINTEXT://localhost:9092');
    expect(configWrites(fixture.sim)).toEqual([]);
    expect(maintenanceWrites(fixture.sim)).toEqual([]);
  });

  it('keeps polling when Ambari answers 500 once during the restart', async () => {
    const fixture = await withCluster();
    fixture.sim.failNext(500, { method: 'GET', pathIncludes: '/requests/' });
    const result = await configure(fixture, '--yes');
    expect(result.code).toBe(0);
    expect(fixture.sim.log.some((entry) => entry.status === 500)).toBe(true);
    expect(staleBrokers(fixture.sim.cluster())).toEqual([]);
  });

  it('a 403 during polling: exit 5, maintenance OFF, and no password in the output', async () => {
    const fixture = await withCluster();
    fixture.sim.failNext(403, { method: 'GET', pathIncludes: '/requests/' });
    const result = await configure(fixture, '--yes', '--verbose');
    expect(result.code).toBe(5);
    expect(kafkaService(fixture.sim.cluster()).maintenance).toBe('OFF');
    expect(result.stdout + result.stderr).not.toContain(fixture.sim.password);
  });

  it('when turning maintenance mode off fails, says exactly how to turn it off by hand', async () => {
    const fixture = await withCluster();
    const { sim } = fixture;
    // The second PUT to the KAFKA service is the one that turns maintenance mode off.
    sim.beforeRequest({ method: 'PUT', pathIncludes: '/services/KAFKA', nth: 2 }, () =>
      sim.failNext(500, { method: 'PUT', pathIncludes: '/services/KAFKA' }),
    );
    const result = await configure(fixture, '--yes');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The brokers restarted, but turning maintenance mode OFF for KAFKA failed');
    expect(result.stderr).toContain('KAFKA > Actions > Turn Off Maintenance Mode');
    expect(result.stderr).toContain(`-X PUT -d '{"Body":{"ServiceInfo":{"maintenance_state":"OFF"}}}' ${sim.url}/api/v1/clusters/kafka/services/KAFKA`);
    expect(result.stderr).not.toContain(sim.password);
    expect(kafkaService(sim.cluster()).maintenance).toBe('ON');
  });

  it('--rollback restores the previous version, and the brokers render without advertised IPs again', async () => {
    const fixture = await withCluster();
    expect((await configure(fixture, '--yes')).code).toBe(0);
    const result = await configure(fixture, '--yes', '--rollback');
    expect(result.code).toBe(0);
    const cluster = fixture.sim.cluster();
    expect(desiredConfig(cluster, 'kafka-broker')!.tag).toBe('INITIAL');
    expect(desiredConfig(cluster, 'kafka-env')!.tag).toBe('INITIAL');
    for (const host of brokerHosts(cluster)) {
      const runtime = fixture.sim.brokerRuntime(host.name);
      expect(runtime.serverProperties['advertised.listeners']).toBeUndefined();
      expect(runtime.serverProperties.listeners).toBe(`PLAINTEXT://${host.name}:9092`);
    }
    expect(kafkaService(cluster).maintenance).toBe('OFF');
    const again = await configure(fixture, '--yes', '--rollback');
    expect(again.stdout).toContain('Already rolled back');
  });

  it('--rollback refuses, writing nothing, when someone saved a version after kafka-aks\'s: restoring would discard it', async () => {
    const fixture = await withCluster();
    expect((await configure(fixture, '--yes')).code).toBe(0);
    const cluster = fixture.sim.cluster();
    saveConfigAsAdmin(cluster, 'kafka-broker', { ...desiredConfig(cluster, 'kafka-broker')!.properties, 'log.retention.hours': '999' }, 'hand edit by operator', 0);
    const writes = fixture.sim.writes().length;
    for (const extra of [['--dry-run'], ['--yes']]) {
      const result = await configure(fixture, '--rollback', ...extra);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/KAFKA config version 3 \("hand edit by operator", by admin\) was saved after kafka-aks's version 2: restoring version 1 would discard it\. Nothing was changed\./);
    }
    expect(fixture.sim.writes()).toHaveLength(writes);
    expect(desiredConfig(cluster, 'kafka-broker')!.properties['log.retention.hours']).toBe('999');
  });

  it('--rollback when kafka-aks never changed the cluster says so and writes nothing', async () => {
    const fixture = await withCluster();
    const result = await configure(fixture, '--yes', '--rollback');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('kafka-aks never changed the Kafka configuration of kafka: nothing to roll back.');
    expect(fixture.sim.writes()).toEqual([]);
  });

  it.each([
    // restart.ts retells the signal with what it knows, keeping which signal it was.
    ['SIGINT', 130, 'Error: Interrupted by Ctrl-C while restarting Kafka brokers'],
    ['SIGTERM', 143, 'Error: Terminated (SIGTERM) while restarting Kafka brokers'],
    // The terminal closed, or the SSH session carrying it dropped: Node's default would end the process
    // at once, maintenance mode ON.
    ['SIGHUP', 129, 'Error: Hung up (SIGHUP) while restarting Kafka brokers'],
  ] as const)('%s during the restart: exit %i, maintenance OFF, and the next run finishes the job', async (signal, code, message) => {
    const fixture = await withCluster();
    let child: import('node:child_process').ChildProcess | undefined;
    fixture.sim.beforeRequest({ method: 'GET', pathIncludes: '/requests/', nth: 1 }, () => child?.kill(signal));
    const result = await runCli(['configure-advertising', ...fixture.args, ...fast, '--yes'], {
      env: fixture.env,
      onSpawn: (spawned) => (child = spawned),
    });
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain(signal === 'SIGINT' ? 'SIGTERM' : 'Interrupted by Ctrl-C');
    expect(result.stderr).toContain('Maintenance mode is OFF again.');
    expect(result.stderr).toContain('Run the same command again');
    expect(kafkaService(fixture.sim.cluster()).maintenance).toBe('OFF');
    const resumed = await configure(fixture, '--yes');
    expect(resumed.code).toBe(0);
    expect(staleBrokers(fixture.sim.cluster())).toEqual([]);
  });

  it('already configured but KAFKA left in maintenance mode: nothing changes, and a warning says so and how to turn it off', async () => {
    const fixture = await withCluster();
    expect((await configure(fixture, '--yes')).code).toBe(0);
    kafkaService(fixture.sim.cluster()).maintenance = 'ON';
    const result = await configure(fixture, '--yes');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Warning: KAFKA is in maintenance mode in Ambari (ON)');
    expect(result.stderr).toContain('Turn Off Maintenance Mode');
    expect(kafkaService(fixture.sim.cluster()).maintenance).toBe('ON');
  });

  it('stderr closing during the restart (`2>&1 | head -3`) stops the run as Ctrl-C does: exit 141, maintenance OFF, and the next run finishes the job', async () => {
    const fixture = await withCluster();
    let child: import('node:child_process').ChildProcess | undefined;
    // The reader goes away before Ambari answers the first poll: the progress line that answer brings
    // is the first write to fail. Unheard, Node would end the process there, maintenance mode ON.
    fixture.sim.beforeRequest({ method: 'GET', pathIncludes: '/requests/', nth: 1 }, () => child?.stderr?.destroy());
    const result = await runCli(['configure-advertising', ...fixture.args, ...fast, '--yes'], { env: fixture.env, onSpawn: (spawned) => (child = spawned) });
    expect(result.code).toBe(141);
    expect(kafkaService(fixture.sim.cluster()).maintenance).toBe('OFF');
    expect(maintenanceWrites(fixture.sim).map((w) => JSON.parse(w.body).Body.ServiceInfo.maintenance_state)).toEqual(['ON', 'OFF']);
    const resumed = await configure(fixture, '--yes');
    expect(resumed.code).toBe(0);
    expect(staleBrokers(fixture.sim.cluster())).toEqual([]);
  });
});

describe('kafka-aks configure-advertising --rolling with Kafka reachable', () => {
  let linked: LinkedClusters | undefined;
  afterEach(async () => {
    await linked?.stop();
    linked = undefined;
  });

  it('restarts the controller last and starts no broker while partitions are under-replicated', async () => {
    linked = await startLinkedClusters(3);
    const { ambari, kafka } = linked;
    kafka.createTopic('orders', 6, 3);
    const controllerHost = ambari.cluster().hosts.find((h) => h.ip === kafka.brokers().find((b) => b.id === kafka.cluster.controllerId)!.listen.split(':')[0])!.name;
    const downs: Array<{ host: string; underReplicated: number }> = [];
    ambari.cluster().restartObservers.unshift((event) => {
      if (event.phase === 'down') downs.push({ host: event.host, underReplicated: linked!.underReplicated() });
    });
    // A pause this long would time the test out: only the health checks can move the roll on.
    const result = await runCli(
      ['configure-advertising', ...linked.args, '--yes', '--rolling', '--rolling-pause', '3600', '--poll-interval', '0.01'],
      { env: linked.env },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`controller ${controllerHost} restarts last`);
    expect(downs.map((d) => d.host).at(-1)).toBe(controllerHost);
    expect(downs).toHaveLength(3);
    expect(downs.every((d) => d.underReplicated === 0)).toBe(true);
    expect(result.stderr).toMatch(/Waiting for wn\d-kafka\.[^ ]+ to rejoin: .*under-replicated/);
    // Kafka now advertises what Ambari rendered: every broker's IP; and the roll ended healthy.
    for (const broker of kafka.brokers()) expect(broker.advertised).toBe(broker.listen);
    expect(linked.underReplicated()).toBe(0);
    expect(result.stderr).toContain(`Kafka healthy again after ${controllerHost}`);
  });

  it('refuses a rolling restart while partitions are already under-replicated, before any write', async () => {
    linked = await startLinkedClusters(3);
    linked.kafka.createTopic('orders', 3, 3);
    await linked.kafka.stopBroker(linked.kafka.brokerIds()[2]!);
    const result = await runCli(['configure-advertising', ...linked.args, '--yes', '--rolling', '--poll-interval', '0.01'], { env: linked.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('partitions are already under-replicated');
    expect(linked.ambari.writes()).toEqual([]);
  });

  it('falls back to the pause, and says so, when the brokers cannot be reached from here', async () => {
    const fixture = await withCluster({ workers: 2, workerIp: unreachableBroker });
    const result = await configure(fixture, '--yes', '--rolling');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('do not accept connections on port 9092 from here');
    expect(result.stderr).toContain('pausing 0 s between brokers instead of checking their health');
  });
});
