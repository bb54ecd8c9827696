// A read-only health view of the cluster, for waiting between brokers in a rolling restart: which
// brokers are in the metadata, who is controller, and how many partitions are under-replicated (ISR
// smaller than the replica set), the signal Strimzi's KafkaRoller and Kafka's own system tests wait on.
// Rejects (exit 1) while a partition has no leader at all, which is unhealthy too.
import type { Progress } from '../context.js';
import { silentProgress } from '../context.js';
import type { ServerAddress } from './bootstrap.js';
import { settleWithin } from './abortable.js';
import { operationFailed } from '../errors.js';
import { sleep } from '../sleep.js';
import { kafkaErrorType, openKafka } from './client.js';
import type { HostOverrides } from './host-lookup.js';

export interface ClusterHealth {
  brokers: number[];
  /** What each broker advertises: how a broker id is matched to an Ambari host (its FQDN or its IP). */
  advertised: Array<{ id: number; host: string; port: number }>;
  controllerId: number | null;
  underReplicatedPartitions: number;
}

export interface ClusterHealthOptions {
  overrides?: HostOverrides;
  timeoutMs?: number;
  progress?: Progress;
}

export async function clusterHealth(bootstrap: ServerAddress[], options: ClusterHealthOptions = {}): Promise<ClusterHealth> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const session = await openKafka({
    bootstrap,
    // Every request to the first bootstrap server: health must be readable even while the brokers
    // advertise names that do not resolve from here (before configure-advertising has run).
    pinTo: bootstrap[0],
    overrides: options.overrides ?? new Map(),
    requestTimeoutMs: timeoutMs,
    connectionTimeoutMs: Math.min(timeoutMs, 3_000),
    progress: options.progress ?? silentProgress,
  });
  const admin = session.kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const { topics } = await admin.fetchTopicMetadata();
    const underReplicatedPartitions = topics
      .flatMap((topic) => topic.partitions)
      .filter((partition) => partition.isr.length < partition.replicas.length).length;
    return {
      brokers: cluster.brokers.map((broker) => broker.nodeId).sort((a, b) => a - b),
      advertised: cluster.brokers.map((broker) => ({ id: broker.nodeId, host: broker.host, port: broker.port })),
      controllerId: cluster.controller,
      underReplicatedPartitions,
    };
  } catch (error) {
    // kafkajs rejects the whole metadata answer when any partition reports an error, so partitions
    // without a leader cannot be counted: say so, and let a waiting caller try again.
    if (kafkaErrorType(error) === 'LEADER_NOT_AVAILABLE') {
      throw operationFailed('Some partitions have no leader: a broker holding their only in-sync replica is down.', {
        hint: 'Wait for the broker to come back, or check it with `kafka-aks brokers --cluster <name>`.',
        cause: error,
      });
    }
    throw error;
  } finally {
    await settleWithin(admin.disconnect(), 3_000);
    session.destroy();
  }
}

export interface WaitHealthyOptions extends ClusterHealthOptions {
  /** How many brokers the metadata must list again. */
  expectedBrokers: number;
  /** Give up after this long. */
  waitMs: number;
  pollIntervalMs: number;
  signal?: AbortSignal;
  /** e.g. "wn1-kafka... to rejoin" */
  what: string;
}

/**
 * Wait until every broker is back in the metadata and no partition is under-replicated, as Strimzi's
 * KafkaRoller (strimzi/strimzi-kafka-operator KafkaRoller.java) and Kafka's system tests (apache/kafka#11267)
 * wait between broker restarts. A broker still starting (connection refused, partitions without a
 * leader) is "not yet", not a failure, until the deadline.
 */
export async function waitUntilHealthy(bootstrap: ServerAddress[], options: WaitHealthyOptions): Promise<ClusterHealth> {
  const progress = options.progress ?? silentProgress;
  const deadline = Date.now() + options.waitMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const health = await clusterHealth(bootstrap, { ...options, progress, timeoutMs: Math.min(options.timeoutMs ?? 5_000, options.waitMs) });
      if (health.brokers.length >= options.expectedBrokers && health.underReplicatedPartitions === 0) return health;
      last = `${health.brokers.length} of ${options.expectedBrokers} brokers in the metadata, ${health.underReplicatedPartitions} under-replicated partitions`;
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      last = error instanceof Error ? error.message : String(error);
    }
    progress.update(`Waiting for ${options.what}: ${last}`);
    if (Date.now() > deadline) {
      throw operationFailed(`Kafka did not become healthy within ${Math.round(options.waitMs / 1000)} s after the restart (${last}).`, {
        hint: 'Check the broker in Ambari and its server.log; run the command again once the cluster is healthy (it resumes).',
      });
    }
    await sleep(options.pollIntervalMs, options.signal);
  }
}
