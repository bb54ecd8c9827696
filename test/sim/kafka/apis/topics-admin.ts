// CreateTopics (key 19, v0-v7) and DeleteTopics (key 20, v0-v3): apache/kafka CreateTopicsRequest.json,
// CreateTopicsResponse.json, DeleteTopicsRequest.json, DeleteTopicsResponse.json; kafkajs
// src/protocol/requests/createTopics/v0..v3 and deleteTopics/v0..v1. Both must reach the controller:
// any other broker answers NOT_CONTROLLER (a ZooKeeper cluster such as HDInsight's: forwarding to the
// controller, KIP-590, is for KRaft).
//   CreateTopics: topics[name, num_partitions, replication_factor, assignments[index, broker_ids],
//     configs[name, value]], timeout_ms, validate_only (v1+) -> throttle (v2+), topics[name, topic_id
//     (v7+), error_code, error_message (v1+), num_partitions (v5+), replication_factor (v5+), configs
//     (v5+)]; v4+ takes -1 partitions or replication factor for the broker's default (KIP-464); v5+ flexible
import { DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR, ZERO_UUID } from '../cluster-state.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { writerFor, type ApiHandler, type RequestContext } from '../request-context.js';
import { isValidTopicName } from './topic-names.js';

interface TopicRequest {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignments: { partition: number; brokers: number[] }[];
}

interface TopicOutcome {
  name: string;
  errorCode: number;
  message: string | null;
  /** What was created: ZERO_UUID and -1 when nothing was (the response's defaults). */
  id: string;
  numPartitions: number;
  replicationFactor: number;
}

/** KIP-464 (CreateTopics v4+): -1 asks for the broker's num.partitions or default.replication.factor. */
const BROKER_DEFAULT = -1;

export const createTopics: ApiHandler = (ctx, body) => {
  const topics = body.array<TopicRequest>((r) => {
    const name = r.string();
    const numPartitions = r.int32();
    const replicationFactor = r.int16();
    const assignments = r.array((a) => {
      const assignment = { partition: a.int32(), brokers: a.array((b) => b.int32()) };
      a.taggedFields();
      return assignment;
    });
    r.array((c) => [c.string(), c.nullableString(), c.taggedFields()]);
    r.taggedFields();
    return { name, numPartitions, replicationFactor, assignments };
  });
  body.int32();
  const validateOnly = ctx.version >= 1 ? body.bool() : false;

  const outcomes = topics.map((topic) => createOne(ctx, topic, validateOnly));
  const v = ctx.version;
  const out = writerFor(ctx);
  if (v >= 2) out.int32(0);
  out.array(outcomes, (w, outcome) => {
    w.string(outcome.name);
    if (v >= 7) w.uuid(outcome.id);
    w.int16(outcome.errorCode);
    if (v >= 1) w.nullableString(outcome.message);
    // The configs Kafka lists here are the topic's whole configuration; topics here have none of their
    // own and the broker's are not simulated, so the list is empty.
    if (v >= 5) w.int32(outcome.numPartitions).int16(outcome.replicationFactor).array([], () => {});
    w.taggedFields();
  });
  return out.taggedFields();
};

function createOne(ctx: RequestContext, request: TopicRequest, validateOnly: boolean): TopicOutcome {
  const fail = (errorCode: number, message: string) => ({ name: request.name, errorCode, message, id: ZERO_UUID, numPartitions: -1, replicationFactor: -1 });
  const topic = ctx.version >= 4 ? withBrokerDefaults(request) : request;
  const cluster = ctx.cluster;
  if (cluster.controllerId !== ctx.brokerId) return fail(ErrorCode.NOT_CONTROLLER, 'This is not the correct controller for this cluster.');
  if (!isValidTopicName(topic.name)) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic name "${topic.name}" is illegal.`);
  if (cluster.topics.has(topic.name)) return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${topic.name}' already exists.`);
  const brokers = cluster.aliveBrokerIds().length;
  let create: () => string;
  let replicationFactor = topic.replicationFactor;
  if (topic.assignments.length === 0) {
    // Messages as Kafka 2.3's AdminManager words them.
    if (topic.numPartitions <= 0) return fail(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
    if (topic.replicationFactor <= 0) return fail(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.');
    if (topic.replicationFactor > brokers) {
      return fail(ErrorCode.INVALID_REPLICATION_FACTOR, `Replication factor: ${topic.replicationFactor} larger than available brokers: ${brokers}.`);
    }
    create = () => cluster.createTopic(topic.name, topic.numPartitions, topic.replicationFactor).id;
  } else {
    const unknown = topic.assignments.flatMap((a) => a.brokers).find((id) => !cluster.brokers.has(id));
    if (unknown !== undefined) return fail(ErrorCode.INVALID_REPLICATION_FACTOR, `Unknown broker ${unknown} in the replica assignment.`);
    replicationFactor = topic.assignments[0]!.brokers.length;
    create = () => {
      const created = cluster.createTopic(topic.name, topic.assignments.length, 1);
      for (const assignment of topic.assignments) {
        const partition = created.partitions[assignment.partition];
        if (!partition) continue;
        partition.replicas = assignment.brokers;
        partition.isr = [...assignment.brokers];
        partition.leader = assignment.brokers[0] ?? -1;
      }
      return created.id;
    };
  }
  // A validate-only request creates nothing, so there is no topic id to report.
  const id = validateOnly ? ZERO_UUID : create();
  const numPartitions = topic.assignments.length || topic.numPartitions;
  return { name: topic.name, errorCode: ErrorCode.NONE, message: null, id, numPartitions, replicationFactor };
}

function withBrokerDefaults(topic: TopicRequest): TopicRequest {
  if (topic.assignments.length > 0) return topic;
  return {
    ...topic,
    numPartitions: topic.numPartitions === BROKER_DEFAULT ? DEFAULT_PARTITIONS : topic.numPartitions,
    replicationFactor: topic.replicationFactor === BROKER_DEFAULT ? DEFAULT_REPLICATION_FACTOR : topic.replicationFactor,
  };
}

export const deleteTopics: ApiHandler = (ctx, body) => {
  const names = body.array((r) => r.string());
  body.int32();
  const isController = ctx.cluster.controllerId === ctx.brokerId;
  const results = names.map((name) => {
    if (!isController) return { name, errorCode: ErrorCode.NOT_CONTROLLER };
    return { name, errorCode: ctx.cluster.deleteTopic(name) ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
  });
  const out = writerFor(ctx);
  if (ctx.version >= 1) out.int32(0);
  return out.array(results, (w, result) => w.string(result.name).int16(result.errorCode));
};
