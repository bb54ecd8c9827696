// Fetch (key 1), v4-v13: apache/kafka FetchRequest.json / FetchResponse.json; kafkajs
// src/protocol/requests/fetch/v4..v11. v12 is flexible and adds last_fetched_epoch to each requested
// partition (a follower's; a consumer sends -1) and tagged fields to the answer (diverging epoch,
// current leader, snapshot id: a follower's concerns, left out); v13 names topics by topic id
// (KIP-516), and an id the broker does not know gets UNKNOWN_TOPIC_ID. The broker holds the request
// until min_bytes are available or max_wait_ms passes (Kafka's DelayedFetch), then returns whole
// stored batches from the fetch offset.
// Fetch sessions (KIP-227): a full fetch (epoch -1) or a request to open a session (epoch 0) gets
// session id 0, which KIP-227 allows a broker to answer when it does not cache a session; any other
// epoch names a session this broker never opened: FETCH_SESSION_ID_NOT_FOUND.
import { ErrorCode } from '../protocol/error-codes.js';
import type { ByteReader } from '../protocol/reader.js';
import type { ByteWriter } from '../protocol/writer.js';
import { writerFor, type ApiHandler, type RequestContext } from '../request-context.js';
import { leaderCheck } from './leader-check.js';

interface FetchPartition {
  index: number;
  currentLeaderEpoch: number;
  fetchOffset: number;
  maxBytes: number;
}

interface FetchTopic {
  /** As the request names it: by name (v0-12) or by topic id (v13+). */
  requested: { name: string } | { id: string };
  /** The topic's name; undefined for a topic id this cluster does not know. */
  name: string | undefined;
  partitions: FetchPartition[];
}

interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  sessionEpoch: number;
  topics: FetchTopic[];
}

interface PartitionAnswer {
  index: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  batches: Buffer[];
}

export const fetch: ApiHandler = async (ctx, body) => {
  const request = readFetch(ctx, body);
  if (request.sessionEpoch !== -1 && request.sessionEpoch !== 0) {
    return header(ctx, ErrorCode.FETCH_SESSION_ID_NOT_FOUND).array([], () => {}).taggedFields();
  }
  let answers = collect(ctx, request);
  if (!satisfied(request, answers)) {
    await waitForData(ctx, request);
    answers = collect(ctx, request);
  }
  return writeFetch(ctx, request, answers);
};

function readFetch(ctx: RequestContext, body: ByteReader): FetchRequest {
  const version = ctx.version;
  body.int32();
  const maxWaitMs = body.int32();
  const minBytes = body.int32();
  const maxBytes = body.int32();
  const isolationLevel = body.int8();
  let sessionEpoch = -1;
  if (version >= 7) {
    body.int32();
    sessionEpoch = body.int32();
  }
  const topics = body.array<FetchTopic>((t) => {
    const requested = version >= 13 ? { id: t.uuid() } : { name: t.string() };
    const name = 'name' in requested ? requested.name : ctx.cluster.topicById(requested.id)?.name;
    const partitions = t.array((p) => {
      const index = p.int32();
      const currentLeaderEpoch = version >= 9 ? p.int32() : -1;
      const fetchOffset = p.int64();
      if (version >= 12) p.int32();
      if (version >= 5) p.int64();
      const partition = { index, currentLeaderEpoch, fetchOffset, maxBytes: p.int32() };
      p.taggedFields();
      return partition;
    });
    t.taggedFields();
    return { requested, name, partitions };
  });
  return { maxWaitMs, minBytes, maxBytes, isolationLevel, sessionEpoch, topics };
}

/** Reads every partition at once, within the request's max_bytes (the first batch always fits: KIP-74). */
function collect(ctx: RequestContext, request: FetchRequest): PartitionAnswer[][] {
  let budget = request.maxBytes;
  return request.topics.map((topic) =>
    topic.partitions.map((p) => {
      if (topic.name === undefined) return { index: p.index, errorCode: ErrorCode.UNKNOWN_TOPIC_ID, highWatermark: -1, logStartOffset: -1, batches: [] };
      const check = leaderCheck(ctx, topic.name, p.index, p.currentLeaderEpoch);
      if (!check.partition) return { index: p.index, errorCode: check.errorCode, highWatermark: -1, logStartOffset: -1, batches: [] };
      const log = check.partition.log;
      const answer = { index: p.index, errorCode: ErrorCode.NONE as number, highWatermark: log.highWatermark, logStartOffset: log.logStartOffset, batches: [] as Buffer[] };
      if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.highWatermark) {
        answer.errorCode = ErrorCode.OFFSET_OUT_OF_RANGE;
        return answer;
      }
      // Only the first partition with data may exceed the limits (KIP-74).
      const first = budget === request.maxBytes;
      answer.batches = log.read(p.fetchOffset, Math.min(p.maxBytes, budget), first);
      budget -= answer.batches.reduce((sum, b) => sum + b.length, 0);
      return answer;
    }),
  );
}

function satisfied(request: FetchRequest, answers: PartitionAnswer[][]): boolean {
  if (request.maxWaitMs <= 0) return true;
  const flat = answers.flat();
  if (flat.some((a) => a.errorCode !== ErrorCode.NONE)) return true;
  const bytes = flat.reduce((sum, a) => sum + a.batches.reduce((s, b) => s + b.length, 0), 0);
  return bytes >= Math.max(request.minBytes, 1);
}

/** Waits for an append to a requested partition, max_wait_ms, or the connection to go. */
function waitForData(ctx: RequestContext, request: FetchRequest): Promise<void> {
  const wanted = new Set(request.topics.flatMap((t) => t.partitions.map((p) => `${t.name}\u0000${p.index}`)));
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      ctx.cluster.appends.off('append', onAppend);
      ctx.signal.removeEventListener('abort', finish);
      resolve();
    };
    const onAppend = (topic: string, index: number) => {
      if (!wanted.has(`${topic}\u0000${index}`)) return;
      if (satisfied(request, collect(ctx, request))) finish();
    };
    const timer = setTimeout(finish, request.maxWaitMs);
    ctx.cluster.appends.on('append', onAppend);
    ctx.signal.addEventListener('abort', finish, { once: true });
  });
}

function header(ctx: RequestContext, errorCode: number): ByteWriter {
  const out = writerFor(ctx);
  out.int32(0);
  if (ctx.version >= 7) out.int16(errorCode).int32(0);
  return out;
}

function writeFetch(ctx: RequestContext, request: FetchRequest, answers: PartitionAnswer[][]): ByteWriter {
  const version = ctx.version;
  const out = header(ctx, ErrorCode.NONE);
  out.array(request.topics, (w, topic) => {
    const topicAnswers = answers[request.topics.indexOf(topic)]!;
    if ('id' in topic.requested) w.uuid(topic.requested.id);
    else w.string(topic.requested.name);
    w.array(topicAnswers, (pw, a) => {
      pw.int32(a.index).int16(a.errorCode).int64(a.highWatermark);
      // No transactions here: the last stable offset is the high watermark, and the aborted list is
      // null under read_uncommitted and empty under read_committed.
      pw.int64(a.highWatermark);
      if (version >= 5) pw.int64(a.logStartOffset);
      pw.nullableArray(request.isolationLevel === 0 ? null : [], () => {});
      if (version >= 11) pw.int32(-1);
      pw.records(a.batches).taggedFields();
    });
    w.taggedFields();
  });
  return out.taggedFields();
}
