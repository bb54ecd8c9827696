// The simulator's own rules, checked at the wire with a bare client: the answers real Kafka gives
// (version negotiation, NOT_LEADER_FOR_PARTITION, NOT_CONTROLLER, CORRUPT_MESSAGE, failover, long-poll
// fetch) and the knobs tests rely on. kcat-interop.test.ts checks it against a client we did not write.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterHealth } from '../../../src/kafka/health.js';
import { ApiKey } from './protocol/api-keys.js';
import { ErrorCode } from './protocol/error-codes.js';
import { ByteWriter } from './protocol/writer.js';
import { RawClient, recordBatch } from './raw-client.js';
import { KafkaSimulator } from './simulator.js';

let kafka: KafkaSimulator | undefined;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await kafka?.stop();
  kafka = undefined;
});

async function start(brokers = 3): Promise<KafkaSimulator> {
  kafka = await KafkaSimulator.start({ brokers, firstAddress: '127.0.1.100' });
  return kafka;
}

async function clientOf(sim: KafkaSimulator, brokerId: number): Promise<RawClient> {
  const client = await RawClient.connect(sim.brokers().find((b) => b.id === brokerId)!.listen);
  clients.push(client);
  return client;
}

/** Produce v7 of one batch to one partition; returns [error_code, base_offset]. */
async function produce(client: RawClient, topic: string, partition: number, batch: Buffer): Promise<[number, number]> {
  const body = new ByteWriter()
    .nullableString(null)
    .int16(-1)
    .int32(5000)
    .array([topic], (w, name) => w.string(name).array([partition], (pw, p) => pw.int32(p).bytes(batch)));
  const reply = await client.request(ApiKey.Produce, 7, body);
  reply.int32(); // one topic
  reply.string();
  reply.int32(); // one partition
  reply.int32();
  return [reply.int16(), reply.int64()];
}

/** Fetch v11 from one partition; resolves with [error_code, high_watermark, record bytes]. */
async function fetchFrom(client: RawClient, topic: string, partition: number, offset: number, maxWaitMs: number): Promise<[number, number, number]> {
  const body = new ByteWriter().int32(-1).int32(maxWaitMs).int32(1).int32(1 << 20).int8(0).int32(0).int32(-1);
  body.array([topic], (w, name) =>
    w.string(name).array([partition], (pw, p) => pw.int32(p).int32(-1).int64(offset).int64(-1).int32(1 << 20)),
  );
  body.array([], () => {}).string('');
  const reply = await client.request(ApiKey.Fetch, 11, body);
  reply.int32();
  expect(reply.int16()).toBe(ErrorCode.NONE);
  reply.int32();
  reply.int32();
  reply.string();
  reply.int32();
  reply.int32();
  const errorCode = reply.int16();
  const highWatermark = reply.int64();
  reply.int64();
  reply.int64();
  reply.int32();
  reply.int32();
  return [errorCode, highWatermark, reply.bytes().length];
}

describe('the Kafka simulator at the wire', () => {
  it('answers an ApiVersions newer than its own with UNSUPPORTED_VERSION in v0 form, as KIP-511 brokers do', async () => {
    const sim = await start(1);
    const client = await clientOf(sim, 1001);
    // A v4 request is flexible (header v2) and its answer is read as v0, header and body.
    const tooNew = await client.request(ApiKey.ApiVersions, 4, new ByteWriter(true).string('raw-test').string('1.0').taggedFields(), { flexible: true });
    tooNew.flexible = false;
    expect(tooNew.int16()).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(tooNew.array((r) => [r.int16(), r.int16(), r.int16()])).toEqual([[ApiKey.ApiVersions, 0, 3]]);
    const v2 = await client.request(ApiKey.ApiVersions, 2, new ByteWriter());
    expect(v2.int16()).toBe(ErrorCode.NONE);
    const apis = new Map(v2.array((r) => [r.int16(), [r.int16(), r.int16()]] as const));
    // Kafka 3.2's maxima (HDInsight 5.1), minimums raised to the record batch format.
    expect(apis.get(ApiKey.Produce)).toEqual([3, 9]);
    expect(apis.get(ApiKey.Fetch)).toEqual([4, 13]);
    expect(apis.get(ApiKey.Metadata)).toEqual([0, 12]);
    expect(apis.size).toBe(16);
  });

  it('answers ApiVersions v3 in the flexible encoding under a v0 response header, and refuses a malformed client software name', async () => {
    const sim = await start(1);
    const client = await clientOf(sim, 1001);
    const request = (name: string) => new ByteWriter(true).string(name).string('2.0.2').taggedFields();
    const v3 = await client.request(ApiKey.ApiVersions, 3, request('librdkafka'), { flexible: true });
    expect(v3.int16()).toBe(ErrorCode.NONE);
    const apis = new Map(
      v3.array((r) => {
        const entry = [r.int16(), [r.int16(), r.int16()]] as const;
        r.taggedFields();
        return entry;
      }),
    );
    expect(apis.get(ApiKey.JoinGroup)).toEqual([0, 9]);
    expect(v3.int32()).toBe(0);
    v3.taggedFields();
    expect(v3.remaining).toBe(0);
    // KIP-511: the name and version must be [a-zA-Z0-9] with "-" and "." inside.
    const refused = await client.request(ApiKey.ApiVersions, 3, request('-bad name'), { flexible: true });
    expect(refused.int16()).toBe(ErrorCode.INVALID_REQUEST);
    expect(refused.array(() => 0)).toEqual([]);
  });

  it('reports topic ids in Metadata v12 and looks topics up by them; Fetch v13 reads by id; an unknown id is UNKNOWN_TOPIC_ID', async () => {
    const sim = await start(1);
    sim.createTopic('orders', 1, 1);
    await produce(await clientOf(sim, 1001), 'orders', 0, recordBatch(['a', 'b']));
    const client = await clientOf(sim, 1001);
    const metadataOf = async (topics: { id: string; name: string | null }[]) => {
      const request = new ByteWriter(true).array(topics, (w, t) => w.uuid(t.id).nullableString(t.name).taggedFields());
      const reply = await client.request(ApiKey.Metadata, 12, request.bool(false).bool(false).taggedFields(), { flexible: true });
      reply.int32();
      reply.array((b) => [b.int32(), b.string(), b.int32(), b.nullableString(), b.taggedFields()]);
      reply.nullableString();
      reply.int32();
      return reply.array((t) => {
        const answer = { errorCode: t.int16(), name: t.nullableString(), id: t.uuid() };
        t.bool();
        t.array((p) => [p.int16(), p.int32(), p.int32(), p.int32(), p.array((r) => r.int32()), p.array((r) => r.int32()), p.array((r) => r.int32()), p.taggedFields()]);
        t.int32();
        t.taggedFields();
        return answer;
      });
    };
    const ZERO_ID = Buffer.alloc(16).toString('base64url');
    const unknown = Buffer.alloc(16, 7).toString('base64url');
    const orders = { errorCode: ErrorCode.NONE, name: 'orders', id: sim.cluster.topics.get('orders')!.id };
    expect(await metadataOf([{ id: ZERO_ID, name: 'orders' }])).toEqual([orders]);
    // By id (v12+): an id no topic has comes back first, with UNKNOWN_TOPIC_ID and no name.
    expect(await metadataOf([{ id: orders.id, name: null }, { id: unknown, name: null }])).toEqual([
      { errorCode: ErrorCode.UNKNOWN_TOPIC_ID, name: null, id: unknown },
      orders,
    ]);

    const fetchById = async (id: string) => {
      const request = new ByteWriter(true).int32(-1).int32(0).int32(1).int32(1 << 20).int8(0).int32(0).int32(-1);
      request.array([id], (w, topicId) => {
        w.uuid(topicId).array([0], (pw, partition) => pw.int32(partition).int32(-1).int64(0).int32(-1).int64(-1).int32(1 << 20).taggedFields());
        w.taggedFields();
      });
      const reply = await client.request(ApiKey.Fetch, 13, request.array([], () => {}).string('').taggedFields(), { flexible: true });
      reply.int32();
      expect(reply.int16()).toBe(ErrorCode.NONE);
      reply.int32();
      return reply.array((t) => {
        const topicId = t.uuid();
        const [partition] = t.array((p) => {
          p.int32();
          const answer = { errorCode: p.int16(), highWatermark: p.int64() };
          p.int64();
          p.int64();
          p.nullableArray(() => 0);
          p.int32();
          p.bytes();
          p.taggedFields();
          return answer;
        });
        t.taggedFields();
        return { topicId, ...partition };
      });
    };
    expect(await fetchById(orders.id)).toEqual([{ topicId: orders.id, errorCode: ErrorCode.NONE, highWatermark: 2 }]);
    expect(await fetchById(unknown)).toEqual([{ topicId: unknown, errorCode: ErrorCode.UNKNOWN_TOPIC_ID, highWatermark: -1 }]);
  });

  it('stores a batch at the next offsets on the leader, and a non-leader answers NOT_LEADER_FOR_PARTITION', async () => {
    const sim = await start();
    sim.createTopic('orders', 3, 3);
    const leader = sim.cluster.partition('orders', 1)!.leader;
    const follower = sim.brokerIds().find((id) => id !== leader)!;
    expect(await produce(await clientOf(sim, follower), 'orders', 1, recordBatch(['a']))).toEqual([ErrorCode.NOT_LEADER_FOR_PARTITION, -1]);
    const toLeader = await clientOf(sim, leader);
    expect(await produce(toLeader, 'orders', 1, recordBatch(['a', 'b', 'c']))).toEqual([ErrorCode.NONE, 0]);
    expect(await produce(toLeader, 'orders', 1, recordBatch(['d']))).toEqual([ErrorCode.NONE, 3]);
    expect(sim.records('orders')[1]!.map((r) => `${r.offset}:${r.value?.toString()}`)).toEqual(['0:a', '1:b', '2:c', '3:d']);
    expect(await produce(toLeader, 'orders', 1, recordBatch(['x'], { badCrc: true }))).toEqual([ErrorCode.CORRUPT_MESSAGE, -1]);
    expect(await produce(toLeader, 'nope', 0, recordBatch(['x']))).toEqual([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1]);
  });

  it('spreads partition leaders over the brokers and sends topic creation to the controller only', async () => {
    const sim = await start();
    sim.createTopic('spread', 6, 2);
    const leaders = sim.cluster.topics.get('spread')!.partitions.map((p) => p.leader);
    expect(leaders).toEqual([1001, 1002, 1003, 1001, 1002, 1003]);
    const notController = sim.brokerIds().find((id) => id !== sim.cluster.controllerId)!;
    const body = new ByteWriter()
      .array(['new-topic'], (w, name) => w.string(name).int32(1).int16(1).array([], () => {}).array([], () => {}))
      .int32(5000)
      .bool(false);
    const reply = await (await clientOf(sim, notController)).request(ApiKey.CreateTopics, 3, body);
    reply.int32();
    reply.int32();
    expect(reply.string()).toBe('new-topic');
    expect(reply.int16()).toBe(ErrorCode.NOT_CONTROLLER);
    expect(sim.cluster.topics.has('new-topic')).toBe(false);
  });

  it('holds a fetch until data arrives (min bytes) and answers an idle one after max wait', async () => {
    const sim = await start(1);
    sim.createTopic('events', 1, 1);
    const consumer = await clientOf(sim, 1001);
    const idle = await fetchFrom(consumer, 'events', 0, 0, 30);
    expect(idle).toEqual([ErrorCode.NONE, 0, 0]);
    const waiting = fetchFrom(consumer, 'events', 0, 0, 20_000);
    let answered = false;
    void waiting.then(() => (answered = true));
    // The fetch is parked until the produce below (a broker that answered at once would fail here).
    await fetchFrom(await clientOf(sim, 1001), 'events', 0, 0, 1);
    expect(answered).toBe(false);
    await produce(await clientOf(sim, 1001), 'events', 0, recordBatch(['hello']));
    const [errorCode, highWatermark, bytes] = await waiting;
    expect([errorCode, highWatermark]).toEqual([ErrorCode.NONE, 1]);
    expect(bytes).toBeGreaterThan(61);
    expect(await fetchFrom(consumer, 'events', 0, 5, 0)).toEqual([ErrorCode.OFFSET_OUT_OF_RANGE, 1, 0]);
  });

  it('fails partitions over when a broker stops, and reports under-replicated partitions until it is back in sync', async () => {
    const sim = await start();
    sim.createTopic('replicated', 3, 3);
    const bootstrap = sim.brokers().map((b) => ({ host: b.listen.split(':')[0]!, port: sim.port }));
    expect(await clusterHealth(bootstrap)).toEqual({
      brokers: [1001, 1002, 1003],
      advertised: sim.brokers().map((b) => ({ id: b.id, host: b.advertised.split(':')[0], port: sim.port })),
      controllerId: 1001,
      underReplicatedPartitions: 0,
    });

    await sim.stopBroker(1001);
    const p0 = sim.cluster.partition('replicated', 0)!;
    expect(p0).toMatchObject({ leader: 1002, isr: [1002, 1003], leaderEpoch: 1 });
    const alive = bootstrap.slice(1);
    expect(await clusterHealth(alive)).toMatchObject({ brokers: [1002, 1003], controllerId: 1002, underReplicatedPartitions: 3 });
    // A single-replica partition on the stopped broker has no leader at all: health says so.
    sim.createTopic('single', 1, 1);
    sim.cluster.partition('single', 0)!.replicas = [1001];
    sim.cluster.partition('single', 0)!.isr = [1001];
    sim.cluster.partition('single', 0)!.leader = -1;
    await expect(clusterHealth(alive, { timeoutMs: 1_000 })).rejects.toThrow('Some partitions have no leader');

    await sim.startBroker(1001, { inSync: false });
    expect(sim.cluster.partition('single', 0)!.leader).toBe(1001);
    expect((await clusterHealth(bootstrap)).underReplicatedPartitions).toBe(3);
    sim.markInSync(1001);
    expect(await clusterHealth(bootstrap)).toMatchObject({ brokers: [1001, 1002, 1003], controllerId: 1002, underReplicatedPartitions: 0 });
  });

  it('knobs: a dropped connection gets no answer, a delayed response comes no sooner than the delay', async () => {
    const sim = await start(1);
    sim.knobs.dropConnectionOn({ api: 'Metadata' });
    const dropped = await clientOf(sim, 1001);
    await expect(dropped.request(ApiKey.Metadata, 1, new ByteWriter().int32(-1))).rejects.toThrow('connection closed by the broker');
    const undo = sim.knobs.delayResponses({ api: 'ApiVersions', ms: 150 });
    const client = await clientOf(sim, 1001);
    const started = performance.now();
    await client.request(ApiKey.ApiVersions, 2, new ByteWriter());
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    undo();
    // The next Metadata is answered again: the drop knob was for one request.
    const reply = await client.request(ApiKey.Metadata, 1, new ByteWriter().int32(-1));
    expect(reply.array((r) => [r.int32(), r.string(), r.int32(), r.nullableString()])).toHaveLength(1);
  });
});

/** What a bare TCP connect to `address` meets within `ms`: connected, timed out, or the error's code. */
function connectWithin(address: string, ms: number): Promise<string> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) });
    const done = (outcome: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timed out'), ms);
    socket.once('connect', () => done('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

describe('the network path to the brokers (knobs.pathTo)', () => {
  // A dropped SYN is sent again after 1 s (Linux's initial retransmission timeout): within 300 ms a
  // connect through a closed path cannot complete, and one through an open path always does.
  const BOUND_MS = 300;

  it('a closed path drops connection attempts (connect times out, not refused) until it opens again', async () => {
    const sim = await start();
    const [first, second] = sim.brokers();
    const asked: string[] = [];
    sim.knobs.pathTo = (address, port) => {
      asked.push(`${address}:${port}`);
      return address === first!.listen.split(':')[0] ? { open: false, reason: 'no peering' } : { open: true };
    };
    await sim.refreshPaths();
    expect(asked.sort()).toEqual(sim.brokers().map((b) => b.listen).sort());
    expect(sim.brokers().map((b) => b.blocked)).toEqual(['no peering', undefined, undefined]);
    expect(await connectWithin(first!.listen, BOUND_MS)).toBe('timed out');
    expect(await connectWithin(second!.listen, BOUND_MS)).toBe('connected');

    sim.knobs.pathTo = () => ({ open: true });
    await sim.refreshPaths();
    expect(sim.brokers()[0]!.blocked).toBeUndefined();
    const client = await clientOf(sim, first!.id);
    expect((await client.request(ApiKey.ApiVersions, 2, new ByteWriter())).int16()).toBe(ErrorCode.NONE);
  });

  it('a connection that arrives before the brokers followed a closed gate is never answered, and sets them following it', async () => {
    const sim = await start(1);
    sim.knobs.pathTo = () => ({ open: false, reason: 'an NSG rule' });
    // No refreshPaths(): the broker still listens, but asks the gate for every new connection.
    const client = await clientOf(sim, 1001);
    const answer = client.request(ApiKey.ApiVersions, 2, new ByteWriter()).then(() => 'answered');
    const bound = new Promise((resolve) => setTimeout(() => resolve('no answer'), BOUND_MS));
    expect(await Promise.race([answer, bound])).toBe('no answer');
    // The connection made the broker follow the gate: the next attempt is dropped.
    await sim.refreshPaths();
    expect(sim.brokers()[0]!.blocked).toBe('an NSG rule');
    expect(await connectWithin(sim.brokers()[0]!.listen, BOUND_MS)).toBe('timed out');
  });

  it('a broker restarted behind a closed path stays unreachable, and is reachable once the path opens', async () => {
    const sim = await start(1);
    let open = false;
    sim.knobs.pathTo = () => ({ open, reason: 'no route' });
    await sim.refreshPaths();
    await sim.stopBroker(1001);
    await sim.startBroker(1001);
    expect(sim.brokers()[0]).toMatchObject({ alive: true, blocked: 'no route' });
    expect(await connectWithin(sim.brokers()[0]!.listen, BOUND_MS)).toBe('timed out');
    open = true;
    await sim.refreshPaths();
    expect(await connectWithin(sim.brokers()[0]!.listen, BOUND_MS)).toBe('connected');
    // A broker that is down behind an open path refuses, as a host with nothing listening does.
    await sim.stopBroker(1001);
    expect(await connectWithin(sim.brokers()[0]!.listen, BOUND_MS)).toBe('ECONNREFUSED');
  });
});
