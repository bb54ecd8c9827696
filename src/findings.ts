// A check's outcome, as every runbook step's inspection reports it and `status` shows it (src/azure's network-path
// findings use the same statuses).

export type FindingStatus = 'ok' | 'failed' | 'could-not-check';

/**
 * How to fix a failed check, as data: the command renders it with the user's own flags (a kafka-aks
 * command to run), or says the manual step as it is.
 */
export type Remedy = { command: 'peer' | 'configure-advertising' | 'smoke-test' | 'brokers' } | { manual: string };

export interface Finding {
  /** Stable, for --json consumers: `peering-aks-to-hdinsight`, `listeners`, ... */
  id: string;
  title: string;
  status: FindingStatus;
  /** What was seen, in the operator's words: the value read, the rule that blocks, why it could not be checked. */
  evidence: string;
  fix?: Remedy;
}
