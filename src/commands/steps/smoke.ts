// Runbook step 5 as a unit that `smoke-test`, `up` and `status` share: connect to the brokers, check
// what every broker advertises from here, produce and consume back, judge. A run never resumes: it has
// its own run id and consumer group (deleted on the way out).
import { checkFailed, withDetails, type KafkaAksError } from '../../errors.js';
import type { Progress } from '../../context.js';
import { deadlineSignal } from '../../kafka/abortable.js';
import { formatServers, type ServerAddress } from '../../kafka/bootstrap.js';
import { openKafka } from '../../kafka/client.js';
import type { HostOverrides } from '../../kafka/host-lookup.js';
import { advertisingProblem, diagnoseBrokers, reachableBootstrap, readClusterMetadata, type BrokerDiagnosis, type ClusterMetadata } from '../../kafka/metadata.js';
import { runSmokeTest } from '../../kafka/smoke.js';
import { brokerReport, failureSummary, smokeReport, type BrokerReport, type SmokeReport } from '../../kafka/smoke-report.js';

/** Every smoke-test record is this big, as kafka-producer-perf-test runs are commonly quoted at 100 B. */
export const RECORD_BYTES = 100;
/**
 * Messages per round of producer requests (one request per partition): one awaited send per message is
 * ~10x slower (tulios/kafkajs#772), and kafkajs groups a send's messages by partition in quadratic time
 * and garbage, so larger batches cost more than they save: 600 (200 a partition on 3) produced as fast
 * as 1500 with about 15 MB less peak memory (bench/README.md).
 */
const BATCH_SIZE = 600;
/** Resolving an advertised name or opening a connection to it gets this long, within the timeout. */
const PROBE_TIMEOUT_MS = 3_000;

export interface SmokeStepOptions {
  topic: string;
  messages: number;
  partitions: number;
  replicationFactor: number | undefined;
  /** The whole run, whatever is pending. */
  timeoutMs: number;
  overrides: HostOverrides;
  /** For hints: the HDInsight cluster, when known. */
  clusterName: string | undefined;
  signal: AbortSignal;
  progress: Progress;
}

export interface SmokeOutcome {
  report: SmokeReport;
  /** The verdict when a check failed (lost, duplicated, corrupted, out of order, timed out): exit 4. */
  failure: KafkaAksError | undefined;
}

/**
 * Throws before producing anything when the brokers cannot be used from here; the error's
 * `details.brokers` then holds what each broker advertises (BrokerReport[]), for a table.
 */
export async function runSmokeStep(servers: ServerAddress[], options: SmokeStepOptions, checked?: AdvertisedFromHere): Promise<SmokeOutcome> {
  const { signal: deadline, clear } = deadlineSignal(options.signal, options.timeoutMs);
  try {
    return await steps(servers, options, deadline, checked);
  } finally {
    clear();
  }
}

export interface AdvertisedFromHere {
  metadata: ClusterMetadata;
  diagnoses: BrokerDiagnosis[];
  /** The bootstrap servers that answered. */
  reachable: ServerAddress[];
}

/**
 * Connect, read the metadata, and check what every broker advertises from here. Throws when no broker
 * can be reached, and (with the brokers' table in `details.brokers`) when what they advertise cannot be
 * used from here.
 */
export async function checkAdvertisedFromHere(servers: ServerAddress[], options: Omit<SmokeStepOptions, 'topic' | 'messages' | 'partitions' | 'replicationFactor'>, deadline: AbortSignal): Promise<AdvertisedFromHere> {
  const { progress, overrides } = options;
  const probe = { overrides, timeoutMs: Math.min(PROBE_TIMEOUT_MS, options.timeoutMs), signal: deadline };
  progress.begin(`Connecting to the bootstrap servers ${formatServers(servers)}`);
  const reachable = await reachableBootstrap(servers, { ...probe, progress });
  const metadata = await readClusterMetadata(await openKafka({ ...connectionOf(reachable, options), pinTo: reachable[0] }), deadline);
  progress.succeed(`Cluster ${metadata.clusterId}: ${metadata.brokers.length} brokers, controller ${metadata.controllerId ?? 'unknown'}`);

  progress.begin('Checking what every broker advertises');
  const diagnoses = await diagnoseBrokers(metadata, probe);
  const problem = advertisingProblem(diagnoses, options.clusterName);
  if (problem) {
    progress.fail('Clients here cannot use what the brokers advertise');
    throw withDetails(problem, { brokers: diagnoses.map(brokerReport) });
  }
  progress.succeed(`All ${diagnoses.length} brokers advertise listeners that resolve and accept connections from here`);
  return { metadata, diagnoses, reachable };
}

function connectionOf(bootstrap: ServerAddress[], options: Pick<SmokeStepOptions, 'overrides' | 'timeoutMs' | 'progress'>) {
  return {
    bootstrap,
    overrides: options.overrides,
    requestTimeoutMs: Math.min(options.timeoutMs, 30_000),
    connectionTimeoutMs: Math.min(PROBE_TIMEOUT_MS, options.timeoutMs),
    progress: options.progress,
  };
}

/** `checked`: what the caller already read with checkAdvertisedFromHere (status does), not read again. */
async function steps(servers: ServerAddress[], options: SmokeStepOptions, deadline: AbortSignal, checked: AdvertisedFromHere | undefined): Promise<SmokeOutcome> {
  const { progress } = options;
  const { metadata, diagnoses, reachable } = checked ?? (await checkAdvertisedFromHere(servers, options, deadline));
  const run = await runSmokeTest(await openKafka(connectionOf(reachable, options)), {
    topic: options.topic,
    messages: options.messages,
    partitions: options.partitions,
    replicationFactor: options.replicationFactor,
    brokerCount: metadata.brokers.length,
    recordBytes: RECORD_BYTES,
    batchSize: BATCH_SIZE,
    signal: deadline,
    progress,
  });
  const report = smokeReport(formatServers(servers), metadata, diagnoses, run);
  if (report.passed) return { report, failure: undefined };
  return {
    report,
    failure: checkFailed(failureSummary(report, run.verdict.lostExamples), {
      hint: report.timedOut
        ? 'The brokers acknowledged every message but they did not come back within --timeout: check that the ' +
          'consumer reaches every partition leader from here, or give the run more time with --timeout.'
        : 'Lost messages point at partitions without an in-sync replica or an unclean leader election; duplicates at ' +
          'producer retries after a lost acknowledgement (applications avoid them with idempotent producers).',
    }),
  };
}

/** The brokers' table an advertising problem carries (see runSmokeStep), if it does. */
export function brokersOf(error: unknown): BrokerReport[] | undefined {
  const brokers = (error as { details?: { brokers?: unknown } } | undefined)?.details?.brokers;
  return Array.isArray(brokers) ? (brokers as BrokerReport[]) : undefined;
}
