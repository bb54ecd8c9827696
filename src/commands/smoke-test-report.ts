// The smoke-test report for people: the brokers and what they advertise, then one line in
// kafka-producer-perf-test's wording ("N records sent, X records/sec (Y MB/sec), A ms avg latency,
// M ms max latency, p50 ms 50th, ..."; apache/kafka ProducerPerformance.java), then the counts.
import type { RanInAks } from '../aks/pod-smoke-verdict.js';
import type { BrokerReport, SmokeReport } from '../kafka/smoke-report.js';
import { renderTable } from '../output/table.js';

export function brokerTable(brokers: BrokerReport[]): string {
  return renderTable(
    [
      { header: 'BROKER', value: (b: BrokerReport) => `${b.id}${b.controller ? ' (controller)' : ''}` },
      { header: 'ADVERTISED LISTENER', value: (b) => b.advertised },
      { header: 'IP LITERAL', value: (b) => (b.ipLiteral ? 'yes' : 'no') },
      { header: 'RESOLVES TO', value: (b) => (b.address === null ? '-' : `${b.address}${b.resolvedBy === 'resolve-flag' ? ' (--resolve)' : ''}`) },
      { header: 'REACHABLE', value: (b) => b.reachable },
    ],
    brokers,
  );
}

/** The local report, or the one from a pod in AKS (`ranIn`): the same fields, plus where it ran. */
export function renderSmokeReport(report: SmokeReport & { ranIn?: RanInAks }): string {
  const { latencyMs: l, ranIn } = report;
  const topic = report.topic;
  return [
    ranIn
      ? `Ran in pod ${ranIn.namespace}/${ranIn.pod} of AKS cluster ${ranIn.cluster} (image ${ranIn.image}), bootstrap ${report.bootstrap}`
      : `Cluster ${report.clusterId}, bootstrap ${report.bootstrap}`,
    brokerTable(report.brokers),
    '',
    `Topic ${topic.name}: ${topic.partitions} partitions, replication factor ${topic.replicationFactor} (${topic.created ? 'created by this run' : 'existing'})`,
    `${report.records} records sent, ${report.recordsPerSec.toFixed(1)} records/sec (${report.mbPerSec.toFixed(2)} MB/sec), ` +
      `${l.avg.toFixed(2)} ms avg latency, ${l.max.toFixed(2)} ms max latency, ${Math.round(l.p50)} ms 50th, ` +
      `${Math.round(l.p95)} ms 95th, ${Math.round(l.p99)} ms 99th, ${Math.round(l.p999)} ms 99.9th (end to end, ${report.recordSize}-byte records).`,
    `${report.lost} lost, ${report.duplicated} duplicated, ${report.corrupted} corrupted, ${report.outOfOrder} out of order: ${report.passed ? 'PASSED' : 'FAILED'}`,
    ranIn
      ? `Latency measured in the pod, in ${ranIn.clockStepMs} ms steps. Pod removed; topic ${topic.name} kept.`
      : `Consumer group ${report.consumerGroup.id} ${report.consumerGroup.deleted ? 'deleted' : 'NOT deleted'}; topic ${topic.name} kept.`,
  ].join('\n');
}
