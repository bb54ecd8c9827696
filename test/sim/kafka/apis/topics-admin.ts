// CreateTopics (key 19, v0-v3) and DeleteTopics (key 20, v0-v3): apache/kafka CreateTopicsRequest.json,
// CreateTopicsResponse.json, DeleteTopicsRequest.json, DeleteTopicsResponse.json; kafkajs
// src/protocol/requests/createTopics/v0..v3 and deleteTopics/v0..v1. Both must reach the controller:
// any other broker answers NOT_CONTROLLER (Kafka 2.x; forwarding came with KIP-590).
import { ErrorCode } from '../protocol/error-codes.js';
import { ByteWriter } from '../protocol/writer.js';
import type { ApiHandler, RequestContext } from '../request-context.js';
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
}

export const createTopics: ApiHandler = (ctx, body) => {
  const topics = body.array<TopicRequest>((r) => {
    const name = r.string();
    const numPartitions = r.int32();
    const replicationFactor = r.int16();
    const assignments = r.array((a) => ({ partition: a.int32(), brokers: a.array((b) => b.int32()) }));
    r.array((c) => [c.string(), c.nullableString()]);
    return { name, numPartitions, replicationFactor, assignments };
  });
  body.int32();
  const validateOnly = ctx.version >= 1 ? body.bool() : false;

  const outcomes = topics.map((topic) => createOne(ctx, topic, validateOnly));
  const out = new ByteWriter();
  if (ctx.version >= 2) out.int32(0);
  out.array(outcomes, (w, outcome) => {
    w.string(outcome.name).int16(outcome.errorCode);
    if (ctx.version >= 1) w.nullableString(outcome.message);
  });
  return out;
};

function createOne(ctx: RequestContext, topic: TopicRequest, validateOnly: boolean): TopicOutcome {
  const fail = (errorCode: number, message: string) => ({ name: topic.name, errorCode, message });
  const cluster = ctx.cluster;
  if (cluster.controllerId !== ctx.brokerId) return fail(ErrorCode.NOT_CONTROLLER, 'This is not the correct controller for this cluster.');
  if (!isValidTopicName(topic.name)) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic name "${topic.name}" is illegal.`);
  if (cluster.topics.has(topic.name)) return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${topic.name}' already exists.`);
  const brokers = cluster.aliveBrokerIds().length;
  if (topic.assignments.length === 0) {
    // Messages as Kafka 2.3's AdminManager words them.
    if (topic.numPartitions <= 0) return fail(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
    if (topic.replicationFactor <= 0) return fail(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.');
    if (topic.replicationFactor > brokers) {
      return fail(ErrorCode.INVALID_REPLICATION_FACTOR, `Replication factor: ${topic.replicationFactor} larger than available brokers: ${brokers}.`);
    }
    if (!validateOnly) cluster.createTopic(topic.name, topic.numPartitions, topic.replicationFactor);
  } else {
    const unknown = topic.assignments.flatMap((a) => a.brokers).find((id) => !cluster.brokers.has(id));
    if (unknown !== undefined) return fail(ErrorCode.INVALID_REPLICATION_FACTOR, `Unknown broker ${unknown} in the replica assignment.`);
    if (!validateOnly) {
      const created = cluster.createTopic(topic.name, topic.assignments.length, 1);
      for (const assignment of topic.assignments) {
        const partition = created.partitions[assignment.partition];
        if (!partition) continue;
        partition.replicas = assignment.brokers;
        partition.isr = [...assignment.brokers];
        partition.leader = assignment.brokers[0] ?? -1;
      }
    }
  }
  return { name: topic.name, errorCode: ErrorCode.NONE, message: null };
}

export const deleteTopics: ApiHandler = (ctx, body) => {
  const names = body.array((r) => r.string());
  body.int32();
  const isController = ctx.cluster.controllerId === ctx.brokerId;
  const results = names.map((name) => {
    if (!isController) return { name, errorCode: ErrorCode.NOT_CONTROLLER };
    return { name, errorCode: ctx.cluster.deleteTopic(name) ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
  });
  const out = new ByteWriter();
  if (ctx.version >= 1) out.int32(0);
  return out.array(results, (w, result) => w.string(result.name).int16(result.errorCode));
};
