// Produce (key 0), v3-v9: apache/kafka ProduceRequest.json / ProduceResponse.json; kafkajs
// src/protocol/requests/produce/v3..v7. Request: transactional_id, acks, timeout_ms,
// topics[name, partitions[index, records]]. Response: topics[name, partitions[index, error_code,
// base_offset, log_append_time_ms, log_start_offset (v5+), record_errors (v8+) [batch_index,
// batch_index_error_message], error_message (v8+)]], then throttle_time_ms (last, unlike most); v9+
// flexible.
// Each batch is checked (magic 2, CRC-32C) and appended as sent at the next offsets.
import { readBatchHeader, splitBatches } from '../record-batch.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { writerFor, type ApiHandler, type RequestContext } from '../request-context.js';
import { leaderCheck } from './leader-check.js';

interface PartitionOutcome {
  index: number;
  errorCode: number;
  baseOffset: number;
}

export const produce: ApiHandler = (ctx, body) => {
  body.nullableString();
  const acks = body.int16();
  body.int32();
  const topics = body.array((t) => {
    const name = t.string();
    const partitions = t.array((p) => {
      const index = p.int32();
      const records = p.nullableBytes();
      p.taggedFields();
      return appendTo(ctx, name, index, records, acks);
    });
    t.taggedFields();
    return { name, partitions };
  });
  if (acks === 0) return null;
  const out = writerFor(ctx);
  out.array(topics, (w, topic) => {
    w.string(topic.name).array(topic.partitions, (pw, p) => {
      // log_append_time is -1: topics use CreateTime, Kafka's default message.timestamp.type.
      pw.int32(p.index).int16(p.errorCode).int64(p.baseOffset).int64(-1);
      if (ctx.version >= 5) pw.int64(0);
      // Every batch is accepted or refused whole here: no per-record errors, no message beyond the code.
      if (ctx.version >= 8) pw.array([], () => {}).nullableString(null);
      pw.taggedFields();
    });
    w.taggedFields();
  });
  return out.int32(0).taggedFields();
};

function appendTo(ctx: RequestContext, topic: string, index: number, records: Buffer | null, acks: number): PartitionOutcome {
  const fail = (errorCode: number) => ({ index, errorCode, baseOffset: -1 });
  if (acks !== 0 && acks !== 1 && acks !== -1) return fail(ErrorCode.INVALID_REQUIRED_ACKS);
  const check = leaderCheck(ctx, topic, index);
  if (!check.partition) return fail(check.errorCode);
  let batches: Buffer[];
  try {
    batches = splitBatches(records ?? Buffer.alloc(0));
  } catch {
    return fail(ErrorCode.CORRUPT_MESSAGE);
  }
  const headers = batches.map(readBatchHeader);
  // Produce v3+ carries message format v2 only; a bad CRC is CORRUPT_MESSAGE (Kafka's LogValidator).
  if (headers.some((h) => h.magic !== 2)) return fail(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT);
  if (headers.some((h) => !h.crcValid)) return fail(ErrorCode.CORRUPT_MESSAGE);
  if (batches.length === 0) return fail(ErrorCode.CORRUPT_MESSAGE);
  const log = check.partition.log;
  const epoch = check.partition.leaderEpoch;
  let baseOffset = -1;
  for (const batch of batches) {
    const offset = log.append(batch, epoch);
    if (baseOffset === -1) baseOffset = offset;
    if (ctx.knobs.takeDuplicate(topic)) log.append(batch, epoch);
  }
  ctx.cluster.appends.emit('append', topic, index);
  return { index, errorCode: ErrorCode.NONE, baseOffset };
}
