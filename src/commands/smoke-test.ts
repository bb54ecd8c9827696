// `kafka-aks smoke-test`: the runbook's last step made measurable. Read what the brokers advertise and
// check it from here, then produce N messages and consume them back, and say exactly what was lost,
// duplicated or corrupted (exit 4), or why the brokers could not be used at all.
import { Option, type Command } from '../commander.js';
import type { Context } from '../context.js';
import { formatServers, type ServerAddress } from '../kafka/bootstrap.js';
import type { HostOverrides } from '../kafka/host-lookup.js';
import { kafkaTopicName } from '../kafka/topic-name.js';
import type { Reporter } from '../output/reporter.js';
import { addAmbariOptions, openAmbariCluster, type AmbariOptions } from './ambari-options.js';
import { runCommand } from './runner.js';
import { collectResolve, countUpTo, nameOf, parseBootstrapServerList, parseDuration, parsePort } from './parsers.js';

interface SmokeTestOptions extends Omit<AmbariOptions, 'cluster'> {
  cluster?: string;
  bootstrapServer?: ServerAddress[];
  port?: number;
  topic: string;
  messages: number;
  partitions: number;
  replicationFactor?: number;
  timeout: number;
  resolve?: Map<string, string>;
  verbose?: boolean;
}

/** Every smoke-test record is this big, as kafka-producer-perf-test runs are commonly quoted at 100 B. */
const RECORD_BYTES = 100;
/** Messages per producer request: one awaited send per message is ~10x slower (tulios/kafkajs#772). */
const BATCH_SIZE = 1500;
/** Resolving an advertised name or opening a connection to it gets this long, within --timeout. */
const PROBE_TIMEOUT_MS = 3_000;
/**
 * Every message sent and received is held until the verdict: about 0.9 KB each (the CLI's peak RSS was
 * 190 MB at 100,000 messages, 460 MB at 400,000). A million needs about 1 GB; more would outgrow Node's
 * default heap on a small machine or pod.
 */
const parseMessages = countUpTo(1_000_000, 'the run holds every message in memory until the verdict, about 1 KB each');
/** KIP-578: Kafka's guidance is at most 4,000 partitions a broker and 200,000 in a whole cluster. */
const parsePartitions = countUpTo(200_000, "Kafka's guidance for a whole cluster");
/** CreateTopics sends the replication factor as an int16 (CreateTopicsRequest.json). */
const parseReplicationFactor = countUpTo(32_767, "Kafka's protocol holds it in 16 bits");

export function registerSmokeTest(program: Command): void {
  const command = program
    .command('smoke-test')
    .summary('produce and consume messages through the brokers, and say what was lost, duplicated or corrupted')
    .description(
      'Connect to the brokers from here, check what each advertises (IP literal? resolves? accepts a TCP ' +
        'connection?), create the topic if missing, produce messages with a unique run id and sequence over ' +
        'every partition, consume them back in a consumer group of their own, and verify every message came ' +
        'back once, intact and in order. Reports in kafka-producer-perf-test terms. Exit 4 when a check fails.',
    )
    .addOption(new Option('-b, --bootstrap-server <host:port,...>', 'brokers to bootstrap from (or --cluster to ask Ambari)').argParser(parseBootstrapServerList))
    .addOption(new Option('--port <port>', "with --cluster: the brokers' Kafka port (default: their listeners in Ambari)").argParser(parsePort))
    .option('-t, --topic <name>', 'topic to use; created if missing, kept afterwards', nameOf(kafkaTopicName), 'kafka-aks-smoke')
    .addOption(new Option('-c, --messages <count>', 'how many messages to send').default(100).argParser(parseMessages))
    .addOption(new Option('--partitions <count>', 'partitions of a topic this run creates').default(3).argParser(parsePartitions))
    .addOption(
      new Option('--replication-factor <count>', 'replication factor of a topic this run creates (default: min(3, brokers))').argParser(parseReplicationFactor),
    )
    .addOption(new Option('--timeout <duration>', 'give up after this long, whatever is pending').default(30_000, '30s').argParser(parseDuration))
    .addOption(
      new Option('--resolve <name:ip>', 'use this IP for an advertised host name, as curl --resolve (repeatable)').argParser(collectResolve),
    );
  // Ambari is one of two ways to find the brokers here, so --cluster is optional (checked in the action).
  addAmbariOptions(command, { clusterRequired: false });
  command
    .addHelpText(
      'after',
      `
Examples:
  $ kafka-aks smoke-test --bootstrap-server 10.0.0.12:9092,10.0.0.13:9092
  $ AMBARI_PASSWORD=... kafka-aks smoke-test --cluster mykafka --messages 10000 --json
  $ kafka-aks smoke-test -b 10.0.0.12:9092 --resolve wn0-kafka.abc.cx.internal.cloudapp.net:10.0.0.12`,
    )
    .action(smokeTest);
}

/** The steps, in the runbook's order: find the brokers, check what they advertise, round-trip, judge. */
const smokeTest = runCommand<SmokeTestOptions>(async (ctx, reporter, options) => {
  const { deadlineSignal } = await import('../kafka/abortable.js');
  const { signal: deadline, clear } = deadlineSignal(ctx.signal, options.timeout);
  try {
    return await smokeTestSteps(ctx, reporter, options, deadline);
  } finally {
    clear();
  }
  // Each run has a run id and a consumer group of its own (deleted on the way out), so none resumes.
}, 'Run the same command again: the smoke test starts over with a new run id; the topic is kept.');

async function smokeTestSteps(ctx: Context, reporter: Reporter, options: SmokeTestOptions, deadline: AbortSignal): Promise<number> {
  const overrides: HostOverrides = options.resolve ?? new Map();
  const servers = await bootstrapFrom(ctx, options);
  const bootstrap = formatServers(servers);
  // Loaded only now, as every command's work is: `kafka-aks --help` stays as fast as Node (bench/cold-start).
  const [{ ExitCode, checkFailed }, metadataModule, clientModule, smokeModule, reportModule, { renderSmokeReport, brokerTable }] = await Promise.all([
    import('../errors.js'),
    import('../kafka/metadata.js'),
    import('../kafka/client.js'),
    import('../kafka/smoke.js'),
    import('../kafka/smoke-report.js'),
    import('./smoke-test-report.js'),
  ]);
  const probe = { overrides, timeoutMs: Math.min(PROBE_TIMEOUT_MS, options.timeout), signal: deadline };

  reporter.begin(`Connecting to the bootstrap servers ${bootstrap}`);
  const reachable = await metadataModule.reachableBootstrap(servers, { ...probe, progress: reporter });
  const connection = {
    bootstrap: reachable,
    overrides,
    requestTimeoutMs: Math.min(options.timeout, 30_000),
    connectionTimeoutMs: probe.timeoutMs,
    progress: reporter,
  };
  const metadataSession = await clientModule.openKafka({ ...connection, pinTo: reachable[0] });
  const metadata = await metadataModule.readClusterMetadata(metadataSession, deadline);
  reporter.succeed(`Cluster ${metadata.clusterId}: ${metadata.brokers.length} brokers, controller ${metadata.controllerId ?? 'unknown'}`);

  reporter.begin('Checking what every broker advertises');
  const diagnoses = await metadataModule.diagnoseBrokers(metadata, probe);
  const problem = metadataModule.advertisingProblem(diagnoses, options.cluster);
  if (problem) {
    reporter.fail('Clients here cannot use what the brokers advertise');
    if (reporter.mode === 'human') reporter.info(brokerTable(diagnoses.map(reportModule.brokerReport)));
    throw problem;
  }
  reporter.succeed(`All ${diagnoses.length} brokers advertise listeners that resolve and accept connections from here`);

  const run = await smokeModule.runSmokeTest(await clientModule.openKafka(connection), {
    topic: options.topic,
    messages: options.messages,
    partitions: options.partitions,
    replicationFactor: options.replicationFactor,
    brokerCount: metadata.brokers.length,
    recordBytes: RECORD_BYTES,
    batchSize: BATCH_SIZE,
    signal: deadline,
    progress: reporter,
  });
  const report = reportModule.smokeReport(bootstrap, metadata, diagnoses, run);
  reporter.result(report, renderSmokeReport);
  if (report.passed) return ExitCode.ok;
  // The report above stays the one document on stdout; the runner renders the verdict on stderr.
  throw checkFailed(reportModule.failureSummary(report, run.verdict.lostExamples), {
    hint: report.timedOut
      ? 'The brokers acknowledged every message but they did not come back within --timeout: check that the ' +
        'consumer reaches every partition leader from here, or give the run more time with --timeout.'
      : 'Lost messages point at partitions without an in-sync replica or an unclean leader election; duplicates at ' +
        'producer retries after a lost acknowledgement (applications avoid them with idempotent producers).',
  });
}

/** --bootstrap-server as given, or the brokers Ambari lists, as `kafka-aks brokers --bootstrap` prints them. */
async function bootstrapFrom(ctx: Context, options: SmokeTestOptions): Promise<ServerAddress[]> {
  const { usageError } = await import('../errors.js');
  if (options.bootstrapServer !== undefined && options.cluster !== undefined) {
    throw usageError('Give either --bootstrap-server or --cluster, not both.', {
      hint: '--bootstrap-server talks to the brokers directly; --cluster first asks Ambari for them.',
    });
  }
  if (options.bootstrapServer !== undefined) return options.bootstrapServer;
  if (options.cluster === undefined) {
    throw usageError('Say which brokers to test: --bootstrap-server host:port,... or --cluster <name>.', {
      hint: 'Example: kafka-aks smoke-test --cluster mykafka (asks Ambari for the brokers).',
    });
  }
  const cluster = await openAmbariCluster(ctx, { ...options, cluster: options.cluster });
  const { readBrokers, bootstrapOf } = await import('./steps/brokers.js');
  return bootstrapOf((await readBrokers(cluster, options.port, ctx.progress)).brokers);
}
