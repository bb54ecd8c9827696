// A Kafka simulator per test, and how to read the smoke-test's --json report.
import { KafkaSimulator, type KafkaSimulatorOptions } from '../sim/kafka/simulator.js';
import type { SmokeReport } from '../../src/kafka/smoke-report.js';

export async function startKafka(options: KafkaSimulatorOptions = {}): Promise<KafkaSimulator> {
  return KafkaSimulator.start({ brokers: 3, ...options });
}

/** stdout of `smoke-test --json` holds exactly one document. */
export function parseReport(stdout: string): SmokeReport {
  return JSON.parse(stdout) as SmokeReport;
}

/** How many requests of one API the simulated brokers received while `work` ran. */
export async function countingRequests<T>(kafka: KafkaSimulator, api: string, work: () => Promise<T>): Promise<{ result: T; count: number }> {
  let count = 0;
  const stop = kafka.knobs.onRequest((event) => {
    if (event.api === api) count += 1;
  });
  try {
    return { result: await work(), count };
  } finally {
    stop();
  }
}
