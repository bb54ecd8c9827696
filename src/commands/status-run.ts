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
import { sameFlagsFor } from './rerun.js';
import type { StatusOptions } from './status.js';
import { renderStatus, type StatusCheck, type StatusReport } from './status-report.js';
import { advertisingFindings, inspectAdvertising, type AdvertisingInspection } from './steps/advertising.js';
import { bootstrapOf } from './steps/brokers.js';
import type { Finding, Remedy } from '../findings.js';
import { peeringFindings, peeringTarget } from './steps/peering.js';
import { checkAdvertisedFromHere, runSmokeStep, brokersOf, type AdvertisedFromHere } from './steps/smoke.js';
import { deadlineSignal } from '../kafka/abortable.js';

const SMOKE_MESSAGES = 10;

export async function status(ctx: Context, options: StatusOptions, self: Command): Promise<number> {
  const { reporter } = ctx;
  reporter.begin('Reading the AKS and HDInsight networks (Azure) and the Kafka configuration (Ambari)');
  const [azure, ambari] = await Promise.all([azureChecks(ctx, options), ambariChecks(ctx, options)]);
  reporter.succeed('Read Azure and Ambari');
  // The port the brokers listen on comes from Ambari; without Ambari, --port or Kafka's default.
  const port = options.port ?? (ambari.inspection ? listenerPort(ambari.inspection.configs.kafkaBroker.properties.listeners) : 9092);
  reporter.begin('Checking the network path: NSGs and routes on both subnets');
  const path = azure.read ? await networkPathChecksOf(azure.read, port) : [];
  reporter.succeed();
  const kafka = ambari.inspection ? await kafkaChecks(ctx, reporter, options, ambari.inspection, port) : [];
  const findings = [...azure.findings, ...path, ...ambari.findings, ...kafka];
  const report: StatusReport = {
    checks: findings.map((finding) => checkOf(finding, self)),
  };
  reporter.result(report, renderStatus);
  const passed = report.checks.every((check) => check.status === 'ok');
  return passed ? ExitCode.ok : ExitCode.checkFailed;
}

interface AzureRead {
  clients: AzureClients;
  inspection: PeeringInspection;
}

async function azureChecks(ctx: Context, options: StatusOptions): Promise<{ findings: Finding[]; read: AzureRead | undefined }> {
  try {
    const clients = createAzureClients(ctx);
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
    const inspection = await inspectAdvertising(cluster, options.port, silentProgress);
    return { findings: advertisingFindings(inspection), inspection };
  } catch (error) {
    return { findings: [couldNotCheck('ambari', 'the Kafka configuration and brokers (read through Ambari)', error)], inspection: undefined };
  }
}

/** What the brokers advertise, as read from them, and a short smoke test: only where they can be reached from here. */
async function kafkaChecks(ctx: Context, reporter: Reporter, options: StatusOptions, inspection: AdvertisingInspection, port: number): Promise<Finding[]> {
  const servers = bootstrapOf(inspection.brokers.map((b) => ({ host: b.host, ip: b.ip, port, state: b.state })));
  const common = { timeoutMs: options.kafkaTimeout, overrides: new Map<string, string>(), clusterName: inspection.cluster, signal: ctx.signal, progress: reporter };
  const advertised = { id: 'advertised-ips', title: 'every broker advertises an IP address (read from the brokers)' };
  const { signal: deadline, clear } = deadlineSignal(ctx.signal, options.kafkaTimeout);
  let findings: Finding[];
  let checked: AdvertisedFromHere;
  try {
    checked = await checkAdvertisedFromHere(servers, common, deadline);
    const { diagnoses } = checked;
    const names = diagnoses.filter((d) => !d.ipLiteral);
    findings = [
      {
        ...advertised,
        status: names.length === 0 ? 'ok' : 'failed',
        evidence: diagnoses.map((d) => `${d.id}: ${d.host}:${d.port}`).join(', '),
        ...(names.length === 0 ? {} : { fix: { command: 'configure-advertising' } as Remedy }),
      },
    ];
  } catch (error) {
    if (isInterruption(error)) throw error;
    // Brokers that advertise names the pods cannot resolve: a failed check, not an unreadable one.
    const brokers = brokersOf(error);
    if (brokers) {
      return [
        { ...advertised, status: 'failed', evidence: brokers.map((b) => `${b.id}: ${b.advertised}${b.ipLiteral ? '' : ' (a name)'}`).join(', '), fix: { command: 'configure-advertising' } },
        ...(options.skipSmokeTest ? [] : [{ ...SMOKE, status: 'failed' as const, evidence: 'not run: the brokers advertise listeners clients cannot use', fix: { command: 'configure-advertising' } as Remedy }]),
      ];
    }
    return [
      couldNotCheck(advertised.id, advertised.title, error),
      ...(options.skipSmokeTest ? [] : [{ ...SMOKE, ...failedBecause(error), fix: { command: 'peer' } as Remedy }]),
    ];
  } finally {
    clear();
  }
  if (options.skipSmokeTest) return findings;
  try {
    const outcome = await runSmokeStep(servers, { ...common, topic: 'kafka-aks-smoke', messages: SMOKE_MESSAGES, partitions: 3, replicationFactor: undefined }, checked);
    const { report } = outcome;
    findings.push({
      ...SMOKE,
      status: outcome.failure ? 'failed' : 'ok',
      evidence: outcome.failure
        ? outcome.failure.message
        : `${report.records} records sent and received once, intact and in order (${report.latencyMs.p50.toFixed(0)} ms p50 end to end)`,
      ...(outcome.failure ? { fix: { command: 'smoke-test' } as Remedy } : {}),
    });
  } catch (error) {
    if (isInterruption(error)) throw error;
    findings.push({ ...SMOKE, ...failedBecause(error), fix: { command: 'smoke-test' } });
  }
  return findings;
}

const SMOKE = { id: 'smoke-test', title: `${SMOKE_MESSAGES} messages produced and consumed back, each once` };

function failedBecause(error: unknown): { status: 'failed'; evidence: string } {
  return { status: 'failed', evidence: isKafkaAksError(error) ? error.message : String(error) };
}

function couldNotCheck(id: string, title: string, error: unknown): Finding {
  if (isInterruption(error)) throw error;
  // The error's hint says what would let it be checked (a role to grant, where to run from).
  const message = isKafkaAksError(error) ? `${error.message}${error.hint ? ` ${error.hint}` : ''}` : String(error);
  return { id, title, status: 'could-not-check', evidence: message };
}

/** A finding as the report shows it: its fix as the exact command, with the operator's own flags. */
function checkOf(finding: Finding, self: Command): StatusCheck {
  return {
    id: finding.id,
    title: finding.title,
    status: finding.status,
    evidence: finding.evidence,
    // A restart to fix advertising keeps partitions available: --rolling.
    fix: finding.fix === undefined ? null : 'manual' in finding.fix ? finding.fix.manual : sameFlagsFor(self, finding.fix.command, finding.fix.command === 'configure-advertising' ? ['--rolling'] : []),
  };
}
