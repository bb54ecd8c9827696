// How configure-advertising shows its plan and its result to people. (--json shows the same data.)
import type { AdvertisingPlan } from '../ambari/advertising.js';
import { renderTable } from './table.js';

export interface BrokerAdvertising {
  host: string;
  ip: string;
  state: string;
  staleConfigs: boolean;
  advertisedListener: string;
  /** --dry-run: what the broker would advertise after the change and its restart. */
  plannedListener?: string;
}

/** The change as a diff: old → new listeners, and the lines the kafka-env template gains or loses. */
export function renderPlanDiff(plan: AdvertisingPlan): string {
  const lines: string[] = [];
  if (plan.listenersBefore !== plan.listenersAfter) {
    lines.push('kafka-broker listeners:', `  - ${plan.listenersBefore}`, `  + ${plan.listenersAfter}`);
  } else {
    lines.push(`kafka-broker listeners: ${plan.listenersAfter} (unchanged)`);
  }
  if (plan.linesAdded.length === 0) {
    lines.push('kafka-env template: the kafka-aks block is in place (unchanged)');
  } else {
    lines.push('kafka-env template (content):');
    for (const line of plan.linesRemoved) lines.push(`  - ${line}`);
    for (const line of plan.linesAdded) lines.push(`  + ${line}`);
  }
  return lines.join('\n');
}

export function renderBrokerAdvertising(brokers: BrokerAdvertising[]): string {
  const planned = brokers.some((b) => b.plannedListener !== undefined);
  return renderTable(
    [
      { header: 'HOST', value: (b: BrokerAdvertising) => b.host },
      { header: 'IP', value: (b) => b.ip },
      { header: 'STATE', value: (b) => b.state },
      { header: planned ? 'ADVERTISES NOW' : 'ADVERTISES', value: (b) => b.advertisedListener },
      ...(planned ? [{ header: 'AFTER THE CHANGE', value: (b: BrokerAdvertising) => b.plannedListener ?? '' }] : []),
    ],
    brokers,
  );
}
