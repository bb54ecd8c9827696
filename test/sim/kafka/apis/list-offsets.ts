// ListOffsets (key 2), v1-v7: apache/kafka ListOffsetsRequest.json / ListOffsetsResponse.json; kafkajs
// src/protocol/requests/listOffsets/v1..v3. Request: replica_id, isolation_level (v2+),
// topics[name, partitions[index, current_leader_epoch (v4+), timestamp]]. Response: throttle (v2+),
// topics[name, partitions[index, error_code, timestamp, offset, leader_epoch (v4+)]]. v6+ flexible;
// v7 adds the timestamp -3, the record with the largest timestamp (KIP-734, partition-log.ts).
import { ErrorCode } from '../protocol/error-codes.js';
import { writerFor, type ApiHandler } from '../request-context.js';
import { leaderCheck } from './leader-check.js';

export const listOffsets: ApiHandler = (ctx, body) => {
  const v = ctx.version;
  body.int32();
  if (v >= 2) body.int8();
  const topics = body.array((t) => {
    const name = t.string();
    const partitions = t.array((p) => {
      const index = p.int32();
      const currentLeaderEpoch = v >= 4 ? p.int32() : -1;
      const timestamp = p.int64();
      p.taggedFields();
      const check = leaderCheck(ctx, name, index, currentLeaderEpoch);
      if (!check.partition) return { index, errorCode: check.errorCode, timestamp: -1, offset: -1, leaderEpoch: -1 };
      const found = check.partition.log.offsetForTimestamp(timestamp);
      return { index, errorCode: ErrorCode.NONE as number, ...found, leaderEpoch: check.partition.leaderEpoch };
    });
    t.taggedFields();
    return { name, partitions };
  });
  const out = writerFor(ctx);
  if (v >= 2) out.int32(0);
  return out.array(topics, (w, topic) => {
    w.string(topic.name).array(topic.partitions, (pw, p) => {
      pw.int32(p.index).int16(p.errorCode).int64(p.timestamp).int64(p.offset);
      if (v >= 4) pw.int32(p.leaderEpoch);
      pw.taggedFields();
    });
    w.taggedFields();
  }).taggedFields();
};
