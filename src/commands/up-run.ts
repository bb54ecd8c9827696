// What `kafka-aks up` does once it runs: the four runbook steps through the same units the commands use
// (steps/*.ts). Reading Azure and reading Ambari do not depend on each other, so they happen at once;
// then peer, configure-advertising, brokers and the smoke test in order, each changing only what its
// inspection found missing. A failure stops at its step, with that step's error and exit code, and says
// where the setup stands and the one command that resumes.
import { createAzureClients, type AzureClients } from '../azure/clients.js';
import { aksSubnetIds, inspectNetworkPath } from '../azure/network-path.js';
import { applyPeeringPlans } from '../azure/peering-apply.js';
import { assertNoConflicts, inspectPeering, unsettledPeerings, type PeeringInspection } from '../azure/peering-inspect.js';
import { silentProgress, type Context, type Progress } from '../context.js';
import { interruptionAt, isInterruption, isKafkaAksError, KafkaAksError, operationFailed } from '../errors.js';
import { formatServers } from '../kafka/bootstrap.js';
import { unspokenProtocol } from '../kafka/security-protocol.js';
import { describeError, errorDocument } from '../output/render-error.js';
import type { Reporter } from '../output/reporter.js';
import { openAmbariCluster } from './ambari-session.js';
import { confirmRestart, dryRunMessage, restartOptions, rollingGuard } from './configure-advertising-run.js';
import { listenerPort } from '../ambari/advertising.js';
import { rerunCommand } from './rerun.js';
import { applyAdvertising, inspectAdvertising, maintenanceLeftOn, type AdvertisingInspection } from './steps/advertising.js';
import { bootstrapOf } from './steps/brokers.js';
import { peeringTarget } from './steps/peering.js';
import { openAksCommandRunner } from '../azure/run-command.js';
import { bootstrapConfigMap } from '../aks/bootstrap-configmap.js';
import { applyConfigMap } from './steps/configmap.js';
import { runSmokeInAks } from './steps/smoke-in-aks.js';
import { sameFlagsFor } from './rerun.js';
import type { Command } from '../commander.js';
import { renderUp, type StepOutcome, type UpReport } from './up-report.js';
import type { UpOptions } from './up.js';
import { counted } from '../counted.js';

const STEPS = ['peer', 'configure-advertising', 'brokers', 'smoke-test', 'configmap'] as const;
type StepName = (typeof STEPS)[number];

export async function up(ctx: Context, options: UpOptions, self: Command): Promise<void> {
  const { reporter } = ctx;
  const report: UpReport = { dryRun: Boolean(options.dryRun), steps: [] };
  const settings = { prefix: options.peeringPrefix, allowForwardedTraffic: false };
  let current: StepName = 'peer';
  try {
    reporter.begin('Reading the AKS and HDInsight networks (Azure) and the Kafka configuration (Ambari) at once');
    const clients = createAzureClients(ctx);
    // A read that fails is told as the step it belongs to: a refused Ambari login is not the peering's.
    const readFor = <T>(name: StepName, work: Promise<T>) =>
      work.catch((error: unknown) => {
        current = name;
        throw error;
      });
    const [peering, { cluster, advertising }] = await Promise.all([
      readFor('peer', inspectPeering(clients, peeringTarget(clients, options), settings, silent(reporter))),
      readFor(
        'configure-advertising',
        openAmbariCluster(ctx, options).then(async (opened) => ({ cluster: opened, advertising: await inspectAdvertising(opened, options.port, silent(reporter)) })),
      ),
    ]);
    reporter.succeed(`AKS VNet ${peering.aksVnet.name}, HDInsight VNet ${peering.hdinsightVnet.name}; Kafka listeners ${advertising.plan.listenersBefore}`);

    // The one question up asks, asked before its first write: a "no" (or no --yes without a terminal)
    // must not leave the VNets peered and the brokers as they were.
    if (!options.dryRun && advertising.state !== 'configured') {
      current = 'configure-advertising';
      await confirmRestart(reporter, options, advertising.restartTargets.length, advertising.plan, '');
    }

    step(reporter, (current = 'peer'));
    report.steps.push(await peerStep(ctx, reporter, clients, peering, settings, options));

    step(reporter, (current = 'configure-advertising'));
    report.steps.push(await advertisingStep(ctx, reporter, cluster, advertising, options, self));

    step(reporter, (current = 'brokers'));
    const port = options.port ?? listenerPort(advertising.configs.kafkaBroker.properties.listeners);
    // The hosts and their IPs were read with the Kafka configuration, and a restart changes neither.
    const brokers = advertising.brokers.map((broker) => ({ host: broker.host, ip: broker.ip, port, state: broker.state }));
    const servers = bootstrapOf(brokers);
    const bootstrap = formatServers(servers);
    report.bootstrapServers = bootstrap;
    report.steps.push({ step: 'brokers', status: 'unchanged', message: `${brokers.length} brokers: ${bootstrap}` });

    step(reporter, (current = 'smoke-test'));
    const unspoken = unspokenProtocol(advertising.plan.listeners[0]?.name);
    if (unspoken) throw unspoken;
    const runner = await openAksCommandRunner(clients, peering.aks.cluster, ctx.cloud.aksServerScope);
    const where = `a pod of AKS cluster ${runner.cluster.name}`;
    if (options.dryRun) {
      report.steps.push({ step: 'smoke-test', status: 'planned', message: `Would produce and consume ${options.messages} messages on ${options.topic} from ${where}.` });
    } else {
      const outcome = await runSmokeInAks(clients, {
        aks: runner.cluster,
        namespace: options.namespace,
        image: options.image,
        servers,
        topic: options.topic,
        messages: options.messages,
        partitions: 3,
        replicationFactor: undefined,
        timeoutMs: options.timeout,
        clusterName: cluster.name,
        statusCommand: sameFlagsFor(self, 'status'),
        cloud: ctx.cloud,
        signal: ctx.signal,
        progress: reporter,
      }).catch(async (error: unknown) => {
        throw await explainedByTheNetwork(error, clients, peering, port);
      });
      if (outcome.failure) throw outcome.failure;
      const { report: smoke } = outcome;
      report.steps.push({
        step: 'smoke-test',
        status: 'passed',
        message:
          `${smoke.records} messages sent and received once, intact and in order, from pod ${smoke.ranIn.namespace}/${smoke.ranIn.pod} ` +
          `(${smoke.recordsPerSec.toFixed(0)} records/sec, ${smoke.latencyMs.p50.toFixed(0)} ms p50).`,
      });
    }

    step(reporter, (current = 'configmap'));
    const manifest = bootstrapConfigMap({ namespace: options.namespace, name: options.configmap }, cluster.name, servers);
    const written = await applyConfigMap(runner, manifest, { dryRun: Boolean(options.dryRun), signal: ctx.signal, progress: reporter });
    const configMap = `ConfigMap ${written.namespace}/${written.name} in AKS cluster ${runner.cluster.name}`;
    report.steps.push({
      step: 'configmap',
      status: { created: 'changed', updated: 'changed', unchanged: 'unchanged', 'would-create': 'planned', 'would-update': 'planned' }[written.action] as StepOutcome['status'],
      message: {
        created: `Created ${configMap}: bootstrap.servers=${manifest.data['bootstrap.servers']}.`,
        updated: `Updated ${written.changed.join(', ')} of ${configMap}.`,
        unchanged: `${configMap} already holds these brokers.`,
        'would-create': `Would create ${configMap}.`,
        'would-update': `Would update ${written.changed.join(', ')} of ${configMap}.`,
      }[written.action],
    });
  } catch (caught) {
    // A library's own AbortError after a signal is the signal, told at the step it stopped.
    const error =
      !isKafkaAksError(caught) && ctx.signal.aborted && isInterruption(ctx.signal.reason)
        ? interruptionAt(ctx.signal.reason, `during the ${current} step.`, { hint: 'Every step reads first: running the same command again carries on from there.' })
        : caught;
    report.steps.push({ step: current, status: 'failed', message: isKafkaAksError(error) ? error.message : String(error) });
    const stopped = stoppedAt(current, error, options);
    // The steps so far stay on stdout (one JSON document with --json, the error in it); people read the error on stderr.
    report.error = errorDocument(describeError(stopped)).error;
    reporter.result(report, renderUp);
    throw stopped;
  }
  reporter.result(report, renderUp);
}

function step(reporter: Reporter, name: StepName): void {
  reporter.info(`Step ${STEPS.indexOf(name) + 1} of ${STEPS.length}: ${name}`);
}

/** The first reads run at once, so their spinners would fight over one line: they report through up's. */
function silent(reporter: Reporter): Progress {
  return { ...silentProgress, warn: (text) => reporter.warn(text), debug: (text) => reporter.debug(text) };
}

async function peerStep(
  ctx: Context,
  reporter: Reporter,
  clients: AzureClients,
  inspection: PeeringInspection,
  settings: { prefix: string; allowForwardedTraffic: boolean },
  options: UpOptions,
): Promise<StepOutcome> {
  // Overlapping ranges stop the run here, before any write anywhere (exit 2).
  assertNoConflicts(inspection);
  const changing = inspection.plans.filter((plan) => plan.action !== 'none');
  if (changing.length === 0) {
    const unsettled = unsettledPeerings(inspection);
    if (unsettled.length > 0) {
      throw operationFailed(`Azure is still applying a change: ${unsettled.map((p) => `${p.name} on ${p.local.name} is ${p.existing!.state}, provisioning ${p.existing!.provisioningState}`).join('; ')}.`);
    }
    return { step: 'peer', status: 'unchanged', message: 'Both peerings exist, Connected and FullyInSync.' };
  }
  const what = changing.map((plan) => `${plan.action} ${plan.name} on ${plan.local.name} (${plan.reason})`).join('; ');
  if (options.dryRun) return { step: 'peer', status: 'planned', message: `Would ${what}.` };
  const results = await applyPeeringPlans(clients, inspection.plans, settings, { signal: ctx.signal, progress: reporter });
  return { step: 'peer', status: 'changed', message: `Peered: ${results.map((r) => `${r.name} on ${r.localVnet} ${r.state}`).join(', ')}.` };
}

async function advertisingStep(
  ctx: Context,
  reporter: Reporter,
  cluster: Awaited<ReturnType<typeof openAmbariCluster>>,
  inspection: AdvertisingInspection,
  options: UpOptions,
  self: Command,
): Promise<StepOutcome> {
  for (const warning of inspection.plan.warnings) reporter.warn(warning);
  if (inspection.state === 'configured') {
    const maintenance = maintenanceLeftOn(inspection);
    if (maintenance) reporter.warn(maintenance);
    return { step: 'configure-advertising', status: 'unchanged', message: `Every broker of ${cluster.name} already advertises its IP.` };
  }
  if (options.dryRun) return { step: 'configure-advertising', status: 'planned', message: dryRunMessage(inspection, options).replace(/^Dry run: would/, 'Would').replace(/ Nothing was changed\.$/, '') };
  const guard = await rollingGuard(
    ctx,
    reporter,
    options,
    inspection.brokers,
    listenerPort(inspection.plan.listenersBefore),
    listenerPort(inspection.plan.listenersAfter),
  );
  const applied = await applyAdvertising(cluster, inspection, {
    ...restartOptions(ctx, reporter, options, guard),
    // Undoing is configure-advertising's, with the operator's flags that apply to it; `up` has no --rollback.
    rollbackCommand: sameFlagsFor(self, 'configure-advertising', ['--rollback']),
    restart: true,
    progress: reporter,
  });
  return {
    step: 'configure-advertising',
    status: 'changed',
    message:
      `${applied.serviceConfigVersion ? `Wrote KAFKA service config version ${applied.serviceConfigVersion}; ` : ''}` +
      `restarted ${counted(applied.restart?.restarted.length ?? 0, 'broker')}; each advertises its IP.`,
  };
}

/**
 * The brokers cannot be reached though every step before passed: peering is in place, so an NSG rule or
 * a user route is the usual cause. Say which, from the same checks `status` runs.
 */
async function explainedByTheNetwork(error: unknown, clients: AzureClients, peering: PeeringInspection, port: number): Promise<unknown> {
  if (!isKafkaAksError(error) || error.kind !== 'failed' || peering.hdinsight.workerSubnetId === undefined) return error;
  const findings = await inspectNetworkPath(clients, {
    aks: { vnet: peering.aksVnet, subnetIds: aksSubnetIds(peering.aks, peering.aksVnet) },
    hdinsight: { vnet: peering.hdinsightVnet, subnetId: peering.hdinsight.workerSubnetId },
    port,
  }).catch(() => []);
  const blocking = findings.filter((finding) => finding.status === 'failed');
  if (blocking.length === 0) return error;
  return new KafkaAksError(error.kind, `${error.message} The network path explains it: ${blocking.map((f) => f.evidence).join('; ')}.`, {
    hint: 'Fix the rule or route named (kafka-aks status prints the command), then run the same command again.',
    details: error.details,
    cause: error,
  });
}

/** The step's own error, its kind and exit code kept, told as where `up` stopped and how to resume. */
function stoppedAt(step: StepName, error: unknown, options: UpOptions): unknown {
  if (!isKafkaAksError(error)) return error;
  const position = `Step ${STEPS.indexOf(step) + 1} of ${STEPS.length} (${step})`;
  // A dry run that stopped is run again as a dry run: its hint must not point at the command that writes.
  // A "no" at the prompt is not a failure to resume from: nothing was changed, and the operator decides.
  const resume = options.dryRun
    ? `Once that is fixed, run \`${rerunCommand()}\` again to see the whole plan.`
    : error.details?.cancelled
      ? `When you are ready, run \`${rerunCommand()}\` again and answer y (or add --yes); --dry-run shows every step's plan first.`
      : `Resume with \`${rerunCommand()}\`: every step reads first, so it carries on where this run stopped.`;
  return new KafkaAksError(error.kind, `${position}: ${error.message}`, {
    hint: `${error.hint ? `${error.hint} ` : ''}${error.kind === 'usage' ? '' : resume}`.trim(),
    details: { ...(error.details ?? {}), step },
    cause: error,
  });
}
