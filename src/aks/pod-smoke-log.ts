// Reads what the smoke-test pod printed (pod-smoke-script.ts lists its lines) out of the run command's
// logs, where kubectl's own lines surround them. Pure: a function of the text, so every shape of log a
// pod can leave (cut at 512 KiB, ended early, never started) is a unit test.
import type { BrokerDiagnosis } from '../kafka/metadata.js';
import type { Verdict } from '../kafka/verdict.js';

/** The pod's verdict: the local verdict's counts, and its latencies as a histogram. */
export type PodVerdictCounts = Pick<Verdict, 'delivered' | 'lost' | 'duplicated' | 'corrupted' | 'outOfOrder' | 'foreign' | 'lostExamples'> & {
  /** The first message's send to the last message's receipt, in the pod's clock. */
  elapsedMs: number;
  /** Latency (ms) → how many messages took it. */
  latencyHistogram: Array<[number, number]>;
};

export interface PodSmokeLog {
  /** The pod's script started (its first line is in the logs). */
  began: boolean;
  /** Its last line is in the logs: nothing was cut or lost after it. */
  ended: boolean;
  brokers: BrokerDiagnosis[];
  bootstrapFailed: string | undefined;
  topic: { partitions: number; replicationFactor: number } | undefined;
  topicMissing: boolean;
  consumerNotReady: string | undefined;
  produced: { exitCode: number; failedDeliveries: number } | undefined;
  endOffsetsUnknown: string | undefined;
  timedOut: boolean;
  verdict: PodVerdictCounts | undefined;
  /** The exit code of `kubectl run` as the wrapper printed it. */
  kubectlExit: number | undefined;
  /** `kubectl get pod -o json` after a failed run, when the wrapper printed it. */
  pod: unknown;
  /** kubectl's own lines (errors, notices): for messages when the pod never ran. */
  kubectlLines: string[];
}

const MARK = 'KAFKA-AKS ';

export function readPodSmokeLog(logs: string, runId: string): PodSmokeLog {
  const log: PodSmokeLog = {
    began: false,
    ended: false,
    brokers: [],
    bootstrapFailed: undefined,
    topic: undefined,
    topicMissing: false,
    consumerNotReady: undefined,
    produced: undefined,
    endOffsetsUnknown: undefined,
    timedOut: false,
    verdict: undefined,
    kubectlExit: undefined,
    pod: undefined,
    kubectlLines: [],
  };
  const lines = logs.split('\n');
  let podJson: string[] | undefined;
  for (const line of lines) {
    if (podJson !== undefined) {
      if (line === `${MARK}pod-json-end`) {
        log.pod = parseJson(podJson.join('\n'));
        podJson = undefined;
      } else podJson.push(line);
      continue;
    }
    if (!line.startsWith(MARK)) {
      if (line.trim() !== '') log.kubectlLines.push(line);
      continue;
    }
    const [what = '', ...words] = line.slice(MARK.length).split(' ');
    const rest = words.join(' ');
    switch (what) {
      case 'begin':
        log.began ||= rest === runId;
        break;
      case 'end':
        log.ended ||= rest === runId;
        break;
      case 'broker':
        addBroker(log.brokers, words);
        break;
      case 'resolve':
        resolveBroker(log.brokers, words);
        break;
      case 'connect':
        connectBroker(log.brokers, words);
        break;
      case 'bootstrap-failed':
        log.bootstrapFailed = kcatError(rest);
        break;
      case 'topic':
        log.topic = { partitions: int(words[0]), replicationFactor: int(words[1]) };
        break;
      case 'topic-missing':
        log.topicMissing = true;
        break;
      case 'consumer-not-ready':
        log.consumerNotReady = rest;
        break;
      case 'produced':
        log.produced = { exitCode: int(words[0]), failedDeliveries: int(words[1]) };
        break;
      case 'end-offsets-unknown':
        log.endOffsetsUnknown = rest;
        break;
      case 'timed-out':
        log.timedOut = true;
        break;
      case 'verdict':
        log.verdict = { ...verdictCounts(words), lostExamples: log.verdict?.lostExamples ?? [], latencyHistogram: log.verdict?.latencyHistogram ?? [] };
        break;
      case 'lost-examples':
        if (log.verdict) log.verdict.lostExamples = words.filter((w) => w !== '').flatMap((w) => w.split(',')).map(int);
        break;
      case 'latency':
        if (log.verdict) log.verdict.latencyHistogram.push(...histogramOf(words));
        break;
      case 'kubectl-exit':
        log.kubectlExit = int(words[0]);
        break;
      case 'pod-json':
        podJson = [];
        break;
      default:
        break;
    }
  }
  return log;
}

function addBroker(brokers: BrokerDiagnosis[], [id, address, controller]: string[]): void {
  const at = (address ?? '').lastIndexOf(':');
  brokers.push({
    id: int(id),
    host: (address ?? '').slice(0, at).replace(/^\[|\]$/g, ''),
    port: int((address ?? '').slice(at + 1)),
    controller: controller === '1',
    ipLiteral: false,
    resolution: { ok: false, error: 'not checked from the pod', code: undefined },
    tcp: undefined,
  });
}

function resolveBroker(brokers: BrokerDiagnosis[], [id, outcome, ...rest]: string[]): void {
  const broker = brokers.find((b) => b.id === int(id));
  if (!broker) return;
  if (outcome === 'ok') {
    const via = rest[1] === 'ip-literal' ? 'ip-literal' : 'dns';
    broker.ipLiteral = via === 'ip-literal';
    broker.resolution = { ok: true, address: rest[0] ?? '', via };
  } else broker.resolution = { ok: false, error: rest.join(' '), code: undefined };
}

function connectBroker(brokers: BrokerDiagnosis[], [id, outcome, ...rest]: string[]): void {
  const broker = brokers.find((b) => b.id === int(id));
  if (!broker) return;
  // The pod does not time the connection; 0 says "connected" without claiming a figure.
  broker.tcp = outcome === 'ok' ? { ok: true, ms: 0 } : { ok: false, error: kcatError(rest.join(' ')), code: undefined };
}

/** kcat's `% ERROR: Failed to acquire metadata: Local: Broker transport failure (Are the brokers reachable? ...)` → the error itself. */
function kcatError(text: string): string {
  const error = /% ERROR: ([^%]*)/.exec(text)?.[1]?.trim();
  return (error && error !== '' ? error : text.trim() || 'no answer')
    // kcat's own advice ("try increasing the metadata timeout with -m") is about kcat's flags, not ours.
    .replace(/\s*\(Are the brokers reachable\?[^)]*\)/, '')
    .replace(/[.\s]+$/, '');
}

function verdictCounts(words: string[]): Omit<PodVerdictCounts, 'lostExamples' | 'latencyHistogram'> {
  const value = (name: string) => int(words.find((w) => w.startsWith(`${name}=`))?.slice(name.length + 1));
  return {
    delivered: value('delivered'),
    lost: value('lost'),
    duplicated: value('duplicated'),
    corrupted: value('corrupted'),
    outOfOrder: value('outoforder'),
    foreign: value('foreign'),
    elapsedMs: value('elapsedms'),
  };
}

function histogramOf(words: string[]): Array<[number, number]> {
  return words
    .filter((w) => w.includes(':'))
    .map((w) => w.split(':').map(int) as [number, number])
    .filter(([ms, count]) => ms >= 0 && count > 0);
}

function int(text: string | undefined): number {
  const value = Number(text);
  return Number.isFinite(value) ? value : 0;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
