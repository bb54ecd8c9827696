// `kafka-aks smoke-test` against the Kafka simulator (and, for --cluster, the Ambari simulator): what an
// operator sees, and what the simulated brokers hold afterwards. Faults come from simulator knobs,
// never from sleeping.
import { afterEach, describe, expect, it } from 'vitest';
import type { KafkaSimulator } from '../sim/kafka/simulator.js';
import { hdinsightKafkaCluster } from '../sim/ambari/model.js';
import { startAmbari, type AmbariFixture } from '../support/ambari.js';
import { runCli } from '../support/cli.js';
import { countingRequests, parseReport, startKafka } from '../support/kafka.js';

let kafka: KafkaSimulator | undefined;
let ambari: AmbariFixture | undefined;
afterEach(async () => {
  await kafka?.stop();
  await ambari?.sim.stop();
  kafka = undefined;
  ambari = undefined;
});

/** Records of the run with this id, over every partition of the topic. */
function runRecords(sim: KafkaSimulator, topic: string, runId: string) {
  return sim.records(topic).flat().filter((r) => r.key?.toString().includes(`/${runId}/`));
}

describe('kafka-aks smoke-test', () => {
  it('on a healthy 3-broker cluster advertising IPs: exit 0, every count right, the JSON shape stable', async () => {
    kafka = await startKafka();
    const result = await runCli(['smoke-test', '-b', kafka.bootstrap, '--json']);
    expect(result.stderr).not.toContain('Error');
    expect(result.code).toBe(0);
    const report = parseReport(result.stdout);
    expect(Object.keys(report)).toEqual([
      'bootstrap', 'clusterId', 'controllerId', 'brokers', 'topic', 'runId', 'consumerGroup', 'records', 'recordSize',
      'recordsPerSec', 'mbPerSec', 'latencyMs', 'lost', 'duplicated', 'corrupted', 'outOfOrder', 'timedOut', 'passed',
    ]);
    expect(report).toMatchObject({ records: 100, recordSize: 100, lost: 0, duplicated: 0, corrupted: 0, outOfOrder: 0, passed: true });
    expect(report.brokers.map((b) => [b.id, b.advertised, b.ipLiteral, b.reachable])).toEqual(
      kafka.brokers().map((b) => [b.id, b.advertised, true, 'ok']),
    );
    expect(report.controllerId).toBe(kafka.cluster.controllerId);
    expect(Object.keys(report.latencyMs)).toEqual(['avg', 'max', 'p50', 'p95', 'p99', 'p999']);
    expect(report.latencyMs.p50).toBeLessThanOrEqual(report.latencyMs.max);
    expect(report.recordsPerSec).toBeGreaterThan(0);
    // The brokers hold the run's 100 messages, spread over all 3 partitions; the run's group is gone.
    const stored = kafka.records('kafka-aks-smoke');
    expect(stored.map((partition) => partition.length)).toEqual([34, 33, 33]);
    expect(runRecords(kafka, 'kafka-aks-smoke', report.runId)).toHaveLength(100);
    expect(report.consumerGroup).toEqual({ id: `kafka-aks-smoke-${report.runId}`, deleted: true });
    expect(kafka.groupIds()).not.toContain(report.consumerGroup.id);
  });

  it('reports in kafka-producer-perf-test terms for people, progress on stderr', async () => {
    kafka = await startKafka();
    const result = await runCli(['smoke-test', '--bootstrap-server', kafka.bootstrap, '--messages', '500']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/BROKER\s+ADVERTISED LISTENER\s+IP LITERAL\s+RESOLVES TO\s+REACHABLE/);
    expect(result.stdout).toMatch(
      /500 records sent, [\d.]+ records\/sec \([\d.]+ MB\/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency, \d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99\.9th/,
    );
    expect(result.stdout).toContain('0 lost, 0 duplicated, 0 corrupted, 0 out of order: PASSED');
    expect(result.stderr).toContain('Produced 500 messages');
  });

  it('stops with exit 4 when brokers advertise FQDNs that do not resolve, naming broker and name, without producing', async () => {
    kafka = await startKafka({ advertise: 'fqdn' });
    const [first] = kafka.brokers();
    const fqdn = first!.advertised.split(':')[0]!;
    expect(fqdn).toMatch(/^wn0-kafka\.[0-9a-f]+\.cx\.internal\.cloudapp\.net$/);
    const { result, count } = await countingRequests(kafka, 'Produce', () =>
      runCli(['smoke-test', '-b', kafka!.bootstrap, '--timeout', '10s']),
    );
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`Error: Broker ${first!.id} advertises ${first!.advertised}, a name that does not resolve from here`);
    expect(result.stderr).toContain('ENOTFOUND');
    expect(result.stderr).toMatch(/Hint: Run `kafka-aks configure-advertising --cluster <name>`/);
    expect(count).toBe(0);
    expect(kafka.cluster.topics.has('kafka-aks-smoke')).toBe(false);
  });

  it('with --json, the unresolvable-FQDN failure is one JSON error document naming every broker', async () => {
    kafka = await startKafka({ advertise: 'fqdn' });
    const result = await runCli(['smoke-test', '-b', kafka.bootstrap, '--json']);
    expect(result.code).toBe(4);
    const document = JSON.parse(result.stdout) as { error: { kind: string; exitCode: number; details: { brokers: { id: number; host: string }[] } } };
    expect(document.error).toMatchObject({ kind: 'check-failed', exitCode: 4 });
    expect(document.error.details.brokers.map((b) => b.id)).toEqual(kafka.brokerIds());
  });

  it('--resolve NAME:IP maps advertised FQDNs to addresses, as before a private DNS zone is linked', async () => {
    kafka = await startKafka({ advertise: 'fqdn' });
    const resolve = kafka.brokers().flatMap((b) => ['--resolve', `${b.advertised.split(':')[0]}:${b.listen.split(':')[0]}`]);
    const result = await runCli(['smoke-test', '-b', kafka.bootstrap, ...resolve, '--json']);
    expect(result.code).toBe(0);
    const report = parseReport(result.stdout);
    expect(report.passed).toBe(true);
    expect(report.brokers.every((b) => !b.ipLiteral && b.resolvedBy === 'resolve-flag')).toBe(true);
  });

  it('--cluster finds the brokers through Ambari, as `brokers --bootstrap` does', async () => {
    kafka = await startKafka();
    // The simulated workers' private IPs are where the simulated brokers listen.
    const listenIps = kafka.brokers().map((broker) => broker.listen.split(':')[0]!);
    ambari = await startAmbari({ clusters: [hdinsightKafkaCluster({ workers: 3, workerIp: (n) => listenIps[n]! })] });
    const result = await runCli(['smoke-test', ...ambari.args, '--port', String(kafka.port), '--json'], { env: ambari.env });
    expect(result.code).toBe(0);
    const report = parseReport(result.stdout);
    expect(report.bootstrap).toBe(kafka.bootstrap);
    expect(report.passed).toBe(true);
    expect(ambari.sim.writes()).toEqual([]);
  });

  it('counts a batch the brokers stored twice as duplicates and fails with exit 4', async () => {
    kafka = await startKafka();
    kafka.createTopic('orders', 3, 3);
    kafka.knobs.duplicateNextBatch({ topic: 'orders' });
    const result = await runCli(['smoke-test', '-b', kafka.bootstrap, '-t', 'orders', '--json']);
    expect(result.code).toBe(4);
    const report = parseReport(result.stdout);
    // Exactly the records of the one batch appended twice: what the partition logs hold beyond the 100.
    const extra = runRecords(kafka, 'orders', report.runId).length - 100;
    expect(extra).toBeGreaterThan(0);
    expect(report).toMatchObject({ duplicated: extra, lost: 0, corrupted: 0, passed: false });
    expect(result.stderr).toContain(`Error: Smoke test failed on orders: ${extra} duplicated.`);
  });

  it('a broker that stops mid-run gives a clear error, and no hang beyond --timeout', async () => {
    kafka = await startKafka();
    kafka.createTopic('fragile', 3, 1);
    const victim = kafka.cluster.partition('fragile', 1)!.leader;
    let stopped = false;
    kafka.knobs.onRequest((event) => {
      if (!stopped && event.api === 'Produce' && event.brokerId === victim) {
        stopped = true;
        void kafka!.stopBroker(victim);
      }
    });
    const started = Date.now();
    const result = await runCli(['smoke-test', '-b', kafka.bootstrap, '-t', 'fragile', '--timeout', '4s']);
    const elapsed = Date.now() - started;
    expect(stopped).toBe(true);
    expect(result.code).toBe(1);
    const errorLine = result.stderr.split('\n').find((line) => line.startsWith('Error: '));
    expect(errorLine).toMatch(/Producing to fragile failed|Ran out of time \(--timeout\) while producing to fragile/);
    expect(result.stderr).toMatch(/Hint: /);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
    // 4 s of deadline, plus start-up and bounded cleanup.
    expect(elapsed).toBeLessThan(10_000);
  });

  it('creates a missing topic with --partitions and --replication-factor, then reuses it', async () => {
    kafka = await startKafka();
    const first = await runCli(['smoke-test', '-b', kafka.bootstrap, '-t', 'fresh', '--partitions', '4', '--replication-factor', '2', '--json']);
    expect(first.code).toBe(0);
    expect(parseReport(first.stdout).topic).toEqual({ name: 'fresh', created: true, partitions: 4, replicationFactor: 2 });
    const topic = kafka.cluster.topics.get('fresh')!;
    expect(topic.partitions.map((p) => p.replicas.length)).toEqual([2, 2, 2, 2]);
    expect(new Set(topic.partitions.map((p) => p.leader)).size).toBe(3);

    const second = await runCli(['smoke-test', '-b', kafka.bootstrap, '-t', 'fresh', '--partitions', '9', '--json']);
    expect(second.code).toBe(0);
    const report = parseReport(second.stdout);
    expect(report.topic).toEqual({ name: 'fresh', created: false, partitions: 4, replicationFactor: 2 });
    // The second run read only its own messages, from the offsets where the first run ended.
    expect(report).toMatchObject({ lost: 0, duplicated: 0, passed: true });
    expect(kafka.records('fresh').flat()).toHaveLength(200);
  });

  it('a replication factor larger than the cluster is bad input: exit 2 with the broker count', async () => {
    kafka = await startKafka({ brokers: 1 });
    const result = await runCli(['smoke-test', '-b', kafka.bootstrap, '--replication-factor', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Error: Cannot create topic kafka-aks-smoke: Topic creation errors: Replication-factor is invalid\./);
    expect(result.stderr).toContain('Hint: The cluster has 1 broker(s): pass --replication-factor at most that');
  });

  it("a topic name Kafka would refuse is bad input by Kafka's rule: exit 2 stating it, before any request to a broker", async () => {
    kafka = await startKafka({ brokers: 1 });
    let requests = 0;
    const stop = kafka.knobs.onRequest(() => (requests += 1));
    const rule = "Kafka topic names are 1-249 ASCII letters, digits, '.', '_' and '-', and neither '.' nor '..'.";
    try {
      for (const topic of ['a/b', '..', '.', '', 't'.repeat(250), 'tópico']) {
        const result = await runCli(['smoke-test', '-b', kafka.bootstrap, '--topic', topic]);
        expect(result.code, topic).toBe(2);
        expect(result.stderr.split('\n')[0], topic).toBe(`error: option '-t, --topic <name>' argument '${topic}' is invalid. ${rule}`);
      }
    } finally {
      stop();
    }
    expect(requests).toBe(0);
  });

  it('unreachable bootstrap servers: exit 1 with host, port, the error, and the VNet hint', async () => {
    kafka = await startKafka({ brokers: 1 });
    const closed = `127.0.1.99:${kafka.port}`;
    const result = await runCli(['smoke-test', '-b', closed]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Error: Cannot reach any bootstrap server: ${closed} (connect ECONNREFUSED ${closed}).`);
    expect(result.stderr).toMatch(/Hint: Broker IPs are private: test from inside the AKS cluster with --in-aks/);
  });

  it('survives a connection the network drops mid-run: the client reconnects, nothing lost or doubled', async () => {
    kafka = await startKafka();
    kafka.createTopic('blips', 3, 3);
    kafka.knobs.dropConnectionOn({ api: 'Produce' }, 2);
    const result = await runCli(['smoke-test', '-b', kafka.bootstrap, '-t', 'blips', '--json']);
    expect(result.code).toBe(0);
    expect(parseReport(result.stdout)).toMatchObject({ lost: 0, duplicated: 0, corrupted: 0, passed: true });
  });

  it('messages that do not come back before --timeout are lost: exit 4, and the run still ends on time', async () => {
    kafka = await startKafka();
    kafka.createTopic('slow', 3, 3);
    // Every fetch answer is held far beyond the deadline, as a consumer behind a saturated link sees.
    kafka.knobs.delayResponses({ api: 'Fetch', ms: 60_000 });
    const started = Date.now();
    const result = await runCli(['smoke-test', '-b', kafka.bootstrap, '-t', 'slow', '--timeout', '3s', '--json']);
    expect(result.code).toBe(4);
    const report = parseReport(result.stdout);
    expect(report).toMatchObject({ lost: 100, duplicated: 0, timedOut: true, passed: false });
    expect(result.stderr).toMatch(/Error: Smoke test failed on slow: 100 of 100 messages lost \(sequence numbers 0, 1, 2, 3, 4, \.\.\.\) \(the deadline passed before they came back\)\./);
    expect(result.stderr).toMatch(/Hint: The brokers acknowledged every message but they did not come back within --timeout/);
    expect(Date.now() - started).toBeLessThan(9_000);
  });

  it.each([
    ['SIGINT', 130, 'Interrupted by Ctrl-C.'],
    ['SIGTERM', 143, 'Terminated (SIGTERM).'],
    ['SIGHUP', 129, 'Hung up (SIGHUP).'],
  ] as const)('%s stops the run with exit %i, deletes its consumer group, and says a rerun starts over', async (signal, code, message) => {
    kafka = await startKafka();
    kafka.createTopic('interrupted', 3, 3);
    let interruptChild: (() => void) | undefined;
    kafka.knobs.onRequest((event) => {
      if (event.api === 'Produce') interruptChild?.();
    });
    const result = await runCli(['smoke-test', '-b', kafka.bootstrap, '-t', 'interrupted', '--messages', '100000'], {
      onSpawn: (child) => {
        interruptChild = () => {
          interruptChild = undefined;
          child.kill(signal);
        };
      },
    });
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(`Error: ${message}`);
    // A rerun does not carry on from where this one stopped: it is a new run, with a new id and group.
    expect(result.stderr).toContain('Hint: Run the same command again: the smoke test starts over with a new run id; the topic is kept.');
    // It cleaned up on the way out: the run's consumer group is gone.
    expect(kafka.groupIds()).toEqual([]);
  });

  it('--help states the purpose and shows examples', async () => {
    const result = await runCli(['smoke-test', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('produce messages with a unique run id and sequence over every partition');
    expect(result.stdout).toMatch(/Examples:\n\s+\$ kafka-aks smoke-test --bootstrap-server /);
    for (const flag of ['--bootstrap-server', '--cluster', '--topic', '--messages', '--partitions', '--replication-factor', '--timeout', '--resolve']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('needs exactly one of --bootstrap-server and --cluster (exit 2)', async () => {
    const neither = await runCli(['smoke-test']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('Error: Say which brokers to test');
    const both = await runCli(['smoke-test', '-b', '127.0.0.1:9092', '--cluster', 'mykafka']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Error: Give either --bootstrap-server or --cluster, not both.');
    const badTimeout = await runCli(['smoke-test', '-b', '127.0.0.1:9092', '--timeout', 'soon']);
    expect(badTimeout.code).toBe(2);
    expect(badTimeout.stderr).toContain("option '--timeout <duration>' argument 'soon' is invalid");
  });
});
