// The Kafka simulator's typed API for tests: N brokers in one process sharing one ClusterState, each
// on its own loopback address (127.0.1.10, .11, ... by default) and all on one port, as HDInsight's
// brokers all listen on 9092; each advertises its IP or an HDInsight-style FQDN that does not resolve.
//
//   const kafka = await KafkaSimulator.start({ brokers: 3, advertise: 'fqdn' });
//   kafka.bootstrap            // "127.0.1.10:40123,127.0.1.11:40123,127.0.1.12:40123"
//   kafka.knobs.duplicateNextBatch({ topic: 'orders' });
//   await kafka.stopBroker(1002);
//   kafka.knobs.pathTo = () => ({ open: false, reason: 'no peering' });
//   await kafka.refreshPaths();  // connection attempts to every broker now time out
//   await kafka.stop();
import { randomBytes } from 'node:crypto';
import { BlackHoles } from './black-holes.js';
import { BrokerServer } from './broker-server.js';
import { ClusterState, type BrokerInfo } from './cluster-state.js';
import { GroupCoordinator } from './groups/group-coordinator.js';
import { FaultKnobs } from './knobs.js';
import { decodeRecords, type StoredRecord } from './record-batch.js';

export type AdvertiseMode = 'ip' | 'fqdn';

export interface KafkaSimulatorOptions {
  /** How many brokers (default 3). */
  brokers?: number;
  /** Broker i listens on this address plus i in the last octet (default 127.0.1.10). */
  firstAddress?: string;
  /** The port every broker listens on; 0 (default) picks one free on all of them. */
  port?: number;
  /** What brokers advertise: their IP (default) or wn<i>-kafka.<hash>.cx.internal.cloudapp.net. */
  advertise?: AdvertiseMode;
  /** With advertise 'fqdn': the names to advertise, broker by broker (e.g. the Ambari simulator's hosts). */
  fqdns?: string[];
  /** Broker ids count from here; HDInsight's are generated from 1001 (reserved.broker.max.id + 1). */
  firstBrokerId?: number;
  /** auto.create.topics.enable (default false, as on HDInsight). */
  autoCreateTopics?: boolean;
  /** group.initial.rebalance.delay.ms (default 0 here; Kafka's default is 3000). */
  initialRebalanceDelayMs?: number;
  /** Protocol errors and unsupported requests are reported here (default: stderr). */
  log?: (line: string) => void;
}

export interface SimulatedBroker {
  id: number;
  /** host:port it listens on. */
  listen: string;
  /** host:port it advertises in Metadata. */
  advertised: string;
  alive: boolean;
  /** Why the network path to it is closed (knobs.pathTo, as last followed); undefined while open. */
  blocked: string | undefined;
}

export class KafkaSimulator {
  readonly cluster: ClusterState;
  readonly knobs = new FaultKnobs();
  readonly groups: GroupCoordinator;
  private readonly servers = new Map<number, BrokerServer>();
  private readonly holes = new BlackHoles();
  /** Brokers whose address is a black hole, with the reason the path to them is closed. */
  private readonly blocked = new Map<number, string>();
  /** Each broker's listener changes, one after the other: restarts and path changes interleave. */
  private readonly listenerWork = new Map<number, Promise<void>>();

  private constructor(private readonly options: Required<KafkaSimulatorOptions>) {
    this.cluster = new ClusterState(randomBytes(16).toString('base64url').slice(0, 22), options.autoCreateTopics);
    this.groups = new GroupCoordinator(this.cluster, options.initialRebalanceDelayMs);
  }

  static async start(options: KafkaSimulatorOptions = {}): Promise<KafkaSimulator> {
    const resolved: Required<KafkaSimulatorOptions> = {
      brokers: options.brokers ?? 3,
      firstAddress: options.firstAddress ?? '127.0.1.10',
      port: options.port ?? 0,
      advertise: options.advertise ?? 'ip',
      fqdns: options.fqdns ?? [],
      firstBrokerId: options.firstBrokerId ?? 1001,
      autoCreateTopics: options.autoCreateTopics ?? false,
      initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? 0,
      log: options.log ?? ((line) => process.stderr.write(`[kafka-sim] ${line}\n`)),
    };
    if (resolved.brokers < 1) throw new Error('a cluster needs at least one broker');
    const simulator = new KafkaSimulator(resolved);
    await simulator.listenAll();
    return simulator;
  }

  /** bootstrap.servers for clients: every broker's listen address. */
  get bootstrap(): string {
    return this.brokers().map((b) => b.listen).join(',');
  }

  /** The port every broker listens on. */
  get port(): number {
    return this.brokerInfos()[0]!.port;
  }

  brokers(): SimulatedBroker[] {
    return this.brokerInfos().map((b) => ({
      id: b.id,
      listen: `${b.listenHost}:${b.port}`,
      advertised: `${b.advertisedHost}:${b.advertisedPort}`,
      alive: b.alive,
      blocked: this.blocked.get(b.id),
    }));
  }

  brokerIds(): number[] {
    return this.brokerInfos().map((b) => b.id);
  }

  /** Stops one broker: its connections drop, its partitions fail over, the controller moves if needed. */
  async stopBroker(id: number): Promise<void> {
    const server = this.server(id);
    this.cluster.brokerStopped(id);
    await this.serially(id, () => server.close());
  }

  /**
   * Starts a stopped broker again on its address (behind a closed path it stays unreachable);
   * `inSync: false` keeps it out of the ISR (markInSync later).
   */
  async startBroker(id: number, { inSync = true }: { inSync?: boolean } = {}): Promise<void> {
    const info = this.info(id);
    await this.serially(id, async () => {
      if (!this.blocked.has(id)) await this.server(id).listen(info.listenHost, info.port);
    });
    this.cluster.brokerStarted(id, inSync);
  }

  /**
   * Asks knobs.pathTo about every broker again and makes the network follow: a broker the path to is
   * closed drops connection attempts (its connect times out), one it is open to listens again if it
   * is up. Call it whenever what the gate reads may have changed. Connections already open are left as
   * they are: the simulator models the path for new connections only.
   */
  async refreshPaths(): Promise<void> {
    await Promise.all(this.brokerIds().map((id) => this.serially(id, () => this.followPath(id))));
  }

  markInSync(id: number): void {
    this.cluster.markInSync(id);
  }

  /** Cuts every client connection of one broker (or of all), which stay up; returns how many were cut. */
  dropConnections(brokerId?: number): number {
    const servers = brokerId === undefined ? [...this.servers.values()] : [this.server(brokerId)];
    return servers.reduce((count, server) => count + server.dropConnections(), 0);
  }

  /** Changes what a broker advertises (what configure-advertising does through Ambari and a restart). */
  setAdvertised(id: number, host: string, port = this.info(id).advertisedPort): void {
    const info = this.info(id);
    info.advertisedHost = host;
    info.advertisedPort = port;
  }

  /** Creates a topic directly in the cluster state, as if an operator had. */
  createTopic(name: string, partitions: number, replicationFactor = 1): void {
    this.cluster.createTopic(name, partitions, replicationFactor);
  }

  /** Every record of a topic, per partition, in offset order (uncompressed batches). */
  records(topic: string): StoredRecord[][] {
    const state = this.cluster.topics.get(topic);
    if (!state) throw new Error(`no topic ${topic}`);
    return state.partitions.map((p) => p.log.storedBatches().flatMap((batch) => decodeRecords(batch)));
  }

  /** The group ids that currently exist. */
  groupIds(): string[] {
    return this.groups.list().map((g) => g.groupId);
  }

  async stop(): Promise<void> {
    this.groups.close();
    await Promise.all(this.listenerWork.values());
    await Promise.all([...this.servers.values()].map((server) => server.close()));
    await this.holes.stop();
  }

  private async followPath(id: number): Promise<void> {
    const info = this.info(id);
    const verdict = this.knobs.pathTo(info.listenHost, info.port);
    const wasOpen = !this.blocked.has(id);
    if (verdict.open) this.blocked.delete(id);
    else this.blocked.set(id, verdict.reason ?? 'the network path is closed');
    if (verdict.open === wasOpen) return;
    if (verdict.open) {
      await this.holes.close(info.listenHost);
      if (info.alive) await this.server(id).listen(info.listenHost, info.port);
    } else {
      this.server(id).stopListening();
      await this.holes.open(info.listenHost, info.port);
    }
  }

  private serially(id: number, work: () => Promise<void>): Promise<void> {
    const next = (this.listenerWork.get(id) ?? Promise.resolve()).then(work);
    this.listenerWork.set(id, next.catch(() => {}));
    return next;
  }

  private brokerInfos(): BrokerInfo[] {
    return [...this.cluster.brokers.values()].sort((a, b) => a.id - b.id);
  }

  private info(id: number): BrokerInfo {
    const info = this.cluster.brokers.get(id);
    if (!info) throw new Error(`no broker ${id}; brokers are ${this.brokerIds().join(', ')}`);
    return info;
  }

  private server(id: number): BrokerServer {
    this.info(id);
    return this.servers.get(id)!;
  }

  /** Binds every broker to the same port on its own address; retries when that port is taken on one. */
  private async listenAll(): Promise<void> {
    const { options } = this;
    const hash = randomBytes(8).toString('hex').slice(0, 13);
    for (let attempt = 0; ; attempt += 1) {
      let port = options.port;
      const started: BrokerServer[] = [];
      try {
        for (let i = 0; i < options.brokers; i += 1) {
          const id = options.firstBrokerId + i;
          const server = new BrokerServer({
            id,
            cluster: this.cluster,
            groups: this.groups,
            knobs: this.knobs,
            log: options.log,
            pathClosed: () => void this.refreshPaths().catch((error) => options.log(`following the network paths failed: ${String(error)}`)),
          });
          const host = addressPlus(options.firstAddress, i);
          port = await server.listen(host, port);
          started.push(server);
          this.servers.set(id, server);
          this.cluster.addBroker({
            id,
            listenHost: host,
            port,
            advertisedHost: options.advertise === 'ip' ? host : (options.fqdns[i] ?? `wn${i}-kafka.${hash}.cx.internal.cloudapp.net`),
            advertisedPort: port,
            alive: true,
          });
        }
        return;
      } catch (error) {
        await Promise.all(started.map((server) => server.close()));
        this.servers.clear();
        this.cluster.brokers.clear();
        const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        if (!inUse || options.port !== 0 || attempt >= 10) throw error;
      }
    }
  }
}

function addressPlus(address: string, n: number): string {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts[0] !== 127 || parts[3]! + n > 254) {
    throw new Error(`${address} + ${n} is not a usable 127.x.y.z address`);
  }
  parts[3]! += n;
  return parts.join('.');
}
