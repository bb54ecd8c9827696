// The smoke test itself: make sure the topic exists, record its end offsets, start a consumer in a
// group unique to this run from exactly those offsets, produce N messages in batches spread over every
// partition, consume until the log ends where production left it, then judge (verdict.ts). The group
// is deleted at the end; the topic is kept for the next run.
import { randomBytes } from 'node:crypto';
import { operationFailed, usageError } from '../errors.js';
import type { Progress } from '../context.js';
import { explainAbort, isTimeout, settleWithin, untilAborted } from './abortable.js';
import { describeKafkaError, kafkaErrorType, type Admin, type Consumer, type KafkaSession, type Producer } from './client.js';
import { smokeKey, smokeValue } from './smoke-message.js';
import { judge, type ReceivedRecord, type SentRecord, type Verdict } from './verdict.js';

export interface SmokeOptions {
  topic: string;
  messages: number;
  /** For a topic this run creates; an existing topic keeps its own. */
  partitions: number;
  /** Default min(3, brokers). */
  replicationFactor: number | undefined;
  brokerCount: number;
  recordBytes: number;
  /** Messages per producer request: kafkajs does not batch on its own (tulios/kafkajs#772). */
  batchSize: number;
  /** The run's deadline and Ctrl-C. */
  signal: AbortSignal;
  progress: Progress;
}

export interface TopicUse {
  name: string;
  created: boolean;
  partitions: number;
  replicationFactor: number;
}

export interface SmokeRun {
  runId: string;
  groupId: string;
  topic: TopicUse;
  recordBytes: number;
  /** First send to the last message consumed (or to the deadline). */
  elapsedMs: number;
  produceMs: number;
  /** The deadline passed while messages were still expected back. */
  timedOut: boolean;
  groupDeleted: boolean;
  verdict: Verdict;
}

/** How long each cleanup step (leave the group, delete it, disconnect) may take after the run ends. */
const CLEANUP_MS = 1_500;

export async function runSmokeTest(session: KafkaSession, options: SmokeOptions): Promise<SmokeRun> {
  const { kafka } = session;
  const { progress, signal } = options;
  const runId = randomBytes(6).toString('hex');
  const groupId = `kafka-aks-smoke-${runId}`;
  const admin = kafka.admin();
  // A consumer crash ends the run (restartOnFailure false): kafkajs would otherwise restart it forever,
  // and its restart timers would keep the process alive after the verdict.
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 500,
    retry: { restartOnFailure: async () => false },
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  let groupCreated = false;
  let groupDeleted = false;
  const stage = { name: 'connecting' };
  try {
    await untilAborted(admin.connect(), signal);
    stage.name = `preparing topic ${options.topic}`;
    const topic = await ensureTopic(admin, options);
    const startOffsets = await untilAborted(endOffsets(admin, topic.name), signal);

    stage.name = 'starting the consumer';
    progress.begin(`Starting consumer group ${groupId} at the current end of ${topic.name}`);
    groupCreated = true;
    const consumed = startConsumer(consumer, topic, startOffsets);
    await untilAborted(Promise.race([consumed.joined, consumed.crashed]), signal);
    progress.succeed(`Consumer group ${groupId} joined`);

    stage.name = `producing to ${topic.name}`;
    progress.begin(`Producing ${options.messages} messages to ${topic.name} (${topic.partitions} partitions)`);
    await untilAborted(producer.connect(), signal);
    const started = performance.now();
    const sent = await produceAll(producer, topic, runId, options, consumed.failure);
    const produceMs = performance.now() - started;
    progress.succeed(`Produced ${options.messages} messages in ${(produceMs / 1000).toFixed(2)} s`);

    stage.name = 'consuming';
    progress.begin(`Consuming the messages back from ${topic.name}`);
    consumed.expectUpTo(await untilAborted(endOffsets(admin, topic.name), signal));
    let timedOut = false;
    try {
      await untilAborted(Promise.race([consumed.done, consumed.crashed]), signal);
      progress.succeed(`Consumed ${consumed.received.length} messages`);
    } catch (error) {
      if (signal.aborted && isTimeout(signal.reason)) {
        timedOut = true;
        progress.fail(`Consumed ${consumed.received.length} of ${options.messages} messages before the deadline`);
      } else throw error;
    }
    const elapsedMs = (consumed.lastAt() ?? performance.now()) - started;
    await settleWithin(consumer.disconnect(), CLEANUP_MS);
    groupDeleted = await deleteGroup(admin, groupId);
    return {
      runId,
      groupId,
      topic,
      recordBytes: options.recordBytes,
      elapsedMs,
      produceMs,
      timedOut,
      groupDeleted,
      verdict: judge(runId, sent, consumed.received, options.recordBytes),
    };
  } catch (error) {
    progress.fail();
    throw explainAbort(error, signal, stage.name, session.lastError());
  } finally {
    // Cleanup runs at once and in parallel, within one bound, so a dead broker cannot stretch the run.
    await settleWithin(
      Promise.all([
        consumer.disconnect().then(async () => {
          if (groupCreated && !groupDeleted) groupDeleted = await deleteGroup(admin, groupId);
        }),
        producer.disconnect(),
      ]),
      CLEANUP_MS,
    );
    await settleWithin(admin.disconnect(), CLEANUP_MS);
    session.destroy();
    if (groupCreated && !groupDeleted) {
      progress.warn(`Could not delete the run's consumer group ${groupId}; delete it with kafka-consumer-groups.sh --delete.`);
    }
  }
}

async function ensureTopic(admin: Admin, options: SmokeOptions): Promise<TopicUse> {
  const existing = await untilAborted(admin.listTopics(), options.signal);
  if (existing.includes(options.topic)) {
    const { topics } = await untilAborted(admin.fetchTopicMetadata({ topics: [options.topic] }), options.signal);
    const partitions = topics[0]?.partitions ?? [];
    options.progress.succeed(`Using the existing topic ${options.topic} (${partitions.length} partitions)`);
    return {
      name: options.topic,
      created: false,
      partitions: partitions.length,
      replicationFactor: partitions[0]?.replicas.length ?? 0,
    };
  }
  const replicationFactor = options.replicationFactor ?? Math.min(3, options.brokerCount);
  options.progress.begin(`Creating topic ${options.topic} (${options.partitions} partitions, replication factor ${replicationFactor})`);
  try {
    await untilAborted(
      admin.createTopics({
        topics: [{ topic: options.topic, numPartitions: options.partitions, replicationFactor }],
        waitForLeaders: true,
      }),
      options.signal,
    );
  } catch (error) {
    if (options.signal.aborted) throw error;
    const type = kafkaErrorType(error);
    if (type === 'INVALID_REPLICATION_FACTOR' || type === 'INVALID_PARTITIONS' || type === 'INVALID_TOPIC_EXCEPTION') {
      throw usageError(`Cannot create topic ${options.topic}: ${describeKafkaError(error)}.`, {
        hint: `The cluster has ${options.brokerCount} broker(s): pass --replication-factor at most that, --partitions at least 1.`,
      });
    }
    throw operationFailed(`Cannot create topic ${options.topic}: ${describeKafkaError(error)}.`, {
      hint: 'Create it yourself (kafka-topics.sh --create) or check the brokers; the smoke test reuses an existing topic.',
    });
  }
  options.progress.succeed(`Created topic ${options.topic}`);
  return { name: options.topic, created: true, partitions: options.partitions, replicationFactor };
}

/** Each partition's high watermark, by partition number. */
async function endOffsets(admin: Admin, topic: string): Promise<number[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const byPartition: number[] = [];
  for (const entry of offsets) byPartition[entry.partition] = Number(entry.high);
  return byPartition;
}

interface ConsumerProgress {
  received: ReceivedRecord[];
  joined: Promise<void>;
  /** Rejects if the consumer crashes for good. */
  crashed: Promise<never>;
  /** The crash, if the consumer has crashed. */
  failure: () => Error | undefined;
  /** Resolves once every partition has been read up to the offsets given to expectUpTo. */
  done: Promise<void>;
  expectUpTo(offsets: number[]): void;
  lastAt(): number | undefined;
}

function startConsumer(consumer: Consumer, topic: TopicUse, startOffsets: number[]): ConsumerProgress {
  const received: ReceivedRecord[] = [];
  const readUpTo = [...startOffsets];
  let target: number[] | undefined;
  let lastAt: number | undefined;
  let markDone: () => void = () => {};
  let markJoined: () => void = () => {};
  let rejectCrashed: (error: Error) => void = () => {};
  let failure: Error | undefined;
  const markCrashed = (error: Error) => {
    failure ??= error;
    rejectCrashed(error);
  };
  const done = new Promise<void>((resolve) => (markDone = resolve));
  const joined = new Promise<void>((resolve) => (markJoined = resolve));
  const crashed = new Promise<never>((_, reject) => (rejectCrashed = reject));
  crashed.catch(() => {});
  const check = () => {
    if (target && target.every((offset, partition) => (readUpTo[partition] ?? 0) >= offset)) markDone();
  };
  consumer.on(consumer.events.GROUP_JOIN, () => markJoined());
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) markCrashed(operationFailed(`The consumer stopped: ${describeKafkaError(event.payload.error)}.`));
  });
  void (async () => {
    try {
      await consumer.subscribe({ topics: [topic.name], fromBeginning: false });
      const running = consumer.run({
        partitionsConsumedConcurrently: Math.min(topic.partitions, 16),
        eachBatch: async ({ batch }) => {
          const now = performance.now();
          for (const message of batch.messages) {
            const offset = Number(message.offset);
            received.push({ partition: batch.partition, offset, key: message.key, value: message.value, receivedAtMs: now });
            if (offset + 1 > (readUpTo[batch.partition] ?? 0)) readUpTo[batch.partition] = offset + 1;
          }
          if (batch.messages.length > 0) lastAt = now;
          check();
        },
      });
      // Start exactly at the recorded offsets (kafkajs applies seeks once the partitions are assigned):
      // admin.setOffsets would do the same through a throw-away consumer that costs seconds.
      for (const [partition, offset] of startOffsets.entries()) consumer.seek({ topic: topic.name, partition, offset: String(offset) });
      await running;
    } catch (error) {
      markCrashed(operationFailed(`The consumer could not start: ${describeKafkaError(error)}.`));
    }
  })();
  return {
    received,
    joined,
    crashed,
    failure: () => failure,
    done,
    expectUpTo(offsets) {
      target = offsets;
      check();
    },
    lastAt: () => lastAt,
  };
}

/**
 * One lane per partition, each sending its partition's messages (seq mod partitions) in batches and
 * awaiting each batch before the next, so every partition receives its messages in sequence while the
 * lanes overlap. Concurrent sends to one partition would not keep that order: kafkajs encodes requests
 * asynchronously (the verdict's order check catches exactly that). Batches stay a few hundred messages
 * per partition because kafkajs groups a send's messages by partition in quadratic time.
 */
async function produceAll(
  producer: Producer,
  topic: TopicUse,
  runId: string,
  options: SmokeOptions,
  consumerFailure: () => Error | undefined,
): Promise<SentRecord[]> {
  const sent: SentRecord[] = [];
  const perLane = Math.max(1, Math.ceil(options.batchSize / topic.partitions));
  let acknowledged = 0;
  let failure: unknown;
  // About ten progress lines per run, whatever its size.
  const step = Math.ceil(options.messages / 10);
  let nextReport = step;
  const lane = async (partition: number) => {
    for (let first = partition; first < options.messages && failure === undefined; first += perLane * topic.partitions) {
      const sentAtMs = performance.now();
      const messages = [];
      for (let seq = first; seq < options.messages && messages.length < perLane; seq += topic.partitions) {
        messages.push({ key: smokeKey(runId, seq), value: smokeValue(runId, seq, options.recordBytes), partition });
        sent.push({ seq, partition, sentAtMs });
      }
      try {
        await producer.send({ topic: topic.name, acks: -1, messages });
      } catch (error) {
        failure ??= error;
        return;
      }
      acknowledged += messages.length;
      if (acknowledged >= nextReport && acknowledged < options.messages) {
        options.progress.update(`Produced ${acknowledged} of ${options.messages} messages`);
        nextReport += step;
      }
      failure ??= consumerFailure();
    }
  };
  await untilAborted(Promise.all(Array.from({ length: topic.partitions }, (_, partition) => lane(partition))), options.signal);
  const crashed = consumerFailure();
  if (crashed) throw crashed;
  if (failure !== undefined) {
    throw operationFailed(
      `Producing to ${topic.name} failed after ${acknowledged} of ${options.messages} messages were acknowledged: ${describeKafkaError(failure)}.`,
      { hint: 'A broker may be down or its partitions without a leader: check with `kafka-aks brokers --cluster <name>` and kcat -L.' },
    );
  }
  return sent;
}

/** Deletes the run's group (it must be empty: the consumer has left); false if that failed or took too long. */
function deleteGroup(admin: Admin, groupId: string): Promise<boolean> {
  return settleWithin(admin.deleteGroups([groupId]), CLEANUP_MS);
}
