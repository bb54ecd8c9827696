// The simulator checked against a client we did not write: kcat (librdkafka 2.0 on Debian 12) lists the
// metadata, produces and consumes through it. librdkafka negotiates its own API versions (it starts
// with ApiVersions v3 and falls back), partitions with its own hash, and reads the batches back.
// Where kcat is missing these are skipped, or fail in CI (test/support/kcat.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithKcat, kcat } from '../../support/kcat.js';
import { KafkaSimulator } from './simulator.js';

interface KcatMetadata {
  controllerid: number;
  brokers: { id: number; name: string }[];
  topics: { topic: string; partitions: { partition: number; leader: number; replicas: { id: number }[]; isrs: { id: number }[] }[] }[];
}

describeWithKcat('kcat against the Kafka simulator', () => {
  let kafka: KafkaSimulator;

  beforeAll(async () => {
    kafka = await KafkaSimulator.start({ brokers: 3, firstAddress: '127.0.1.40' });
    kafka.createTopic('interop', 3, 3);
  });
  afterAll(async () => kafka?.stop());

  it('kcat -L lists the brokers as advertised, the controller and the leaders spread over brokers', async () => {
    const { code, stdout, stderr } = await kcat(['-b', kafka.bootstrap, '-L', '-J']);
    expect(stderr).not.toMatch(/ERROR/);
    expect(code).toBe(0);
    const metadata = JSON.parse(stdout) as KcatMetadata;
    expect(metadata.brokers.map((b) => `${b.id} ${b.name}`).sort()).toEqual(
      kafka.brokers().map((b) => `${b.id} ${b.advertised}`),
    );
    expect(metadata.controllerid).toBe(kafka.cluster.controllerId);
    const topic = metadata.topics.find((t) => t.topic === 'interop');
    expect(topic?.partitions.map((p) => p.leader).sort()).toEqual(kafka.brokerIds());
    expect(topic?.partitions[0]?.isrs).toHaveLength(3);
  });

  it('kcat -P writes keyed messages that the brokers store with their own offsets', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `key-${i}:value-${i}`).join('\n');
    const { code, stderr } = await kcat(['-b', kafka.bootstrap, '-P', '-t', 'interop', '-K', ':'], `${lines}\n`);
    expect(stderr).not.toMatch(/ERROR/);
    expect(code).toBe(0);
    const stored = kafka.records('interop');
    const all = stored.flat().map((r) => `${r.key?.toString()}:${r.value?.toString()}`).sort();
    expect(all).toEqual(lines.split('\n').sort());
    // librdkafka's partitioner spreads 30 keys over the 3 partitions; offsets within each start at 0.
    for (const partition of stored) expect(partition.map((r) => r.offset)).toEqual(partition.map((_, i) => i));
    expect(stored.filter((p) => p.length > 0).length).toBeGreaterThan(1);
  });

  it('kcat -C -e reads every message back and exits at the end of each partition', async () => {
    const { code, stdout, stderr } = await kcat(['-b', kafka.bootstrap, '-C', '-t', 'interop', '-o', 'beginning', '-e', '-J']);
    expect(stderr).not.toMatch(/ERROR/);
    expect(code).toBe(0);
    const messages = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { partition: number; offset: number; key: string; payload: string });
    expect(messages).toHaveLength(30);
    const stored = kafka.records('interop');
    for (const message of messages) {
      const record = stored[message.partition]?.find((r) => r.offset === message.offset);
      expect(`${message.key}:${message.payload}`).toBe(`${record?.key?.toString()}:${record?.value?.toString()}`);
    }
  });
});
