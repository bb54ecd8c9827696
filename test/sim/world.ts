// One simulated AKS + Kafka-on-HDInsight environment: the ARM, Ambari and Kafka simulators started
// together and kept in step, as an operator meets them before the runbook.
//  - ARM (arm/seed.ts): AKS `aks1` in `aks-rg`, its VNet in MC_aks-rg_aks1_westeurope (or its own);
//    the HDInsight cluster `kafka` in `kafka-rg`, its roles in kafka-vnet/kafka-subnet, its gateway
//    settings returning the Ambari simulator's login (a CLI run with --resource-group needs no
//    AMBARI_PASSWORD).
//  - Ambari and Kafka (hdinsight-kafka.ts): the workers' IPs are the brokers' loopback addresses; the
//    brokers advertise what Ambari last rendered (FQDNs, then IPs after configure-advertising); a broker
//    Ambari restarts is down meanwhile.
//  - The network path from the AKS subnet (where pods run) to each broker: closed until both peerings
//    are Connected with VNet access allowed. Connection attempts through a closed path time out, as on
//    Azure (kafka/black-holes.ts). The brokers follow the path after every ARM request, before its
//    answer; a test that changes ArmWorld directly calls networkChanged().
//  - Inside AKS (aks/run-commands.ts): the run command really runs, with a kubectl stand-in whose pods
//    are local processes; a pod reaches a broker only when the path above is open. `world.aks` adds to
//    the cluster's names the helpers a test needs: ConfigMaps, pods, knobs, events, the cluster's writes.
//
//   const world = await startWorld();
//   await runCli(['peer', ...world.cliArgs.clusters], { env: world.env });
//   await world.stop();
import { fileURLToPath } from 'node:url';
import { armEnv } from '../support/arm-cli.js';
import type { AmbariSimulator, LoggedRequest as AmbariRequest } from './ambari/server.js';
import { seedAksAndKafka, type AksKafka, type AksKafkaOptions } from './arm/seed.js';
import { sameId } from './arm/ids.js';
import { overlapping } from './arm/network-routes.js';
import { startArmSimulator, type ArmSimulator, type ArmSimulatorOptions, type LoggedRequest as ArmRequest } from './arm/server.js';
import type { AksCluster, ArmWorld, Peering, Vnet } from './arm/world.js';
import type { AksEvent, AksRuntime, KubectlCall } from './aks/run-commands.js';
import type { ConfigMap, ConfigMapFields, SimPod } from './aks/kube-store.mjs';
import { startHdinsightKafka } from './hdinsight-kafka.js';
import type { KafkaSimulator } from './kafka/simulator.js';

export interface WorldOptions extends Omit<AksKafkaOptions, 'gatewayLogin'> {
  /** Kafka brokers, one per HDInsight worker node (default 3). */
  brokers?: number;
  /** How long ARM's long-running operations run, and its latency (default: instant). */
  arm?: ArmSimulatorOptions;
}

export interface WorldBroker {
  id: number;
  /** The worker's FQDN, as Ambari lists it. */
  host: string;
  /** Where the broker listens: the worker's IP as Ambari gives it, on loopback. */
  ip: string;
  /** The address it stands for in the HDInsight subnet, which NSG rules and routes are about. */
  privateIp: string;
}

/** Whether packets from the AKS subnet reach an address and port, and if not, why. */
export type TrafficVerdict = { allowed: true } | { allowed: false; reason: string };

type AksNames = AksKafka['aks'];

/** The world's AKS cluster: its names (AksKafka['aks']) and what a test does inside it. */
export interface WorldAks extends AksNames {
  /** Everything inside the cluster (run commands, kubectl stand-in state, knobs such as logCapBytes). */
  runtime: AksRuntime;
  /** A ConfigMap as `kubectl get configmap -o json` shows it, or undefined. */
  configMap(namespace: string, name: string): ConfigMap | undefined;
  /** A ConfigMap made before the test (as another kubectl apply would): a new resourceVersion each time. */
  seedConfigMap(fields: ConfigMapFields): ConfigMap;
  /** The pods the cluster has now (a `kubectl run --rm` pod while it runs, or one left Pending). */
  pods(): SimPod[];
  addNamespace(namespace: string): void;
  removeNamespace(namespace: string): void;
  /** These images fail to pull (ImagePullBackOff); an empty call lets every image pull again. */
  failImagePulls(...images: string[]): void;
  /** Real milliseconds `kubectl run -i` waits for a pod that never runs before it times out (default 0). */
  setPodRunningWaitMs(ms: number): void;
  /** Names pods resolve (getent hosts); by default none: HDInsight's internal names do not resolve from AKS. */
  addPodDns(name: string, address: string): void;
  /** `az aks stop` / `az aks start`: a stopped cluster refuses run commands. */
  stopCluster(): void;
  startCluster(): void;
  /** AKS-managed Azure AD, optionally with local accounts disabled: run commands then need a clusterToken. */
  useAzureAd(options?: { disableLocalAccounts?: boolean }): void;
  /** kubectl run, apply and delete invocations inside the cluster (run command POSTs are not in world.writes().arm). */
  writes(): KubectlCall[];
  /** Every run command event (received, finished), kubectl invocation and pod start/end, as it happens. */
  on(listener: (event: AksEvent) => void): () => void;
  /** The next event of a type that matches: register before acting, then await. */
  waitFor: AksRuntime['waitFor'];
}

export interface World extends Omit<AksKafka, 'aks'> {
  aks: WorldAks;
  arm: ArmSimulator;
  ambari: AmbariSimulator;
  kafka: KafkaSimulator;
  brokers: WorldBroker[];
  /** The port every broker listens on (Ambari's listeners carry it). */
  port: number;
  endpoints: { arm: string; ambari: string; bootstrap: string };
  /** The HDInsight cluster login: Ambari's, and what the gateway settings return. */
  ambariLogin: { user: string; password: string };
  cliArgs: {
    /** Both clusters: peer (and status, up). */
    clusters: string[];
    /** The Kafka cluster through Ambari, its login from the gateway settings: configure-advertising. */
    ambari: string[];
    /** The same, and the port the brokers listen on: brokers, smoke-test. */
    brokers: string[];
  };
  /** The environment that points the CLI at the world (ARM, its CA and the test credential, Ambari). */
  env: Record<string, string | undefined>;
  /** What `kafka-aks peer` leaves: both directions, Connected, VNet access allowed. Sides that exist stay. */
  peerBothWays(): Promise<void>;
  /** The brokers follow the network path again: after a test changed ArmWorld directly. */
  networkChanged(): Promise<void>;
  /** The path from the AKS subnet to the broker listening on brokerIp. */
  pathVerdict(brokerIp: string, port: number): TrafficVerdict;
  /**
   * Every request that changed (or tried to change) something, per simulator. Run command POSTs are
   * not ARM writes here: whether one changes anything depends on its command (`kubectl get` only
   * reads), so what they change inside the cluster is in `aks.writes()`.
   */
  writes(): { arm: ArmRequest[]; ambari: AmbariRequest[] };
  underReplicated(): number;
  stop(): Promise<void>;
}

/** The Ambari simulator's model numbers workers from host 12 of 10.0.0.0/24; here, of kafka-subnet. */
const FIRST_WORKER_HOST = 12;
const guard = fileURLToPath(new URL('../support/network-guard.mjs', import.meta.url));

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const { brokers: workers, arm: armOptions, ...layoutOptions } = options;
  const hdinsight = await startHdinsightKafka({ workers, name: layoutOptions.cluster });
  const { ambari, kafka } = hdinsight;
  const arm = await startArmSimulator(armOptions).catch(async (error: unknown) => {
    await hdinsight.stop();
    throw error;
  });
  const ambariLogin = { user: ambari.user, password: ambari.password };
  const layout = seedAksAndKafka(arm.world, { ...layoutOptions, cluster: ambari.cluster().name, gatewayLogin: ambariLogin });
  const subnetNetwork = layout.hdinsight.subnetPrefix.split('/')[0]!;
  const brokers = hdinsight.workers.map((worker, n) => ({
    id: worker.brokerId,
    host: worker.host,
    ip: worker.ip,
    privateIp: ipv4Plus(subnetNetwork, FIRST_WORKER_HOST + n),
  }));

  const pathVerdict = (brokerIp: string, port: number): TrafficVerdict => {
    const broker = brokers.find((b) => b.ip === brokerIp);
    if (!broker) throw new Error(`${brokerIp} is not a broker of the simulated world`);
    // Pods talk to Kafka: the path from the AKS subnet to the broker's address in the HDInsight subnet,
    // as the simulated Azure judges it (peerings, routes both ways, NSGs both sides).
    const verdict = arm.world.trafficVerdict({ vnetId: layout.aks.vnetId, subnetName: layout.aks.subnetName }, broker.privateIp, port);
    return verdict.allowed ? verdict : { allowed: false, reason: `no path to ${broker.privateIp}:${port}: ${verdict.reason}` };
  };
  kafka.knobs.pathTo = (address, port) => {
    const verdict = pathVerdict(address, port);
    return verdict.allowed ? { open: true } : { open: false, reason: verdict.reason };
  };
  const networkChanged = () => kafka.refreshPaths();
  arm.onRequest(networkChanged);
  await networkChanged();

  const aksCluster = arm.world.aksClusters.find((c) => sameId(c.resourceGroup, layout.aks.resourceGroup) && sameId(c.name, layout.aks.name))!;
  const aks = worldAks(layout.aks, aksCluster, arm.aksRuntime(aksCluster));

  const ambariArgs = ['--cluster', layout.hdinsight.name, '--resource-group', layout.hdinsight.resourceGroup];
  return {
    ...layout,
    aks,
    arm,
    ambari,
    kafka,
    brokers,
    port: kafka.port,
    endpoints: { arm: arm.endpoint, ambari: ambari.url, bootstrap: kafka.bootstrap },
    ambariLogin,
    cliArgs: {
      clusters: ['--aks', layout.aks.name, '--aks-resource-group', layout.aks.resourceGroup, ...ambariArgs],
      ambari: ambariArgs,
      brokers: [...ambariArgs, '--port', String(kafka.port)],
    },
    env: {
      ...armEnv(arm),
      // On Azure, https://<cluster>.azurehdinsight.net.
      KAFKA_AKS_AMBARI_URL: ambari.url,
      // The CLI stays on loopback like the tests: no DNS query for a broker's internal name leaves here.
      NODE_OPTIONS: (process.env.NODE_OPTIONS ?? '').includes(guard)
        ? process.env.NODE_OPTIONS
        : `${process.env.NODE_OPTIONS ?? ''} --import=${guard}`.trim(),
    },
    peerBothWays: async () => {
      const [aksVnet, kafkaVnet] = [arm.world.requireVnet(layout.aks.vnetId), arm.world.requireVnet(layout.hdinsight.vnetId)];
      const overlap = overlapping(aksVnet.addressPrefixes, kafkaVnet.addressPrefixes);
      if (overlap.length > 0) throw new Error(`Azure does not peer VNets whose address spaces overlap (${overlap.join(', ')})`);
      for (const [local, remote] of [[aksVnet, kafkaVnet], [kafkaVnet, aksVnet]] as const) {
        const remoteId = arm.world.idOf(remote);
        if (!peeringTo(local, remoteId)) arm.world.addPeering(arm.world.idOf(local), `kafka-aks-to-${remote.name}`, remoteId);
      }
      await networkChanged();
    },
    networkChanged,
    pathVerdict,
    writes: () => ({ arm: arm.writes(), ambari: ambari.writes() }),
    underReplicated: hdinsight.underReplicated,
    stop: async () => {
      // ARM first: its requests make the brokers follow the network path.
      await arm.stop();
      await hdinsight.stop();
    },
  };
}

function worldAks(names: AksNames, cluster: AksCluster, runtime: AksRuntime): WorldAks {
  const { store } = runtime;
  return {
    ...names,
    runtime,
    configMap: (namespace, name) => store.configMap(namespace, name),
    seedConfigMap: (fields) => store.putConfigMap(fields),
    pods: () => store.pods(),
    addNamespace: (namespace) => store.addNamespace(namespace),
    removeNamespace: (namespace) => store.removeNamespace(namespace),
    failImagePulls: (...images) => store.setPullFailures(images),
    setPodRunningWaitMs: (ms) => store.setPodRunningWaitMs(ms),
    addPodDns: (name, address) => store.setPodDns({ ...store.podDns(), [name]: address }),
    stopCluster: () => {
      cluster.powerState = 'Stopped';
    },
    startCluster: () => {
      cluster.powerState = 'Running';
    },
    useAzureAd: (options = {}) => {
      cluster.aadManaged = true;
      cluster.disableLocalAccounts = options.disableLocalAccounts ?? false;
    },
    writes: () => runtime.writes(),
    on: (listener) => runtime.on(listener),
    waitFor: (type, matches) => runtime.waitFor(type, matches),
  };
}

function peeringTo(vnet: Vnet, remoteVnetId: string): Peering | undefined {
  return vnet.peerings.find((p) => sameId(p.remoteVnetId, remoteVnetId));
}

/** The IPv4 address n after `address`. */
function ipv4Plus(address: string, n: number): string {
  const value = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0) + n;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
