// `kafka-aks configure-advertising`: runbook steps 2-3. Make every broker advertise its private IP,
// restart the brokers safely under maintenance mode, verify; or roll the change back.
import { Option, type Command } from '../commander.js';
// advertising.ts is small and pure (it imports only errors.ts): cheap enough to load at start-up.
import { advertisedAfterStart, parseListeners, type AdvertisingPlan } from '../ambari/advertising.js';
import type { AmbariCluster } from '../ambari/cluster.js';
import type { BrokerHost } from '../ambari/hosts.js';
import type { RestartOutcome } from '../ambari/restart.js';
import type { Context } from '../context.js';
import { isInterruption, KafkaAksError, operationFailed, usageError } from '../errors.js';
import type { BrokerAdvertising } from '../output/advertising-report.js';
import type { Reporter } from '../output/reporter.js';
import { addAmbariOptions, openAmbariCluster, type AmbariOptions } from './ambari-options.js';
import { parseDuration, parsePort, parseSeconds, parseSecondsOrZero } from './parsers.js';
import type { RollingGuard } from './rolling-health.js';
import { runCommand } from './runner.js';

interface ConfigureAdvertisingOptions extends AmbariOptions {
  port?: number;
  rolling?: boolean;
  rollingPause: number;
  /** false with --no-restart */
  restart: boolean;
  yes?: boolean;
  dryRun?: boolean;
  rollback?: boolean;
  pollInterval: number;
  healthTimeout: number;
  /** Milliseconds. */
  restartTimeout: number;
}

/** What the command did, as --json prints it. */
interface AdvertisingResult {
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

export function registerConfigureAdvertising(program: Command): void {
  const command = program
    .command('configure-advertising')
    .summary('make every Kafka broker advertise its private IP (through Ambari), restart safely')
    .description(
      'Names do not resolve across peered VNets, so Kafka must advertise IP addresses. This appends the ' +
        'documented snippet to the kafka-env template (fenced, never twice), binds listeners to 0.0.0.0 keeping ' +
        'their protocol and port, writes both in one Ambari change, then restarts the brokers under maintenance ' +
        'mode and verifies. A second run changes nothing; a run after a failed restart only restarts. ' +
        '--rollback restores the configuration from before kafka-aks changed it.',
    )
    .addOption(new Option('--port <port>', 'advertise this port (default: the port of the current listeners)').argParser(parsePort))
    .option('--rolling', 'restart one broker at a time, so partitions stay available (default: all at once, like Ambari)')
    .addOption(
      new Option('--rolling-pause <seconds>', 'pause between brokers with --rolling (Ambari UI default)').default(120).argParser(parseSecondsOrZero),
    )
    .option('--no-restart', 'write the configuration only; restart later (the change takes effect at the next restart)')
    .option('-y, --yes', 'restart without asking (required when there is no terminal to ask on)')
    .option('--dry-run', 'print the change and the restart plan; write nothing')
    .option('--rollback', "restore the Kafka configuration from before kafka-aks's last change")
    .addOption(new Option('--poll-interval <seconds>', 'how often to poll Ambari (and Kafka) during a restart').default(3).argParser(parseSeconds))
    .addOption(
      new Option('--health-timeout <seconds>', 'with --rolling: how long to wait for Kafka to be healthy after each broker')
        .default(300)
        .argParser(parseSeconds),
    )
    .addOption(
      new Option(
        '--restart-timeout <duration>',
        'stop following an Ambari restart request after this long (30m, 1800s; it goes on in Ambari); maintenance mode is turned OFF',
      )
        .default(30 * 60_000, '30m')
        .argParser(parseDuration),
    );
  addAmbariOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ kafka-aks configure-advertising --cluster mykafka --dry-run
  $ kafka-aks configure-advertising --cluster mykafka --rolling --yes
  $ kafka-aks configure-advertising --cluster mykafka --no-restart
  $ kafka-aks configure-advertising --cluster mykafka --rollback --yes

With --rolling, kafka-aks restarts the Kafka controller last and, after each broker, waits until it is
back in the metadata and no partition is under-replicated. Where the brokers
cannot be reached from where it runs, it pauses --rolling-pause seconds instead, and says so.`,
    )
    .action(
      runCommand<ConfigureAdvertisingOptions>(async (ctx, reporter, options) => {
        const cluster = await openAmbariCluster(ctx, options);
        const result = options.rollback
          ? await rollback(ctx, reporter, cluster, options)
          : await advertise(ctx, reporter, cluster, options);
        const { renderBrokerAdvertising } = await import('../output/advertising-report.js');
        reporter.result(result, (r) => [r.message, ...(r.brokers.length > 0 ? ['', renderBrokerAdvertising(r.brokers)] : [])].join('\n'));
      }, 'Run the same command again: it reads the configuration and the brokers first, and carries on from there.'),
    );
}

async function advertise(ctx: Context, reporter: Reporter, cluster: AmbariCluster, options: ConfigureAdvertisingOptions): Promise<AdvertisingResult> {
  const [{ planAdvertising }, { readKafkaConfigs, writeKafkaConfigs }, { listBrokerHosts, needingRestart }, { readService }, { renderPlanDiff }] =
    await Promise.all([
      import('../ambari/advertising.js'),
      import('../ambari/kafka-configs.js'),
      import('../ambari/hosts.js'),
      import('../ambari/services.js'),
      import('../output/advertising-report.js'),
    ]);

  reporter.begin(`Reading the Kafka configuration of ${options.cluster} from Ambari`);
  const configs = await readKafkaConfigs(cluster);
  const plan = planAdvertising(configs.kafkaEnv, configs.kafkaBroker, options.port);
  const [brokers, service] = await Promise.all([listBrokerHosts(cluster), readService(cluster, 'KAFKA')]);
  reporter.succeed(`Read kafka-env and kafka-broker of ${cluster.name} (listeners ${plan.listenersBefore}; ${brokers.length} brokers)`);
  for (const warning of plan.warnings) reporter.warn(warning);

  const pending = needingRestart(brokers);
  const base = { cluster: cluster.name, listeners: { before: plan.listenersBefore, after: plan.listenersAfter } };
  if (plan.changes.length === 0 && pending.length === 0 && service.state === 'STARTED') {
    return {
      ...base,
      status: 'already-configured',
      brokers: advertisingOf(brokers, configs.kafkaEnv.properties.content ?? '', plan.listenersAfter),
      message: `Already configured: every broker of ${cluster.name} advertises its IP. Nothing was changed.`,
    };
  }
  const restartTargets = plan.changes.length > 0 ? brokers : pending;
  if (options.dryRun) {
    return {
      ...base,
      status: 'dry-run',
      kafkaEnvLinesAdded: plan.linesAdded,
      kafkaEnvLinesRemoved: plan.linesRemoved,
      // Both: what the current configuration makes each broker advertise, and what the change would.
      brokers: advertisingOf(brokers, configs.kafkaEnv.properties.content ?? '', plan.listenersBefore).map((broker) => ({
        ...broker,
        plannedListener: advertisedAfterStart(
          plan.changes.find((c) => c.type === 'kafka-env')?.properties.content ?? configs.kafkaEnv.properties.content ?? '',
          plan.listenersAfter,
          broker.host,
          broker.ip,
        ),
      })),
      message: `${renderPlanDiff(plan)}\n\n${dryRunMessage(plan, restartTargets.length, options)}`,
    };
  }
  if (options.restart) await confirmRestart(reporter, options, restartTargets.length, plan);
  const guard = await rollingGuard(ctx, reporter, options, brokers, parseListeners(plan.listenersBefore)[0]!.port, plan.listeners[0]!.port);

  let serviceConfigVersion: number | undefined;
  if (plan.changes.length > 0) {
    reporter.begin(`Writing ${plan.changes.map((c) => c.type).join(' and ')} in one Ambari change`);
    const note = `kafka-aks: advertise broker IPs (${plan.advertisedTemplate})`;
    serviceConfigVersion = await writeKafkaConfigs(cluster, configs, plan.changes, note).catch(
      explainInterruption(ctx, 'while writing the configuration: Ambari may or may not have saved it', 'Maintenance mode was not changed and no broker was restarted. Run the same command again: it reads the configuration first, writes only what is missing, then restarts.'),
    );
    reporter.succeed(`Wrote ${plan.changes.map((c) => c.type).join(' and ')} (KAFKA service config version ${serviceConfigVersion ?? 'unchanged'})`);
  } else {
    reporter.info(`The configuration is already right; ${pending.length} broker(s) still run without it: restarting them.`);
  }
  if (!options.restart) {
    return {
      ...base,
      status: 'written-not-restarted',
      serviceConfigVersion,
      brokers: [],
      message:
        `Configuration written; the brokers advertise their IPs after their next restart. ` +
        `Run \`kafka-aks configure-advertising --cluster ${cluster.name}\` to restart them now.`,
    };
  }
  const outcome = await restartAndReport(ctx, reporter, cluster, options, 'advertise broker IPs', guard).catch(
    explainInterruption(
      ctx,
      `after the configuration was written${serviceConfigVersion ? ` (KAFKA service config version ${serviceConfigVersion})` : ''}, before any broker was restarted`,
      `Maintenance mode was not changed. Run the same command again: it restarts the brokers without writing again; or undo the change with \`kafka-aks configure-advertising --cluster ${cluster.name} --rollback\`.`,
    ),
  );
  return {
    ...base,
    status: 'configured',
    serviceConfigVersion,
    restart: { mode: options.rolling ? 'rolling' : 'all-at-once', requestIds: outcome.restart.requestIds, restarted: outcome.restart.restarted },
    brokers: outcome.brokers,
    message: `Configured: every broker of ${cluster.name} now advertises its IP.`,
  };
}

async function rollback(ctx: Context, reporter: Reporter, cluster: AmbariCluster, options: ConfigureAdvertisingOptions): Promise<AdvertisingResult> {
  const [{ listServiceConfigVersions, revertToVersion }, { planRollback }, { listBrokerHosts, needingRestart }, { readService }] = await Promise.all([
    import('../ambari/configs.js'),
    import('../ambari/rollback.js'),
    import('../ambari/hosts.js'),
    import('../ambari/services.js'),
  ]);
  reporter.begin(`Reading the KAFKA config history of ${options.cluster}`);
  const versions = await listServiceConfigVersions(cluster, 'KAFKA');
  const plan = planRollback(versions);
  const [brokers, service] = await Promise.all([listBrokerHosts(cluster), readService(cluster, 'KAFKA')]);
  reporter.succeed(`Read ${versions.length} KAFKA config versions of ${cluster.name}`);
  if (plan.kind === 'never-changed') {
    return { cluster: cluster.name, status: 'nothing-to-roll-back', brokers: [], message: `kafka-aks never changed the Kafka configuration of ${cluster.name}: nothing to roll back.` };
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
  const outcome = await restartAndReport(ctx, reporter, cluster, options, 'roll back broker advertising', guard);
  return {
    cluster: cluster.name,
    status: 'rolled-back',
    restart: { mode: options.rolling ? 'rolling' : 'all-at-once', requestIds: outcome.restart.requestIds, restarted: outcome.restart.restarted },
    brokers: outcome.brokers,
    message: `Rolled back: ${cluster.name} runs KAFKA config ${describeTarget}.`,
  };
}

function restartPhrase(count: number, options: ConfigureAdvertisingOptions): string {
  if (!options.restart) return 'restart no broker (--no-restart)';
  return `restart ${count} broker${count === 1 ? '' : 's'} ${options.rolling ? 'one at a time' : 'all at once'} under maintenance mode`;
}

function dryRunMessage(plan: AdvertisingPlan, restarts: number, options: ConfigureAdvertisingOptions): string {
  const writes = plan.changes.length > 0 ? `write ${plan.changes.map((c) => c.type).join(' and ')} in one change` : 'write no configuration';
  return `Dry run: would ${writes}, then ${restartPhrase(restarts, options)}. Nothing was changed.`;
}

/** Restarting brokers is disruptive: ask on a terminal, demand --yes elsewhere. Before any write. */
async function confirmRestart(reporter: Reporter, options: ConfigureAdvertisingOptions, count: number, plan: AdvertisingPlan | undefined): Promise<void> {
  if (options.yes) return;
  const { canPrompt, confirm } = await import('../output/input.js');
  if (reporter.mode === 'json' || !canPrompt()) {
    // With --json, stdout belongs to the one JSON document: no question is asked there, terminal or not.
    const why = reporter.mode === 'json' ? '--json never asks' : 'there is no terminal to ask on';
    throw usageError(`Restarting ${count} Kafka broker${count === 1 ? '' : 's'} is disruptive: confirm with --yes (${why}).`, {
      hint: 'See the change first with --dry-run; or write it without restarting with --no-restart. Nothing was changed.',
    });
  }
  if (plan) {
    const { renderPlanDiff } = await import('../output/advertising-report.js');
    reporter.info(renderPlanDiff(plan));
  }
  if (!(await confirm(`This will ${restartPhrase(count, options)}. Continue?`))) {
    throw operationFailed('Cancelled: nothing was changed.');
  }
}

/** Restart the brokers that need it, verify, and say what each now advertises. */
async function restartAndReport(
  ctx: Context,
  reporter: Reporter,
  cluster: AmbariCluster,
  options: ConfigureAdvertisingOptions,
  purpose: string,
  guard: RollingGuard | undefined,
): Promise<{ restart: RestartOutcome; brokers: BrokerAdvertising[] }> {
  const [{ restartAndVerify, afterTheRestart }, { readKafkaConfigs }] = await Promise.all([import('../ambari/restart.js'), import('../ambari/kafka-configs.js')]);
  const retryCommand = `kafka-aks configure-advertising --cluster ${cluster.name}`;
  const { restart, brokers } = await restartAndVerify(cluster, {
    rolling: Boolean(options.rolling),
    pauseMs: options.rollingPause * 1000,
    pollIntervalMs: options.pollInterval * 1000,
    timeoutMs: options.restartTimeout,
    signal: ctx.signal,
    progress: reporter,
    context: `kafka-aks: restart Kafka brokers to ${purpose}`,
    retryCommand,
    rollbackCommand: `kafka-aks configure-advertising --cluster ${cluster.name} --rollback`,
    ...(guard ?? {}),
  });
  const configs = await afterTheRestart(() => readKafkaConfigs(cluster), { retryCommand });
  return { restart, brokers: advertisingOf(brokers, configs.kafkaEnv.properties.content ?? '', configs.kafkaBroker.properties.listeners ?? '') };
}

/** With --rolling: health checks between brokers when Kafka is reachable from here (rolling-health.ts). */
async function rollingGuard(
  ctx: Context,
  reporter: Reporter,
  options: ConfigureAdvertisingOptions,
  brokers: BrokerHost[],
  currentPort: number,
  targetPort: number,
): Promise<RollingGuard | undefined> {
  if (!options.rolling || !options.restart) return undefined;
  const { prepareRollingGuard } = await import('./rolling-health.js');
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
  const [{ readKafkaConfigs }, { readConfig }] = await Promise.all([import('../ambari/kafka-configs.js'), import('../ambari/configs.js')]);
  const current = (await readKafkaConfigs(cluster)).kafkaBroker;
  const target = targetTag ? await readConfig(cluster, 'kafka-broker', targetTag) : current;
  const portOf = (listeners: string | undefined) => parseListeners(listeners ?? '')[0]!.port;
  return rollingGuard(ctx, reporter, options, brokers, portOf(current.properties.listeners), portOf(target.properties.listeners));
}

/**
 * An interruption that no domain step explained (it came between their own clean-ups, where nothing is
 * half-done): the raw Ctrl-C becomes a sentence about where the change stands.
 */
function explainInterruption(ctx: Context, stage: string, hint: string): (error: unknown) => never {
  return (error) => {
    if (error !== ctx.signal.reason || !isInterruption(error)) throw error;
    // The kind is kept: SIGTERM still exits 143.
    throw new KafkaAksError(error.kind, `${error.message.replace(/[.\s]+$/, '')} ${stage}.`, { hint, cause: error });
  };
}

function advertisingOf(brokers: BrokerHost[], kafkaEnvContent: string, listeners: string): BrokerAdvertising[] {
  return brokers.map((broker) => ({
    host: broker.host,
    ip: broker.ip,
    state: broker.state,
    staleConfigs: broker.staleConfigs,
    advertisedListener: advertisedAfterStart(kafkaEnvContent, listeners, broker.host, broker.ip),
  }));
}
