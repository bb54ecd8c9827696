// OffsetCommit (key 8, v2-v8) and OffsetFetch (key 9, v1-v8), answered by the group's coordinator.
// apache/kafka OffsetCommitRequest.json / OffsetCommitResponse.json / OffsetFetchRequest.json /
// OffsetFetchResponse.json; kafkajs src/protocol/requests/offsetCommit/v2..v5 and offsetFetch/v1..v4.
//   OffsetCommit: group_id, generation_id, member_id, retention_time_ms (v2-v4), group_instance_id (v7+),
//     topics[name, partitions[index, offset, leader_epoch (v6+), metadata]]
//     -> throttle (v3+), topics[name, partitions[index, error_code]]; v8+ flexible
//   OffsetFetch v1-v7: group_id, topics (null = all, v2+) [name, partition_indexes[]], require_stable (v7+)
//     -> throttle (v3+), topics[name, partitions[index, offset, leader_epoch (v5+), metadata, error_code]],
//        error_code (v2+); v6+ flexible
//   OffsetFetch v8+ (KIP-709) asks for several groups at once: groups[group_id, topics (null = all)],
//     require_stable -> throttle, groups[group_id, topics[...as above], error_code]
// require_stable waits for pending transactional offsets; without transactions there are none.
import { ErrorCode } from '../protocol/error-codes.js';
import type { ByteReader } from '../protocol/reader.js';
import type { ByteWriter } from '../protocol/writer.js';
import { writerFor, type ApiHandler, type RequestContext } from '../request-context.js';
import { checkCoordinator } from './group-membership.js';

export const offsetCommit: ApiHandler = (ctx, body) => {
  const v = ctx.version;
  const groupId = body.string();
  const generationId = body.int32();
  const memberId = body.string();
  if (v <= 4) body.int64();
  if (v >= 7) body.nullableString();
  const topics = body.array((t) => {
    const name = t.string();
    const partitions = t.array((p) => {
      const index = p.int32();
      const offset = p.int64();
      const leaderEpoch = v >= 6 ? p.int32() : -1;
      const partition = { index, offset, leaderEpoch, metadata: p.nullableString() };
      p.taggedFields();
      return partition;
    });
    t.taggedFields();
    return { name, partitions };
  });

  let groupError = checkCoordinator(ctx, groupId);
  if (groupError === ErrorCode.NONE) {
    const existing = ctx.groups.get(groupId);
    // A commit for a group that does not exist creates it, when sent outside the group protocol.
    if (!existing) groupError = generationId < 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    else groupError = existing.commitCheck(memberId, generationId);
  }
  const group = groupError === ErrorCode.NONE ? ctx.groups.getOrCreate(groupId) : undefined;
  const out = writerFor(ctx);
  if (v >= 3) out.int32(0);
  return out
    .array(topics, (w, topic) => {
      w.string(topic.name).array(topic.partitions, (pw, p) => {
        let errorCode = groupError;
        if (group && !ctx.cluster.partition(topic.name, p.index)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (group) group.offsets.set(offsetKey(topic.name, p.index), { offset: p.offset, metadata: p.metadata, leaderEpoch: p.leaderEpoch });
        pw.int32(p.index).int16(errorCode).taggedFields();
      });
      w.taggedFields();
    })
    .taggedFields();
};

interface RequestedTopic {
  name: string;
  partitions: number[];
}

export const offsetFetch: ApiHandler = (ctx, body) => {
  const out = writerFor(ctx);
  if (ctx.version >= 3) out.int32(0);
  if (ctx.version <= 7) {
    writeGroupOffsets(ctx, out, body.string(), readTopics(body));
    return out.taggedFields();
  }
  const groups = body.array((g) => {
    const group = { groupId: g.string(), topics: readTopics(g) };
    g.taggedFields();
    return group;
  });
  return out
    .array(groups, (w, group) => {
      w.string(group.groupId);
      writeGroupOffsets(ctx, w, group.groupId, group.topics);
      w.taggedFields();
    })
    .taggedFields();
};

function readTopics(body: ByteReader): RequestedTopic[] | null {
  return body.nullableArray((t) => {
    const topic = { name: t.string(), partitions: t.array((p) => p.int32()) };
    t.taggedFields();
    return topic;
  });
}

/** One group's committed offsets, the requested ones or (topics null) all: topics[...], error_code (v2+). */
function writeGroupOffsets(ctx: RequestContext, w: ByteWriter, groupId: string, requested: RequestedTopic[] | null): void {
  const v = ctx.version;
  const groupError = checkCoordinator(ctx, groupId);
  const group = groupError === ErrorCode.NONE ? ctx.groups.get(groupId) : undefined;
  const topics = requested ?? groupedByTopic([...(group?.offsets.keys() ?? [])].map(parseOffsetKey));
  w.array(topics, (tw, topic) => {
    tw.string(topic.name).array(topic.partitions, (pw, index) => {
      const committed = group?.offsets.get(offsetKey(topic.name, index));
      pw.int32(index).int64(committed?.offset ?? -1);
      if (v >= 5) pw.int32(committed?.leaderEpoch ?? -1);
      // v1 has no top-level error: the coordinator error goes on every partition.
      pw.nullableString(committed ? committed.metadata : '').int16(v >= 2 ? ErrorCode.NONE : groupError).taggedFields();
    });
    tw.taggedFields();
  });
  if (v >= 2) w.int16(groupError);
}

function offsetKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

function parseOffsetKey(key: string): { topic: string; partition: number } {
  const [topic, partition] = key.split('\u0000');
  return { topic: topic!, partition: Number(partition) };
}

function groupedByTopic(entries: { topic: string; partition: number }[]): { name: string; partitions: number[] }[] {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of entries) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  return [...byTopic.entries()].map(([name, partitions]) => ({ name, partitions }));
}
