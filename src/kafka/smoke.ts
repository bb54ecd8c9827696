// The smoke test itself: make sure the topic exists, record its end offsets, start a consumer in a
// group unique to this run from exactly those offsets, produce N messages in batches spread over every
// partition, consume until the log ends where production left it, judging each message as it comes
// back (verdict.ts). Nothing is kept per message, on either side: the producer builds one batch at a
// time from the plan (smoke-plan.ts). The group is deleted at the end; the topic is kept for the next run.
import { randomBytes } from 'node:crypto';
import { operationFailed, usageError } from '../errors.js';
import type { Progress } from '../context.js';
import { explainAbort, isTimeout, settleWithin, untilAborted } from './abortable.js';
import { describeKafkaError, kafkaErrorType, type Admin, type Consumer, type KafkaSession, type Producer } from './client.js';
import { defaultReplicationFactor } from './create-topic.js';
import { boundHeapGrowth } from './heap-growth.js';
import { SmokeMessages } from './smoke-message.js';
import { SmokePlan } from './smoke-plan.js';
import { SmokeJudge, type Verdict } from './verdict.js';

export interface SmokeOptions {
  topic: string;
  messages: number;
  /** For a topic this run creates; an existing topic keeps its own. */
  partitions: number;
  /** Default: defaultReplicationFactor(brokers). */
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
  const restoreHeapGrowth = boundHeapGrowth();
  try {
    await untilAborted(admin.connect(), signal);
    stage.name = `preparing topic ${options.topic}`;
    const topic = await ensureTopic(admin, options);
    const startOffsets = await untilAborted(endOffsets(admin, topic.name), signal);

    const plan = new SmokePlan(options.messages, topic.partitions, Math.max(1, Math.ceil(options.batchSize / topic.partitions)));
    const messages = new SmokeMessages(runId, options.recordBytes);
    const judge = new SmokeJudge(plan, messages);

    stage.name = 'starting the consumer';
    progress.begin(`Starting consumer group ${groupId} at the current end of ${topic.name}`);
    groupCreated = true;
    const consumed = startConsumer(consumer, topic, startOffsets, judge);
    await untilAborted(Promise.race([consumed.joined, consumed.crashed]), signal);
    progress.succeed(`Consumer group ${groupId} joined`);

    stage.name = `producing to ${topic.name}`;
    progress.begin(`Producing ${options.messages} messages to ${topic.name} (${topic.partitions} partitions)`);
    await untilAborted(producer.connect(), signal);
    const started = performance.now();
    await produceAll(producer, topic.name, plan, messages, judge, options, consumed.failure);
    const produceMs = performance.now() - started;
    progress.succeed(`Produced ${options.messages} messages in ${(produceMs / 1000).toFixed(2)} s`);

    stage.name = 'consuming';
    progress.begin(`Consuming the messages back from ${topic.name}`);
    consumed.expectUpTo(await untilAborted(endOffsets(admin, topic.name), signal));
    let timedOut = false;
    try {
      await untilAborted(Promise.race([consumed.done, consumed.crashed]), signal);
      progress.succeed(`Consumed ${consumed.received()} messages`);
    } catch (error) {
      if (signal.aborted && isTimeout(signal.reason)) {
        timedOut = true;
        progress.fail(`Consumed ${consumed.received()} of ${options.messages} messages before the deadline`);
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
      verdict: judge.verdict(),
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
    restoreHeapGrowth();
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
  const replicationFactor = options.replicationFactor ?? defaultReplicationFactor(options.brokerCount);
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
  /** Messages received so far, this run's or not. */
  received(): number;
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

function startConsumer(consumer: Consumer, topic: TopicUse, startOffsets: number[], judge: SmokeJudge): ConsumerProgress {
  let received = 0;
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
        // The group lives for this run only and its offsets are never read: it starts from seeks and is
        // deleted at the end (an empty group without offsets stays until the coordinator's cleanup,
        // offsets.retention.check.interval.ms, 10 minutes, so the delete finds it). kafkajs's autoCommit
        // would send an OffsetCommit after every batch, a round trip each: without them the rate rose by
        // about 40 % (bench/README.md).
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const last = batch.messages.at(-1);
          if (last === undefined) return;
          const now = performance.now();
          for (const message of batch.messages) judge.received(batch.partition, message.key, message.value, now);
          received += batch.messages.length;
          // A batch's messages come in offset order.
          readUpTo[batch.partition] = Math.max(readUpTo[batch.partition] ?? 0, Number(last.offset) + 1);
          lastAt = now;
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
    received: () => received,
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
 * One lane per partition, each sending its partition's batches of the plan in order and awaiting each
 * before the next, so every partition receives its messages in sequence while the lanes overlap.
 * Concurrent sends to one partition would not keep that order: kafkajs encodes requests asynchronously
 * (the verdict's order check catches exactly that). Batches stay a few hundred messages per partition
 * because kafkajs groups a send's messages by partition in quadratic time.
 */
async function produceAll(
  producer: Producer,
  topic: string,
  plan: SmokePlan,
  messages: SmokeMessages,
  judge: SmokeJudge,
  options: SmokeOptions,
  consumerFailure: () => Error | undefined,
): Promise<void> {
  let acknowledged = 0;
  let failure: unknown;
  // About ten progress lines per run, whatever its size.
  const step = Math.ceil(options.messages / 10);
  let nextReport = step;
  const lane = async (partition: number) => {
    for (let b = partition; b < plan.batchCount && failure === undefined; b += plan.partitions) {
      const { first, count } = plan.batch(b);
      if (count === 0) return;
      const batch = new Array<{ key: string; value: Buffer; partition: number }>(count);
      for (let i = 0; i < count; i += 1) {
        const seq = first + i * plan.partitions;
        batch[i] = { key: messages.key(seq), value: messages.value(seq), partition };
      }
      judge.batchSent(b, performance.now());
      try {
        await producer.send({ topic, acks: -1, messages: batch });
      } catch (error) {
        failure ??= error;
        return;
      }
      acknowledged += count;
      if (acknowledged >= nextReport && acknowledged < options.messages) {
        options.progress.update(`Produced ${acknowledged} of ${options.messages} messages`);
        nextReport += step;
      }
      failure ??= consumerFailure();
    }
  };
  await untilAborted(Promise.all(Array.from({ length: plan.partitions }, (_, partition) => lane(partition))), options.signal);
  const crashed = consumerFailure();
  if (crashed) throw crashed;
  if (failure !== undefined) {
    throw operationFailed(
      `Producing to ${topic} failed after ${acknowledged} of ${options.messages} messages were acknowledged: ${describeKafkaError(failure)}.`,
      { hint: 'A broker may be down or its partitions without a leader: check with `kafka-aks brokers --cluster <name>` and kcat -L.' },
    );
  }
}

/** Deletes the run's group (it must be empty: the consumer has left); false if that failed or took too long. */
function deleteGroup(admin: Admin, groupId: string): Promise<boolean> {
  return settleWithin(admin.deleteGroups([groupId]), CLEANUP_MS);
}
