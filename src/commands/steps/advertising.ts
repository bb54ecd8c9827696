// Runbook steps 2-3 as one unit that `configure-advertising`, `up` and `status` share: inspect (read
// only: the Kafka configs, the brokers and the service, and what would change), then apply (write the
// change, restart exactly the brokers the inspection chose, verify). Every decision — "already
// configured", which brokers restart — is made once, here, from the inspection; the prompt's count and
// the brokers Ambari restarts are the same list.
import { advertisedAfterStart, planAdvertising, type AdvertisingPlan } from '../../ambari/advertising.js';
import type { AmbariCluster } from '../../ambari/cluster.js';
import type { Properties } from '../../ambari/configs.js';
import { listBrokerHosts, needingRestart, type BrokerHost } from '../../ambari/hosts.js';
import { readKafkaConfigs, writeKafkaConfigs, type KafkaConfigs } from '../../ambari/kafka-configs.js';
import { afterTheRestart, restartAndVerify, type RestartAndVerifyOptions, type RestartOutcome } from '../../ambari/restart.js';
import type { RunningRequest } from '../../ambari/requests.js';
import { readService, type ServiceStatus } from '../../ambari/services.js';
import type { Progress } from '../../context.js';
import { interruptionAt, isInterruption } from '../../errors.js';
import type { BrokerAdvertising } from '../../output/advertising-report.js';
import type { Finding } from '../../findings.js';

export interface AdvertisingInspection {
  cluster: string;
  configs: KafkaConfigs;
  plan: AdvertisingPlan;
  brokers: BrokerHost[];
  service: ServiceStatus;
  /**
   * `configured`: nothing to write, nothing to restart. `change`: the configuration must be written and
   * every broker restarted. `restart`: the configuration is right, some brokers still run without it.
   */
  state: 'configured' | 'change' | 'restart';
  /** The brokers a run restarts: every broker for a change, else those still behind. */
  restartTargets: BrokerHost[];
}

export async function inspectAdvertising(cluster: AmbariCluster, port: number | undefined, progress: Progress): Promise<AdvertisingInspection> {
  progress.begin(`Reading the Kafka configuration of ${cluster.name} from Ambari`);
  const configs = await readKafkaConfigs(cluster);
  const plan = planAdvertising(configs.kafkaEnv, configs.kafkaBroker, port);
  const [brokers, service] = await Promise.all([listBrokerHosts(cluster), readService(cluster, 'KAFKA')]);
  progress.succeed(`Read kafka-env and kafka-broker of ${cluster.name} (listeners ${plan.listenersBefore}; ${brokers.length} brokers)`);
  const behind = needingRestart(brokers);
  const state = plan.changes.length > 0 ? 'change' : behind.length > 0 || service.state !== 'STARTED' ? 'restart' : 'configured';
  return { cluster: cluster.name, configs, plan, brokers, service, state, restartTargets: state === 'change' ? brokers : behind };
}

/**
 * KAFKA left in maintenance mode (by hand, or by a run that could not turn it off): alerts stay muted and
 * Ambari's bulk operations skip KAFKA. Not kafka-aks's to undo when it did not set it, but worth saying.
 */
export function maintenanceLeftOn(inspection: AdvertisingInspection): string | undefined {
  if (inspection.service.maintenance === 'OFF') return undefined;
  return (
    `KAFKA is in maintenance mode in Ambari (${inspection.service.maintenance}): its alerts are muted and bulk operations skip it. ` +
    'kafka-aks leaves it as it found it: turn it off in Ambari (Kafka > Actions > Turn Off Maintenance Mode) once no restart is running.'
  );
}

/**
 * A broker restart Ambari is still running (a run that was stopped, another operator, the Ambari UI):
 * the stale configs and maintenance mode `status` sees may be its doing, and only its end settles them.
 */
export function restartsRunningFinding(running: RunningRequest[]): Finding {
  const finding = { id: 'restart-running', title: 'no Kafka broker restart is running in Ambari' };
  if (running.length === 0) return { ...finding, status: 'ok', evidence: 'no KAFKA_BROKER restart request is running' };
  return {
    ...finding,
    status: 'failed',
    evidence: running.map((r) => `Ambari request ${r.id} ("${r.context}") is ${r.status}, restarting ${r.hosts.join(', ')}`).join('; '),
    fix: { manual: 'Let it end (Ambari > Background Operations), then run status again; configure-advertising and up follow it rather than start another.' },
  };
}

/** What `status` says about runbook steps 2-3, from an inspection (no other call). */
export function advertisingFindings(inspection: AdvertisingInspection): Finding[] {
  const { plan, brokers, service } = inspection;
  const port = plan.listeners[0]!.port;
  const snippetMissing = plan.changes.some((change) => change.type === 'kafka-env');
  const listenersWrong = plan.changes.some((change) => change.type === 'kafka-broker');
  const stale = brokers.filter((broker) => broker.staleConfigs);
  const stopped = brokers.filter((broker) => broker.state !== 'STARTED');
  return [
    {
      id: 'advertising-snippet',
      title: `kafka-env makes every broker advertise its IP on port ${port}`,
      status: snippetMissing ? 'failed' : 'ok',
      evidence: !snippetMissing
        ? `kafka-env has the kafka-aks block: ${plan.advertisedTemplate}`
        : plan.linesRemoved.length > 0
          ? `kafka-env's kafka-aks block is not the one for ${plan.advertisedTemplate} (another port or protocol, edited, or cut short)`
          : `kafka-env lacks the kafka-aks block for ${plan.advertisedTemplate}`,
      ...(snippetMissing ? { fix: { command: 'configure-advertising' } } : {}),
    },
    {
      id: 'listeners',
      title: `listeners bind 0.0.0.0:${port} with the cluster's protocol`,
      status: listenersWrong ? 'failed' : 'ok',
      evidence: `kafka-broker listeners = ${plan.listenersBefore}${listenersWrong ? ` (should be ${plan.listenersAfter})` : ''}`,
      ...(listenersWrong ? { fix: { command: 'configure-advertising' } } : {}),
    },
    {
      id: 'stale-configs',
      title: 'every broker runs with the current configuration',
      status: stale.length > 0 || stopped.length > 0 ? 'failed' : 'ok',
      evidence:
        stale.length + stopped.length === 0
          ? `${brokers.length} brokers STARTED, none with stale configs`
          : [...stale.map((b) => `${b.host} has stale configs`), ...stopped.map((b) => `${b.host} is ${b.state}`)].join('; '),
      ...(stale.length + stopped.length > 0 ? { fix: { command: 'configure-advertising' } } : {}),
    },
    {
      id: 'maintenance',
      title: 'KAFKA is not in maintenance mode',
      status: service.maintenance === 'OFF' ? 'ok' : 'failed',
      evidence: `KAFKA maintenance_state = ${service.maintenance}`,
      ...(service.maintenance === 'OFF' ? {} : { fix: { manual: 'In Ambari: Kafka > Actions > Turn Off Maintenance Mode (after any restart it was on for has ended).' } }),
    },
    {
      id: 'kafka-started',
      title: 'KAFKA is STARTED',
      status: service.state === 'STARTED' ? 'ok' : 'failed',
      evidence: `KAFKA state = ${service.state}`,
      ...(service.state === 'STARTED' ? {} : { fix: { command: 'configure-advertising' } }),
    },
  ];
}

export interface ApplyAdvertisingOptions extends Omit<RestartAndVerifyOptions, 'context'> {
  /** false with --no-restart: write only. */
  restart: boolean;
  progress: Progress;
}

export interface AdvertisingApplied {
  serviceConfigVersion: number | undefined;
  restart: RestartOutcome | undefined;
  /** After the restart: what each broker advertises now. Empty without a restart. */
  brokers: BrokerAdvertising[];
}

/** Write what the inspection planned (if anything), then restart its targets and verify. */
export async function applyAdvertising(cluster: AmbariCluster, inspection: AdvertisingInspection, options: ApplyAdvertisingOptions): Promise<AdvertisingApplied> {
  const { plan } = inspection;
  let serviceConfigVersion: number | undefined;
  if (plan.changes.length > 0) {
    const types = plan.changes.map((c) => c.type).join(' and ');
    options.progress.begin(`Writing ${types} in one Ambari change`);
    serviceConfigVersion = await writeKafkaConfigs(cluster, inspection.configs, plan.changes, `kafka-aks: advertise broker IPs (${plan.advertisedTemplate})`).catch(
      explainInterruption(options, 'while writing the configuration: Ambari may or may not have saved it', 'no broker was restarted'),
    );
    options.progress.succeed(`Wrote ${types} (KAFKA service config version ${serviceConfigVersion ?? 'unchanged'})`);
  }
  if (!options.restart) return { serviceConfigVersion, restart: undefined, brokers: [] };
  const written = serviceConfigVersion ? `after the configuration was written (KAFKA service config version ${serviceConfigVersion}), ` : '';
  const { restart, brokers } = await restartAndRead(cluster, inspection.restartTargets, {
    ...options,
    context: 'kafka-aks: restart Kafka brokers to advertise broker IPs',
  }).catch(explainInterruption(options, `${written}before any broker was restarted`, ''));
  return { serviceConfigVersion, restart, brokers };
}

/** Restart the brokers chosen, verify, and read what each advertises now (advertising and rollback alike). */
export async function restartAndRead(
  cluster: AmbariCluster,
  targets: BrokerHost[],
  options: RestartAndVerifyOptions,
): Promise<{ restart: RestartOutcome; brokers: BrokerAdvertising[] }> {
  const { restart, brokers } = await restartAndVerify(cluster, targets.map((broker) => broker.host), options);
  const configs = await afterTheRestart(() => readKafkaConfigs(cluster), options);
  return { restart, brokers: advertisingOf(brokers, configs) };
}

/**
 * An interruption the restart did not explain itself (it came between two steps, where nothing is
 * half-done: the raw signal reason) becomes a sentence about where the change stands. The kind is
 * kept: SIGTERM still exits 143.
 */
function explainInterruption(options: ApplyAdvertisingOptions, stage: string, alsoDone: string): (error: unknown) => never {
  return (error) => {
    if (error !== options.signal.reason || !isInterruption(error)) throw error;
    throw interruptionAt(error, `${stage}.`, {
      hint:
        `Maintenance mode was not changed${alsoDone ? ` and ${alsoDone}` : ''}. Run \`${options.retryCommand}\` again: it reads the ` +
        `configuration first, writes only what is missing, then restarts; or undo the change with \`${options.rollbackCommand}\`.`,
    });
  };
}

/** What each broker advertises once started with these configs. */
export function advertisingOf(brokers: BrokerHost[], configs: { kafkaEnv: { properties: Properties }; kafkaBroker: { properties: Properties } }): BrokerAdvertising[] {
  const content = configs.kafkaEnv.properties.content ?? '';
  const listeners = configs.kafkaBroker.properties.listeners ?? '';
  return brokers.map((broker) => ({
    host: broker.host,
    ip: broker.ip,
    state: broker.state,
    staleConfigs: broker.staleConfigs,
    advertisedListener: advertisedAfterStart(content, listeners, broker.host, broker.ip),
  }));
}

