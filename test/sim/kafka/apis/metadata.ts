// Metadata (key 3), v0-v12 (apache/kafka MetadataRequest.json / MetadataResponse.json; kafkajs
// src/protocol/requests/metadata/v0..v6). What every broker answers is the same cluster view: the live
// brokers with the host and port they advertise, the controller, and each partition's leader,
// replicas, ISR and offline replicas.
//   Request: topics (null = all, v1+) [topic_id (v10+), name (nullable v10+)], allow_auto_topic_creation
//     (v4+), include_cluster_authorized_operations (v8-10), include_topic_authorized_operations (v8+)
//   Response: throttle (v3+), brokers[node_id, host, port, rack (v1+)], cluster_id (v2+), controller_id
//     (v1+), topics[error_code, name (nullable v12+), topic_id (v10+), is_internal (v1+), partitions[
//     error_code, index, leader, leader_epoch (v7+), replicas, isr, offline_replicas (v5+)],
//     topic_authorized_operations (v8+)], cluster_authorized_operations (v8-10); v9+ flexible
import { DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR, OFFSETS_TOPIC, ZERO_UUID, type PartitionState, type TopicState } from '../cluster-state.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { ByteWriter } from '../protocol/writer.js';
import { writerFor, type ApiHandler, type RequestContext } from '../request-context.js';
import { isValidTopicName } from './topic-names.js';

/** The value Kafka sends for "authorized operations not requested" (MetadataResponse.json default). */
const OPERATIONS_NOT_REQUESTED = -2147483648;

interface RequestedTopic {
  id: string;
  name: string | null;
}

export const metadata: ApiHandler = (ctx, body) => {
  const v = ctx.version;
  const readTopic = (r: typeof body): RequestedTopic => {
    const id = v >= 10 ? r.uuid() : ZERO_UUID;
    const name = v >= 10 ? r.nullableString() : r.string();
    r.taggedFields();
    return { id, name };
  };
  // v0: an empty array means every topic; v1+: null means every topic, empty means none.
  const requested = v === 0 ? emptyAsNull(body.array(readTopic)) : body.nullableArray(readTopic);
  const allowAutoCreate = v >= 4 ? body.bool() : true;
  // Topics are asked for by id from v12 on; in v10-11 an id or a null name is an invalid request
  // (KafkaApis.handleTopicMetadataRequest: "Topic IDs are not supported in requests for version ...").
  const byId = requested?.some((topic) => topic.name === null || topic.id !== ZERO_UUID) ?? false;
  if (byId && v < 12) return invalidRequest(ctx, requested!);

  const cluster = ctx.cluster;
  const out = writerFor(ctx);
  if (v >= 3) out.int32(0);
  const brokers = cluster.aliveBrokerIds().map((id) => cluster.brokers.get(id)!);
  out.array(brokers, (w, broker) => {
    w.int32(broker.id).string(broker.advertisedHost).int32(broker.advertisedPort);
    if (v >= 1) w.nullableString(null);
    w.taggedFields();
  });
  if (v >= 2) out.nullableString(cluster.clusterId);
  if (v >= 1) out.int32(cluster.controllerId);

  let topics: TopicAnswer[];
  if (requested === null) topics = [...cluster.topics.values()].map((t) => answerFor(t));
  else if (byId) topics = lookUpByIds(ctx, requested);
  else topics = requested.map((topic) => lookUp(ctx, topic.name!, allowAutoCreate));
  out.array(topics, (w, topic) => {
    writeTopicHead(ctx, w, topic);
    w.array(topic.partitions, (pw, partition) => writePartition(ctx, pw, partition));
    if (v >= 8) w.int32(OPERATIONS_NOT_REQUESTED);
    w.taggedFields();
  });
  if (v >= 8 && v <= 10) out.int32(OPERATIONS_NOT_REQUESTED);
  return out.taggedFields();
};

/** MetadataRequest.getErrorResponse: no brokers, and each requested topic with the error. */
function invalidRequest(ctx: RequestContext, requested: RequestedTopic[]): ByteWriter {
  const v = ctx.version;
  const out = writerFor(ctx).int32(0).array([], () => {}).nullableString(null).int32(-1);
  out.array(requested, (w, topic) => {
    const answer = { errorCode: ErrorCode.INVALID_REQUEST, name: topic.name ?? '', id: topic.id, internal: false, partitions: [] };
    writeTopicHead(ctx, w, answer);
    w.array([], () => {}).int32(OPERATIONS_NOT_REQUESTED).taggedFields();
  });
  if (v <= 10) out.int32(OPERATIONS_NOT_REQUESTED);
  return out.taggedFields();
}

/**
 * A request naming any topic by id is answered by id (its names are not looked at): the ids no topic
 * has with UNKNOWN_TOPIC_ID and a null name, first, then the topics found (KafkaApis 3.1+).
 */
function lookUpByIds(ctx: RequestContext, requested: RequestedTopic[]): TopicAnswer[] {
  const ids = [...new Set(requested.map((topic) => topic.id).filter((id) => id !== ZERO_UUID))];
  const found = ids.map((id) => ctx.cluster.topicById(id));
  const unknown = ids.filter((_, i) => !found[i]).map((id) => ({ errorCode: ErrorCode.UNKNOWN_TOPIC_ID, name: null, id, internal: false, partitions: [] }));
  return [...unknown, ...found.filter((topic) => topic !== undefined).map(answerFor)];
}

function writeTopicHead(ctx: RequestContext, w: ByteWriter, topic: TopicAnswer): void {
  w.int16(topic.errorCode).nullableString(topic.name);
  if (ctx.version >= 10) w.uuid(topic.id);
  if (ctx.version >= 1) w.bool(topic.internal);
}

interface TopicAnswer {
  errorCode: number;
  /** Null only for an unknown topic id (v12+). */
  name: string | null;
  /** ZERO_UUID where the topic is not there (Kafka leaves the field at its default). */
  id: string;
  internal: boolean;
  partitions: PartitionState[];
}

function answerFor(topic: TopicState): TopicAnswer {
  return { errorCode: ErrorCode.NONE, name: topic.name, id: topic.id, internal: topic.internal, partitions: topic.partitions };
}

function lookUp(ctx: RequestContext, name: string, allowAutoCreate: boolean): TopicAnswer {
  const topic = ctx.cluster.topics.get(name);
  if (topic) return answerFor(topic);
  if (!isValidTopicName(name)) return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, name, id: ZERO_UUID, internal: false, partitions: [] };
  if (ctx.cluster.autoCreateTopics && allowAutoCreate && name !== OFFSETS_TOPIC) {
    // Kafka creates the topic and answers LEADER_NOT_AVAILABLE this once; the client asks again.
    ctx.cluster.createTopic(name, DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR);
    return { errorCode: ErrorCode.LEADER_NOT_AVAILABLE, name, id: ZERO_UUID, internal: false, partitions: [] };
  }
  return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name, id: ZERO_UUID, internal: false, partitions: [] };
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
  w.taggedFields();
}

function emptyAsNull<T>(names: T[]): T[] | null {
  return names.length === 0 ? null : names;
}
