// What `kafka-aks status` does once it runs: each runbook step's inspection, read-only, turned into
// checks. Azure and Ambari are read at the same time (neither needs the other); Kafka last, since its
// broker list and port come from Ambari. A step that cannot be read becomes "could not check" with why,
// never a crash: status must say as much as it can.
import { createAzureClients, type AzureClients } from '../azure/clients.js';
import { aksSubnetIds, inspectNetworkPath } from '../azure/network-path.js';
import { inspectPeering, type PeeringInspection } from '../azure/peering-inspect.js';
import { networkPathChecks } from './steps/network-path.js';
import { listenerPort } from '../ambari/advertising.js';
import { silentProgress, type Context } from '../context.js';
import { ExitCode, isInterruption, isKafkaAksError } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { Command } from '../commander.js';
import { openAmbariCluster } from './ambari-session.js';
import { aksClusterOf } from './aks-options.js';
import { sameFlagsFor } from './rerun.js';
import type { StatusOptions } from './status.js';
import { renderStatus, type StatusCheck, type StatusReport } from './status-report.js';
import { advertisingFindings, inspectAdvertising, restartsRunningFinding, type AdvertisingInspection } from './steps/advertising.js';
import { runningRequestsOf } from '../ambari/requests.js';
import { bootstrapOf } from './steps/brokers.js';
import type { Finding, Remedy } from '../findings.js';
import { peeringFindings, peeringTarget } from './steps/peering.js';
import { checkAdvertisedFromHere, brokersOf } from './steps/smoke.js';
import { deadlineSignal } from '../kafka/abortable.js';
import { unspokenProtocol } from '../kafka/security-protocol.js';
import { openAksCommandRunner, type AksCommandRunner } from '../azure/run-command.js';
import { bootstrapConfigMap } from '../aks/bootstrap-configmap.js';
import type { BrokerReport } from '../kafka/smoke-report.js';
import type { ServerAddress } from '../kafka/bootstrap.js';
import { inspectConfigMap } from './steps/configmap.js';
import { runSmokeInAks } from './steps/smoke-in-aks.js';

const SMOKE_MESSAGES = 10;

export async function status(ctx: Context, options: StatusOptions, self: Command): Promise<number> {
  const { reporter } = ctx;
  reporter.begin('Reading the AKS and HDInsight networks (Azure) and the Kafka configuration (Ambari)');
  // One set of Azure clients (one credential, one token) for the networks and the AKS run command.
  const clients = createAzureClients(ctx);
  const [azure, ambari] = await Promise.all([azureChecks(clients, options), ambariChecks(ctx, options)]);
  reporter.succeed('Read Azure and Ambari');
  // The port the brokers listen on comes from Ambari; without Ambari, --port or Kafka's default.
  const port = options.port ?? (ambari.inspection ? listenerPort(ambari.inspection.configs.kafkaBroker.properties.listeners) : 9092);
  reporter.begin('Checking the network path: NSGs and routes on both subnets');
  const path = azure.read ? await networkPathChecksOf(azure.read, port) : [];
  reporter.succeed();
  const aks = aksAccess(ctx, clients, options);
  // The brokers as pods reach them, for the smoke test and the ConfigMap alike.
  const servers = ambari.inspection ? bootstrapOf(ambari.inspection.brokers.map((b) => ({ host: b.host, ip: b.ip, port, state: b.state }))) : [];
  const kafka = ambari.inspection ? await kafkaChecks(ctx, reporter, options, ambari.inspection, servers, aks, self) : [];
  const configMap = ambari.inspection ? await configMapCheck(ctx, options, ambari.inspection, servers, aks) : [];
  const findings = [...azure.findings, ...path, ...ambari.findings, ...kafka, ...configMap];
  // A roll refuses to start while partitions are under-replicated, which a stopped broker makes them:
  // then the fix restarts all at once.
  const brokerDown = ambari.inspection?.brokers.some((broker) => broker.state !== 'STARTED') ?? false;
  const report: StatusReport = {
    checks: findings.map((finding) => checkOf(finding, self, brokerDown ? { ...EXTRA_FLAGS, 'configure-advertising': [] } : EXTRA_FLAGS)),
  };
  reporter.result(report, renderStatus);
  const passed = report.checks.every((check) => check.status === 'ok');
  return passed ? ExitCode.ok : ExitCode.checkFailed;
}

interface AzureRead {
  clients: AzureClients;
  inspection: PeeringInspection;
}

async function azureChecks(clients: AzureClients, options: StatusOptions): Promise<{ findings: Finding[]; read: AzureRead | undefined }> {
  try {
    const inspection = await inspectPeering(clients, peeringTarget(clients, options), { prefix: 'kafka-aks', allowForwardedTraffic: false }, silentProgress);
    return { findings: peeringFindings(inspection), read: { clients, inspection } };
  } catch (error) {
    return { findings: [couldNotCheck('azure', 'the AKS and HDInsight networks and their peerings (read through Azure)', error)], read: undefined };
  }
}

/** NSGs and routes, judged as if the peering were in place (the peering checks speak for the peering itself). */
async function networkPathChecksOf({ clients, inspection }: AzureRead, port: number): Promise<Finding[]> {
  const { aks, hdinsight, aksVnet, hdinsightVnet } = inspection;
  if (hdinsight.workerSubnetId === undefined) return [];
  try {
    const findings = await inspectNetworkPath(clients, {
      aks: { vnet: aksVnet, subnetIds: aksSubnetIds(aks, aksVnet) },
      hdinsight: { vnet: hdinsightVnet, subnetId: hdinsight.workerSubnetId },
      port,
    });
    return networkPathChecks(findings, port);
  } catch (error) {
    return [couldNotCheck('network-path', 'NSGs and routes on the AKS and HDInsight subnets', error)];
  }
}

async function ambariChecks(ctx: Context, options: StatusOptions): Promise<{ findings: Finding[]; inspection: AdvertisingInspection | undefined }> {
  try {
    const cluster = await openAmbariCluster(ctx, options);
    const [inspection, running] = await Promise.all([inspectAdvertising(cluster, options.port, silentProgress), runningRequestsOf(cluster, 'KAFKA_BROKER')]);
    return { findings: [...advertisingFindings(inspection), restartsRunningFinding(running)], inspection };
  } catch (error) {
    return { findings: [couldNotCheck('ambari', 'the Kafka configuration and brokers (read through Ambari)', error)], inspection: undefined };
  }
}

/** The run command into the AKS cluster, opened once when first needed (it reads the cluster). */
type AksAccess = { clients: AzureClients; runner: () => Promise<AksCommandRunner> };

function aksAccess(ctx: Context, clients: AzureClients, options: StatusOptions): AksAccess {
  let runner: Promise<AksCommandRunner> | undefined;
  return { clients, runner: () => (runner ??= openAksCommandRunner(clients, aksClusterOf(clients, options), ctx.cloud.aksServerScope)) };
}

/**
 * What the brokers advertise, read from them from here where they can be reached (else from the
 * smoke-test pod, which reports it too), and a short smoke test from a pod in the AKS cluster: the
 * path that matters is the one pods take.
 */
async function kafkaChecks(
  ctx: Context,
  reporter: Reporter,
  options: StatusOptions,
  inspection: AdvertisingInspection,
  servers: ServerAddress[],
  aks: AksAccess,
  self: Command,
): Promise<Finding[]> {
  const unspoken = unspokenProtocol(inspection.plan.listeners[0]?.name);
  if (unspoken) {
    return [couldNotCheck(ADVERTISED.id, ADVERTISED.title, unspoken), ...(options.skipSmokeTest ? [] : [couldNotCheck(SMOKE.id, SMOKE.title, unspoken)])];
  }
  const common = { timeoutMs: options.kafkaTimeout, overrides: new Map<string, string>(), clusterName: inspection.cluster, signal: ctx.signal, progress: reporter };
  const { signal: deadline, clear } = deadlineSignal(ctx.signal, options.kafkaTimeout);
  let fromHere: Finding | undefined;
  let unreadableFromHere: unknown;
  try {
    const { diagnoses } = await checkAdvertisedFromHere(servers, common, deadline);
    fromHere = advertisedFinding(diagnoses.map((d) => ({ id: d.id, advertised: `${d.host}:${d.port}`, ipLiteral: d.ipLiteral })), 'from here');
  } catch (error) {
    if (isInterruption(error)) throw error;
    // Brokers that advertise names clients cannot resolve: a failed check, and no point in a smoke test.
    const brokers = brokersOf(error);
    if (brokers) {
      return [
        advertisedFinding(brokers, 'from here'),
        ...(options.skipSmokeTest ? [] : [{ ...SMOKE, status: 'failed' as const, evidence: 'not run: the brokers advertise listeners clients cannot use', fix: { command: 'configure-advertising' } as Remedy }]),
      ];
    }
    unreadableFromHere = error;
  } finally {
    clear();
  }
  // Not the error's own hint: it names smoke-test's flags (--in-aks ...), and status runs that test itself.
  const unread = () => couldNotCheck(ADVERTISED.id, ADVERTISED.title, unreadableFromHere, { hint: false });
  if (options.skipSmokeTest) return [fromHere ?? unread()];
  try {
    const { report, failure } = await runSmokeInAks(aks.clients, {
      aks: (await aks.runner()).cluster,
      namespace: options.namespace,
      image: options.image,
      servers,
      topic: 'kafka-aks-smoke',
      messages: SMOKE_MESSAGES,
      partitions: 3,
      replicationFactor: undefined,
      timeoutMs: options.smokeTimeout,
      clusterName: inspection.cluster,
      statusCommand: sameFlagsFor(self, 'status'),
      cloud: ctx.cloud,
      signal: ctx.signal,
      progress: reporter,
    });
    return [
      fromHere ?? advertisedFinding(report.brokers, `from pod ${report.ranIn.pod} in AKS`),
      {
        ...SMOKE,
        status: failure ? 'failed' : 'ok',
        evidence: failure
          ? failure.message
          : `${report.records} records sent and received once, intact and in order, from pod ${report.ranIn.namespace}/${report.ranIn.pod} in AKS (${report.latencyMs.p50.toFixed(0)} ms p50 end to end)`,
        ...(failure ? { fix: { command: 'smoke-test' } as Remedy } : {}),
      },
    ];
  } catch (error) {
    if (isInterruption(error)) throw error;
    // The run command refused (a permission, a stopped cluster): the test could not run, which says
    // nothing about Kafka; the error names what would let it run.
    if (isKafkaAksError(error) && (error.kind === 'auth' || error.kind === 'not-found')) {
      return [fromHere ?? unread(), couldNotCheck(SMOKE.id, SMOKE.title, error)];
    }
    // A name the pod cannot resolve is the advertising check failing, seen from where it matters.
    const advertisingFailed = isKafkaAksError(error) && error.kind === 'check-failed';
    return [
      fromHere ?? (advertisingFailed ? { ...ADVERTISED, ...failedBecause(error), fix: { command: 'configure-advertising' } as Remedy } : unread()),
      { ...SMOKE, ...failedBecause(error), fix: { command: advertisingFailed ? 'configure-advertising' : 'smoke-test' } as Remedy },
    ];
  }
}

const ADVERTISED = { id: 'advertised-ips', title: 'every broker advertises an IP address (read from the brokers)' };

function advertisedFinding(brokers: Array<Pick<BrokerReport, 'id' | 'advertised' | 'ipLiteral'>>, from: string): Finding {
  const names = brokers.filter((b) => !b.ipLiteral);
  return {
    ...ADVERTISED,
    status: names.length === 0 ? 'ok' : 'failed',
    evidence: `${brokers.map((b) => `${b.id}: ${b.advertised}${b.ipLiteral ? '' : ' (a name)'}`).join(', ')} (read ${from})`,
    ...(names.length === 0 ? {} : { fix: { command: 'configure-advertising' } as Remedy }),
  };
}

/** The bootstrap ConfigMap in the AKS cluster holds the brokers Ambari lists (read with `kubectl get`). */
async function configMapCheck(ctx: Context, options: StatusOptions, inspection: AdvertisingInspection, servers: ServerAddress[], aks: AksAccess): Promise<Finding[]> {
  const check = { id: 'bootstrap-configmap', title: `ConfigMap ${options.namespace}/${options.configmap} in AKS holds the brokers` };
  const desired = bootstrapConfigMap({ namespace: options.namespace, name: options.configmap }, inspection.cluster, servers);
  try {
    const state = await inspectConfigMap(await aks.runner(), desired, { signal: ctx.signal, progress: silentProgress });
    if (state.state === 'same') return [{ ...check, status: 'ok', evidence: `bootstrap.servers=${desired.data['bootstrap.servers']}` }];
    return [
      {
        ...check,
        status: 'failed',
        evidence: state.state === 'missing' ? 'no such ConfigMap' : `differs in ${state.changed.join(', ')} (the brokers are ${desired.data['bootstrap.servers']})`,
        fix: { command: 'brokers' },
      },
    ];
  } catch (error) {
    return [couldNotCheck(check.id, check.title, error)];
  }
}

const SMOKE = { id: 'smoke-test', title: `${SMOKE_MESSAGES} messages produced and consumed back, each once` };

function failedBecause(error: unknown): { status: 'failed'; evidence: string } {
  return { status: 'failed', evidence: isKafkaAksError(error) ? error.message : String(error) };
}

function couldNotCheck(id: string, title: string, error: unknown, { hint = true } = {}): Finding {
  if (isInterruption(error)) throw error;
  // The error's hint says what would let it be checked (a role to grant, where to run from).
  const message = isKafkaAksError(error) ? `${error.message}${hint && error.hint ? ` ${error.hint}` : ''}` : String(error);
  return { id, title, status: 'could-not-check', evidence: message };
}

/**
 * A restart to fix advertising keeps partitions available: --rolling (unless a broker is down, above);
 * `brokers` fixes the ConfigMap by writing it; the smoke test that failed ran in AKS.
 */
const EXTRA_FLAGS: Partial<Record<string, string[]>> = { 'configure-advertising': ['--rolling'], brokers: ['--apply-configmap'], 'smoke-test': ['--in-aks'] };

/** A finding as the report shows it: its fix as the exact command, with the operator's own flags. */
function checkOf(finding: Finding, self: Command, extraFlags: typeof EXTRA_FLAGS): StatusCheck {
  return {
    id: finding.id,
    title: finding.title,
    status: finding.status,
    evidence: finding.evidence,
    fix: finding.fix === undefined ? null : 'manual' in finding.fix ? finding.fix.manual : sameFlagsFor(self, finding.fix.command, extraFlags[finding.fix.command] ?? []),
  };
}
