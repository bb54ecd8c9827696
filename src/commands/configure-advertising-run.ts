// What `kafka-aks configure-advertising` does once it runs (its flags and help: configure-advertising.ts,
// loaded at start-up; this file only when the command runs). The runbook decisions live in the step
// (steps/advertising.ts); this file asks the operator, builds the rolling health check, and reports.
import { listenerPort, type AdvertisingPlan } from '../ambari/advertising.js';
import type { AmbariCluster } from '../ambari/cluster.js';
import { readConfig, listServiceConfigVersions, revertToVersion } from '../ambari/configs.js';
import { listBrokerHosts, needingRestart, type BrokerHost } from '../ambari/hosts.js';
import { readKafkaConfigs } from '../ambari/kafka-configs.js';
import { planRollback } from '../ambari/rollback.js';
import { readService } from '../ambari/services.js';
import type { Context } from '../context.js';
import { operationFailed, usageError } from '../errors.js';
import { renderBrokerAdvertising, renderPlanDiff, type BrokerAdvertising } from '../output/advertising-report.js';
import { canPrompt, confirm } from '../output/input.js';
import type { Reporter } from '../output/reporter.js';
import { openAmbariCluster } from './ambari-session.js';
import type { ConfigureAdvertisingOptions } from './configure-advertising.js';
import { rerunCommand } from './rerun.js';
import { prepareRollingGuard, type RollingGuard } from './rolling-health.js';
import { advertisingOf, applyAdvertising, inspectAdvertising, maintenanceLeftOn, restartAndRead, type AdvertisingInspection } from './steps/advertising.js';
import { counted } from '../counted.js';

/** What the command did, as --json prints it. */
export interface AdvertisingResult {
  cluster: string;
  status:
    | 'configured'
    | 'already-configured'
    | 'dry-run'
    | 'written-not-restarted'
    | 'rolled-back'
    | 'already-rolled-back'
    | 'nothing-to-roll-back';
  listeners?: { before: string; after: string };
  kafkaEnvLinesAdded?: string[];
  kafkaEnvLinesRemoved?: string[];
  serviceConfigVersion?: number;
  restart?: { mode: 'all-at-once' | 'rolling'; requestIds: number[]; restarted: string[] };
  brokers: BrokerAdvertising[];
  message: string;
}

export async function configureAdvertising(ctx: Context, options: ConfigureAdvertisingOptions): Promise<void> {
  const { reporter } = ctx;
  const cluster = await openAmbariCluster(ctx, options);
  const result = options.rollback ? await rollback(ctx, reporter, cluster, options) : await advertise(ctx, reporter, cluster, options);
  reporter.result(result, renderResult);
}

export function renderResult(result: AdvertisingResult): string {
  return [result.message, ...(result.brokers.length > 0 ? ['', renderBrokerAdvertising(result.brokers)] : [])].join('\n');
}

async function advertise(ctx: Context, reporter: Reporter, cluster: AmbariCluster, options: ConfigureAdvertisingOptions): Promise<AdvertisingResult> {
  const inspection = await inspectAdvertising(cluster, options.port, reporter);
  const { plan, brokers, configs } = inspection;
  for (const warning of plan.warnings) reporter.warn(warning);
  const maintenance = maintenanceLeftOn(inspection);
  if (maintenance && inspection.state === 'configured') reporter.warn(maintenance);
  const base = { cluster: cluster.name, listeners: { before: plan.listenersBefore, after: plan.listenersAfter } };
  if (inspection.state === 'configured') {
    return {
      ...base,
      status: 'already-configured',
      brokers: advertisingOf(brokers, configs),
      message: `Already configured: every broker of ${cluster.name} advertises its IP. Nothing was changed.`,
    };
  }
  if (options.dryRun) {
    const planned = { kafkaEnv: plan.changes.find((c) => c.type === 'kafka-env') ?? configs.kafkaEnv, kafkaBroker: plan.changes.find((c) => c.type === 'kafka-broker') ?? configs.kafkaBroker };
    const after = new Map(advertisingOf(brokers, planned).map((b) => [b.host, b.advertisedListener]));
    return {
      ...base,
      status: 'dry-run',
      kafkaEnvLinesAdded: plan.linesAdded,
      kafkaEnvLinesRemoved: plan.linesRemoved,
      // Both: what the current configuration makes each broker advertise, and what the change would.
      brokers: advertisingOf(brokers, configs).map((broker) => ({ ...broker, plannedListener: after.get(broker.host) })),
      message: `${renderPlanDiff(plan)}\n\n${dryRunMessage(inspection, options)}`,
    };
  }
  if (options.restart) await confirmRestart(reporter, options, inspection.restartTargets.length, plan);
  const guard = await rollingGuard(ctx, reporter, options, brokers, listenerPort(plan.listenersBefore), listenerPort(plan.listenersAfter));
  if (inspection.state === 'restart') {
    reporter.info(`The configuration is already right; ${inspection.restartTargets.length} broker(s) still run without it: restarting them.`);
  }
  const applied = await applyAdvertising(cluster, inspection, { ...restartOptions(ctx, reporter, options, guard), restart: options.restart, progress: reporter });
  if (!options.restart) {
    return {
      ...base,
      status: 'written-not-restarted',
      serviceConfigVersion: applied.serviceConfigVersion,
      brokers: [],
      message: `Configuration written; the brokers advertise their IPs after their next restart. Run \`${rerunCommand({ drop: ['--no-restart'] })}\` to restart them now.`,
    };
  }
  return {
    ...base,
    status: 'configured',
    serviceConfigVersion: applied.serviceConfigVersion,
    restart: { mode: options.rolling ? 'rolling' : 'all-at-once', requestIds: applied.restart!.requestIds, restarted: applied.restart!.restarted },
    brokers: applied.brokers,
    message: `Configured: every broker of ${cluster.name} now advertises its IP.`,
  };
}

async function rollback(ctx: Context, reporter: Reporter, cluster: AmbariCluster, options: ConfigureAdvertisingOptions): Promise<AdvertisingResult> {
  reporter.begin(`Reading the KAFKA config history of ${options.cluster}`);
  const versions = await listServiceConfigVersions(cluster, 'KAFKA');
  const plan = planRollback(versions);
  const [brokers, service] = await Promise.all([listBrokerHosts(cluster), readService(cluster, 'KAFKA')]);
  reporter.succeed(`Read ${versions.length} KAFKA config versions of ${cluster.name}`);
  if (plan.kind === 'never-changed') {
    return { cluster: cluster.name, status: 'nothing-to-roll-back', brokers: [], message: `kafka-aks never changed the Kafka configuration of ${cluster.name}: nothing to roll back.` };
  }
  if (plan.kind === 'changed-since') {
    const { current, undone, target } = plan;
    throw operationFailed(
      `KAFKA config version ${current.version} ("${current.note}", by ${current.user}) was saved after kafka-aks's version ${undone.version}: ` +
        `restoring version ${target.version} would discard it. Nothing was changed.`,
      {
        hint: `Undo kafka-aks's change by hand in Ambari (Kafka > Configs: compare versions ${target.version} and ${undone.version}), keeping the later change; or, if it may go, make version ${target.version} current there.`,
      },
    );
  }
  const pending = needingRestart(brokers);
  const describeTarget = `version ${plan.target.version} ("${plan.target.note}"), from before kafka-aks's version ${plan.undone.version}`;
  if (plan.kind === 'already-rolled-back' && pending.length === 0 && service.state === 'STARTED') {
    return { cluster: cluster.name, status: 'already-rolled-back', brokers: [], message: `Already rolled back: ${cluster.name} runs KAFKA config ${describeTarget}. Nothing was changed.` };
  }
  const restartTargets = plan.kind === 'revert' ? brokers : pending;
  if (options.dryRun) {
    return {
      cluster: cluster.name,
      status: 'dry-run',
      brokers: [],
      message: `Would restore KAFKA config ${describeTarget}${plan.kind === 'revert' ? ` (current: version ${plan.current.version})` : ''}, then ${restartPhrase(restartTargets.length, options)}. Nothing was changed.`,
    };
  }
  if (options.restart) await confirmRestart(reporter, options, restartTargets.length, undefined);
  const guard = options.rolling && options.restart ? await rollbackGuard(ctx, reporter, cluster, options, brokers, plan.target.tags['kafka-broker']) : undefined;
  if (plan.kind === 'revert') {
    reporter.begin(`Restoring KAFKA config ${describeTarget}`);
    await revertToVersion(cluster, 'KAFKA', plan.target.version, `kafka-aks rollback: restore version ${plan.target.version} (undo version ${plan.undone.version})`);
    reporter.succeed(`Restored KAFKA config version ${plan.target.version}`);
  }
  if (!options.restart) {
    return { cluster: cluster.name, status: 'written-not-restarted', brokers: [], message: `Configuration restored; it takes effect when the brokers restart.` };
  }
  const { restart, brokers: after } = await restartAndRead(cluster, restartTargets, {
    ...restartOptions(ctx, reporter, options, guard),
    context: 'kafka-aks: restart Kafka brokers to roll back broker advertising',
  });
  return {
    cluster: cluster.name,
    status: 'rolled-back',
    restart: { mode: options.rolling ? 'rolling' : 'all-at-once', requestIds: restart.requestIds, restarted: restart.restarted },
    brokers: after,
    message: `Rolled back: ${cluster.name} runs KAFKA config ${describeTarget}.`,
  };
}

/** The flags that shape a restart: configure-advertising's, which `up` shares. */
export type RestartFlags = Pick<ConfigureAdvertisingOptions, 'rolling' | 'rollingPause' | 'restart' | 'yes' | 'pollInterval' | 'healthTimeout' | 'restartTimeout'>;

/** The restart settings from the flags; the retry and rollback hints from the operator's own command line. */
export function restartOptions(ctx: Context, reporter: Reporter, options: RestartFlags, guard: RollingGuard | undefined) {
  return {
    rolling: Boolean(options.rolling),
    pauseMs: options.rollingPause * 1000,
    pollIntervalMs: options.pollInterval * 1000,
    timeoutMs: options.restartTimeout,
    signal: ctx.signal,
    progress: reporter,
    retryCommand: rerunCommand({ drop: ['--rollback'] }),
    rollbackCommand: rerunCommand({ add: ['--rollback'] }),
    ...(guard ?? {}),
  };
}

function restartPhrase(count: number, options: RestartFlags): string {
  if (!options.restart) return 'restart no broker (--no-restart)';
  return `restart ${counted(count, 'broker')} ${options.rolling ? 'one at a time' : 'all at once'} under maintenance mode`;
}

export function dryRunMessage(inspection: AdvertisingInspection, options: RestartFlags): string {
  const { plan } = inspection;
  const writes = plan.changes.length > 0 ? `write ${plan.changes.map((c) => c.type).join(' and ')} in one change` : 'write no configuration';
  return `Dry run: would ${writes}, then ${restartPhrase(inspection.restartTargets.length, options)}. Nothing was changed.`;
}

/** Restarting brokers is disruptive: ask on a terminal, demand --yes elsewhere. Before any write. */
export async function confirmRestart(
  reporter: Reporter,
  options: RestartFlags,
  count: number,
  plan: AdvertisingPlan | undefined,
  /** The command's way to change without restarting, if it has one (configure-advertising's --no-restart). */
  withoutRestart = 'or write it without restarting with --no-restart',
): Promise<void> {
  if (options.yes) return;
  if (reporter.mode === 'json' || !canPrompt()) {
    // With --json, stdout belongs to the one JSON document: no question is asked there, terminal or not.
    const why = reporter.mode === 'json' ? '--json never asks' : 'there is no terminal to ask on';
    throw usageError(`Restarting ${counted(count, 'Kafka broker')} is disruptive: confirm with --yes (${why}).`, {
      hint: `See the change first with --dry-run${withoutRestart ? `; ${withoutRestart}` : ''}. Nothing was changed.`,
    });
  }
  if (plan) reporter.info(renderPlanDiff(plan));
  if (!(await confirm(`This will ${restartPhrase(count, options)}. Continue?`))) {
    throw operationFailed('Cancelled: nothing was changed.', { details: { cancelled: true } });
  }
}

/** With --rolling: health checks between brokers when Kafka is reachable from here (rolling-health.ts). */
export async function rollingGuard(
  ctx: Context,
  reporter: Reporter,
  options: RestartFlags,
  brokers: BrokerHost[],
  currentPort: number,
  targetPort: number,
): Promise<RollingGuard | undefined> {
  if (!options.rolling || !options.restart) return undefined;
  return prepareRollingGuard(ctx, reporter, brokers, {
    currentPort,
    targetPort,
    pauseSeconds: options.rollingPause,
    healthTimeoutMs: options.healthTimeout * 1000,
    pollIntervalMs: options.pollInterval * 1000,
  });
}

/** The ports for a rollback's health checks: today's listeners, and those of the version restored. */
async function rollbackGuard(
  ctx: Context,
  reporter: Reporter,
  cluster: AmbariCluster,
  options: ConfigureAdvertisingOptions,
  brokers: BrokerHost[],
  targetTag: string | undefined,
): Promise<RollingGuard | undefined> {
  const current = (await readKafkaConfigs(cluster)).kafkaBroker;
  const target = targetTag ? await readConfig(cluster, 'kafka-broker', targetTag) : current;
  return rollingGuard(ctx, reporter, options, brokers, listenerPort(current.properties.listeners), listenerPort(target.properties.listeners));
}
