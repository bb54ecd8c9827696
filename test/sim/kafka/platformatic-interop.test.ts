// The simulator checked against a second client we did not write, one that runs wherever Node does:
// @platformatic/kafka (a pure-JavaScript client written apart from kafkajs) speaks only the flexible
// versions Kafka added from 2.4 on (KIP-482): it picks, per API, the highest version both it and the
// broker know, so against the simulator's Kafka 3.2 ranges it asks Metadata v12, CreateTopics v7,
// Produce v9, Fetch v13 (topics by id), FindCoordinator v4, JoinGroup v9, SyncGroup v5, OffsetCommit v8
// and OffsetFetch v8, LeaveGroup v5. The test asserts on what the client reports and on the simulator's
// own state.
//
// Found on the way, on the client's side: its Fetch v12 (used against a broker offering at most v12,
// such as Kafka 2.7-3.0) writes the topic id where FetchRequest.json has the topic name for v0-12
// ("Topic", string; "TopicId", uuid, only from v13): @platformatic/kafka 1.35.0
// dist/apis/consumer/fetch-v12.js createRequest, `w.appendString(t.topicId)`. A broker, and this
// simulator, answer UNKNOWN_TOPIC_OR_PARTITION to that; against Kafka 3.2's v13 it does not arise.
import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from './protocol/api-keys.js';
import { KafkaSimulator } from './simulator.js';

const TOPIC = 'interop';
const GROUP = 'interop-readers';
const MESSAGES = Array.from({ length: 30 }, (_, i) => ({ key: `key-${i}`, value: `value-${i}` }));

describe('@platformatic/kafka against the Kafka simulator', () => {
  let kafka: KafkaSimulator;
  let bootstrapBrokers: string[];
  let admin: Admin;
  /** API key -> the versions the client asked for, read from the simulator's request knob. */
  const asked = new Map<number, Set<number>>();

  beforeAll(async () => {
    kafka = await KafkaSimulator.start({ brokers: 3, firstAddress: '127.0.1.50' });
    kafka.knobs.onRequest((event) => {
      if (!asked.has(event.apiKey)) asked.set(event.apiKey, new Set());
      asked.get(event.apiKey)!.add(event.version);
    });
    bootstrapBrokers = kafka.bootstrap.split(',');
    admin = new Admin({ clientId: 'interop-admin', bootstrapBrokers });
  });
  afterAll(async () => {
    await admin?.close();
    await kafka?.stop();
  });

  it('reads the metadata: the brokers as they advertise themselves, and the controller', async () => {
    const metadata = await admin.metadata({ topics: [] });
    expect([...metadata.brokers].map(([id, b]) => `${id} ${b.host}:${b.port}`).sort()).toEqual(
      kafka.brokers().map((b) => `${b.id} ${b.advertised}`),
    );
    expect(metadata.controllerId).toBe(kafka.cluster.controllerId);
    expect(metadata.id).toBe(kafka.cluster.clusterId);
    expect([...asked.get(ApiKey.ApiVersions)!]).toEqual([3]);
    expect([...asked.get(ApiKey.Metadata)!]).toEqual([12]);
  });

  it('creates a topic through the controller, with the id the cluster gave it', async () => {
    const [created] = await admin.createTopics({ topics: [TOPIC], partitions: 3, replicas: 3 });
    const topic = kafka.cluster.topics.get(TOPIC)!;
    expect(created).toMatchObject({ name: TOPIC, partitions: 3, replicas: 3 });
    expect(uuidBytes(created!.id)).toEqual(Buffer.from(topic.id, 'base64url').toString('hex'));
    expect(topic.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3]);
    const metadata = await admin.metadata({ topics: [TOPIC] });
    expect(metadata.topics.get(TOPIC)?.partitions.map((p) => p.leader).sort()).toEqual(kafka.brokerIds());
    expect([...asked.get(ApiKey.CreateTopics)!]).toEqual([7]);
  });

  it('produces keyed messages that the partition leaders store', async () => {
    const producer = new Producer({ clientId: 'interop-producer', bootstrapBrokers, serializers: stringSerializers });
    try {
      await producer.send({ messages: MESSAGES.map((m) => ({ topic: TOPIC, ...m })) });
    } finally {
      await producer.close();
    }
    const stored = kafka.records(TOPIC).flat().map((r) => `${r.key?.toString()}=${r.value?.toString()}`);
    expect(stored.sort()).toEqual(MESSAGES.map((m) => `${m.key}=${m.value}`).sort());
  });

  it('consumes every message in a consumer group, commits, and reads the committed offsets back', async () => {
    const consumer = new Consumer({
      clientId: 'interop-consumer',
      groupId: GROUP,
      bootstrapBrokers,
      deserializers: stringDeserializers,
      maxWaitTime: 100,
    });
    try {
      const stream = await consumer.consume({ topics: [TOPIC], mode: 'earliest', autocommit: false });
      const received: string[] = [];
      for await (const message of stream) {
        received.push(`${message.key}=${message.value}`);
        await message.commit();
        if (received.length === MESSAGES.length) break;
      }
      await stream.close();
      expect(received.sort()).toEqual(MESSAGES.map((m) => `${m.key}=${m.value}`).sort());

      const group = kafka.groups.get(GROUP)!;
      expect(group.state).toBe('Stable');
      expect(group.members.size).toBe(1);
      // A committed offset is the next one to read: each partition's log end.
      const logEnds = kafka.cluster.topics.get(TOPIC)!.partitions.map((p) => p.log.highWatermark);
      const committed = [0, 1, 2].map((p) => group.offsets.get(`${TOPIC}\u0000${p}`)?.offset);
      expect(committed).toEqual(logEnds);

      const fromConsumer = await consumer.listCommittedOffsets({ topics: [{ topic: TOPIC, partitions: [0, 1, 2] }] });
      expect(fromConsumer.get(TOPIC)?.map(Number)).toEqual(logEnds);
      const [fromAdmin] = await admin.listConsumerGroupOffsets({ groups: [GROUP] });
      const partitions = fromAdmin?.topics.find((t) => t.name === TOPIC)?.partitions ?? [];
      expect(partitions.map((p) => [p.partitionIndex, Number(p.committedOffset)]).sort()).toEqual(logEnds.map((end, p) => [p, end]));
    } finally {
      await consumer.close(true);
    }
    // Closing left the group (LeaveGroup v5, a batch of one member): it is empty, its offsets kept.
    expect(kafka.groups.get(GROUP)?.state).toBe('Empty');
    expect(kafka.groups.get(GROUP)?.offsets.size).toBe(3);
    for (const [api, version] of [
      [ApiKey.Produce, 9],
      [ApiKey.Fetch, 13],
      [ApiKey.FindCoordinator, 4],
      [ApiKey.JoinGroup, 9],
      [ApiKey.SyncGroup, 5],
      [ApiKey.OffsetCommit, 8],
      [ApiKey.OffsetFetch, 8],
      [ApiKey.LeaveGroup, 5],
    ] as const) {
      expect([...(asked.get(api) ?? [])], `API ${api}`).toEqual([version]);
    }
  });
});

/** The client shows a topic id as a UUID string; the simulator keeps Kafka's base64 form: compare bytes. */
function uuidBytes(id: string): string {
  return id.replaceAll('-', '').toLowerCase();
}
