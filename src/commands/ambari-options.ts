// The Ambari flags every command that talks to Ambari shares, and how they become a connected cluster.
import { Option, type Command } from '../commander.js';
import { hdinsightClusterName, resourceGroupName } from '../azure/names.js';
import { nameOf, parseSeconds } from './parsers.js';

export interface AmbariOptions {
  cluster: string;
  ambariUrl?: string;
  ambariUser?: string;
  ambariPasswordStdin?: boolean;
  ambariTimeout: number;
  /** With it, the cluster login can come from the cluster's gateway settings through ARM. */
  resourceGroup?: string;
}

/**
 * `clusterRequired: false` where Ambari is one of several ways in (smoke-test also takes brokers directly);
 * `resourceGroupRequired` where the command reads the cluster through Azure anyway (status, up).
 */
export function addAmbariOptions(command: Command, { clusterRequired = true, resourceGroupRequired = false } = {}): Command {
  const cluster = new Option('--cluster <name>', 'HDInsight Kafka cluster name').argParser(nameOf(hdinsightClusterName));
  const resourceGroup = new Option(
    '--resource-group <rg>',
    resourceGroupRequired
      ? "the cluster's resource group (the cluster login comes from its gateway settings when no password is given)"
      : "the cluster's resource group: lets kafka-aks read the cluster login from its gateway settings through Azure when no password is given",
  ).argParser(nameOf(resourceGroupName));
  return command
    .addOption(clusterRequired ? cluster.makeOptionMandatory() : cluster)
    .option('--ambari-url <url>', 'Ambari endpoint (default: KAFKA_AKS_AMBARI_URL, then https://<cluster>.<cloud HDInsight domain>)')
    .option('--ambari-user <user>', 'cluster login user', 'admin')
    .option('--ambari-password-stdin', 'read the cluster login password from stdin (else AMBARI_PASSWORD, else a prompt)')
    .addOption(resourceGroupRequired ? resourceGroup.makeOptionMandatory() : resourceGroup)
    .addOption(
      new Option('--ambari-timeout <seconds>', 'give up on an Ambari call after this long')
        .default(30)
        .argParser(parseSeconds),
    );
}
