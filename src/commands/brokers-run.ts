// What `kafka-aks brokers` does once it runs (its flags and help: brokers.ts), and its report.
import type { Context } from '../context.js';
import { formatServers } from '../kafka/bootstrap.js';
import { renderTable } from '../output/table.js';
import { openAmbariCluster } from './ambari-session.js';
import type { BrokersOptions } from './brokers.js';
import { bootstrapOf, readBrokers, type BrokerEndpoint } from './steps/brokers.js';

export async function brokers(ctx: Context, options: BrokersOptions): Promise<void> {
  const { reporter } = ctx;
  const cluster = await openAmbariCluster(ctx, options);
  const { brokers: list } = await readBrokers(cluster, options.port, reporter);
  // --bootstrap is for people and scripts alike; --json already is the machine form.
  if (options.bootstrap && reporter.mode !== 'json') reporter.result(list, (found) => formatServers(bootstrapOf(found)));
  else reporter.result(list, brokersTable);
}

function brokersTable(brokers: BrokerEndpoint[]): string {
  return renderTable(
    [
      { header: 'HOST', value: (b: BrokerEndpoint) => b.host },
      { header: 'IP', value: (b) => b.ip },
      { header: 'PORT', value: (b) => b.port, align: 'right' },
      { header: 'STATE', value: (b) => b.state },
    ],
    brokers,
  );
}
