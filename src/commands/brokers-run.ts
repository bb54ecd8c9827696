// What `kafka-aks brokers` does once it runs (its flags and help: brokers.ts), and its report.
import { bootstrapConfigMap, configMapYaml } from '../aks/bootstrap-configmap.js';
import { createAzureClients } from '../azure/clients.js';
import { openAksCommandRunner } from '../azure/run-command.js';
import type { Command } from '../commander.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { formatServers } from '../kafka/bootstrap.js';
import { renderTable } from '../output/table.js';
import { aksClusterOf } from './aks-options.js';
import { openAmbariCluster } from './ambari-session.js';
import { refuseUnlessWith } from './only-with.js';
import type { BrokersOptions } from './brokers.js';
import { bootstrapOf, readBrokers, type BrokerEndpoint } from './steps/brokers.js';
import { applyConfigMap, type ConfigMapOutcome } from './steps/configmap.js';

export async function brokers(ctx: Context, options: BrokersOptions, command: Command): Promise<void> {
  const { reporter } = ctx;
  if (options.applyConfigmap) return brokersIntoConfigMap(ctx, options);
  refuseUnlessWith(
    command,
    ['namespace', 'configmap', 'aks', 'aksResourceGroup', 'aksSubscription', 'dryRun'],
    '--apply-configmap',
    'Add --apply-configmap --aks <name> --aks-resource-group <rg> to write the list into the AKS cluster.',
  );
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

export interface BrokersConfigMapReport {
  brokers: BrokerEndpoint[];
  configMap: ConfigMapOutcome & { aks: string; manifest: ReturnType<typeof bootstrapConfigMap> };
}

/** The list, then the ConfigMap that hands it to workloads: written only when it does not hold it yet. */
async function brokersIntoConfigMap(ctx: Context, options: BrokersOptions): Promise<void> {
  const { reporter } = ctx;
  if (options.aks === undefined || options.aksResourceGroup === undefined) {
    throw usageError('--apply-configmap needs the AKS cluster: --aks <name> --aks-resource-group <rg>.', {
      hint: 'Example: kafka-aks brokers --cluster mykafka --resource-group kafka-rg --apply-configmap --aks myaks --aks-resource-group aks-rg',
    });
  }
  const clients = createAzureClients(ctx);
  const [cluster, runner] = await Promise.all([
    openAmbariCluster(ctx, options),
    openAksCommandRunner(
      clients,
      aksClusterOf(clients, { aks: options.aks, aksResourceGroup: options.aksResourceGroup, aksSubscription: options.aksSubscription }),
      ctx.cloud.aksServerScope,
    ),
  ]);
  const { brokers: list } = await readBrokers(cluster, options.port, reporter);
  const manifest = bootstrapConfigMap({ namespace: options.namespace, name: options.configmap }, cluster.name, bootstrapOf(list));
  const outcome = await applyConfigMap(runner, manifest, { dryRun: Boolean(options.dryRun), signal: ctx.signal, progress: reporter });
  reporter.result<BrokersConfigMapReport>({ brokers: list, configMap: { ...outcome, aks: runner.cluster.name, manifest } }, renderConfigMapReport);
}

function renderConfigMapReport(report: BrokersConfigMapReport): string {
  const { configMap: c } = report;
  const where = `ConfigMap ${c.namespace}/${c.name} in AKS cluster ${c.aks}`;
  const said: Record<ConfigMapOutcome['action'], string> = {
    created: `${where} created.`,
    updated: `${where} updated (${c.changed.join(', ')}).`,
    unchanged: `${where} already holds these brokers: nothing written.`,
    'would-create': `Dry run: would create ${where}:`,
    'would-update': `Dry run: would update ${c.changed.join(', ')} of ${where}:`,
  };
  const dryRun = c.action === 'would-create' || c.action === 'would-update';
  return [brokersTable(report.brokers), '', said[c.action], ...(dryRun ? [configMapYaml(c.manifest)] : [`bootstrap.servers=${c.data['bootstrap.servers']}`])].join('\n');
}
