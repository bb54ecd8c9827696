// `kafka-aks smoke-test`: the runbook's last step made measurable. Read what the brokers advertise and
// check it from here, then produce N messages and consume them back, and say exactly what was lost,
// duplicated or corrupted (exit 4), or why the brokers could not be used at all.
import { Option, type Command } from '../commander.js';
import type { ServerAddress } from '../kafka/bootstrap.js';
import { kafkaTopicName } from '../kafka/topic-name.js';
import { DEFAULT_KCAT_IMAGE } from '../aks/kcat-image.js';
import { imageReference, namespaceName } from '../aks/kubernetes-names.js';
import { addAksClusterOptions } from './aks-options.js';
import { addAmbariOptions, type AmbariOptions } from './ambari-options.js';
import { runCommand } from './runner.js';
import { collectResolve, countUpTo, nameOf, parseBootstrapServerList, parseDuration, parsePort } from './parsers.js';

export interface SmokeTestOptions extends Omit<AmbariOptions, 'cluster'> {
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
  inAks?: boolean;
  aks?: string;
  aksResourceGroup?: string;
  aksSubscription?: string;
  namespace: string;
  image: string;
}

/** --in-aks without --timeout: a first run in a cluster starts the run command's pod and pulls the image. */
export const IN_AKS_DEFAULT_TIMEOUT_MS = 5 * 60_000;

/**
 * `-c, --messages` of smoke-test and up. A run keeps one bit per message and nothing else that grows with
 * the count (src/kafka/verdict.ts; bench/smoke-memory.ts), so the cap is about time, not memory: 10^8
 * messages take about 40 minutes at 40,000 a second and keep 12.5 MB of bits. A longer soak is a job for
 * a load test, not a smoke test.
 */
/**
 * From a pod (--in-aks, and up), awk judges the run and keeps an entry per message seen, about 100 bytes
 * in busybox's awk: a million is 100 MB of the pod's memory, which a default pod can spare.
 */
export const IN_AKS_MAX_MESSAGES = 1_000_000;
export const parseInAksMessages = countUpTo(IN_AKS_MAX_MESSAGES, "in AKS the pod's awk keeps an entry per message, about 100 bytes each");
export const parseMessages = countUpTo(100_000_000, 'a run of this many takes about 40 minutes; a longer soak is a job for a load test');
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
    .addOption(new Option('-c, --messages <count>', 'how many messages to send, up to 100000000 (memory does not grow with the count)').default(100).argParser(parseMessages))
    .addOption(new Option('--partitions <count>', 'partitions of a topic this run creates').default(3).argParser(parsePartitions))
    .addOption(
      new Option('--replication-factor <count>', 'replication factor of a topic this run creates (default: min(3, brokers))').argParser(parseReplicationFactor),
    )
    .addOption(
      new Option('--timeout <duration>', 'give up after this long, whatever is pending (with --in-aks: default 5m)').default(30_000, '30s').argParser(parseDuration),
    )
    .addOption(
      new Option('--resolve <name:ip>', 'use this IP for an advertised host name, as curl --resolve (repeatable)').argParser(collectResolve),
    );
  // Ambari is one of two ways to find the brokers here, so --cluster is optional (checked in the action).
  addAmbariOptions(command, { clusterRequired: false });
  command.option('--in-aks', 'run the test in a pod inside the AKS cluster, where your workloads run (through the AKS run command)');
  addAksClusterOptions(command, { required: false });
  command
    .option('--namespace <name>', 'with --in-aks: the namespace of the test pod', nameOf(namespaceName), 'default')
    .option('--image <image>', 'with --in-aks: the kcat image the pod runs (a mirror in your registry for clusters without egress)', nameOf(imageReference), DEFAULT_KCAT_IMAGE);
  command
    .addHelpText(
      'after',
      `
Examples:
  $ kafka-aks smoke-test --bootstrap-server 10.0.0.12:9092,10.0.0.13:9092
  $ AMBARI_PASSWORD=... kafka-aks smoke-test --cluster mykafka --messages 10000 --json
  $ kafka-aks smoke-test -b 10.0.0.12:9092 --resolve wn0-kafka.abc.cx.internal.cloudapp.net:10.0.0.12
  $ kafka-aks smoke-test --in-aks --aks myaks --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg
  $ kafka-aks smoke-test --in-aks --aks myaks --aks-resource-group aks-rg -b 10.0.0.12:9092 --image myacr.azurecr.io/kcat:1.7.1`,
    )
    .action(
      runCommand<SmokeTestOptions>(
        async (ctx, options, command) => (await import('./smoke-test-run.js')).smokeTest(ctx, options, command),
        // Each run has a run id and a consumer group of its own (deleted on the way out), so none resumes.
        'Run the same command again: the smoke test starts over with a new run id; the topic is kept.',
      ),
    );
}
