// `kafka-aks up`'s report: one JSON document with every step's outcome, and the lines people read.
import { renderTable } from '../output/table.js';

export interface StepOutcome {
  step: 'peer' | 'configure-advertising' | 'brokers' | 'smoke-test' | 'configmap';
  /** changed: this run changed it; unchanged: it was already right; planned: --dry-run; passed: the smoke test. */
  status: 'changed' | 'unchanged' | 'planned' | 'passed' | 'failed';
  message: string;
}

export interface UpReport {
  dryRun: boolean;
  steps: StepOutcome[];
  /** What workloads set as bootstrap.servers, once the brokers step ran. */
  bootstrapServers?: string;
  /** When a step failed: the error as every --json error document has it ({kind, exitCode, message, hint}). */
  error?: unknown;
}

export function renderUp(report: UpReport): string {
  const table = renderTable(
    [
      { header: 'STEP', value: (s: StepOutcome) => s.step },
      { header: 'RESULT', value: (s) => s.status },
      { header: 'DETAILS', value: (s) => s.message },
    ],
    report.steps,
  );
  const failed = report.steps.some((s) => s.status === 'failed');
  const changed = report.steps.some((s) => s.status === 'changed');
  const verdict = failed
    ? 'Stopped at the failed step (see the error below).'
    : report.dryRun
      ? 'Dry run: nothing was changed.'
      : changed
        ? 'Done: pods in the AKS cluster reach Kafka, and read the brokers from the ConfigMap.'
        : 'Nothing to do: every step was already in place, and the smoke test passed.';
  const bootstrap = report.bootstrapServers && !failed && !report.dryRun ? [`bootstrap.servers=${report.bootstrapServers}`] : [];
  return [table, '', verdict, ...bootstrap].join('\n');
}
