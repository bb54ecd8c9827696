// Creating the smoke test's topic from here, for a test that runs elsewhere: the pod's kcat cannot
// create topics, and HDInsight does not create them on first use (auto.create.topics.enable is off by
// default: MicrosoftDocs azure-docs apache-kafka-auto-create-topics.md). Possible only where the brokers
// are reachable from here; the caller explains the other ways when it is not.
import type { Progress } from '../context.js';
import { describeKafkaError } from './client.js';
import { deadlineSignal, settleWithin, untilAborted } from './abortable.js';
import type { ServerAddress } from './bootstrap.js';
import { openKafka } from './client.js';

export interface CreateTopicOptions {
  topic: string;
  partitions: number;
  /** Default: defaultReplicationFactor(brokers). */
  replicationFactor: number | undefined;
  timeoutMs: number;
  signal: AbortSignal;
  progress: Progress;
}

export type TopicCreation = { created: true; replicationFactor: number } | { created: false; why: string };

/** The replication factor of a topic kafka-aks creates when none is given: 3, or every broker on a
 * smaller cluster (Kafka refuses more replicas than brokers). */
export function defaultReplicationFactor(brokers: number): number {
  return Math.min(3, brokers);
}

/** Never throws for an unreachable cluster: says why instead, so the caller can name the alternatives. */
export async function createTopicFromHere(servers: ServerAddress[], options: CreateTopicOptions): Promise<TopicCreation> {
  const { signal, clear } = deadlineSignal(options.signal, options.timeoutMs);
  const session = await openKafka({
    bootstrap: servers,
    overrides: new Map(),
    requestTimeoutMs: options.timeoutMs,
    connectionTimeoutMs: Math.min(3_000, options.timeoutMs),
    progress: options.progress,
  });
  const admin = session.kafka.admin();
  try {
    await untilAborted(admin.connect(), signal);
    const brokers = (await untilAborted(admin.describeCluster(), signal)).brokers.length;
    const replicationFactor = options.replicationFactor ?? defaultReplicationFactor(brokers);
    await untilAborted(
      admin.createTopics({ topics: [{ topic: options.topic, numPartitions: options.partitions, replicationFactor }], waitForLeaders: true }),
      signal,
    );
    return { created: true, replicationFactor };
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason;
    return { created: false, why: signal.aborted ? `no answer within ${options.timeoutMs} ms` : (session.lastError() ?? describeKafkaError(error)) };
  } finally {
    clear();
    await settleWithin(admin.disconnect(), 1_500);
    session.destroy();
  }
}
