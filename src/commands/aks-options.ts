// The AKS-side flags every command that looks at both clusters shares (peer, status, up), and the
// VNet overrides for when discovery cannot find them. Light: loaded at start-up with the registrations.
import type { AzureClients } from '../azure/clients.js';
import type { AksClusterRef } from '../azure/run-command.js';
import type { Command } from '../commander.js';
import { aksClusterName, resourceGroupName, subscriptionId } from '../azure/names.js';
import { nameOf } from './parsers.js';

export interface AksFlags {
  aks: string;
  aksResourceGroup: string;
  aksSubscription?: string;
  aksVnet?: string;
  hdinsightVnet?: string;
}

export function addAksOptions(command: Command): Command {
  return addAksClusterOptions(command, { required: true })
    .option('--aks-vnet <id>', 'resource id of the AKS VNet, when it cannot be found on its own')
    .option('--hdinsight-vnet <id>', "resource id of the HDInsight VNet, instead of the cluster's own");
}

/** The AKS cluster itself; `required: false` where it is needed only with another flag (smoke-test --in-aks). */
export function addAksClusterOptions(command: Command, { required }: { required: boolean }): Command {
  const add = (flags: string, description: string, parse: (value: string) => string) =>
    required ? command.requiredOption(flags, description, parse) : command.option(flags, description, parse);
  add('--aks <name>', 'AKS cluster name', nameOf(aksClusterName));
  add('--aks-resource-group <rg>', 'resource group of the AKS cluster', nameOf(resourceGroupName));
  return command.option('--aks-subscription <id>', 'subscription id of the AKS cluster (default: the --subscription one)', nameOf(subscriptionId));
}

/** The AKS cluster the flags name: in --aks-subscription, else in the subscription the run acts in. */
export function aksClusterOf(clients: Pick<AzureClients, 'subscriptionId'>, flags: Pick<AksFlags, 'aks' | 'aksResourceGroup' | 'aksSubscription'>): AksClusterRef {
  return { subscriptionId: flags.aksSubscription ?? clients.subscriptionId(), resourceGroup: flags.aksResourceGroup, name: flags.aks };
}
