// The state the simulated brokers share, as ZooKeeper and the controller hold it in a real cluster:
// which brokers are alive, topics and their partitions (replicas, ISR, leader, leader epoch), the
// controller, and each partition's log. Brokers read it to answer requests; the simulator's knobs
// change it (a broker stops: its partitions fail over, as Kafka's controller does).
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { PartitionLog } from './partition-log.js';

export interface BrokerInfo {
  id: number;
  /** Where the broker listens (127.x). */
  listenHost: string;
  port: number;
  /** What it advertises in Metadata: its IP or an HDInsight-style FQDN. */
  advertisedHost: string;
  advertisedPort: number;
  alive: boolean;
}

export interface PartitionState {
  topic: string;
  index: number;
  /** Assigned replicas, preferred leader first. */
  replicas: number[];
  isr: number[];
  /** -1 when no live in-sync replica can lead (LEADER_NOT_AVAILABLE). */
  leader: number;
  leaderEpoch: number;
  log: PartitionLog;
}

export interface TopicState {
  name: string;
  /** The topic id (KIP-516, Kafka 2.8+) that Metadata v10+ reports and Fetch v13+ names topics by. */
  id: string;
  internal: boolean;
  partitions: PartitionState[];
}

/** Kafka's offsets topic: 50 partitions by default (offsets.topic.num.partitions). */
export const OFFSETS_TOPIC = '__consumer_offsets';
export const OFFSETS_TOPIC_PARTITIONS = 50;
/** num.partitions and default.replication.factor: Kafka's defaults, for auto-creation and CreateTopics v4+. */
export const DEFAULT_PARTITIONS = 1;
export const DEFAULT_REPLICATION_FACTOR = 1;

export class ClusterState {
  readonly clusterId: string;
  readonly brokers = new Map<number, BrokerInfo>();
  readonly topics = new Map<string, TopicState>();
  controllerId = -1;
  /** Fired after every append, so waiting Fetch requests can answer (Kafka's delayed fetch purgatory). */
  readonly appends = new EventEmitter();

  constructor(
    clusterId: string,
    /** auto.create.topics.enable; HDInsight leaves it off ("By default, Apache Kafka on HDInsight doesn't
     * enable automatic topic creation": MicrosoftDocs azure-docs, apache-kafka-auto-create-topics.md). */
    readonly autoCreateTopics = false,
  ) {
    this.clusterId = clusterId;
    this.appends.setMaxListeners(0);
  }

  addBroker(broker: BrokerInfo): void {
    this.brokers.set(broker.id, broker);
    this.electController();
  }

  aliveBrokerIds(): number[] {
    return [...this.brokers.values()].filter((b) => b.alive).map((b) => b.id).sort((a, b) => a - b);
  }

  /**
   * Creates a topic with replicas spread as Kafka's AdminUtils.assignReplicasToBrokers does without
   * racks (apache/kafka core/src/main/scala/kafka/admin/AdminUtils.scala), with the random start
   * index and shift fixed at 0 so tests are repeatable: partition p's first replica (its preferred
   * leader) is broker p mod n, so leaders are spread over all brokers.
   */
  createTopic(name: string, partitions: number, replicationFactor: number, internal = false): TopicState {
    const brokerIds = this.aliveBrokerIds();
    const n = brokerIds.length;
    const topic: TopicState = { name, id: newTopicId(), internal, partitions: [] };
    for (let p = 0; p < partitions; p += 1) {
      const first = p % n;
      const replicas = [brokerIds[first]!];
      for (let j = 0; j < replicationFactor - 1; j += 1) {
        const shift = 1 + (j % (n - 1));
        replicas.push(brokerIds[(first + shift) % n]!);
      }
      topic.partitions.push({
        topic: name,
        index: p,
        replicas,
        isr: [...replicas],
        leader: replicas[0]!,
        leaderEpoch: 0,
        log: new PartitionLog(),
      });
    }
    this.topics.set(name, topic);
    return topic;
  }

  deleteTopic(name: string): boolean {
    return this.topics.delete(name);
  }

  topicById(id: string): TopicState | undefined {
    return [...this.topics.values()].find((topic) => topic.id === id);
  }

  partition(topic: string, index: number): PartitionState | undefined {
    return this.topics.get(topic)?.partitions[index];
  }

  /** The offsets topic, created on first use as a real broker does on the first FindCoordinator. */
  offsetsTopic(): TopicState {
    return (
      this.topics.get(OFFSETS_TOPIC) ??
      this.createTopic(OFFSETS_TOPIC, OFFSETS_TOPIC_PARTITIONS, Math.min(3, this.aliveBrokerIds().length), true)
    );
  }

  /**
   * A broker went away. As Kafka's controller does on a broker failure: it leaves every ISR, and each
   * partition it led elects the first live replica still in the ISR (no unclean election, the default),
   * or none; the controller role moves if it held it.
   */
  brokerStopped(id: number): void {
    const broker = this.brokers.get(id);
    if (!broker) return;
    broker.alive = false;
    for (const partition of this.allPartitions()) {
      if (!partition.replicas.includes(id)) continue;
      if (partition.isr.length > 1) partition.isr = partition.isr.filter((replica) => replica !== id);
      if (partition.leader === id) this.electLeader(partition);
    }
    if (this.controllerId === id) this.electController();
  }

  /**
   * A broker came back. With `inSync` it has caught up at once and rejoins every ISR; leaderless
   * partitions it replicates elect it. Without, it stays out of the ISR until markInSync (a slow
   * follower: its partitions count as under-replicated).
   */
  brokerStarted(id: number, inSync: boolean): void {
    const broker = this.brokers.get(id);
    if (!broker) return;
    broker.alive = true;
    if (inSync) this.markInSync(id);
    for (const partition of this.allPartitions()) {
      if (partition.leader === -1 && partition.isr.includes(id)) this.electLeader(partition);
    }
    if (this.controllerId === -1) this.electController();
  }

  markInSync(id: number): void {
    for (const partition of this.allPartitions()) {
      if (partition.replicas.includes(id) && !partition.isr.includes(id)) {
        partition.isr = partition.replicas.filter((replica) => replica === id || partition.isr.includes(replica));
      }
      if (partition.leader === -1 && partition.isr.includes(id)) this.electLeader(partition);
    }
  }

  allPartitions(): PartitionState[] {
    return [...this.topics.values()].flatMap((topic) => topic.partitions);
  }

  private electLeader(partition: PartitionState): void {
    const alive = new Set(this.aliveBrokerIds());
    const next = partition.replicas.find((replica) => alive.has(replica) && partition.isr.includes(replica));
    partition.leader = next ?? -1;
    partition.leaderEpoch += 1;
  }

  /** The first live broker takes the controller role (in ZooKeeper, whoever creates /controller first). */
  private electController(): void {
    this.controllerId = this.aliveBrokerIds()[0] ?? -1;
  }
}

/**
 * A random topic id as Kafka's Uuid.randomUuid makes one: never the all-zero id (which means "no id"),
 * nor the metadata topic's id (1), nor one whose string form starts with "-", so that it cannot be
 * taken for a command-line option (apache/kafka clients/src/main/java/org/apache/kafka/common/Uuid.java).
 */
function newTopicId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-') && id !== ZERO_UUID && id !== METADATA_TOPIC_ID) return id;
  }
}

/** Uuid.ZERO_UUID: "no topic id", as Metadata v10+ answers for a topic it could not find. */
export const ZERO_UUID = Buffer.alloc(16).toString('base64url');
const METADATA_TOPIC_ID = Buffer.from('00000000000000000000000000000001', 'hex').toString('base64url');
