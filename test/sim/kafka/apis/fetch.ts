// Fetch (key 1), v4-v11: apache/kafka FetchRequest.json / FetchResponse.json; kafkajs
// src/protocol/requests/fetch/v4..v11. The broker holds the request until min_bytes are available or
// max_wait_ms passes (Kafka's DelayedFetch), then returns whole stored batches from the fetch offset.
// Fetch sessions (KIP-227): a full fetch (epoch -1) or a request to open a session (epoch 0) gets
// session id 0, which KIP-227 allows a broker to answer when it does not cache a session; any other
// epoch names a session this broker never opened: FETCH_SESSION_ID_NOT_FOUND.
import { ErrorCode } from '../protocol/error-codes.js';
import type { ByteReader } from '../protocol/reader.js';
import { ByteWriter } from '../protocol/writer.js';
import type { ApiHandler, RequestContext } from '../request-context.js';
import { leaderCheck } from './leader-check.js';

interface FetchPartition {
  index: number;
  currentLeaderEpoch: number;
  fetchOffset: number;
  maxBytes: number;
}

interface FetchTopic {
  name: string;
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
  const request = readFetch(ctx.version, body);
  if (request.sessionEpoch !== -1 && request.sessionEpoch !== 0) {
    return header(ctx.version, ErrorCode.FETCH_SESSION_ID_NOT_FOUND).array([], () => {});
  }
  let answers = collect(ctx, request);
  if (!satisfied(request, answers)) {
    await waitForData(ctx, request);
    answers = collect(ctx, request);
  }
  return writeFetch(ctx.version, request, answers);
};

function readFetch(version: number, body: ByteReader): FetchRequest {
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
  const topics = body.array<FetchTopic>((t) => ({
    name: t.string(),
    partitions: t.array((p) => {
      const index = p.int32();
      const currentLeaderEpoch = version >= 9 ? p.int32() : -1;
      const fetchOffset = p.int64();
      if (version >= 5) p.int64();
      return { index, currentLeaderEpoch, fetchOffset, maxBytes: p.int32() };
    }),
  }));
  return { maxWaitMs, minBytes, maxBytes, isolationLevel, sessionEpoch, topics };
}

/** Reads every partition at once, within the request's max_bytes (the first batch always fits: KIP-74). */
function collect(ctx: RequestContext, request: FetchRequest): PartitionAnswer[][] {
  let budget = request.maxBytes;
  return request.topics.map((topic) =>
    topic.partitions.map((p) => {
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

function header(version: number, errorCode: number): ByteWriter {
  const out = new ByteWriter();
  out.int32(0);
  if (version >= 7) out.int16(errorCode).int32(0);
  return out;
}

function writeFetch(version: number, request: FetchRequest, answers: PartitionAnswer[][]): ByteWriter {
  const out = header(version, ErrorCode.NONE);
  out.array(request.topics, (w, topic) => {
    const topicAnswers = answers[request.topics.indexOf(topic)]!;
    w.string(topic.name).array(topicAnswers, (pw, a) => {
      pw.int32(a.index).int16(a.errorCode).int64(a.highWatermark);
      // No transactions here: the last stable offset is the high watermark, and the aborted list is
      // null under read_uncommitted and empty under read_committed.
      pw.int64(a.highWatermark);
      if (version >= 5) pw.int64(a.logStartOffset);
      if (request.isolationLevel === 0) pw.int32(-1);
      else pw.int32(0);
      if (version >= 11) pw.int32(-1);
      pw.records(a.batches);
    });
  });
  return out;
}
