// `kafka-aks status`'s report: its JSON (`{checks: [{id, title, status, evidence, fix}]}`) and the table
// people read, with the command that fixes each failed check under it.
import type { FindingStatus } from '../findings.js';
import { renderTable } from '../output/table.js';

export interface StatusCheck {
  id: string;
  title: string;
  status: FindingStatus;
  evidence: string;
  /** The exact command (or manual step) that fixes a failed check; null when there is nothing to fix. */
  fix: string | null;
}

export interface StatusReport {
  checks: StatusCheck[];
}

const MARK: Record<FindingStatus, string> = { ok: 'ok', failed: 'FAILED', 'could-not-check': 'could not check' };

export function renderStatus(report: StatusReport): string {
  const table = renderTable(
    [
      { header: 'STATUS', value: (c: StatusCheck) => MARK[c.status] },
      { header: 'CHECK', value: (c) => c.title },
      { header: 'EVIDENCE', value: (c) => c.evidence },
    ],
    report.checks,
  );
  // One line per fix, however many checks it fixes (both peering directions need one `peer`).
  const fixes = new Map<string, string[]>();
  for (const check of report.checks.filter((c) => c.status !== 'ok' && c.fix !== null)) {
    fixes.set(check.fix!, [...(fixes.get(check.fix!) ?? []), check.id]);
  }
  const failed = report.checks.filter((c) => c.status !== 'ok').length;
  const verdict =
    failed === 0 ? `All ${report.checks.length} checks passed.` : `${failed} of ${report.checks.length} checks did not pass.`;
  const lines = [...fixes].map(([fix, ids]) => `  ${fix}\n      (fixes: ${ids.join(', ')})`);
  return [table, '', verdict, ...(lines.length > 0 ? ['', 'To fix:', ...lines] : [])].join('\n');
}
