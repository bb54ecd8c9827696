// What `kafka-aks smoke-test` does once it runs (its flags and help: smoke-test.ts): find the brokers,
// then the round trip (steps/smoke.ts), and the report.
import type { ServerAddress } from '../kafka/bootstrap.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { openAmbariCluster } from './ambari-session.js';
import type { SmokeTestOptions } from './smoke-test.js';
import { brokerTable, renderSmokeReport } from './smoke-test-report.js';
import { bootstrapOf, readBrokers } from './steps/brokers.js';
import { brokersOf, runSmokeStep } from './steps/smoke.js';

/** The steps, in the runbook's order: find the brokers, check what they advertise, round-trip, judge. */
export async function smokeTest(ctx: Context, options: SmokeTestOptions): Promise<void> {
  const { reporter } = ctx;
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
  const cluster = await openAmbariCluster(ctx, { ...options, cluster: options.cluster });
  return bootstrapOf((await readBrokers(cluster, options.port, ctx.reporter)).brokers);
}
