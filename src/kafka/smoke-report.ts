// The smoke test's result as one plain object: what --json prints and what the human report renders.
// Throughput and latency in kafka-producer-perf-test's terms (records, records/sec, MB/sec with
// MB = 1024 * 1024 bytes, avg/max latency, p50/p95/p99/p99.9), counts under lost/duplicated/corrupted.
import type { BrokerDiagnosis, ClusterMetadata } from './metadata.js';
import type { SmokeRun, TopicUse } from './smoke.js';
import type { Latency } from './verdict.js';

export interface BrokerReport {
  id: number;
  advertised: string;
  controller: boolean;
  ipLiteral: boolean;
  /** The address the host resolved to, or null. */
  address: string | null;
  resolvedBy: 'ip-literal' | 'resolve-flag' | 'dns' | null;
  /** "ok", or why the name did not resolve or the connection did not open. */
  reachable: string;
}

export interface SmokeReport {
  bootstrap: string;
  clusterId: string;
  controllerId: number | null;
  brokers: BrokerReport[];
  topic: TopicUse;
  runId: string;
  consumerGroup: { id: string; deleted: boolean };
  records: number;
  recordSize: number;
  recordsPerSec: number;
  mbPerSec: number;
  latencyMs: Latency;
  lost: number;
  duplicated: number;
  corrupted: number;
  outOfOrder: number;
  timedOut: boolean;
  passed: boolean;
}

export function brokerReport(diagnosis: BrokerDiagnosis): BrokerReport {
  const resolution = diagnosis.resolution;
  let reachable = 'ok';
  if (!resolution.ok) reachable = `does not resolve: ${resolution.error}`;
  else if (diagnosis.tcp && !diagnosis.tcp.ok) reachable = `no TCP connection: ${diagnosis.tcp.error}`;
  return {
    id: diagnosis.id,
    advertised: `${diagnosis.host}:${diagnosis.port}`,
    controller: diagnosis.controller,
    ipLiteral: diagnosis.ipLiteral,
    address: resolution.ok ? resolution.address : null,
    resolvedBy: resolution.ok ? resolution.via : null,
    reachable,
  };
}

export function smokeReport(bootstrap: string, metadata: ClusterMetadata, brokers: BrokerDiagnosis[], run: SmokeRun): SmokeReport {
  const { verdict } = run;
  const seconds = run.elapsedMs / 1000;
  const records = verdict.delivered;
  return {
    bootstrap,
    clusterId: metadata.clusterId,
    controllerId: metadata.controllerId,
    brokers: brokers.map(brokerReport),
    topic: run.topic,
    runId: run.runId,
    consumerGroup: { id: run.groupId, deleted: run.groupDeleted },
    records: verdict.expected,
    recordSize: run.recordBytes,
    recordsPerSec: seconds > 0 ? round(records / seconds, 1) : 0,
    mbPerSec: seconds > 0 ? round((records * run.recordBytes) / (1024 * 1024) / seconds, 2) : 0,
    latencyMs: {
      avg: round(verdict.latencyMs.avg, 2),
      max: round(verdict.latencyMs.max, 2),
      p50: round(verdict.latencyMs.p50, 2),
      p95: round(verdict.latencyMs.p95, 2),
      p99: round(verdict.latencyMs.p99, 2),
      p999: round(verdict.latencyMs.p999, 2),
    },
    lost: verdict.lost,
    duplicated: verdict.duplicated,
    corrupted: verdict.corrupted,
    outOfOrder: verdict.outOfOrder,
    timedOut: run.timedOut,
    passed: verdict.passed,
  };
}

/** What went wrong, in one sentence, for a failed run. Pure. */
export function failureSummary(report: SmokeReport, lostExamples: number[]): string {
  const parts: string[] = [];
  if (report.lost > 0) {
    parts.push(`${report.lost} of ${report.records} messages lost (sequence numbers ${lostExamples.join(', ')}${report.lost > lostExamples.length ? ', ...' : ''})`);
  }
  if (report.duplicated > 0) parts.push(`${report.duplicated} duplicated`);
  if (report.corrupted > 0) parts.push(`${report.corrupted} corrupted`);
  if (report.outOfOrder > 0) parts.push(`${report.outOfOrder} out of order within their partition`);
  const when = report.timedOut ? ' (the deadline passed before they came back)' : '';
  return `Smoke test failed on ${report.topic.name}: ${parts.join(', ')}${when}.`;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
