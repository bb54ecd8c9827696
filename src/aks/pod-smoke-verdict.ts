// What the smoke-test pod found, judged as the local smoke test judges (same Verdict, same report, same
// failure sentences), plus where it ran. Pure. Throws, before any verdict, when the brokers could not be
// used from the pod: an advertised name that does not resolve there is exit 4 with the
// configure-advertising hint, exactly as from here; brokers the pod cannot connect to are exit 1, naming
// them and the checks that explain an unreachable broker.
import { checkFailed, operationFailed, withDetails, type KafkaAksError } from '../errors.js';
import { formatServers, type ServerAddress } from '../kafka/bootstrap.js';
import { unresolvedProblem } from '../kafka/metadata.js';
import { brokerReport, failureSummary, smokeReport, type SmokeReport } from '../kafka/smoke-report.js';
import type { TopicUse } from '../kafka/smoke.js';
import { LatencyHistogram, type Latency } from '../kafka/latency-histogram.js';
import type { Verdict } from '../kafka/verdict.js';
import type { PodSmokeRun } from './pod-smoke.js';
import { POD_CLOCK_STEP_MS } from './pod-smoke-script.js';

export interface RanInAks {
  where: 'aks';
  cluster: string;
  resourceGroup: string;
  namespace: string;
  pod: string;
  image: string;
  /** Latencies measured in the pod are multiples of this. */
  clockStepMs: number;
}

export type InAksSmokeReport = SmokeReport & { ranIn: RanInAks };

export interface PodJudgement {
  report: InAksSmokeReport;
  failure: KafkaAksError | undefined;
}

export interface JudgeContext {
  servers: ServerAddress[];
  topic: string;
  messages: number;
  recordBytes: number;
  /** The topic was created by this run (from here, before the pod's second try). */
  topicCreated: boolean;
  aks: { name: string; resourceGroup: string };
  /** The HDInsight cluster, for hints. */
  clusterName: string | undefined;
  /** The `kafka-aks status` command line that checks the network path, for hints. */
  statusCommand: string;
}

/** 'topic-missing': the pod found no such topic, and kcat cannot create one (the caller may). */
export function judgePodSmoke(run: PodSmokeRun, context: JudgeContext): PodJudgement | 'topic-missing' {
  const { log } = run;
  const from = `pods in AKS cluster ${context.aks.name}`;
  if (log.bootstrapFailed !== undefined) {
    throw operationFailed(
      `No bootstrap server (${formatServers(context.servers)}) answered from ${from}: ${log.bootstrapFailed || 'no answer'}.`,
      { hint: `Check the network path from AKS to the brokers with \`${context.statusCommand}\` (peering, NSG rules, routes).` },
    );
  }
  const unresolved = unresolvedProblem(log.brokers, context.clusterName, from);
  if (unresolved) throw withDetails(unresolved, { brokers: log.brokers.map(brokerReport) });
  const unreachable = log.brokers.filter((b) => b.tcp !== undefined && !b.tcp.ok);
  if (unreachable.length > 0) {
    throw operationFailed(
      `${unreachable.length === 1 ? 'Broker' : 'Brokers'} ${unreachable.map((b) => `${b.id} (${b.host}:${b.port})`).join(', ')} ` +
        `cannot be reached from ${from}: ${unreachable[0]!.tcp!.ok ? '' : unreachable[0]!.tcp!.error}.`,
      {
        hint: `Check the network path from AKS to the brokers with \`${context.statusCommand}\` (peering, NSG rules, routes).`,
        details: { brokers: log.brokers.map(brokerReport) },
      },
    );
  }
  if (log.topicMissing) return 'topic-missing';
  if (log.consumerNotReady !== undefined) {
    throw operationFailed(`The consumer in pod ${run.namespace}/${run.pod} did not reach the end of ${context.topic}: ${log.consumerNotReady || 'no answer'}.`, {
      hint: 'Check that every partition has a leader (`kafka-aks brokers`, kcat -L), then run it again.',
    });
  }
  if (!log.verdict || !log.topic) {
    throw operationFailed(`The smoke-test pod ${run.namespace}/${run.pod} ended without a verdict.`, { hint: 'Run it again.' });
  }

  const { elapsedMs, latencyHistogram, ...counts } = log.verdict;
  const verdict: Verdict = {
    expected: context.messages,
    ...counts,
    latencyMs: latencyOf(latencyHistogram),
    passed: counts.lost === 0 && counts.duplicated === 0 && counts.corrupted === 0 && counts.outOfOrder === 0,
  };
  const topic: TopicUse = {
    name: context.topic,
    created: context.topicCreated,
    partitions: log.topic.partitions,
    replicationFactor: log.topic.replicationFactor,
  };
  const controller = log.brokers.find((b) => b.controller);
  const base = smokeReport(
    formatServers(context.servers),
    // kcat does not print the cluster id.
    { clusterId: '', controllerId: controller?.id ?? null, brokers: log.brokers },
    log.brokers,
    {
      runId: run.runId,
      // kcat reads the partitions directly, in no consumer group: there is none to delete.
      groupId: '',
      groupDeleted: true,
      topic,
      recordBytes: context.recordBytes,
      elapsedMs: Math.max(elapsedMs, POD_CLOCK_STEP_MS),
      produceMs: 0,
      timedOut: log.timedOut,
      verdict,
    },
  );
  const report: InAksSmokeReport = {
    ...base,
    ranIn: {
      where: 'aks',
      cluster: context.aks.name,
      resourceGroup: context.aks.resourceGroup,
      namespace: run.namespace,
      pod: run.pod,
      image: run.image,
      clockStepMs: POD_CLOCK_STEP_MS,
    },
  };
  if (report.passed) return { report, failure: undefined };
  return {
    report,
    failure: checkFailed(failureSummary(report, verdict.lostExamples), {
      hint: report.timedOut
        ? 'The messages did not all come back within the time the pod had (--timeout): give the run more time with --timeout.'
        : 'Lost messages point at partitions without an in-sync replica or an unclean leader election; duplicates at ' +
          'producer retries after a lost acknowledgement (applications avoid them with idempotent producers).',
    }),
  };
}

/** The pod's histogram of (latency, count) in the local report's histogram: the same percentile definition. */
function latencyOf(pairs: Array<[number, number]>): Latency {
  const histogram = new LatencyHistogram();
  for (const [ms, count] of pairs) histogram.record(ms, count);
  return histogram.summary();
}
