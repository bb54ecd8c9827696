// The AKS-side flags every command that looks at both clusters shares (peer, status, up), and the
// VNet overrides for when discovery cannot find them. Light: loaded at start-up with the registrations.
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
  return command
    .requiredOption('--aks <name>', 'AKS cluster name', nameOf(aksClusterName))
    .requiredOption('--aks-resource-group <rg>', 'resource group of the AKS cluster', nameOf(resourceGroupName))
    .option('--aks-subscription <id>', 'subscription id of the AKS cluster (default: the --subscription one)', nameOf(subscriptionId))
    .option('--aks-vnet <id>', 'resource id of the AKS VNet, when it cannot be found on its own')
    .option('--hdinsight-vnet <id>', "resource id of the HDInsight VNet, instead of the cluster's own");
}
