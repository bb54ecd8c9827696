// Metadata (key 3), v0-v8 (apache/kafka MetadataRequest.json / MetadataResponse.json; kafkajs
// src/protocol/requests/metadata/v0..v6). What every broker answers is the same cluster view: the live
// brokers with the host and port they advertise, the controller, and each partition's leader,
// replicas, ISR and offline replicas.
import { OFFSETS_TOPIC, type PartitionState, type TopicState } from '../cluster-state.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { ByteWriter } from '../protocol/writer.js';
import type { ApiHandler, RequestContext } from '../request-context.js';
import { isValidTopicName } from './topic-names.js';

/** The value Kafka sends for "authorized operations not requested" (MetadataResponse.json default). */
const OPERATIONS_NOT_REQUESTED = -2147483648;
/** num.partitions and default.replication.factor: Kafka's defaults, used by auto-creation. */
const DEFAULT_PARTITIONS = 1;
const DEFAULT_REPLICATION_FACTOR = 1;

export const metadata: ApiHandler = (ctx, body) => {
  const v = ctx.version;
  // v0: an empty array means every topic; v1+: null means every topic, empty means none.
  const requested = v === 0 ? emptyAsNull(body.array((r) => r.string())) : body.nullableArray((r) => r.string());
  const allowAutoCreate = v >= 4 ? body.bool() : true;

  const cluster = ctx.cluster;
  const out = new ByteWriter();
  if (v >= 3) out.int32(0);
  const brokers = cluster.aliveBrokerIds().map((id) => cluster.brokers.get(id)!);
  out.array(brokers, (w, broker) => {
    w.int32(broker.id).string(broker.advertisedHost).int32(broker.advertisedPort);
    if (v >= 1) w.nullableString(null);
  });
  if (v >= 2) out.nullableString(cluster.clusterId);
  if (v >= 1) out.int32(cluster.controllerId);

  const topics = requested === null ? [...cluster.topics.values()].map((t) => answerFor(t)) : requested.map((name) => lookUp(ctx, name, allowAutoCreate));
  out.array(topics, (w, topic) => {
    w.int16(topic.errorCode).string(topic.name);
    if (v >= 1) w.bool(topic.internal);
    w.array(topic.partitions, (pw, partition) => writePartition(ctx, pw, partition));
    if (v >= 8) w.int32(OPERATIONS_NOT_REQUESTED);
  });
  if (v >= 8) out.int32(OPERATIONS_NOT_REQUESTED);
  return out;
};

interface TopicAnswer {
  errorCode: number;
  name: string;
  internal: boolean;
  partitions: PartitionState[];
}

function answerFor(topic: TopicState): TopicAnswer {
  return { errorCode: ErrorCode.NONE, name: topic.name, internal: topic.internal, partitions: topic.partitions };
}

function lookUp(ctx: RequestContext, name: string, allowAutoCreate: boolean): TopicAnswer {
  const topic = ctx.cluster.topics.get(name);
  if (topic) return answerFor(topic);
  if (!isValidTopicName(name)) return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, name, internal: false, partitions: [] };
  if (ctx.cluster.autoCreateTopics && allowAutoCreate && name !== OFFSETS_TOPIC) {
    // Kafka creates the topic and answers LEADER_NOT_AVAILABLE this once; the client asks again.
    ctx.cluster.createTopic(name, DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR);
    return { errorCode: ErrorCode.LEADER_NOT_AVAILABLE, name, internal: false, partitions: [] };
  }
  return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name, internal: false, partitions: [] };
}

function writePartition(ctx: RequestContext, w: ByteWriter, partition: PartitionState): void {
  const v = ctx.version;
  const alive = new Set(ctx.cluster.aliveBrokerIds());
  const offline = partition.replicas.filter((replica) => !alive.has(replica));
  // v0 clients learn of missing replicas through REPLICA_NOT_AVAILABLE; v1+ get no error for that
  // (Kafka's MetadataCache: errorUnavailableEndpoints only for v0) and v5+ get offline_replicas.
  let errorCode: number = ErrorCode.NONE;
  if (partition.leader === -1) errorCode = ErrorCode.LEADER_NOT_AVAILABLE;
  else if (v === 0 && offline.length > 0) errorCode = ErrorCode.REPLICA_NOT_AVAILABLE;
  w.int16(errorCode).int32(partition.index).int32(partition.leader);
  if (v >= 7) w.int32(partition.leaderEpoch);
  w.int32Array(partition.replicas).int32Array(partition.isr);
  if (v >= 5) w.int32Array(offline);
}

function emptyAsNull(names: string[]): string[] | null {
  return names.length === 0 ? null : names;
}
