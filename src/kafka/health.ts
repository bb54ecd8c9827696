// A read-only health view of the cluster, for waiting between brokers in a rolling restart: which
// brokers are in the metadata, who is controller, and how many partitions are under-replicated (ISR
// smaller than the replica set), the signal Strimzi's KafkaRoller and Kafka's own system tests wait on.
import type { Progress } from '../context.js';
import { silentProgress } from '../context.js';
import type { ServerAddress } from './bootstrap.js';
import { settleWithin } from './abortable.js';
import { openKafka } from './client.js';
import type { HostOverrides } from './host-lookup.js';

export interface ClusterHealth {
  brokers: number[];
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
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    const { topics } = await admin.fetchTopicMetadata();
    const underReplicatedPartitions = topics
      .flatMap((topic) => topic.partitions)
      .filter((partition) => partition.isr.length < partition.replicas.length).length;
    return {
      brokers: cluster.brokers.map((broker) => broker.nodeId).sort((a, b) => a - b),
      controllerId: cluster.controller,
      underReplicatedPartitions,
    };
  } finally {
    await settleWithin(admin.disconnect(), 3_000);
    session.destroy();
  }
}
