// The state of a simulated Ambari: clusters made of hosts, services, components, host components and
// versioned configurations. Plain data, mutated by the routes; tests read it through AmbariSimulator.
import { createHash } from 'node:crypto';
import type { BrokerStart } from './broker-runtime.js';
import { stockConfigs, type Properties, type PropertiesAttributes } from './stock-configs.js';

export type MaintenanceState = 'ON' | 'OFF';
/**
 * INSTALLED means stopped (apache/ambari
 * ambari-server/src/main/java/org/apache/ambari/server/state/State.java).
 */
export type ComponentState = 'INIT' | 'INSTALLED' | 'STARTING' | 'STARTED' | 'STOPPING' | 'UNKNOWN' | 'INSTALL_FAILED';

export interface SimHost {
  name: string;
  ip: string;
  maintenance: MaintenanceState;
}

export interface SimHostComponent {
  host: string;
  service: string;
  component: string;
  state: ComponentState;
  maintenance: MaintenanceState;
  /** The desired-config tags this component last started with, per type of its service. */
  actualTags: Record<string, string>;
}

export interface SimService {
  name: string;
  maintenance: MaintenanceState;
  /**
   * The config types that belong to the service (for KAFKA: apache/ambari
   * ambari-server/src/main/resources/common-services/KAFKA/0.8.1/metainfo.xml).
   */
  configTypes: string[];
}

export interface SimConfig {
  type: string;
  tag: string;
  version: number;
  properties: Properties;
  propertiesAttributes: PropertiesAttributes | undefined;
}

export interface SimServiceConfigVersion {
  service: string;
  version: number;
  note: string;
  user: string;
  createTime: number;
  /** type -> tag, as selected by this version. */
  tags: Record<string, string>;
}

/** HostRoleStatus.java: the statuses a task and a request go through. */
export type TaskStatus = 'PENDING' | 'QUEUED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'TIMEDOUT' | 'ABORTED';
export const TERMINAL: ReadonlySet<TaskStatus> = new Set(['COMPLETED', 'FAILED', 'TIMEDOUT', 'ABORTED']);

export interface SimTask {
  id: number;
  host: string;
  role: string;
  service: string;
  status: TaskStatus;
  /** Clock steps left in IN_PROGRESS before the restart finishes. */
  stepsLeft: number;
  stdout: string;
  stderr: string;
  exitCode: number;
  startTime: number;
  endTime: number;
}

export interface SimRequest {
  id: number;
  context: string;
  operationLevel: string | null;
  resourceFilters: Array<Record<string, string>>;
  createTime: number;
  tasks: SimTask[];
  user: string;
}

/** How a restart of one host goes wrong, set by a test. */
export interface RestartFault {
  status: 'FAILED' | 'TIMEDOUT' | 'ABORTED';
  stderr?: string;
}

export interface SimCluster {
  name: string;
  clusterId: number;
  stackId: string;
  hosts: SimHost[];
  services: SimService[];
  hostComponents: SimHostComponent[];
  /** type -> every version of that type. */
  configs: Map<string, SimConfig[]>;
  /** type -> tag currently desired. */
  desiredTags: Map<string, string>;
  serviceConfigVersions: SimServiceConfigVersion[];
  requests: SimRequest[];
  /** Restart behaviour: how many clock steps a broker restart takes, and per-host faults. */
  restarts: { steps: number; faults: Map<string, RestartFault> };
  /** What each broker last started with (rendered lazily from the tags it started with). */
  brokers: Map<string, BrokerStart>;
  /** The most KAFKA_BROKER components ever down at the same time (a rolling restart keeps it at 1). */
  maxBrokersDown: number;
  /** Told when a broker goes down for a restart and when it is back (or failed to start). */
  restartObservers: Array<(event: BrokerRestartEvent) => void>;
}

export interface HdinsightKafkaOptions {
  /** The cluster name as Ambari spells it (paths are case-sensitive). */
  name?: string;
  /** Number of worker nodes, each running a Kafka broker. */
  workers?: number;
  /** kafka-broker `listeners` as the cluster was created; ESP clusters use SASL_PLAINTEXT. */
  listeners?: string;
  /** A cluster of another kind (Spark, Hadoop) has no KAFKA service. */
  kafka?: boolean;
  /**
   * The private IP of worker n (default 10.0.0.<12+n>). A simulated world gives the workers the
   * loopback addresses its Kafka simulator listens on, so the brokers Ambari lists can be reached.
   */
  workerIp?: (n: number) => string;
}

/** A broker going down for a restart, or coming back from one: what a linked Kafka simulator follows. */
export interface BrokerRestartEvent {
  host: string;
  ip: string;
  phase: 'down' | 'up' | 'failed';
}

/**
 * HDInsight's internal DNS suffix: <role><n>-<prefix>.<hash>.cx.internal.cloudapp.net (the broker names in
 * MicrosoftDocs/azure-docs articles/hdinsight/kafka/apache-kafka-get-started.md).
 */
export function internalDomain(clusterName: string): string {
  // A stable 26-character hash per cluster name, shaped like the real eahjefxxp1netdbyklgqj5y1ud.
  const digest = createHash('sha256').update(clusterName).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const hash = [...digest.subarray(0, 26)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `${hash}.cx.internal.cloudapp.net`;
}

/**
 * An HDInsight Kafka cluster as Ambari shows it: head nodes hn0/hn1, ZooKeeper nodes zk0..zk2, and
 * workers wn0..wnN running KAFKA_BROKER, all with private 10.0.0.x addresses and INITIAL config tags.
 */
export function hdinsightKafkaCluster(options: HdinsightKafkaOptions = {}): SimCluster {
  const name = options.name ?? 'kafka';
  const workers = options.workers ?? 3;
  const withKafka = options.kafka ?? true;
  const prefix = name.toLowerCase().slice(0, 6);
  const domain = internalDomain(name);
  const fqdn = (role: string, n: number) => `${role}${n}-${prefix}.${domain}`;

  const hosts: SimHost[] = [];
  const hostComponents: SimHostComponent[] = [];
  const place = (host: string, service: string, component: string) =>
    hostComponents.push({ host, service, component, state: 'STARTED', maintenance: 'OFF', actualTags: {} });

  // Real clusters number ZooKeeper nodes from zk0 but not always contiguously; keep it simple here.
  const zookeepers = [0, 1, 2].map((n) => fqdn('zk', n));
  zookeepers.forEach((host, i) => {
    hosts.push({ name: host, ip: `10.0.0.${4 + i}`, maintenance: 'OFF' });
    place(host, 'ZOOKEEPER', 'ZOOKEEPER_SERVER');
  });
  for (let n = 0; n < workers; n += 1) {
    const host = fqdn('wn', n);
    hosts.push({ name: host, ip: options.workerIp?.(n) ?? `10.0.0.${12 + n}`, maintenance: 'OFF' });
    if (withKafka) place(host, 'KAFKA', 'KAFKA_BROKER');
    place(host, 'ZOOKEEPER', 'ZOOKEEPER_CLIENT');
  }
  [0, 1].forEach((n) => {
    const host = fqdn('hn', n);
    hosts.push({ name: host, ip: `10.0.0.${18 + n}`, maintenance: 'OFF' });
    place(host, 'ZOOKEEPER', 'ZOOKEEPER_CLIENT');
    place(host, 'AMBARI_METRICS', n === 0 ? 'METRICS_COLLECTOR' : 'METRICS_MONITOR');
  });

  const services: SimService[] = [
    { name: 'ZOOKEEPER', maintenance: 'OFF', configTypes: ['zoo.cfg'] },
    { name: 'AMBARI_METRICS', maintenance: 'OFF', configTypes: [] },
  ];
  if (withKafka) services.push({ name: 'KAFKA', maintenance: 'OFF', configTypes: ['kafka-broker', 'kafka-env', 'kafka-log4j'] });

  const cluster: SimCluster = {
    name,
    clusterId: 2,
    stackId: 'HDP-3.1',
    hosts,
    services,
    hostComponents,
    configs: new Map(),
    desiredTags: new Map(),
    serviceConfigVersions: [],
    requests: [],
    restarts: { steps: 2, faults: new Map() },
    brokers: new Map(),
    maxBrokersDown: 0,
    restartObservers: [],
  };
  const stock = stockConfigs({ listeners: options.listeners ?? 'PLAINTEXT://localhost:9092', zookeeperHosts: zookeepers });
  for (const service of services) {
    const tags: Record<string, string> = {};
    for (const config of stock.filter((c) => c.service === service.name)) {
      cluster.configs.set(config.type, [
        { type: config.type, tag: 'INITIAL', version: 1, properties: config.properties, propertiesAttributes: config.propertiesAttributes },
      ]);
      cluster.desiredTags.set(config.type, 'INITIAL');
      tags[config.type] = 'INITIAL';
    }
    cluster.serviceConfigVersions.push({
      service: service.name,
      version: 1,
      note: `Initial configurations for ${service.name}`,
      user: 'admin',
      createTime: 1_700_000_000_000,
      tags,
    });
  }
  // Every component starts with the configs that are desired at creation: nothing is stale.
  for (const hc of hostComponents) {
    const service = services.find((s) => s.name === hc.service);
    for (const type of service?.configTypes ?? []) hc.actualTags[type] = 'INITIAL';
  }
  return cluster;
}

export function serviceOf(cluster: SimCluster, name: string): SimService | undefined {
  return cluster.services.find((service) => service.name === name);
}

export function desiredConfig(cluster: SimCluster, type: string): SimConfig | undefined {
  const tag = cluster.desiredTags.get(type);
  return cluster.configs.get(type)?.find((config) => config.tag === tag);
}

/** Ambari's stale_configs: the component last started with other tags than the desired ones. */
export function isStale(cluster: SimCluster, hc: SimHostComponent): boolean {
  const service = serviceOf(cluster, hc.service);
  return (service?.configTypes ?? []).some((type) => hc.actualTags[type] !== cluster.desiredTags.get(type));
}

/** The effective maintenance state Ambari reports (MaintenanceStateHelper.getEffectiveState). */
export function effectiveMaintenance(cluster: SimCluster, hc: SimHostComponent): string {
  if (hc.maintenance === 'ON') return 'ON';
  const fromService = serviceOf(cluster, hc.service)?.maintenance === 'ON';
  const fromHost = cluster.hosts.find((host) => host.name === hc.host)?.maintenance === 'ON';
  if (fromService && fromHost) return 'IMPLIED_FROM_SERVICE_AND_HOST';
  if (fromService) return 'IMPLIED_FROM_SERVICE';
  if (fromHost) return 'IMPLIED_FROM_HOST';
  return 'OFF';
}

/** A service's state as Ambari derives it from its master components (simplified: all started → STARTED). */
export function serviceState(cluster: SimCluster, service: string): ComponentState {
  const components = cluster.hostComponents.filter((hc) => hc.service === service && !hc.component.endsWith('_CLIENT'));
  if (components.length === 0) return 'INSTALLED';
  if (components.every((hc) => hc.state === 'STARTED')) return 'STARTED';
  if (components.some((hc) => hc.state === 'STARTING')) return 'STARTING';
  return 'INSTALLED';
}
