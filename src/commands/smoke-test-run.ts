// What `kafka-aks smoke-test` does once it runs (its flags and help: smoke-test.ts): find the brokers,
// then the round trip (steps/smoke.ts), and the report. Ambari (axios) and the in-AKS path (Azure) load
// only when the flags ask for them: a run with --bootstrap-server never calls them, and every module
// loaded stays in the heap whose live size V8 multiplies into its limit (bench/README.md, smoke-memory).
import type { Command } from '../commander.js';
import type { ServerAddress } from '../kafka/bootstrap.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { unspokenProtocol } from '../kafka/security-protocol.js';
import { aksClusterOf } from './aks-options.js';
import { refuseUnlessWith } from './only-with.js';
import { sameFlagsFor } from './rerun.js';
import { IN_AKS_DEFAULT_TIMEOUT_MS, IN_AKS_MAX_MESSAGES, type SmokeTestOptions } from './smoke-test.js';
import { brokerTable, renderSmokeReport } from './smoke-test-report.js';
import { brokersOf, runSmokeStep } from './steps/smoke.js';

/** The steps, in the runbook's order: find the brokers, check what they advertise, round-trip, judge. */
export async function smokeTest(ctx: Context, options: SmokeTestOptions, command: Command): Promise<void> {
  const { reporter } = ctx;
  if (options.inAks) return smokeTestInAks(ctx, options, command);
  refuseUnlessWith(
    command,
    ['aks', 'aksResourceGroup', 'aksSubscription', 'namespace', 'image'],
    '--in-aks',
    'Add --in-aks to run the test in a pod of that AKS cluster, or drop them to test from here.',
  );
  const servers = await bootstrapFrom(ctx, options);
  const outcome = await runSmokeStep(servers, {
    topic: options.topic,
    messages: options.messages,
    partitions: options.partitions,
    replicationFactor: options.replicationFactor,
    timeoutMs: options.timeout,
    overrides: options.resolve ?? new Map(),
    clusterName: options.cluster,
    signal: ctx.signal,
    progress: reporter,
  }).catch((error: unknown) => {
    const brokers = brokersOf(error);
    if (brokers && reporter.mode === 'human') reporter.info(brokerTable(brokers));
    throw error;
  });
  reporter.result(outcome.report, renderSmokeReport);
  // The report above stays the one document on stdout; the runner renders the verdict on stderr.
  if (outcome.failure) throw outcome.failure;
}

/** --bootstrap-server as given, or the brokers Ambari lists, as `kafka-aks brokers --bootstrap` prints them. */
async function bootstrapFrom(ctx: Context, options: SmokeTestOptions): Promise<ServerAddress[]> {
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
  const [{ openAmbariCluster }, { bootstrapOf, readBrokers }] = await Promise.all([import('./ambari-session.js'), import('./steps/brokers.js')]);
  const cluster = await openAmbariCluster(ctx, { ...options, cluster: options.cluster });
  const list = await readBrokers(cluster, options.port, ctx.reporter);
  const unspoken = unspokenProtocol(list.protocol);
  if (unspoken) throw unspoken;
  return bootstrapOf(list.brokers);
}

/** The same test from a pod in the AKS cluster: the path that matters is the one pods take. */
async function smokeTestInAks(ctx: Context, options: SmokeTestOptions, command: Command): Promise<void> {
  if (options.aks === undefined || options.aksResourceGroup === undefined) {
    throw usageError('--in-aks needs the AKS cluster: --aks <name> --aks-resource-group <rg>.', {
      hint: 'Example: kafka-aks smoke-test --in-aks --aks myaks --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg',
    });
  }
  if (options.messages > IN_AKS_MAX_MESSAGES) {
    throw usageError(`--messages is at most ${IN_AKS_MAX_MESSAGES} with --in-aks: the pod's awk keeps an entry per message, about 100 bytes each.`, {
      hint: 'Run a larger test from a machine that reaches the brokers (without --in-aks), where memory does not grow with the count.',
    });
  }
  if (options.resolve !== undefined) {
    throw usageError('--resolve maps names for a test from here; a pod resolves names with the cluster\'s DNS.', {
      hint: 'Drop --resolve, or link a private DNS zone for the brokers to the AKS VNet.',
    });
  }
  const servers = await bootstrapFrom(ctx, options);
  const [{ createAzureClients }, { runSmokeInAks }] = await Promise.all([import('../azure/clients.js'), import('./steps/smoke-in-aks.js')]);
  const clients = createAzureClients(ctx);
  const timeoutMs = command.getOptionValueSource('timeout') === 'default' ? IN_AKS_DEFAULT_TIMEOUT_MS : options.timeout;
  const { report, failure } = await runSmokeInAks(clients, {
    aks: aksClusterOf(clients, { aks: options.aks, aksResourceGroup: options.aksResourceGroup, aksSubscription: options.aksSubscription }),
    namespace: options.namespace,
    image: options.image,
    servers,
    topic: options.topic,
    messages: options.messages,
    partitions: options.partitions,
    replicationFactor: options.replicationFactor,
    timeoutMs,
    clusterName: options.cluster,
    statusCommand: sameFlagsFor(command, 'status') + (options.cluster === undefined ? ' --cluster <hdinsight> --resource-group <rg>' : ''),
    cloud: ctx.cloud,
    signal: ctx.signal,
    progress: ctx.reporter,
  }).catch((error: unknown) => {
    const brokers = brokersOf(error);
    if (brokers && ctx.reporter.mode === 'human') ctx.reporter.info(brokerTable(brokers));
    throw error;
  });
  ctx.reporter.result(report, renderSmokeReport);
  if (failure) throw failure;
}
