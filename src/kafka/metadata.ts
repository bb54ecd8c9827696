// What the brokers advertise, and whether a client here can use it. Clients bootstrap from any broker,
// then connect to each partition leader at the host:port that broker advertises in the metadata; on
// HDInsight that is an internal FQDN (wn0-kafka.<hash>.cx.internal.cloudapp.net) unless advertising is
// configured, which a peered VNet cannot resolve (confluentinc/confluent-kafka-go#70, tulios/kafkajs#532).
// So, for each broker: is the host an IP literal, does it resolve from here, does a TCP connection open.
import net from 'node:net';
import { checkFailed, operationFailed, type KafkaAksError } from '../errors.js';
import type { Progress } from '../context.js';
import { explainAbort, settleWithin, untilAborted } from './abortable.js';
import { formatServer, type ServerAddress } from './bootstrap.js';
import type { KafkaSession } from './client.js';
import { resolveHost, type HostOverrides, type Resolution } from './host-lookup.js';
import { probeTcp, type TcpProbe } from './tcp-probe.js';

export interface AdvertisedBroker {
  id: number;
  host: string;
  port: number;
}

export interface ClusterMetadata {
  clusterId: string;
  controllerId: number | null;
  brokers: AdvertisedBroker[];
}

export interface BrokerDiagnosis extends AdvertisedBroker {
  controller: boolean;
  ipLiteral: boolean;
  resolution: Resolution;
  /** Not tried when the host did not resolve. */
  tcp: TcpProbe | undefined;
}

export interface ProbeOptions {
  overrides: HostOverrides;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * The cluster as the bootstrap broker describes it. Give it a session opened with `pinTo` a bootstrap
 * server, so reading the metadata never needs the advertised hosts it is about to check.
 */
export async function readClusterMetadata(session: KafkaSession, signal: AbortSignal): Promise<ClusterMetadata> {
  const admin = session.kafka.admin();
  try {
    await untilAborted(admin.connect(), signal);
    const cluster = await untilAborted(admin.describeCluster(), signal);
    return {
      clusterId: cluster.clusterId,
      controllerId: cluster.controller,
      brokers: cluster.brokers
        .map((broker) => ({ id: broker.nodeId, host: broker.host, port: broker.port }))
        .sort((a, b) => a.id - b.id),
    };
  } catch (error) {
    throw explainAbort(error, signal, 'reading the cluster metadata', session.lastError());
  } finally {
    await settleWithin(admin.disconnect(), 3_000);
    session.destroy();
  }
}

export async function diagnoseBrokers(metadata: ClusterMetadata, options: ProbeOptions): Promise<BrokerDiagnosis[]> {
  return Promise.all(
    metadata.brokers.map(async (broker) => {
      const resolution = await resolveHost(broker.host, options.overrides, options.timeoutMs);
      const tcp = resolution.ok ? await probeTcp(resolution.address, broker.port, options.timeoutMs, options.signal) : undefined;
      return {
        ...broker,
        controller: broker.id === metadata.controllerId,
        ipLiteral: net.isIP(broker.host) !== 0,
        resolution,
        tcp,
      };
    }),
  );
}

/**
 * The reason clients here cannot use what the brokers advertise, as an error to stop on (exit 4), or
 * undefined when every broker resolves and accepts a connection. Pure.
 */
export function advertisingProblem(diagnoses: BrokerDiagnosis[], clusterName: string | undefined): KafkaAksError | undefined {
  const unresolved = unresolvedProblem(diagnoses, clusterName, 'here');
  if (unresolved) return unresolved;
  const unreachable = diagnoses.filter((d) => d.tcp !== undefined && !d.tcp.ok);
  const closed = unreachable[0];
  if (closed?.tcp && !closed.tcp.ok && closed.resolution.ok) {
    const others = unreachable.slice(1).map((d) => `${d.id} (${d.host}:${d.port})`);
    return checkFailed(
      `Broker ${closed.id} advertises ${closed.host}:${closed.port}` +
        `${closed.ipLiteral ? '' : ` (${closed.resolution.address})`}, which does not accept a TCP connection ` +
        `from here (${closed.tcp.error})${others.length > 0 ? `; nor do brokers ${others.join(', ')}` : ''}.`,
      {
        hint:
          `Check that the broker is running, that the VNets are peered with VNet access allowed, and that no network security group blocks port ${closed.port}; ` +
          'to test from where your workloads run instead of from here, add --in-aks.',
        details: { brokers: unreachable.map(({ id, host, port }) => ({ id, host, port })) },
      },
    );
  }
  return undefined;
}

/**
 * The bootstrap servers that accept a TCP connection from here. None: exit 1 naming each server and its
 * error; some: a warning, and the run goes on with those that answer.
 */
export async function reachableBootstrap(
  servers: ServerAddress[],
  options: ProbeOptions & { progress: Progress },
): Promise<ServerAddress[]> {
  const probes = await Promise.all(
    servers.map(async (server) => {
      const resolution = await resolveHost(server.host, options.overrides, options.timeoutMs);
      if (!resolution.ok) return { server, error: resolution.error };
      const tcp = await probeTcp(resolution.address, server.port, options.timeoutMs, options.signal);
      return { server, error: tcp.ok ? undefined : tcp.error };
    }),
  );
  const failed = probes.filter((p) => p.error !== undefined);
  const describe = failed.map((p) => `${formatServer(p.server)} (${p.error})`).join(', ');
  if (failed.length === probes.length) {
    throw operationFailed(`Cannot reach any bootstrap server: ${describe}.`, {
      hint:
        "Broker IPs are private: test from inside the AKS cluster with --in-aks --aks <name> --aks-resource-group <rg>, " +
        'or run kafka-aks on a machine in a VNet peered with the HDInsight VNet.',
      details: { bootstrap: failed.map((p) => ({ host: p.server.host, port: p.server.port, error: p.error })) },
    });
  }
  if (failed.length > 0) options.progress.warn(`Some bootstrap servers do not answer, going on without them: ${describe}.`);
  return probes.filter((p) => p.error === undefined).map((p) => p.server);
}

/**
 * Brokers advertising names that do not resolve `from` somewhere ("here", "pods in AKS cluster x"): exit
 * 4 with the configure-advertising hint, or undefined when every advertised host resolved.
 */
export function unresolvedProblem(diagnoses: BrokerDiagnosis[], clusterName: string | undefined, from: string): KafkaAksError | undefined {
  const unresolved = diagnoses.filter((d) => !d.resolution.ok);
  const first = unresolved[0];
  if (!first || first.resolution.ok) return undefined;
  const others = unresolved.slice(1).map((d) => `${d.id} (${d.host})`);
  return checkFailed(
    `Broker ${first.id} advertises ${first.host}:${first.port}, a name that does not resolve from ${from} ` +
      `(${first.resolution.error})${others.length > 0 ? `; so do brokers ${others.join(', ')}` : ''}. ` +
      "Kafka on HDInsight advertises its workers' internal FQDNs by default, which clients in a peered VNet " +
      'cannot resolve: they would bootstrap, then fail on every produce and fetch.',
    {
      hint:
        `Run \`kafka-aks configure-advertising --cluster ${clusterName ?? '<name>'}\` so the brokers advertise their IPs` +
        (from === 'here' ? ' (to test before a private DNS zone is linked, map names with --resolve NAME:IP).' : '.'),
      details: { brokers: unresolved.map(({ id, host, port }) => ({ id, host, port })) },
    },
  );
}
